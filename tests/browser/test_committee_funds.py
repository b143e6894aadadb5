"""The secretary keeps the committee's base fee per year and its carried-over funds on a page:
a mistyped amount is named beside its field and kept; a corrected one is saved."""

import pytest

from tests.browser.a11y import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_sets_a_base_fee_after_a_typing_error(world, login, live_server):
    from portfolio.models import BaseFee

    page = login("secretary", "pw")
    page.goto(f"{live_server.url}/portfolio/economy/funds/?committee=GNS")
    assert_accessible(page)
    page.fill("#id_fee-year", "2020")
    page.fill("#id_fee-amount", "en miljon")
    page.get_by_role("button", name="Spara basarvodet").click()
    page.wait_for_selector("#error-summary")
    assert_accessible(page)
    link = page.locator("#error-summary a[href='#id_fee-amount']")
    assert link.inner_text().startswith("Basarvode (kr):")
    link.click()
    page.wait_for_function("document.activeElement.id === 'id_fee-amount'")
    assert page.locator("#id_fee-amount-error").is_visible()
    assert page.input_value("#id_fee-amount") == "en miljon"
    assert page.input_value("#id_fee-year") == "2020"
    assert not BaseFee.objects.exists()
    page.fill("#id_fee-amount", "1 500 000")
    page.get_by_role("button", name="Spara basarvodet").click()
    page.wait_for_selector("text=Basarvodet har sparats.")
    assert_accessible(page)
    assert BaseFee.objects.get(year=2020).amount == 1500000
