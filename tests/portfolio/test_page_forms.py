"""Pages: one status mapping with the API, one transaction per form, Django forms that name
the field by its label, and what was typed shown again after a refusal."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from portfolio.errors import NotAllowed, StateConflict, status_for
from portfolio.lifecycle import Gate, State
from portfolio.models import ChecklistAnswer, ExtensionRequest, GateDecision, Meeting, TimeEntry


def test_one_mapping_from_domain_errors_to_status_codes():
    assert status_for(NotAllowed("x")) == 403
    assert status_for(StateConflict("x")) == 409
    assert status_for(ValidationError({"f": ["x"]})) == 400
    with pytest.raises(TypeError):
        status_for(ValueError("not a refusal"))


def _checked(html, item_id, value):
    return bool(re.search(rf'name="answer-{item_id}" value="{value}"[^>]*checked', html))


def _bp0_form(world, project, **fields):
    rows = list(project.template_version.checklist_items.filter(gate=Gate.BP0))
    data = {f"answer-{r.id}": "yes" for r in rows}
    data.update({f"comment-{rows[0].id}": "Underlag finns", "outcome": "start", **fields})
    return rows, data


def test_a_refused_gate_form_changes_nothing_and_shows_what_was_typed(world, client):
    project = world.project(State.SUBMITTED)
    client.force_login(world.secretary)
    rows, data = _bp0_form(world, project, decided_on="2024-13-45", comment="Mitt förslag")
    response = client.post(f"/portfolio/{project.pk}/gates/BP0/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Beslutsdatum:" in html  # the field's Swedish label names the error
    assert 'value="2024-13-45"' in html and "Mitt förslag" in html and "Underlag finns" in html
    assert all(_checked(html, r.id, "yes") for r in rows)
    assert not ChecklistAnswer.objects.filter(project=project).exists()
    assert not GateDecision.objects.exists()


def test_a_decision_refused_by_the_service_rolls_back_the_answers_too(world, client):
    project = world.project(State.SUBMITTED)
    other = Meeting.objects.create(committee=world.other_committee, date=datetime.date(2024, 2, 1))
    meeting = Meeting.objects.create(committee=world.committee, date=datetime.date(2024, 2, 1))
    client.force_login(world.secretary)
    rows, data = _bp0_form(world, project, meeting=str(other.pk))
    response = client.post(f"/portfolio/{project.pk}/gates/BP0/", data)
    assert response.status_code == 400 and "Sammanträde:" in response.content.decode()
    # A paragraph taken by another decision: refused by the service after the answers were
    # written in the same transaction; they go with it.
    world.decide(world.project(State.SUBMITTED, name="Annat"), Gate.BP0, "table",
                 meeting=meeting, paragraph=3, decided_on=meeting.date)
    rows, data = _bp0_form(world, project, meeting=str(meeting.pk), paragraph="3")
    response = client.post(f"/portfolio/{project.pk}/gates/BP0/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert all(_checked(html, r.id, "yes") for r in rows)
    assert not ChecklistAnswer.objects.filter(project=project).exists()
    project.refresh_from_db()
    assert project.state == State.SUBMITTED
    # Without the clash the same form decides, and the answers are kept.
    rows, data = _bp0_form(world, project, meeting=str(meeting.pk), paragraph="4")
    assert client.post(f"/portfolio/{project.pk}/gates/BP0/", data).status_code == 302
    project.refresh_from_db()
    assert project.state == State.PRESTUDY
    assert ChecklistAnswer.objects.filter(project=project, answer="yes").count() == len(rows)
    decision = GateDecision.objects.get(project=project)
    assert decision.decided_on == meeting.date  # taken from the meeting


def test_extension_form_names_the_field_and_keeps_the_text(world, client):
    project = world.project(State.EXECUTION)
    client.force_login(world.owner)
    response = client.post(f"/portfolio/{project.pk}/extensions/new/", {
        "requested_end_date": "30/06/2030", "reason": "Försenad upphandling",
        "requirements": "Redovisa kostnaden"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Begärt slutdatum:" in html
    assert "Försenad upphandling" in html and "Redovisa kostnaden" in html
    assert 'value="30/06/2030"' in html
    response = client.post(f"/portfolio/{project.pk}/extensions/new/", {
        "requested_end_date": "2020-01-01", "reason": "För sent"})
    assert response.status_code == 400 and "För sent" in response.content.decode()
    client.force_login(world.manager)
    response = client.post(f"/portfolio/{project.pk}/extensions/new/", {
        "requested_end_date": "2030-06-30", "reason": "Inte ägaren"})
    assert response.status_code == 403
    assert not ExtensionRequest.objects.exists()


def test_meeting_pages_answer_with_the_shared_status_codes(world, client):
    world.project(State.SUBMITTED)
    client.force_login(world.secretary)
    response = client.post("/portfolio/meetings/", {"committee": "GNS", "date": "i morgon"})
    assert response.status_code == 400 and "Datum:" in response.content.decode()
    meeting = Meeting.objects.create(committee=world.committee, date=datetime.date(2024, 6, 3))
    client.force_login(world.auditor)
    response = client.post(f"/portfolio/meetings/{meeting.pk}/build-agenda/")
    assert response.status_code == 403 and not meeting.items.exists()
    client.force_login(world.secretary)
    response = client.post(f"/portfolio/meetings/{meeting.pk}/items/", {
        "heading": "", "presenter": "Nämndsekreteraren", "kind": "cancellation"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Rubrik:" in html and 'value="Nämndsekreteraren"' in html
    client.post(f"/portfolio/meetings/{meeting.pk}/build-agenda/")
    item = meeting.items.get(gate=Gate.BP0)
    response = client.post(f"/portfolio/meetings/{meeting.pk}/items/{item.pk}/decide/",
                           {"outcome": "start"})  # checklist not answered
    assert response.status_code == 409
    item.refresh_from_db()
    assert item.decided_paragraph is None


def test_time_page_names_the_bad_field(world, client):
    client.force_login(world.secretary)
    response = client.post("/portfolio/time/?committee=GNS", {
        "party": "okänd", "resource": "Jurist", "hours": "två", "date": "2020-02-03"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Part:" in html and "Timmar:" in html
    assert TimeEntry.objects.count() == 0


def test_cancel_and_item_decision_forms_name_their_fields(world, client):
    project = world.project(State.SUBMITTED)
    client.force_login(world.secretary)
    response = client.post(f"/portfolio/{project.pk}/cancel/", {"reason": "   "})
    assert response.status_code == 400 and "Skäl:" in response.content.decode()
    project.refresh_from_db()
    assert project.state == State.SUBMITTED
    meeting = Meeting.objects.create(committee=world.committee, date=datetime.date(2024, 6, 3))
    client.post(f"/portfolio/meetings/{meeting.pk}/build-agenda/")
    item = meeting.items.get(gate=Gate.BP0)
    response = client.post(f"/portfolio/meetings/{meeting.pk}/items/{item.pk}/decide/",
                           {"outcome": "maybe"})
    assert response.status_code == 400 and "Beslut:" in response.content.decode()
    item.refresh_from_db()
    assert item.decided_paragraph is None


def test_internal_control_names_a_bad_filter_and_still_shows_the_report(world, client):
    client.force_login(world.auditor)
    response = client.get("/portfolio/control/?committee=GNS&as_of=igår")
    assert response.status_code == 400  # named, and the page still shows the report
    html = response.content.decode()
    assert "Per datum:" in html
    assert response.context["report"] is not None


def test_final_report_answers_through_a_form(world, client):
    from portfolio.models import FinalReportRequirement

    project = world.project(State.CLOSING)
    requirement = FinalReportRequirement.objects.create(project=project, text="Redovisa kostnaden",
                                                        source="GNS § 12")
    client.force_login(world.secretary)  # not the owner or manager
    response = client.post(f"/documents/{project.pk}/final-report/requirements/",
                           {f"requirement-{requirement.pk}": "Svar"})
    assert response.status_code == 403
    requirement.refresh_from_db()
    assert requirement.answer == ""
    client.force_login(world.manager)
    response = client.post(f"/documents/{project.pk}/final-report/requirements/",
                           {f"requirement-{requirement.pk}": "x" * 50_001})
    assert response.status_code == 400 and "Redovisa kostnaden:" in response.content.decode()
    response = client.post(f"/documents/{project.pk}/final-report/requirements/",
                           {f"requirement-{requirement.pk}": "Kostnaden blev 40 000 kr."})
    assert response.status_code == 302
    requirement.refresh_from_db()
    assert requirement.answer == "Kostnaden blev 40 000 kr."


def test_bad_filters_are_named_and_the_defaults_used(world, client):
    project = world.project()
    client.force_login(world.owner)
    response = client.get("/portfolio/time/?committee=GNS&from=banan&to=2024-02-01")
    assert response.status_code == 400
    assert "Från:" in response.content.decode()
    assert response.context["start"] == datetime.date(datetime.date.today().year, 1, 1)
    assert response.context["end"] == datetime.date(2024, 2, 1)
    response = client.get(f"/portfolio/{project.pk}/budget/?year=tjugo")
    assert response.status_code == 400 and "År:" in response.content.decode()


def test_follow_up_filters_name_a_bad_value_and_never_swap_the_committee(world, client):
    client.force_login(world.secretary)
    response = client.get("/portfolio/economy/?committee=GNS&year=nittio&period=T9")
    assert response.status_code == 400
    html = response.content.decode()
    assert "År:" in html and "Period:" in html and response.context["report"] is None
    response = client.get("/portfolio/economy/?committee=XYZ&year=2019")
    assert response.context["committee"] is None and "Nämnd:" in response.content.decode()
    refused = client.get("/portfolio/economy/report/?committee=GNS&year=2019&period=T9")
    assert refused.status_code == 400 and "Period:" in refused.content.decode()
    assert client.get("/portfolio/economy/report/?committee=GNS&period=T1").status_code == 404


def test_section_forms_name_the_column_and_keep_the_rows(world, client):
    from directives import services as documents

    project = world.project()
    world.fill_directive(project)
    client.force_login(world.manager)
    page = f"/documents/{project.pk}/directive/sections/budget/"
    response = client.post(page, {"base_version": "0.1",
                                  "activity-0": "Projektledare", "total-0": "400 000",
                                  "note-0": "", "activity-1": "Resor", "total-1": "mycket",
                                  "note-1": "Tåg"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Rad 2 – Totalt kr:" in html and "mycket" in html and "Tåg" in html
    assert documents.get_document(project).latest.label == "0.1"
    response = client.post(f"/documents/{project.pk}/directive/sections/timeline/",
                           {"base_version": "0.1", "start": "första maj", "end": "2024-12-31"})
    assert response.status_code == 400 and "Start:" in response.content.decode()
    response = client.post(page, {"base_version": "0.1", "activity-0": "Projektledare",
                                  "total-0": "400 000,50", "note-0": "60 %"})
    assert response.status_code == 302
    latest = documents.get_document(project).latest
    assert latest.label == "0.2"
    assert latest.content["budget"][0]["total"] == "400000.50"
