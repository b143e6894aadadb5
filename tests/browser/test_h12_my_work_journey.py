"""A steering-group member opens "Mitt arbete", decides a gate from it, and is back on
"Mitt arbete" with the item gone; every page passes axe (WCAG 2.1 A/AA)."""

import pytest
from django.core.management import call_command

from tests.browser.a11y import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo")


def test_steering_member_decides_from_my_work_and_returns(demo, login, live_server):
    from portfolio.models import Project

    prestudy = Project.objects.get(case_year=2019, case_seq=3)  # IT server pre-study
    page = login("demo-steering")
    assert_accessible(page)
    page.get_by_role("link", name="Mitt arbete").click()
    page.wait_for_url(f"{live_server.url}/portfolio/mine/")
    assert_accessible(page, "Mitt arbete")
    item = page.get_by_test_id(f"work-checklist-{prestudy.pk}-BP1")
    assert item.is_visible()
    item.get_by_role("link").click()
    page.wait_for_url(f"{live_server.url}/portfolio/{prestudy.pk}/?next=*")
    assert_accessible(page, "the project page, opened from Mitt arbete")
    gate = page.locator("#gate-BP1")
    for radio in gate.locator("input[type=radio][value=yes]").all():
        radio.check()
    gate.get_by_role("button", name="BP1: Start", exact=True).click()
    page.wait_for_url(f"{live_server.url}/portfolio/mine/")
    assert page.locator(".messages .success").inner_text().startswith("BP1")
    assert_accessible(page, "Mitt arbete after the decision")
    assert page.get_by_test_id(f"work-checklist-{prestudy.pk}-BP1").count() == 0
    assert page.get_by_test_id(f"work-decision-{prestudy.pk}-BP1").count() == 0
    prestudy.refresh_from_db()
    assert prestudy.state == "establishment"
    # The old steering desk address shows the same summary.
    page.goto(f"{live_server.url}/portfolio/steering/")
    assert page.locator("h1").inner_text() == "Mitt arbete"
    assert_accessible(page, "the old steering desk address")


def test_overview_and_edit_pages_are_accessible(demo, login, live_server):
    from portfolio.models import Project

    link2 = Project.objects.get(case_year=2018, case_seq=8)
    page = login("demo-owner")
    page.get_by_role("link", name="Översikt").click()
    page.wait_for_url(f"{live_server.url}/portfolio/overview/**")
    assert page.locator("svg.timeline rect.bar").count() >= 5
    assert_accessible(page, "Översikt")
    page.goto(f"{live_server.url}/portfolio/{link2.pk}/")
    assert_accessible(page, "LINK2 with the directive's facts")
    page.get_by_role("link", name="Ändra projektuppgifter").click()
    assert_accessible(page, "edit page")
    page.fill("#id_name", "")
    page.get_by_role("button", name="Spara uppgifterna").click()
    # The summary names the field by its label and links to it; the message sits beside it.
    assert page.locator('.error-summary a[href="#id_name"]').inner_text().startswith("Namn:")
    assert page.locator("#id_name-error").inner_text()
    assert_accessible(page, "edit page with an error")
    page.goto(f"{live_server.url}/portfolio/new/")
    assert_accessible(page, "new case with financiers")
