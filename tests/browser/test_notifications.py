"""The in-app list in a real browser: a submitted project tells the committee's chair, who
reads it, marks it read and chooses the daily digest — every page accessible (WCAG 2.1 AA)."""

import pytest

from notifications.models import Notification, NotificationPreference
from portfolio.services import lifecycle
from tests.browser.a11y import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_chair_reads_marks_read_and_chooses_the_digest(world, login, page, live_server):
    project = world.project()
    world.fill_directive(project)
    lifecycle.submit_project(project=project, by=world.owner)  # commits: the task runs inline
    assert Notification.objects.filter(recipient=world.chair).count() == 1

    login("chair", password="pw")
    assert page.locator("header .badge").inner_text() == "1"
    page.click("header >> text=Notiser")
    page.wait_for_url(f"{live_server.url}/portfolio/notifications/")
    assert_accessible(page)
    item = page.locator("ul.notifications li").first
    assert f"{project.case_number} Testprojekt väntar på ditt beslut om BP0." in item.inner_text()

    item.get_by_role("button", name="Markera som läst").click()
    page.wait_for_url(f"{live_server.url}/portfolio/notifications/")
    assert_accessible(page)
    assert page.locator("header .badge").count() == 0
    assert Notification.objects.get(recipient=world.chair).read_at is not None

    page.get_by_label("En sammanfattning per dag").check()
    page.get_by_label("Språk i mejlen").select_option("en")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(f"{live_server.url}/portfolio/notifications/")
    assert_accessible(page)
    assert "Ditt val är sparat." in page.locator(".messages").inner_text()
    preference = NotificationPreference.objects.get(user=world.chair)
    assert (preference.delivery, preference.language) == ("digest", "en")

