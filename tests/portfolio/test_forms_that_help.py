"""Errors that help (issue #13 point 3): every refused form page answers with a summary at the
top linking to the field (``href="#id_…"``), names it by its Swedish label, puts the message
beside the field (``aria-describedby``/``aria-invalid``), and keeps everything typed."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from directives import services as documents
from portfolio.lifecycle import State
from portfolio.models import (
    AgendaItem,
    AuditEvent,
    CostObject,
    Meeting,
    PriceListRate,
)


def _meeting(world):
    return Meeting.objects.create(committee=world.committee, date=datetime.date(2024, 6, 3))


def new_project(world):
    return world.owner, "/portfolio/new/", {
        "committee": world.committee.pk, "name": "", "kind": "project",
        "cost_cap": "massor", "planned_end_date": "2024-12-31"}, "name", "Namn", ["massor"]


def gate_decision(world):
    project = world.project(State.SUBMITTED)
    return world.secretary, f"/portfolio/{project.pk}/gates/BP0/", {
        "outcome": "start", "decided_on": "2024-13-45",
        "comment": "Beslut enligt förslaget"}, "BP0-decided_on", "Beslutsdatum", [
        "Beslut enligt förslaget", "2024-13-45"]


def extension(world):
    project = world.project(State.EXECUTION)
    return world.owner, f"/portfolio/{project.pk}/extensions/new/", {
        "requested_end_date": "", "reason": "Leveransen är försenad",
        "proposed_decision": "Att förlänga"}, "extension-requested_end_date", "Begärt slutdatum", [
        "Leveransen är försenad", "Att förlänga"]


def cancel(world):
    project = world.project(State.SUBMITTED)
    return world.secretary, f"/portfolio/{project.pk}/cancel/", {"reason": "   "}, \
        "cancel-reason", "Skäl", []


def meeting(world):
    return world.secretary, "/portfolio/meetings/", {
        "committee": "GNS", "date": "31/02", "place": "Rådhuset, sal 3"}, "date", "Datum", [
        "Rådhuset, sal 3", "31/02"]


def agenda_item(world):
    return world.secretary, f"/portfolio/meetings/{_meeting(world).pk}/items/", {
        "heading": "", "kind": "cancellation", "presenter": "Nämndsekreteraren",
        "proposed_decision": "Att avbryta projektet"}, "item-heading", "Rubrik", [
        "Nämndsekreteraren", "Att avbryta projektet", 'value="cancellation" selected']


def time_entry(world):
    return world.secretary, "/portfolio/time/?committee=GNS", {
        "party": "rjh", "resource": "Jurist", "hours": "två", "date": "2024-02-03",
        "note": "Avtalsgranskning"}, "hours", "Timmar", ["två", "Avtalsgranskning"]


def budget(world):
    project = world.project()
    return world.owner, f"/portfolio/{project.pk}/budget/", {
        "activity-0": "Resor", "total-0": "12x", "note-0": "Tåg till Östersund"}, \
        "total-0", "Rad 1 – Totalt", ["12x", "Tåg till Östersund"]


def document_section(world):
    project = world.project()
    world.fill_directive(project)
    return world.owner, f"/documents/{project.pk}/directive/sections/timeline/", {
        "base_version": "0.1", "start": "2025-06-01", "end": "2025-01-01"}, "end", \
        "5 Tidplan – Slut", ["2025-06-01", "2025-01-01", "slutdatum är före startdatum"]


def economy_upload(world):
    CostObject.objects.create(committee=world.committee, code="6674", name="LINK2")
    data = b"cost_object;period;category;amount\n6674;2019-13;Kostnader;-100\n"
    return world.secretary, "/portfolio/economy/?committee=GNS", {
        "file": SimpleUploadedFile("utfall.csv", data, content_type="text/csv")}, "file", "Fil", []


FORMS = [new_project, gate_decision, extension, cancel, meeting, agenda_item, time_entry, budget,
         document_section, economy_upload]


@pytest.mark.parametrize("make", FORMS, ids=[f.__name__ for f in FORMS])
def test_a_refused_form_links_to_its_field_by_label_and_keeps_what_was_typed(world, client,
                                                                             make):
    PriceListRate.objects.create(committee=world.committee, resource="Jurist",
                                 hourly_rate=900, valid_from=datetime.date(2018, 1, 1))
    user, url, data, key, label, typed = make(world)
    client.force_login(user)
    events = AuditEvent.objects.count()
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    summary = html[html.index('class="error-summary"'):]
    summary = summary[:summary.index("</div>")]
    assert "Kontrollera det du fyllt i" in summary
    link = re.search(rf'<a href="#id_{re.escape(key)}">([^<]*)</a>', summary)
    assert link, summary
    assert link.group(1).startswith(f"{label}:"), link.group(1)
    # The field carries the id the link points to and is described by its message.
    field = re.search(rf'<[^>]*\bid="id_{re.escape(key)}"[^>]*>', html)
    assert field, f"no input with id_{key}"
    assert 'aria-invalid="true"' in field.group(0)
    assert f'aria-describedby="id_{key}-error"' in field.group(0)
    assert f'id="id_{key}-error"' in html
    for text in typed:
        assert text in html, text
    # Never an internal name.
    for internal in ("sections.", "lines[", "__all__", "error_dict"):
        assert internal not in html
    # A refusal changes nothing.
    assert AuditEvent.objects.count() == events


def test_the_agenda_item_form_keeps_what_was_typed_when_the_service_refuses(world, client):
    meeting = _meeting(world)
    meeting.items.create(position=1, heading="Befintlig", kind=AgendaItem.Kind.OTHER)
    client.force_login(world.secretary)
    response = client.post(f"/portfolio/meetings/{meeting.pk}/items/", {
        "heading": "Nytt ärende", "kind": "other", "presenter": "Ordföranden",
        "proposed_decision": "Att notera"})
    # Accepted here; the point is the refused one below keeps the draft open and filled.
    assert response.status_code in (302, 400)
    response = client.post(f"/portfolio/meetings/{meeting.pk}/items/", {
        "heading": "x" * 301, "kind": "other", "presenter": "Ordföranden",
        "proposed_decision": "Att notera"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="add-item" open' in html
    assert "Ordföranden" in html and "Att notera" in html and "x" * 301 in html
    assert 'href="#id_item-heading"' in html


def test_english_errors_under_en(world, client):
    client.force_login(world.secretary)
    response = client.post("/en/portfolio/time/?committee=GNS", {
        "party": "rjh", "resource": "Jurist", "hours": "två", "date": "2024-02-03"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Check what you entered" in html
    assert re.search(r'<a href="#id_hours">Hours: [^<]+</a>', html)
    assert "Timmar" not in html


def test_a_table_section_row_is_named_by_the_section_title(world, client):
    project = world.project()
    world.fill_directive(project)
    client.force_login(world.owner)
    response = client.post(f"/documents/{project.pk}/directive/sections/budget/", {
        "base_version": "0.1", "activity-0": "Projektledare", "total-0": "-5", "note-0": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert "sections." not in html
    assert "Budget" in html[html.index("error-summary"):][:800]
    assert documents.get_document(project).latest.label == "0.1"
