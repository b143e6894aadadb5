"""Errors that help on the rest of the forms (issue #13 point 3), as a person meets them: the
attendance of the minutes and the outcome import answer with the error summary focused, its
link moves the focus into the field, the message is beside it and nothing typed is lost."""

import datetime

import pytest

from tests.browser.a11y import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _active_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_attendance_row_without_a_name_is_named_beside_it(world, login, live_server):
    from portfolio.models import Attendance
    from portfolio.services import meetings

    meeting = meetings.create_meeting(committee=world.committee, date=datetime.date(2019, 6, 3),
                                      by=world.secretary, place="Styrelserummet")
    page = login("secretary", "pw")
    page.goto(f"{live_server.url}/portfolio/meetings/{meeting.pk}/minutes/")
    assert_accessible(page)
    page.get_by_label("Namn 1", exact=True).fill("Robert Hamberg (M)")
    page.get_by_label("Part 1", exact=True).select_option("rjh")
    page.get_by_label("Part 2", exact=True).select_option("are")  # a party, but no name
    page.get_by_label("Ersätter 2", exact=True).fill("Robert Uitto (S)")
    page.get_by_role("button", name="Spara närvaron").click()
    page.wait_for_selector("#error-summary")
    page.wait_for_function("document.activeElement.id === 'error-summary'")
    assert_accessible(page)
    link = page.locator("#error-summary a[href='#id_name-1']")
    assert link.inner_text().startswith("Rad 2 – Namn:")
    link.click()
    page.wait_for_function("document.activeElement.id === 'id_name-1'")
    assert page.locator("#id_name-1").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_name-1-error").is_visible()
    # Everything typed is still there.
    assert page.input_value("#id_name-0") == "Robert Hamberg (M)"
    assert page.input_value("#id_party-0") == "rjh"
    assert page.input_value("#id_party-1") == "are"
    assert page.input_value("#id_replaces-1") == "Robert Uitto (S)"
    assert page.locator(".messages").count() == 0
    assert_accessible(page)
    assert not Attendance.objects.exists()


def test_outcome_file_lines_are_named_and_linked_to_the_file(world, login, live_server):
    from portfolio.models import CostObject, OutcomeImport

    CostObject.objects.create(committee=world.committee, code="6674", name="LINK2")
    page = login("secretary", "pw")
    page.goto(f"{live_server.url}/portfolio/economy/?committee=GNS&year=2019&period=T1")
    assert_accessible(page)
    page.set_input_files("#id_file", files=[{
        "name": "utfall.csv", "mimeType": "text/csv",
        "buffer": b"cost_object;period;category;amount\n6674;2019-13;Kostnader;-100\n"}])
    page.get_by_role("button", name="Importera", exact=True).click()
    page.wait_for_selector("#error-summary")
    page.wait_for_function("document.activeElement.id === 'error-summary'")
    assert_accessible(page)
    line = page.locator("#error-summary a[href='#id_file']", has_text="Fil – Rad 2:")
    assert "2019-13" in line.inner_text()
    line.click()
    assert _active_id(page) == "id_file"
    assert page.locator("#id_file").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_file-error").is_visible()
    assert page.locator(".messages").count() == 0
    assert_accessible(page)
    assert not OutcomeImport.objects.exists()
