"""Internal control in SQL (issue #12, h19): the checks that moved from Python loops to
queries must find exactly what the Python rules found, on the edge data where SQL and Python
could disagree (whitespace, JSON shapes, the latest directive version, amounts at the cap)."""

import datetime
from decimal import Decimal

from django.test import Client

from directives import content as kinds
from directives.models import Document, DocumentVersion, Template
from portfolio.lifecycle import END_STATES, State
from portfolio.models import BudgetLine, Project
from portfolio.reports import control

TODAY = datetime.date(2024, 6, 1)
CONTROL = "/en/portfolio/control/"


def _python_reference(committee) -> dict[str, list[int]]:
    """The rules as the Python loop applied them before the rewrite."""
    running = list(Project.objects.filter(committee=committee).exclude(state__in=END_STATES)
                   .order_by(*control.PROJECT_ORDER))
    latest = {}
    for document in Document.objects.filter(project__in=running, kind=Template.Kind.DIRECTIVE,
                                            extension_request__isnull=True):
        version = max(document.versions.all(), key=lambda v: (v.major, v.minor), default=None)
        latest[document.project_id] = version.content if version else {}
    found: dict[str, list[int]] = {"no_risks": [], "no_effect_goals": [], "over_cost_cap": []}
    for project in running:
        directive = latest.get(project.pk, {})
        if not project.risks.strip() and kinds.is_empty("risks", directive.get("risks")):
            found["no_risks"].append(project.pk)
        if not project.effect_goals.strip() and kinds.is_empty("goals", directive.get("goals")):
            found["no_effect_goals"].append(project.pk)
        total = sum((line.total for line in BudgetLine.objects.filter(project=project)),
                    Decimal(0))
        if project.cost_cap is not None and total > project.cost_cap:
            found["over_cost_cap"].append(project.pk)
    return found


def _directive(world, project, *versions):
    document = Document.objects.create(
        project=project, kind=Template.Kind.DIRECTIVE,
        template_version=Template.objects.filter(kind=Template.Kind.DIRECTIVE).first().versions.first())
    for (major, minor), content in versions:
        DocumentVersion.objects.create(document=document, major=major, minor=minor,
                                       content=content, created_by=world.owner)


def _found(report, key) -> list[int]:
    (check,) = [c for c in report["checks"] if c["key"] == key]
    assert check["count"] == len(check["items"])
    return [row["project"] for row in check["items"]]


def test_sql_checks_agree_with_the_python_rules_on_edge_data(world):
    make = world.project
    cases = {}
    # The project's own text: only whitespace (Python's idea of it, NBSP and em space too)
    # is empty; a dot is not.
    for label, text in (("tab", "\t\n "), ("nbsp", "\u00a0\u2003"), ("dot", " . "),
                        ("blank", "")):
        project = make(State.DRAFT, name=f"Text {label}")
        Project.objects.filter(pk=project.pk).update(risks=text, effect_goals=text)
        cases[label] = project
    # The directive's sections in every JSON shape is_empty knows.
    shapes = {"missing": {}, "null": {"risks": None, "goals": None},
              "empty_string": {"risks": "", "goals": ""},
              "spaces": {"risks": "  ", "goals": "  "},  # a table section: not empty
              "empty_list": {"risks": [], "goals": []}, "empty_object": {"risks": {}, "goals": {}},
              "zero": {"risks": 0, "goals": False},
              "rows": {"risks": [{"risk": "R"}], "goals": [{"goal": "G"}]}}
    for label, content in shapes.items():
        project = make(State.DRAFT, name=f"Form {label}")
        _directive(world, project, ((0, 1), content))
        cases[label] = project
    # Only the latest version counts, by major before minor (1.0 after 0.12).
    emptied = make(State.DRAFT, name="Tömt")
    _directive(world, emptied, ((0, 12), shapes["rows"]), ((1, 0), shapes["empty_list"]))
    filled = make(State.DRAFT, name="Ifyllt")
    _directive(world, filled, ((0, 12), shapes["empty_list"]), ((1, 0), shapes["rows"]))
    no_versions = make(State.DRAFT, name="Utan versioner")
    _directive(world, no_versions)
    # Budgets at, over and under the cap, a zero cap, and no budget at all.
    for name, cap, totals in (("at", "1000.00", ["600.50", "399.50"]),
                              ("over", "1000.00", ["600.50", "399.51"]),
                              ("float sum", "0.30", ["0.10", "0.20"]),
                              ("zero cap", "0", []), ("zero cap spent", "0", ["0.01"]),
                              ("no cap", None, ["5"])):
        project = make(State.DRAFT, name=f"Tak {name}",
                       cost_cap=Decimal(cap) if cap is not None else None)
        for position, total in enumerate(totals, 1):
            BudgetLine.objects.create(project=project, position=position, activity="A",
                                      total=Decimal(total))
        cases[name] = project

    report = control.findings(committee=world.committee, today=TODAY)
    expected = _python_reference(world.committee)
    for key, pks in expected.items():
        assert _found(report, key) == pks, key
    # And the expectations themselves, so a shared misreading of the rules shows too.
    no_risks = set(_found(report, "no_risks"))
    for label in ("tab", "nbsp", "blank", "missing", "null", "empty_string", "empty_list",
                  "empty_object"):
        assert cases[label].pk in no_risks, label
    for label in ("dot", "spaces", "zero", "rows"):
        assert cases[label].pk not in no_risks, label
    assert emptied.pk in no_risks and filled.pk not in no_risks and no_versions.pk in no_risks
    over = _found(report, "over_cost_cap")
    assert over == [p.pk for p in Project.objects.filter(
        pk__in=[cases["over"].pk, cases["zero cap spent"].pk]).order_by(*control.PROJECT_ORDER)]
    (row,) = [r for c in report["checks"] if c["key"] == "over_cost_cap" for r in c["items"]
              if r["project"] == cases["over"].pk]
    assert row["detail"] == "budget 1000 kr > tak 1000 kr"


def test_the_page_counts_every_finding_and_shows_only_its_page(world):
    for number in range(55):
        world.project(State.DRAFT, name=f"Utan risker {number}")
    client = Client()
    client.force_login(world.secretary)
    response = client.get(CONTROL, {"committee": world.committee.code, "as_of": "2024-06-01"})
    assert response.status_code == 200
    checks = {c["key"]: c for c in response.context["report"]["checks"]}
    expected = control.findings(committee=world.committee, today=TODAY)
    for check in expected["checks"]:
        shown = checks[check["key"]]
        assert shown["count"] == check["count"]
        assert list(shown["page"].object_list) == check["items"][:50]
    second = client.get(CONTROL, {"committee": world.committee.code, "as_of": "2024-06-01",
                                  "no_risks_page": "2"})
    rows = next(c for c in second.context["report"]["checks"] if c["key"] == "no_risks")
    assert list(rows["page"].object_list) == _found_rows(expected, "no_risks")[50:]


def _found_rows(report, key):
    return next(c for c in report["checks"] if c["key"] == key)["items"]
