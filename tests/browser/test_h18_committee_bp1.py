"""Issue #11 point 1 in the browser: a project written on the LINK2 template, whose BP1 the
committee decides at a meeting. The secretary is told beside the meeting field that BP1 needs
the meeting, builds the meeting's agenda, and the committee starts the establishment phase
there with a paragraph number; the steering group gets no BP1 button."""

import datetime

import pytest

from tests.browser.a11y import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup(settings):
    from directives import defaults
    from directives import services as documents
    from directives.models import Template
    from portfolio.lifecycle import State
    from portfolio.services import lifecycle, meetings
    from tests.conftest import World

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = World()
    project = world.project(State.DRAFT, name="Nämndens direktiv")
    version = Template.objects.get(key=defaults.COMMITTEE_DIRECTIVE_TEMPLATE_KEY).current_version
    documents.use_template(project=project, template_version=version, by=world.owner)
    project.refresh_from_db()
    world.fill_directive(project)
    lifecycle.submit_project(project=project, by=world.owner)
    meeting = meetings.create_meeting(committee=world.committee, date=datetime.date(2024, 3, 1),
                                      by=world.secretary)
    return world, project, meeting


def test_the_committee_decides_bp1_at_its_meeting(setup, login, live_server):
    from portfolio.lifecycle import Body, State

    world, project, meeting = setup
    page = login("steering", password="pw")
    page.goto(f"{live_server.url}/portfolio/{project.pk}/")
    assert_accessible(page)
    gate_form = page.locator(f'form[action="/portfolio/{project.pk}/gates/BP1/"]')
    assert gate_form.get_by_role("button", name="BP1: Start").count() == 0
    page.get_by_role("button", name="Logga ut").click()

    page = login("secretary", password="pw")
    page.goto(f"{live_server.url}/portfolio/{project.pk}/")
    assert_accessible(page)
    assert "Beslutas av: Nämnd (vid sammanträde" in page.inner_text("body")
    for radio in gate_form.locator('input[type=radio][value="yes"]').all():
        radio.check()
    gate_form.get_by_role("button", name="BP1: Start").click()
    assert_accessible(page)
    # Beside the field, and in the summary by the field's Swedish label, linking to it.
    assert "välj sammanträdet" in page.locator("#id_BP1-meeting-error").inner_text()
    assert "Sammanträde" in page.locator('.error-summary a[href="#id_BP1-meeting"]').inner_text()
    project.refresh_from_db()
    assert project.state == State.SUBMITTED
    # The answers typed are still there; save them as the checklist.
    gate_form.get_by_role("button", name="Spara checklistan").click()
    assert_accessible(page)

    page.goto(f"{live_server.url}/portfolio/meetings/{meeting.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Bygg föredragningslista").click()
    assert_accessible(page)
    row = page.locator("table.agenda tr", has_text="Projektdirektiv och start av etableringsfasen")
    row.get_by_role("button", name="BP1: Start").click()
    assert_accessible(page)
    assert "§" in page.locator("table.agenda tr",
                               has_text="Projektdirektiv och start av etableringsfasen"
                               ).inner_text()
    # Recorded; the secretary's confirmation carries it out.
    row.get_by_role("button", name="Bekräfta beslutet").click()
    page.wait_for_selector(".messages .success")
    assert_accessible(page)

    project.refresh_from_db()
    assert project.state == State.ESTABLISHMENT
    decision = project.decisions.get(gate="BP1")
    assert decision.decided_by_body == Body.COMMITTEE and decision.meeting == meeting
    page.goto(f"{live_server.url}/portfolio/{project.pk}/")
    assert_accessible(page)
    assert "Nämnd" in page.locator("table.decisions").inner_text()
