"""Documents on template versions: versioning, required sections, frozen versions at decisions,
comparing versions and priced resource hours (directives.services)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from directives import defaults, rendering
from directives import services as documents
from directives.models import DocumentVersion, Template, TemplateVersion
from portfolio.errors import NotAllowed, StateConflict
from portfolio.lifecycle import Gate, Outcome, State
from portfolio.models import AuditEvent, GateDecision, PriceListRate
from portfolio.services import lifecycle
from tests.conftest import DAY, REQUIRED

V2_SECTIONS = [s for s in defaults.DIRECTIVE_SECTIONS if s["key"] != "links"] + [
    {"key": "resources", "title": "14 Resurstimmar enligt prislistan",
     "kind": defaults.RESOURCE_HOURS, "required": False, "guidance": "Timmar per resurs."},
]


def directive_template() -> Template:
    return Template.objects.get(key=defaults.DIRECTIVE_TEMPLATE_KEY)


def revise_to_v2(world) -> TemplateVersion:
    return documents.revise_template(template=directive_template(), by=world.admin,
                                     sections=V2_SECTIONS, note="Resurstimmar som egen sektion")


def titles(version: TemplateVersion) -> list[str]:
    return [s["title"] for s in version.sections]


def test_revising_a_template_keeps_old_documents_on_their_version(world):
    old = world.project(State.SUBMITTED)
    v1 = old.template_version
    assert v1.number == 1 and v1.template == directive_template()
    document = documents.get_document(old)
    assert document.template_version == v1
    assert document.latest.label == "0.1"

    v2 = revise_to_v2(world)

    assert v2.number == 2 and directive_template().current_version == v2
    assert titles(v2) == titles(v1)[:3] + titles(v1)[4:] + ["14 Resurstimmar enligt prislistan"]
    assert v2.created_by == world.admin
    # Checklists not given are carried over to the new version.
    assert [i.text for i in v2.checklist_items.filter(gate=Gate.BP1)] == \
        [text for _, text, _ in defaults.CHECKLISTS[Gate.BP1]]
    # The old template version and the old document are untouched.
    v1.refresh_from_db()
    assert titles(v1) == [s["title"] for s in defaults.DIRECTIVE_SECTIONS]
    document.refresh_from_db()
    old.refresh_from_db()
    assert document.template_version_id == v1.pk and old.template_version_id == v1.pk
    html = rendering.directive_html(old)
    # v1's required sections (an empty optional one is not printed, issue #13).
    assert "5 Tidplan" in html and "9 Styrgrupp" in html
    assert "14 Resurstimmar" not in html
    assert REQUIRED["basic"] in html
    # The old project keeps saving on v1: its sections, not v2's.
    documents.save_document(project=old, by=world.owner, base_version="0.1",
                            sections={"links": "Samverkan med LINK2"})
    with pytest.raises(ValidationError) as error:
        documents.save_document(project=old, by=world.owner, base_version="0.2",
                                sections={"resources": []})
    assert set(error.value.message_dict) == {"sections.resources"}

    new = world.project(name="Efter mallrevisionen")
    assert new.template_version == v2
    world.fill_directive(new)
    new_document = documents.get_document(new)
    assert new_document.template_version == v2
    # Written on v2's sections (the PDF leaves empty optional ones out, so ask the view).
    shown = [section["title"] for section in
             documents.document_view(new_document, new_document.template_version)["sections"]]
    assert "14 Resurstimmar enligt prislistan" in shown
    assert "4 Kopplingar till andra projekt" not in shown
    with pytest.raises(ValidationError) as error:
        documents.save_document(project=new, by=world.owner, base_version="0.1",
                                sections={"links": "Finns inte i v2"})
    assert set(error.value.message_dict) == {"sections.links"}


@pytest.mark.parametrize("who", ["owner", "secretary", "chair", "manager", "outsider"])
def test_only_template_administrators_revise_templates(world, who):
    count = TemplateVersion.objects.count()
    with pytest.raises(NotAllowed):
        documents.revise_template(template=directive_template(), by=world.users[who],
                                  sections=V2_SECTIONS)
    assert TemplateVersion.objects.count() == count


def test_bad_template_sections_are_named_by_index_and_nothing_is_saved(world):
    count = TemplateVersion.objects.count()
    sections = [
        {"key": "basic", "title": "1 Grundläggande information", "kind": "text"},
        {"key": "html", "title": "2 Fri HTML", "kind": "html"},
        {"key": "basic", "title": "3 Igen", "kind": "text"},
        {"key": "untitled", "kind": "text"},
        {"key": "timeline", "title": "5 Tidplan", "kind": "date_range"},
    ]
    with pytest.raises(ValidationError) as error:
        documents.revise_template(template=directive_template(), by=world.admin,
                                  sections=sections)
    errors = error.value.message_dict
    assert set(errors) == {"sections[1].kind", "sections[2].key", "sections[3]"}
    assert "title" in errors["sections[3]"][0]
    assert TemplateVersion.objects.count() == count
    assert directive_template().current_version.number == 1


def test_malformed_template_sections_are_refused_not_crashed_on(world):
    # What a superuser can type into the admin's JSON field.
    sections = [
        {"key": ["basic"], "title": "1 Lista som nyckel", "kind": "text"},
        "basic",
        5,
        {"key": "goals", "title": "", "kind": {"text": 1}},
        {"key": "ok", "title": "Giltig", "kind": "text"},
    ]
    with pytest.raises(ValidationError) as error:
        documents.revise_template(template=directive_template(), by=world.admin,
                                  sections=sections)
    assert set(error.value.message_dict) == {
        "sections[0]", "sections[1]", "sections[2]", "sections[3]"}
    assert "key" in error.value.message_dict["sections[0]"][0]
    assert "title, kind" in error.value.message_dict["sections[3]"][0]
    for not_a_list in ({"basic": "text"}, 5, None):
        with pytest.raises(ValidationError) as error:
            documents.revise_template(template=directive_template(), by=world.admin,
                                      sections=not_a_list)
        assert set(error.value.message_dict) == {"sections"}
    assert directive_template().current_version.number == 1


def test_missing_required_lists_empty_required_sections_in_template_order(world):
    project = world.project()
    required = [{"key": s["key"], "title": s["title"]}
                for s in defaults.DIRECTIVE_SECTIONS if s["required"]]
    assert documents.missing_required(project) == required
    assert [s["title"] for s in required] == [
        "1 Grundläggande information", "2 Mål", "5 Tidplan", "6 Budget", "7 Risker",
        "9 Styrgrupp"]
    # Whitespace, empty rows and an empty date range are still empty.
    documents.save_document(project=project, by=world.owner, base_version=None, sections={
        "basic": "  \n  ", "risks": [{"risk": " ", "consequence": "", "action": ""}],
        "timeline": {"start": "", "end": None}, "goals": REQUIRED["goals"],
        "requirements": "Valfri sektion"})
    assert [s["title"] for s in documents.missing_required(project)] == [
        "1 Grundläggande information", "5 Tidplan", "6 Budget", "7 Risker", "9 Styrgrupp"]


def test_submit_is_refused_naming_the_empty_required_sections(world):
    project = world.project()
    with pytest.raises(StateConflict) as error:
        lifecycle.submit_project(project=project, by=world.owner)
    assert error.value.code == "incomplete"
    items = {item["field"]: item for item in error.value.failing_items}
    assert set(items) == {"directive"}
    for title in ("1 Grundläggande information", "2 Mål", "5 Tidplan", "6 Budget", "7 Risker",
                  "9 Styrgrupp"):
        assert title in items["directive"]["text"]
    assert len(items["directive"]["messages"]) == 6

    documents.save_document(project=project, by=world.owner, base_version=None,
                            sections={k: v for k, v in REQUIRED.items() if k != "risks"})
    with pytest.raises(StateConflict) as error:
        lifecycle.submit_project(project=project, by=world.owner)
    (item,) = error.value.failing_items
    assert len(item["messages"]) == 1 and "7 Risker" in item["messages"][0]
    assert "1 Grundläggande information" not in item["text"]
    project.refresh_from_db()
    assert project.state == State.DRAFT

    documents.save_document(project=project, by=world.owner, base_version="0.1",
                            sections={"risks": REQUIRED["risks"]})
    lifecycle.submit_project(project=project, by=world.owner)
    project.refresh_from_db()
    assert project.state == State.SUBMITTED


def test_every_save_is_a_new_immutable_version_and_conflicts_lose_nothing(world):
    project = world.project()
    first = documents.save_document(project=project, by=world.owner, base_version=None,
                                    sections={"basic": "Första texten"})
    assert first.label == "0.1"
    second = documents.save_document(project=project, by=world.manager, base_version="0.1",
                                     sections={"requirements": "Krav"})
    assert second.label == "0.2"
    assert second.content["basic"] == "Första texten" and second.content["requirements"] == "Krav"
    first.refresh_from_db()
    assert first.content == {"basic": "Första texten"}
    # Saving unchanged text makes no version.
    same = documents.save_document(project=project, by=world.manager, base_version="0.2",
                                   sections={"requirements": "Krav"})
    assert same.pk == second.pk and DocumentVersion.objects.count() == 2
    with pytest.raises(StateConflict) as error:
        documents.save_document(project=project, by=world.owner, base_version="0.1",
                                sections={"basic": "Skrivet på en gammal version"})
    assert error.value.code == "edit_conflict"
    assert "0.2" in error.value.detail and "manager" in error.value.detail
    assert documents.get_document(project).latest.content["basic"] == "Första texten"
    with pytest.raises(NotAllowed):
        documents.save_document(project=project, by=world.steering, base_version="0.2",
                                sections={"basic": "Styrgruppen skriver inte"})
    event = AuditEvent.objects.filter(project=project, action="directive.saved").latest("id")
    assert event.changes == {"requirements": ["", "Krav"]}


def test_decisions_freeze_the_directive_version_and_bp1_start_approves_it(world, api):
    project = world.project(State.SUBMITTED)
    document = documents.get_document(project)
    v01 = document.latest
    assert v01.label == "0.1"
    tabled = world.decide(project, Gate.BP1, Outcome.TABLE, comment="Mer underlag behövs")
    assert tabled.directive_version == v01

    v02 = documents.save_document(project=project, by=world.manager, base_version="0.1",
                                  sections={"basic": "Reviderad bakgrund efter bordläggningen."})
    assert v02.label == "0.2"
    tabled.refresh_from_db()
    assert tabled.directive_version_id == v01.pk
    old = api(world.auditor).get(f"/api/v1/projects/{project.pk}/directive/versions/0.1/")
    assert old.status_code == 200, old.content
    old_sections = {s["key"]: s["content"] for s in old.json()["sections"]}
    assert old.json()["version"] == "0.1"
    assert old_sections["basic"] == REQUIRED["basic"]
    assert api(world.auditor).get(
        f"/api/v1/projects/{project.pk}/directive/").json()["version"] == "0.2"

    world.answer_all(project, Gate.BP1)
    started = world.decide(project, Gate.BP1, Outcome.START,
                           decided_on=DAY + datetime.timedelta(days=7))
    project.refresh_from_db()
    assert project.state == State.ESTABLISHMENT
    assert started.directive_version == v02
    approved = document.latest
    assert approved.label == "1.0" and approved.content == v02.content
    assert approved.created_by == world.steering
    assert GateDecision.objects.get(pk=tabled.pk).directive_version == v01

    versions = api(world.auditor).get(f"/api/v1/projects/{project.pk}/directive/versions/")
    assert versions.status_code == 200
    rows = versions.json()
    assert [r["version"] for r in rows] == ["1.0", "0.2", "0.1"]
    assert rows[0]["decisions"] == []
    assert rows[1]["decisions"] == ["BP1 start 2024-03-08"]
    assert rows[2]["decisions"] == ["BP1 table 2024-03-01"]
    assert [r["written_by"] for r in rows] == ["steering", "manager", "owner"]

    diff = documents.compare(document, v01, v02)
    assert [row["title"] for row in diff] == [s["title"] for s in defaults.DIRECTIVE_SECTIONS]
    changed = [row["title"] for row in diff if row["changed"]]
    assert changed == ["1 Grundläggande information"]
    (row,) = [row for row in diff if row["changed"]]
    assert "Reviderad" in row["new"] and "<ins" in row["new"]
    assert all(row["old"] == row["new"] == "" for row in diff if not row["changed"])
    assert not any(row["changed"] for row in documents.compare(document, v02, approved))


def test_compare_escapes_html_in_section_text(world):
    project = world.project()
    a = documents.save_document(project=project, by=world.owner, base_version=None,
                                sections={"basic": "Text"})
    b = documents.save_document(project=project, by=world.owner, base_version="0.1",
                                sections={"basic": "<script>alert(1)</script>"})
    (row,) = [r for r in documents.compare(documents.get_document(project), a, b) if r["changed"]]
    assert "<script>" not in row["new"] and "&lt;script&gt;" in row["new"]


def test_priced_hours_use_the_rate_in_force(world):
    PriceListRate.objects.create(committee=world.committee, resource="Projektledare",
                                 hourly_rate=Decimal("800.00"), valid_from=datetime.date(2019, 1, 1),
                                 decision_reference="GNS/7/2019")
    PriceListRate.objects.create(committee=world.committee, resource="Projektledare",
                                 hourly_rate=Decimal("850.00"), valid_from=datetime.date(2024, 6, 1))
    PriceListRate.objects.create(committee=world.other_committee, resource="Systemförvaltare",
                                 hourly_rate=Decimal("999.00"), valid_from=datetime.date(2019, 1, 1))
    project = world.project()
    rows = [{"resource": "Projektledare", "hours": "12.5", "note": ""},
            {"resource": "Systemförvaltare", "hours": "10", "note": "annan nämnds prislista"}]
    spring = documents.priced_hours(project, rows, datetime.date(2024, 3, 1))
    assert spring[0]["rate"] == Decimal("800.00") and spring[0]["cost"] == Decimal("10000")
    assert spring[1]["rate"] is None and spring[1]["cost"] is None
    autumn = documents.priced_hours(project, rows, datetime.date(2024, 9, 1))
    assert autumn[0]["rate"] == Decimal("850.00")
    assert autumn[0]["cost"] == Decimal("12.5") * Decimal("850")
