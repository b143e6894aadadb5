"""Issue #11 point 3 in the browser: the secretary records a decision at the meeting, sees it
is not confirmed (nothing carried out yet), corrects a wrong click, is told beside the item
why a confirmation is refused, and confirms, which carries the decision out."""

import datetime

import pytest

from tests.browser.a11y import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup(settings):
    from portfolio.lifecycle import Gate, State
    from portfolio.services import meetings
    from tests.conftest import World

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = World()
    project = world.project(State.SUBMITTED, name="Gemensam e-tjänst")
    world.answer_all(project, Gate.BP0)
    meeting = meetings.create_meeting(committee=world.committee, date=datetime.date(2024, 3, 11),
                                      by=world.secretary)
    meetings.build_agenda(meeting=meeting, by=world.secretary)
    return world, project, meeting


def test_secretary_decides_corrects_and_confirms(setup, login, live_server):
    from portfolio.lifecycle import Gate, State

    world, project, meeting = setup
    page = login("secretary", password="pw")
    page.goto(f"{live_server.url}/portfolio/meetings/{meeting.pk}/")
    assert_accessible(page)
    row = page.locator("table.agenda tr", has_text="Gemensam e-tjänst")

    # A wrong click: "do not start". Recorded, not carried out.
    row.get_by_role("button", name="Ej start").click()
    page.wait_for_selector(".messages .success")
    assert_accessible(page)
    assert "Ej bekräftat" in row.inner_text()
    project.refresh_from_db()
    assert project.state == State.SUBMITTED

    # Corrected to "start" before anyone confirms it.
    row.get_by_label("Rättat beslut").select_option("start")
    row.get_by_role("button", name="Rätta beslutet").click()
    page.wait_for_selector(".messages .success")
    assert_accessible(page)
    assert "Rättat" in row.inner_text() and "Ej bekräftat" in row.inner_text()

    # The checklist changed meanwhile: confirming is refused beside the item, nothing moves.
    world.answer_all(project, Gate.BP0, answer="no")
    row.get_by_role("button", name="Bekräfta beslutet").click()
    page.wait_for_selector(".error-summary")
    assert_accessible(page)
    item = meeting.items.get(gate=Gate.BP0)
    assert page.locator(f"#id_item-{item.pk}-outcome-error").is_visible()
    project.refresh_from_db()
    assert project.state == State.SUBMITTED

    world.answer_all(project, Gate.BP0)
    page.goto(f"{live_server.url}/portfolio/meetings/{meeting.pk}/")
    row.get_by_role("button", name="Bekräfta beslutet").click()
    page.wait_for_selector(".messages .success")
    assert_accessible(page)
    assert "Bekräftat av" in row.inner_text()
    project.refresh_from_db()
    assert project.state == State.PRESTUDY
