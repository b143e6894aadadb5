"""REST API of documents: directive, its versions, final report, templates (API.md, Documents)."""

import datetime
from decimal import Decimal

import pytest

from directives import defaults
from directives import services as documents
from directives.models import DocumentVersion, Template
from portfolio.lifecycle import Gate, State
from portfolio.models import FinalReportRequirement, PriceListRate
from tests.conftest import DAY, REQUIRED

FINAL_REPORT = [
    {"key": "goal_fulfilment", "content": "Projektmålet nåddes; utskrivningsstödet används."},
    {"key": "effect_goals", "content": [{"goal": "Trygg utskrivning",
                                         "measures": "Återinskrivningar minskade med 12 %"}]},
    {"key": "budget_outcome", "content": "Utfall 380 000 kr mot budget 400 000 kr."},
    {"key": "schedule_outcome", "content": {"start": "2024-01-01", "end": "2025-02-28"}},
    {"key": "handover", "content": "Förvaltningsgruppen för vård och omsorg tar över."},
]


def url(project, tail=""):
    return f"/api/v1/projects/{project.pk}/{tail}"


def put_directive(client, project, version, **sections):
    return client.put(url(project, "directive/"), {
        "version": version, "sections": [{"key": k, "content": v} for k, v in sections.items()],
    }, format="json")


def versions_of(project):
    return DocumentVersion.objects.filter(document__project=project).count()


# --- Directive ---------------------------------------------------------------------------

def test_get_directive_lists_template_sections_and_missing_required(world, api):
    project = world.project()
    body = api(world.auditor).get(url(project, "directive/")).json()
    assert body["version"] is None
    assert body["template_version"] == {"template": "projektdirektiv",
                                        "name": "Projektdirektiv (LINK2-modellen)", "number": 1}
    assert [s["title"] for s in body["sections"]] == [
        s["title"] for s in defaults.DIRECTIVE_SECTIONS]
    assert [s["title"] for s in body["missing_required"]] == [
        "1 Grundläggande information", "2 Mål", "5 Tidplan", "6 Budget", "7 Risker", "9 Styrgrupp"]

    response = put_directive(api(world.owner), project, None, **REQUIRED)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == "0.1" and body["missing_required"] == []
    sections = {s["key"]: s["content"] for s in body["sections"]}
    assert sections["basic"] == REQUIRED["basic"]
    assert sections["budget"] == [{"activity": "Projektledare", "total": "400000", "note": "60 %"}]
    assert sections["links"] is None


