"""The find journey (issue #12): search, filter, sort, page, a bad filter named beside its
field, and the Excel export of what is listed — in Chromium, accessible at every step."""

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from tests.browser.a11y import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo")


def case_numbers(page):
    return page.locator("table.portfolio tbody tr td:first-child").all_inner_texts()


def test_find_filter_sort_and_export(demo, login, live_server):
    page = login("demo-secretary")
    page.goto(f"{live_server.url}/portfolio/")
    assert_accessible(page)
    assert len(case_numbers(page)) == 6

    page.get_by_label("Sök").fill("LINK2")
    page.get_by_role("button", name="Filtrera").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert case_numbers(page) == ["GNS/8/2018"]
    assert page.get_by_label("Sök").input_value() == "LINK2"  # the form keeps its values

    page.get_by_label("Sök").fill("")
    page.get_by_label("Status", exact=True).select_option("cancelled")
    page.get_by_role("button", name="Filtrera").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert case_numbers(page) == ["GNS/8/2019"]

    page.get_by_label("Status", exact=True).select_option("")
    page.get_by_role("button", name="Filtrera").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Namn").click()
    page.wait_for_load_state()
    assert_accessible(page)
    names = page.locator("table.portfolio tbody tr td:nth-child(2)").all_inner_texts()
    assert names == sorted(names, key=str.casefold) and len(names) == 6
    page.get_by_role("link", name="Namn ↑").click()  # again: descending
    page.wait_for_load_state()
    assert page.locator("table.portfolio tbody tr td:nth-child(2)").all_inner_texts() == \
        sorted(names, key=str.casefold, reverse=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="Exportera till Excel").click()
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    exported = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert exported == sorted(names, key=str.casefold, reverse=True)

    page.get_by_label("Diarieår").fill("99999")
    page.get_by_role("button", name="Filtrera").click()
    page.wait_for_load_state()
    assert_accessible(page)
    error = page.locator(".filter-year [role=alert]")
    assert "Diarieår" in error.inner_text() and "2100" in error.inner_text()


def test_pages_of_a_large_portfolio(demo, login, live_server):
    call_command("generate_portfolio", projects=120, months=1, verbosity=0)
    page = login("demo-admin")
    page.goto(f"{live_server.url}/portfolio/?committee=BENCH&sort=case_number")
    assert_accessible(page)
    assert case_numbers(page)[0] == "BENCH/1/2024" and len(case_numbers(page)) == 50
    page.get_by_role("link", name="Nästa").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert case_numbers(page)[0] == "BENCH/51/2024"
    assert "Sida 2 av 3" in page.locator("nav.pagination").inner_text()
    assert page.get_by_label("Nämnd").input_value() == "BENCH"
