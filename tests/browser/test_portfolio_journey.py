"""Journeys a person makes, in Debian's Chromium driven by Playwright."""

from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser.a11y import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo")


def test_log_in_open_portfolio_and_project(demo, login, live_server):
    page = login("demo-owner")
    assert_accessible(page)
    rows = page.locator("table.portfolio tbody tr")
    assert rows.count() == 6
    assert page.get_by_role("link", name="GNS/8/2018").is_visible()
    page.get_by_role("link", name="GNS/8/2018").click()
    page.wait_for_selector("h1")
    assert_accessible(page)
    assert "Cosmic LINK2" in page.locator("h1").inner_text()
    assert page.get_by_test_id("state").inner_text() == "Genomförande"
    current = page.locator("ol.stages li[aria-current=step]").inner_text()
    assert current == "Genomförande"
    decisions = page.locator("table.decisions tbody tr")
    assert decisions.count() == 2
    assert "2019-10-31" in page.content()
    artifacts = Path(__file__).resolve().parents[2] / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / "project-page.png"), full_page=True)


def test_steering_group_decides_bp0_refusal_and_table(demo, login, live_server):
    """The committee secretary opens BP0 of a submitted case, is refused start with an open
    checklist, and tables it instead; the answers typed are kept on the refusal."""
    from directives import services as documents
    from portfolio.lifecycle import State
    from portfolio.models import Project
    from portfolio.services import lifecycle, projects
    from tests.conftest import REQUIRED

    project = Project.objects.get(case_seq=4, case_year=2019)
    draft = projects.create_project(committee=project.committee, name="Ny förstudie",
                                    by=project.owner, parties=list(project.parties.all()),
                                    start_date=project.start_date,
                                    planned_end_date=project.planned_end_date)
    documents.save_document(project=draft, by=project.owner, base_version=None,
                            sections=REQUIRED)
    lifecycle.submit_project(project=draft, by=project.owner)
    page = login("demo-secretary")
    page.goto(f"{live_server.url}/portfolio/{draft.pk}/")
    assert_accessible(page)
    gate = page.locator("#gate-BP0")
    gate.locator("input[type=radio][value=yes]").first.check()
    gate.locator("input[type=text]").first.fill("Parterna har begärt uppdraget")
    gate.get_by_role("button", name="BP0: Start").click()
    assert "Start nekas" in page.locator("#error-summary").inner_text()
    assert_accessible(page)
    # Nothing typed is lost on the refusal.
    assert page.locator("#gate-BP0 input[type=text]").first.input_value() == \
        "Parterna har begärt uppdraget"
    page.locator("#gate-BP0").get_by_role("button", name="BP0: Bordlägg").click()
    page.wait_for_selector(".messages .success")
    assert_accessible(page)
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED
    assert draft.decisions.get().outcome == "table"
