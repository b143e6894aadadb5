from django.test import Client

from notifications.models import Notification


def test_the_english_page_shows_the_same_notification_in_english(people):
    Notification.objects.create(recipient=people.owner, kind=Notification.Kind.DECISION,
                                key="t:1", params={"project": "GNS/1/2024 X", "what": "cancelled"})
    page = Client()
    page.force_login(people.owner)
    text = page.get("/en/portfolio/notifications/").content.decode()
    assert "Decision on GNS/1/2024 X: the project is cancelled." in text