def test_submit_through_the_api_names_the_empty_required_sections(world, api):
    project = world.project()
    put_directive(api(world.owner), project, None, basic="Bakgrund", goals=REQUIRED["goals"],
                  timeline=REQUIRED["timeline"], budget=REQUIRED["budget"],
                  steering_group=REQUIRED["steering_group"])
    response = api(world.owner).post(url(project, "transitions/submit/"), {}, format="json")
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["code"] == "incomplete"
    (item,) = body["failing_items"]
    assert item["field"] == "directive"
    assert "7 Risker" in item["text"]
    assert "1 Grundläggande information" not in item["text"]

    put_directive(api(world.owner), project, "0.1", basic="")
    body = api(world.owner).post(url(project, "transitions/submit/"), {}, format="json").json()
    (item,) = body["failing_items"]
    assert "1 Grundläggande information" in item["text"] and "7 Risker" in item["text"]
    assert api(world.owner).get(url(project)).json()["state"] == "draft"

    put_directive(api(world.owner), project, "0.2", basic=REQUIRED["basic"],
                  risks=REQUIRED["risks"])
    response = api(world.owner).post(url(project, "transitions/submit/"), {}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "submitted"


def test_bad_directive_input_is_refused_naming_the_section_and_saves_nothing(world, api):
    project = world.project()
    world.fill_directive(project)
    client = api(world.owner)
    bad = [
        ({"nonsense": "x"}, "sections.nonsense"),
        ({"risks": "En risk som text"}, "sections.risks"),
        ({"basic": ["en", "lista"]}, "sections.basic"),
        ({"goals": {"goal": "inte en lista"}}, "sections.goals"),
        ({"risks": [{"risk": "R", "probability": "hög"}]}, "sections.risks"),
        ({"budget": [{"activity": "Licenser", "total": "många"}]}, "sections.budget"),
        ({"budget": [{"activity": "Licenser", "total": "-5"}]}, "sections.budget"),
        ({"timeline": {"start": "2024-12-31", "end": "2024-01-01"}}, "sections.timeline"),
        ({"timeline": {"start": "2024-13-01"}}, "sections.timeline"),
        ({"timeline": "2024"}, "sections.timeline"),
        ({"basic": "x" * 1_000_000}, "sections.basic"),
    ]
    for sections, key in bad:
        response = put_directive(client, project, "0.1", **sections)
        assert response.status_code == 400, (sections.keys(), response.content[:300])
        assert key in response.json(), (key, response.json())
        assert versions_of(project) == 1
    # One request with several bad sections names them all; good ones beside them are not saved.
    response = put_directive(client, project, "0.1", basic="Ny text", risks="text",
                             timeline={"start": "2024-12-31", "end": "2024-01-01"})
    assert response.status_code == 400
    assert set(response.json()) == {"sections.risks", "sections.timeline"}
    assert "the end is before the start" in response.json()["sections.timeline"][0]
    # Malformed bodies are refused by the serializer.
    for body in ({"version": "0.1"}, {"version": "0.1", "sections": "basic"},
                 {"version": "0.1", "sections": [{"key": "basic", "content": "a"},
                                                 {"key": "basic", "content": "b"}]},
                 {"version": "0.1", "sections": [], "state": "closed"}):
        response = client.put(url(project, "directive/"), body, format="json")
        assert response.status_code == 400, (body, response.content)
    assert versions_of(project) == 1
    assert documents.get_document(project).latest.content["basic"] == REQUIRED["basic"]


@pytest.mark.parametrize("who", ["outsider", "steering", "secretary", "auditor"])
def test_only_owner_and_manager_write_the_directive(world, api, who):
    project = world.project()
    response = put_directive(api(world.users[who]), project, None, basic="Inte min text")
    # A draft is not public: outside the committee it does not exist.
    assert response.status_code == (404 if who == "outsider" else 403), response.content
    assert response.json()["code"] == ("not_found" if who == "outsider" else "permission_denied")
    assert versions_of(project) == 0
    assert put_directive(api(), project, None, basic="Anonym").status_code in (401, 403)
    assert versions_of(project) == 0


def test_concurrent_edits_the_second_save_on_a_stale_version_is_refused(world, api):
    project = world.project()
    world.fill_directive(project)
    first, second = api(world.owner), api(world.manager)
    assert first.get(url(project, "directive/")).json()["version"] == "0.1"
    assert second.get(url(project, "directive/")).json()["version"] == "0.1"

    response = put_directive(first, project, "0.1", basic="Ägarens nya bakgrund")
    assert response.status_code == 200 and response.json()["version"] == "0.2"
    response = put_directive(second, project, "0.1", basic="Projektledarens bakgrund",
                             risks=[])
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "edit_conflict"
    assert "0.2" in response.json()["detail"]

    latest = second.get(url(project, "directive/")).json()
    assert latest["version"] == "0.2"
    content = {s["key"]: s["content"] for s in latest["sections"]}
    assert content["basic"] == "Ägarens nya bakgrund"
    assert content["risks"] == REQUIRED["risks"]
    assert versions_of(project) == 2
    # Without a version, a document that has versions cannot be overwritten either.
    assert put_directive(second, project, None, basic="x").json()["code"] == "edit_conflict"
    # Reloaded, the second writer saves on 0.2.
    response = put_directive(second, project, "0.2", basic="Projektledarens bakgrund")
    assert response.status_code == 200 and response.json()["version"] == "0.3"


def test_resource_hours_must_be_on_the_committee_price_list(world, api):
    template = Template.objects.get(key=defaults.DIRECTIVE_TEMPLATE_KEY)
    documents.revise_template(template=template, by=world.admin, sections=[
        *defaults.DIRECTIVE_SECTIONS,
        {"key": "resources", "title": "14 Resurstimmar", "kind": defaults.RESOURCE_HOURS},
    ])
    PriceListRate.objects.create(committee=world.other_committee, resource="Projektledare",
                                 hourly_rate=Decimal("700.00"), valid_from=datetime.date(2019, 1, 1))
    project = world.project()
    rows = [{"resource": "Projektledare", "hours": "120", "note": "Halvtid"},
            {"resource": "", "hours": "", "note": ""}]
    response = put_directive(api(world.owner), project, None, resources=rows)
    assert response.status_code == 400, response.content
    assert "not on the price list" in response.json()["sections.resources"][0]
    assert versions_of(project) == 0

    PriceListRate.objects.create(committee=world.committee, resource="Projektledare",
                                 hourly_rate=Decimal("825.00"), valid_from=datetime.date(2019, 1, 1),
                                 decision_reference="GNS/7/2019")
    response = put_directive(api(world.owner), project, None,
                             resources=[*rows, {"resource": "Konsult", "hours": "5"}])
    assert response.status_code == 400
    assert "Konsult" in response.json()["sections.resources"][0]
    response = put_directive(api(world.owner), project, None, resources=rows)
    assert response.status_code == 200, response.content
    saved = {s["key"]: s["content"] for s in response.json()["sections"]}["resources"]
    assert saved == [{"resource": "Projektledare", "hours": "120", "note": "Halvtid"}]
    (priced,) = documents.priced_hours(project, saved, DAY)
    assert priced["rate"] == Decimal("825.00")
    assert priced["cost"] == Decimal("120") * Decimal("825") == Decimal("99000")


def test_directive_versions_unknown_labels_are_404(world, api):
    project = world.project(State.SUBMITTED)
    client = api(world.auditor)
    for label in ("0.2", "1.0", "abc", "1.0.0", "-1.1"):
        assert client.get(url(project, f"directive/versions/{label}/")).status_code == 404
    empty = world.project(name="Utan direktiv")
    assert client.get(url(empty, "directive/versions/")).json() == []
    assert client.get(url(empty, "directive/versions/0.1/")).status_code == 404
    assert client.get("/api/v1/projects/999999/directive/").status_code == 404


# --- Final report ------------------------------------------------------------------------

def closing_with_requirement(world):
    project = world.project(State.CLOSING)
    requirement = FinalReportRequirement.objects.create(
        project=project, text="Redovisa hur förlängningen påverkade kostnaderna",
        source="Förlängning GNS/12/2024")
    return project, requirement


def test_bp4_is_refused_until_the_final_report_answers_every_requirement(world, api):
    project, requirement = closing_with_requirement(world)
    world.answer_all(project, Gate.BP4)
    decide = {"gate": "BP4", "outcome": "start", "decided_on": "2024-03-01"}

    response = api(world.secretary).post(url(project, "decisions/"), decide, format="json")
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["code"] == "final_report_incomplete"
    assert requirement.text in body["detail"]
    assert body["failing_items"] == [{"id": requirement.id, "text": requirement.text,
                                      "source": requirement.source}]

    report = api(world.manager).get(url(project, "final-report/")).json()
    assert report["version"] is None
    assert report["requirements"] == [{"id": requirement.id, "text": requirement.text,
                                       "source": requirement.source, "answer": ""}]
    response = api(world.manager).put(url(project, "final-report/"), {
        "version": None, "sections": FINAL_REPORT,
        "requirements": [{"id": requirement.id,
                          "answer": "  Förlängningen kostade 40 000 kr i projektledning.  "}],
    }, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == "0.1" and body["missing_required"] == []
    assert body["requirements"][0]["answer"] == "Förlängningen kostade 40 000 kr i projektledning."
    requirement.refresh_from_db()
    assert requirement.answer.startswith("Förlängningen kostade")

    response = api(world.secretary).post(url(project, "decisions/"), decide, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["state"] == "closed"
    # Closed: the report is no longer written.
    response = api(world.manager).put(url(project, "final-report/"), {
        "version": "0.1", "sections": [{"key": "experience", "content": "Sent tillägg"}]},
        format="json")
    assert response.status_code == 403


def test_final_report_is_written_only_while_closing(world, api):
    project = world.project(State.EXECUTION)
    requirement = FinalReportRequirement.objects.create(project=project, text="Redovisa utfallet")
    response = api(world.manager).put(url(project, "final-report/"), {
        "version": None, "sections": FINAL_REPORT}, format="json")
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "wrong_state"
    response = api(world.manager).put(url(project, "final-report/"), {
        "requirements": [{"id": requirement.id, "answer": "För tidigt"}]}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "wrong_state"
    requirement.refresh_from_db()
    assert requirement.answer == ""
    assert documents.get_document(project, Template.Kind.FINAL_REPORT) is None
    assert api(world.manager).get(url(project, "final-report/")).status_code == 200


def test_final_report_unknown_requirement_is_400_and_nothing_is_saved(world, api):
    project, requirement = closing_with_requirement(world)
    other, _ = closing_with_requirement(world)
    other_requirement = other.final_report_requirements.get()
    for unknown in (999999, other_requirement.id):
        response = api(world.manager).put(url(project, "final-report/"), {
            "version": None, "sections": FINAL_REPORT,
            "requirements": [{"id": unknown, "answer": "Svar"},
                             {"id": requirement.id, "answer": "Svar"}],
        }, format="json")
        assert response.status_code == 400, response.content
        assert set(response.json()) == {"requirements[0].id"}
    requirement.refresh_from_db()
    assert requirement.answer == ""
    # The sections of the refused request were rolled back with it.
    assert documents.get_document(project, Template.Kind.FINAL_REPORT) is None
    response = api(world.outsider).put(url(project, "final-report/"), {
        "requirements": [{"id": requirement.id, "answer": "Obehörig"}]}, format="json")
    assert response.status_code == 403
    response = api(world.manager).put(url(project, "final-report/"), {
        "sections": [{"key": "goal_fulfilment", "content": ["lista"]}]}, format="json")
    assert response.status_code == 400
    assert "sections.goal_fulfilment" in response.json()


# --- Templates ---------------------------------------------------------------------------

def test_templates_lists_the_default_templates_with_versions(world, api):
    response = api(world.outsider).get("/api/v1/templates/")
    assert response.status_code == 200, response.content
    templates = {t["key"]: t for t in response.json()["results"]}
    assert set(templates) == {"projektdirektiv", "projektdirektiv-namnden", "slutrapport",
                              "tjansteskrivelse"}
    assert {t["key"]: t["kind"] for t in templates.values()} == {
        "projektdirektiv": "directive", "projektdirektiv-namnden": "directive",
        "slutrapport": "final_report", "tjansteskrivelse": "committee_case"}
    for template in templates.values():
        assert [v["number"] for v in template["versions"]] == [1]
    (directive,) = templates["projektdirektiv"]["versions"]
    assert len(directive["sections"]) == 13
    assert [s["title"] for s in directive["sections"]] == [
        s["title"] for s in defaults.DIRECTIVE_SECTIONS]
    bp1 = directive["checklists"]["BP1"]
    assert len(bp1) == 9
    assert [i["text"] for i in bp1] == [text for _, text, _ in defaults.CHECKLISTS[Gate.BP1]]
    assert all(i["mandatory"] for i in bp1)
    assert templates["slutrapport"]["versions"][0]["checklists"] == {}
    assert len(templates["slutrapport"]["versions"][0]["sections"]) == 7

    documents.revise_template(template=Template.objects.get(key="projektdirektiv"),
                              by=world.admin, sections=defaults.DIRECTIVE_SECTIONS[:5])
    detail = api(world.outsider).get("/api/v1/templates/projektdirektiv/").json()
    assert [v["number"] for v in detail["versions"]] == [2, 1]
    assert len(detail["versions"][0]["sections"]) == 5
    assert len(detail["versions"][0]["checklists"]["BP1"]) == 9
    assert api().get("/api/v1/templates/").status_code in (401, 403)
    assert api(world.admin).post("/api/v1/templates/", {}, format="json").status_code == 405
