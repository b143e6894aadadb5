"""Refusals that are not about a typed value — the role, the state, a page number from a
link — shown in the error summary at the top of the form or page they concern, never as a
flash message; a missing minutes field named beside that field (issue #13 point 3)."""

import datetime

import pytest

from portfolio.lifecycle import State
from portfolio.models import AgendaItem, AuditEvent, ExtensionRequest, Minutes
from portfolio.services import extensions, meetings


def _summary(html: str) -> str:
    assert html.count('id="error-summary"') == 1
    start = html.index('id="error-summary"')
    return html[start:html.index("</div>", start)]


def _no_flash(html: str) -> None:
    assert 'class="messages' not in html


def test_the_case_list_names_a_bad_page_number_in_the_summary(world, client):
    client.force_login(world.secretary)
    response = client.get("/portfolio/cases/?page=²")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Sida" in _summary(html)
    _no_flash(html)


def test_the_meeting_list_names_a_bad_page_number_in_the_summary(world, client):
    client.force_login(world.secretary)
    response = client.get("/portfolio/meetings/?past_page=abc")
    assert response.status_code == 400
    html = response.content.decode()
    assert _summary(html).count("<li>") == 1
    _no_flash(html)


def test_an_extension_step_refused_is_shown_on_the_project_page(world, client):
    project = world.project(State.EXECUTION)
    request = extensions.submit_extension(request=extensions.request_extension(
        project=project, by=world.owner, requested_end_date=datetime.date(2099, 6, 30),
        reason="Leverantören är försenad.", today=datetime.date(2024, 1, 15)), by=world.owner)
    client.force_login(world.owner)  # the owner does not recommend their own request
    events = AuditEvent.objects.count()
    response = client.post(f"/portfolio/extensions/{request.pk}/recommend/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "<li>" in _summary(html)
    _no_flash(html)
    request.refresh_from_db()
    assert request.state == ExtensionRequest.State.SUBMITTED
    assert AuditEvent.objects.count() == events


def test_a_refused_confirmation_is_shown_at_its_item(world, client, sitting):
    item = sitting.report
    meetings.decide_item(item=item, outcome="noted", by=world.secretary)
    client.force_login(world.chair)  # the chair decides; the secretary confirms
    base = f"/portfolio/meetings/{sitting.meeting.pk}/minutes"
    response = client.post(f"{base}/items/{item.pk}/confirm/")
    assert response.status_code == 403
    html = response.content.decode()
    summary = _summary(html)
    assert "sekreterare" in summary
    # At the top of that item's form, after its heading.
    assert html.index(item.heading) < html.index('id="error-summary"')
    _no_flash(html)
    assert AgendaItem.objects.get(pk=item.pk).confirmed_at is None


def test_adjusting_incomplete_minutes_names_what_is_missing(world, client, sitting):
    client.force_login(world.secretary)
    base = f"/portfolio/meetings/{sitting.meeting.pk}/minutes"
    missing_head = client.post(f"{base}/approve/")
    assert missing_head.status_code == 400
    html = missing_head.content.decode()
    summary = _summary(html)
    assert 'href="#id_chair"' in summary and 'aria-describedby="id_chair-error"' in html
    _no_flash(html)
    sitting.head()
    unconfirmed = client.post(f"{base}/approve/")
    assert unconfirmed.status_code == 409
    html = unconfirmed.content.decode()
    summary = _summary(html)
    assert "Tertialrapport" in summary
    approve_form = html[html.rindex("<form", 0, html.index('id="error-summary"')):]
    assert approve_form.startswith('<form method="post" action="/portfolio/meetings/') and \
        "/minutes/approve/" in approve_form[:120]
    _no_flash(html)
    assert not Minutes.objects.get(meeting=sitting.meeting).is_approved


@pytest.mark.parametrize("path", ["/portfolio/cases/", "/portfolio/meetings/"])
def test_pages_without_errors_have_no_summary(world, client, path):
    client.force_login(world.secretary)
    assert 'id="error-summary"' not in client.get(path).content.decode()
