"""Internal control: what the auditors would ask about (REV 36/2018), computed from the data so
that nobody maintains it by hand.

Every check is a query (issue #12: 10 000 projects): the page counts each check with one
COUNT and materialises only the rows it shows; the API materialises them all.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    DecimalField,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Round
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directives.models import Template
from portfolio.lifecycle import END_STATES, RUNNING_STATES, Body
from portfolio.models import (
    BudgetLine,
    ExtensionRequest,
    FinalReportRequirement,
    GateDecision,
    Project,
)

# English msgids, Swedish in locale/sv: the page and the API speak the reader's language.
CHECKS = [
    ("no_risks", gettext_lazy("Projects without documented risks")),
    ("no_effect_goals", gettext_lazy("Projects without effect goals")),
    ("decision_without_meeting", gettext_lazy("Committee decisions without meeting and paragraph")),
    ("past_end_date", gettext_lazy("Projects past their end date without an approved extension")),
    ("over_cost_cap", gettext_lazy("Budget over the cost cap")),
    ("requirement_overdue", gettext_lazy("Final-report requirements that are overdue")),
]
# Every character str.strip() removes (all of them are below U+3001): a text of only these
# is as empty in SQL as it is in Python.
WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
# Pages and the API list in the model's order; the id breaks ties so that pages never overlap.
PROJECT_ORDER = ("-case_year", "-case_seq", "pk")


class _Trim(Func):
    """Both ends stripped of every character in WHITESPACE (SQLite trim, PostgreSQL btrim)."""

    output_field = TextField()

    def __init__(self, expression: Any) -> None:
        super().__init__(expression, Value(WHITESPACE))

    function = "TRIM"

    def as_postgresql(self, compiler: Any, conn: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, conn, function="BTRIM", **extra)


# The directive as it reads now: its latest version (by major, minor).
_LATEST = ("NOT EXISTS (SELECT 1 FROM directives_documentversion n WHERE n.document_id = "
           "v.document_id AND (n.major > v.major OR (n.major = v.major AND n.minor > v.minor)))")


def _directive_filled(key: str) -> Q:
    """The project's latest directive version holds something under ``key``: what
    ``directives.content.is_empty`` says of a table section (missing, null, "", [] and {} are
    empty; anything else is not), in SQL. ``key`` is a section key, never user input."""
    if connection.vendor == "postgresql":
        empty = (f"(v.content -> '{key}') IS NULL OR (v.content -> '{key}') IN "
                 "('null'::jsonb, '\"\"'::jsonb, '[]'::jsonb, '{}'::jsonb)")
    else:
        kind, path = f"json_type(v.content, '$.{key}')", f"'$.{key}'"
        empty = (f"{kind} IS NULL OR {kind} = 'null' "
                 f"OR ({kind} = 'text' AND json_extract(v.content, {path}) = '') "
                 f"OR ({kind} = 'array' AND json_array_length(v.content, {path}) = 0) "
                 f"OR ({kind} = 'object' AND json_extract(v.content, {path}) = '{{}}')")
    filled = RawSQL(
        "SELECT d.project_id FROM directives_document d "
        "JOIN directives_documentversion v ON v.document_id = d.id "
        f"WHERE d.kind = %s AND d.extension_request_id IS NULL AND {_LATEST} "
        f"AND NOT ({empty})", (Template.Kind.DIRECTIVE.value,))
    return Q(pk__in=filled)


def _without(field: str, section: str) -> Q:
    """Neither the project's own text nor its directive's section says anything."""
    return Q(**{f"{field}_trimmed": ""}) & ~_directive_filled(section)


@dataclass
class Check:
    key: str
    title: str
    rows: QuerySet
    row: Callable[[Any], dict]

    def items(self, objects: Any = None) -> list[dict]:
        return [self.row(o) for o in (self.rows if objects is None else objects)]


def _row(project: Project, detail: str) -> dict:
    return {"project": project.pk, "case_number": project.case_number, "name": project.name,
            "state": project.state, "detail": detail}


def checks(committee: Any = None, today: datetime.date | None = None,
           committees: QuerySet | None = None) -> tuple[datetime.date, list[Check]]:
    """Each check as an unevaluated query and the function that makes a row of a result."""
    today = today or timezone.localdate()
    # The reader's committees resolved once, to their ids: as a subquery, SQLite ran the
    # read-scope EXISTS tests again inside every check's COUNT and page (six checks).
    readable = (None if committees is None
                else list(committees.order_by().values_list("pk", flat=True)))
    running = Project.objects.select_related("committee").exclude(state__in=END_STATES)
    if readable is not None:
        running = running.filter(committee__in=readable)
    if committee is not None:
        running = running.filter(committee=committee)
    running = running.order_by(*PROJECT_ORDER)
    texts = running.annotate(risks_trimmed=_Trim("risks"),
                             effect_goals_trimmed=_Trim("effect_goals"))
    # Past the current end date (which already includes approved extensions) with no request
    # waiting: the project runs without a decision to do so.
    open_request = ExtensionRequest.objects.filter(
        project=OuterRef("pk"), state__in=[ExtensionRequest.State.DRAFT,
                                           ExtensionRequest.State.SUBMITTED,
                                           ExtensionRequest.State.RECOMMENDED])
    past_end = running.filter(state__in=RUNNING_STATES, end_date__lt=today).filter(
        ~Exists(open_request))
    decisions = GateDecision.objects.filter(decided_by_body=Body.COMMITTEE).filter(
        Q(meeting__isnull=True) | Q(paragraph__isnull=True)).select_related("project__committee")
    if committee is not None:
        decisions = decisions.filter(project__committee=committee)
    if readable is not None:
        decisions = decisions.filter(project__committee__in=readable)
    budget = (BudgetLine.objects.filter(project=OuterRef("pk")).order_by()
              .values("project").annotate(total=Sum("total")).values("total"))
    money = DecimalField(max_digits=16, decimal_places=2)
    # Rounded to öre: SQLite sums decimals as floats (0.10 + 0.20 > 0.30 there).
    over_cap = running.filter(cost_cap__isnull=False).annotate(
        budget_total=Coalesce(Round(Subquery(budget, output_field=money), 2), Value(Decimal(0)),
                              output_field=money)).filter(budget_total__gt=F("cost_cap"))
    # An ended project's final report never comes due (a cancelled one writes none).
    requirements = FinalReportRequirement.objects.filter(
        answer="", project__end_date__lt=today).exclude(
        project__state__in=END_STATES).select_related("project__committee")
    if committee is not None:
        requirements = requirements.filter(project__committee=committee)
    if readable is not None:
        requirements = requirements.filter(project__committee__in=readable)
    found = {
        "no_risks": (texts.filter(_without("risks", "risks")), lambda p: _row(p, "")),
        "no_effect_goals": (texts.filter(_without("effect_goals", "goals")),
                            lambda p: _row(p, "")),
        "decision_without_meeting": (decisions, lambda d: _row(
            d.project, f"{d.gate} {d.get_outcome_display()} {d.decided_on}")),
        "past_end_date": (past_end, lambda p: _row(
            p, _("end date %(date)s") % {"date": p.end_date})),
        "over_cost_cap": (over_cap, lambda p: _row(
            p, _("budget %(total)s kr > cap %(cap)s kr")
            % {"total": f"{p.budget_total:.0f}", "cap": f"{p.cost_cap:.0f}"})),
        "requirement_overdue": (requirements, lambda r: _row(
            r.project, _("%(text)s (end date %(date)s)")
            % {"text": r.text, "date": r.project.end_date})),
    }
    return today, [Check(key, str(title), *found[key]) for key, title in CHECKS]


def findings(committee: Any = None, today: datetime.date | None = None,
             committees: QuerySet | None = None) -> dict:
    """Every finding of every check. ``committees`` (a queryset) limits the findings to what
    the reader may see."""
    today, found = checks(committee, today, committees)
    listed = [(check, check.items()) for check in found]
    return {"as_of": today.isoformat(),
            "committee": committee.code if committee else None,
            "checks": [{"key": check.key, "title": str(check.title), "count": len(items),
                        "items": items} for check, items in listed]}
