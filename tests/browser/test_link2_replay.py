"""Issue journey: the LINK2 story of 2019 replayed in the browser — the owner asks to extend
to 2019-10-31, the steering group recommends, the secretary builds the 2019-06-03 agenda, the
committee approves with a paragraph number, the end date moves and the final report then
requires the follow-up of the implementation."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from tests.browser.a11y import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def replay_demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", replay=True)


def _logout(page):
    page.get_by_role("button", name="Logga ut").click()


def test_link2_extension_story(replay_demo, login, live_server):
    from portfolio.models import Meeting, Project

    link2 = Project.objects.get(case_year=2018, case_seq=8)
    assert str(link2.end_date) == "2019-06-30"

    page = login("demo-owner")
    page.goto(f"{live_server.url}/portfolio/{link2.pk}/")
    assert_accessible(page)
    page.locator("#new-extension summary").click()
    assert_accessible(page)
    form = page.locator("#new-extension form")
    form.locator("input[name=requested_end_date]").fill("2019-10-31")
    form.locator("input[name=dated]").fill("2019-05-24")
    form.locator("textarea[name=reason]").fill(
        "Produktionsstarten fick skjutas upp till 2019-05-20 på grund av inloggningen.")
    form.locator("textarea[name=proposed_decision]").fill(
        "Projekttiden förlängs med nuvarande resurser och kostnadsfördelning till och med "
        "31 oktober 2019.")
    form.locator("textarea[name=requirements]").fill(
        "Redovisa uppföljning av införandet i kommande slutrapport.")
    form.get_by_role("button", name="Spara begäran").click()
    page.wait_for_selector(".messages .success")
    assert_accessible(page)
    page.get_by_role("button", name="Lämna till styrgruppen").click()
    page.wait_for_selector(".messages .success")
    assert_accessible(page)
    _logout(page)

    page = login("demo-steering")
    page.goto(f"{live_server.url}/portfolio/steering/")
    assert_accessible(page)
    page.get_by_role("button", name="Tillstyrk till nämnden").click()
    page.wait_for_selector(".messages .success")
    assert_accessible(page)
    _logout(page)

    from portfolio.services.meetings import next_paragraph

    meeting = Meeting.objects.get(committee=link2.committee, date="2019-06-03")
    # Paragraphs run through the year: § 19 (Digital transformation) is already taken.
    paragraph = next_paragraph(meeting)
    assert paragraph == 20
    page = login("demo-secretary")
    page.goto(f"{live_server.url}/portfolio/meetings/{meeting.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Bygg föredragningslista").click()
    assert_accessible(page)
    row = page.locator("table.agenda tr", has_text="Förlängning av")
    assert row.count() == 1
    row.get_by_role("button", name="Bevilja").click()
    page.wait_for_selector(".messages .success")
    assert_accessible(page)
    decided = page.locator("table.agenda tr", has_text="Förlängning av").inner_text()
    assert f"§ {paragraph}" in decided and "Beviljad" in decided and "Ej bekräftat" in decided
    # The secretary confirms the decision, which carries it out in the register.
    row.get_by_role("button", name="Bekräfta beslutet").click()
    page.wait_for_selector(".messages .success")
    assert_accessible(page)

    pdf = page.request.get(f"{live_server.url}/portfolio/meetings/{meeting.pk}/agenda.pdf")
    text = " ".join(" ".join(p.extract_text() for p in
                             PdfReader(io.BytesIO(pdf.body())).pages).split())
    assert "Kallelse/föredragningslista" in text and "GNS/8/2018" in text

    link2.refresh_from_db()
    assert str(link2.end_date) == "2019-10-31" and str(link2.planned_end_date) == "2019-06-30"
    requirement = link2.final_report_requirements.get()
    assert requirement.text == "Redovisa uppföljning av införandet i kommande slutrapport."
    assert f"§ {paragraph}" in requirement.source
    page.goto(f"{live_server.url}/portfolio/{link2.pk}/")
    assert "Redovisa uppföljning av införandet" in page.content()
    assert_accessible(page)
    assert "2019-10-31" in page.locator("dl.facts").inner_text()
