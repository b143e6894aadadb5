"""Errors that help, as a person meets them: a refused form opens with the error summary
focused; its link moves the focus into the field it names (issue #13 point 3)."""

import datetime
from decimal import Decimal

import pytest

from tests.browser.a11y import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _active_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_new_assignment_summary_link_moves_focus_to_the_field(world, login, live_server):
    page = login("owner", "pw")
    page.goto(f"{live_server.url}/portfolio/new/")
    assert_accessible(page)
    page.fill("#id_cost_cap", "massor")
    page.get_by_role("button", name="Öppna ärendet").click()
    page.wait_for_selector("#error-summary")
    assert_accessible(page)
    page.wait_for_function("document.activeElement.id === 'error-summary'")
    link = page.locator("#error-summary a[href='#id_name']")
    assert link.inner_text().startswith("Namn:")
    link.click()
    page.wait_for_function("document.activeElement.id === 'id_name'")
    assert page.locator("#id_name").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_name-error").is_visible()
    assert page.input_value("#id_cost_cap") == "massor"
    assert_accessible(page)


def test_time_form_summary_link_focuses_hours(world, login, live_server):
    from portfolio.models import PriceListRate

    PriceListRate.objects.create(committee=world.committee, resource="Jurist",
                                 hourly_rate=Decimal("645"), valid_from=datetime.date(2018, 1, 1))
    page = login("secretary", "pw")
    page.goto(f"{live_server.url}/portfolio/time/?committee=GNS")
    assert_accessible(page)
    page.fill("input[name=hours]", "två")
    page.fill("input[name=date]", "2024-02-03")
    page.get_by_role("button", name="Registrera tid").click()
    page.wait_for_selector("#error-summary")
    assert_accessible(page)
    page.locator("#error-summary a[href='#id_hours']").click()
    assert _active_id(page) == "id_hours"
    assert page.input_value("#id_hours") == "två"
    assert_accessible(page)
