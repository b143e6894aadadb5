"""A notification is its recipient's alone: the page, the API and the demo's mail page, for
every role; the preference form and endpoint refuse bad input naming the field."""

import pytest
from django.core import mail
from django.test import Client

from notifications.models import Notification, NotificationPreference

ROLES = ["owner", "manager", "steering", "member", "secretary", "chair", "auditor", "outsider",
         "other_secretary", "other_steering", "admin", None]


@pytest.fixture
def note(people):
    project = people.project()
    return Notification.objects.create(
        recipient=people.owner, kind=Notification.Kind.DECISION, key="t:1", project=project,
        link=f"/portfolio/{project.pk}/",
        params={"project": "GNS/1/2024 Testprojekt", "what": "cancelled"})


def _client(people, role):
    client = Client()
    if role:
        client.force_login(people.users[role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_the_list_page_shows_only_ones_own(people, note, role):
    response = _client(people, role).get("/portfolio/notifications/")
    if role is None:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        return
    assert response.status_code == 200
    text = response.content.decode()
    assert ("Beslut om GNS/1/2024 Testprojekt: projektet är avbrutet." in text) == (role == "owner")


@pytest.mark.parametrize("role", ROLES)
def test_marking_read_on_the_page_is_the_recipients_alone(people, note, role):
    response = _client(people, role).post(f"/portfolio/notifications/{note.pk}/read/")
    note.refresh_from_db()
    if role == "owner":
        assert response.status_code == 302 and note.read_at is not None
    else:
        assert response.status_code in (302, 404) and note.read_at is None
        if role is not None:
            assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_the_api_lists_only_ones_own(people, note, api, role):
    response = api(people.users[role] if role else None).get("/api/v1/notifications/")
    if role is None:
        assert response.status_code in (401, 403)
        return
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == (1 if role == "owner" else 0)
    if role == "owner":
        row = body["results"][0]
        assert row["id"] == note.pk and row["read"] is False and row["kind"] == "decision"
        assert row["text"] == "Beslut om GNS/1/2024 Testprojekt: projektet är avbrutet."
        assert row["link"] == note.link


@pytest.mark.parametrize("role", ROLES)
def test_the_api_marks_read_only_for_the_recipient(people, note, api, role):
    response = api(people.users[role] if role else None).post(
        f"/api/v1/notifications/{note.pk}/read/")
    note.refresh_from_db()
    if role == "owner":
        assert response.status_code == 200 and response.json()["read"] is True
        assert note.read_at is not None
    else:
        assert response.status_code == (404 if role else 401) or response.status_code == 403
        assert note.read_at is None


@pytest.mark.parametrize("role", ROLES)
def test_preferences_are_ones_own(people, api, role):
    client = api(people.users[role] if role else None)
    response = client.put("/api/v1/notifications/preferences/",
                          {"delivery": "digest", "language": "en"}, format="json")
    if role is None:
        assert response.status_code in (401, 403)
        assert not NotificationPreference.objects.exists()
        return
    assert response.status_code == 200, response.content
    assert list(NotificationPreference.objects.values_list("user__username", "delivery",
                                                           "language")) == [(role, "digest", "en")]
    assert client.get("/api/v1/notifications/preferences/").json() == {
        "delivery": "digest", "language": "en"}


def test_unread_filter_and_mark_all_read(people, note, api):
    Notification.objects.create(recipient=people.owner, kind=Notification.Kind.AGENDA, key="t:2",
                                params={"meeting": "GNS 2024-09-02", "heading": "Info"})
    client = api(people.owner)
    assert client.get("/api/v1/notifications/?unread=true").json()["count"] == 2
    client.post(f"/api/v1/notifications/{note.pk}/read/")
    assert client.get("/api/v1/notifications/?unread=true").json()["count"] == 1
    page = Client()
    page.force_login(people.owner)
    assert page.post("/portfolio/notifications/read-all/").status_code == 302
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_the_api_default_preference_is_immediate_swedish(people, api):
    assert api(people.chair).get("/api/v1/notifications/preferences/").json() == {
        "delivery": "immediate", "language": "sv"}


@pytest.mark.parametrize("body,field", [
    ({"delivery": "weekly", "language": "sv"}, "delivery"),
    ({"delivery": "digest", "language": "fi"}, "language"),
    ({"delivery": "digest"}, "language"),
    ({"delivery": "digest", "language": "sv", "user": 1}, "user"),
])
def test_the_api_refuses_bad_preferences_naming_the_field(people, api, body, field):
    response = api(people.chair).put("/api/v1/notifications/preferences/", body, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not NotificationPreference.objects.exists()


@pytest.mark.parametrize("pk", ["99999999999999999999999", "0", "9223372036854775808"])
def test_an_id_beyond_any_row_is_404_not_500(people, api, pk):
    assert api(people.owner).post(f"/api/v1/notifications/{pk}/read/").status_code == 404
    page = Client()
    page.force_login(people.owner)
    assert page.post(f"/portfolio/notifications/{pk}/read/").status_code == 404


def test_the_preference_form_saves_and_refuses_bad_input_beside_the_field(people):
    page = Client()
    page.force_login(people.chair)
    bad = page.post("/portfolio/notifications/preferences/", {"delivery": "weekly",
                                                              "language": "sv"})
    assert bad.status_code == 400
    assert "E-post: " in bad.content.decode()
    assert not NotificationPreference.objects.exists()
    ok = page.post("/portfolio/notifications/preferences/", {"delivery": "digest",
                                                             "language": "en"})
    assert ok.status_code == 302
    assert NotificationPreference.objects.get(user=people.chair).delivery == "digest"


def test_open_marks_read_and_goes_to_the_item(people, note):
    page = Client()
    page.force_login(people.owner)
    response = page.post(f"/portfolio/notifications/{note.pk}/read/", {"open": "1"})
    assert response.status_code == 302 and response["Location"] == note.link
    note.refresh_from_db()
    assert note.read_at is not None


def test_the_header_counts_unread_in_one_query(people, note, django_assert_num_queries):
    from django.template import Context, Template
    from django.test import RequestFactory

    page = Client()
    page.force_login(people.owner)
    assert '<span class="badge">1</span>' in page.get("/portfolio/notifications/").content.decode()
    request = RequestFactory().get("/")
    request.user = people.owner
    template = Template("{% load notification_tags %}{% unread_notifications as n %}{{ n }}")
    with django_assert_num_queries(1):
        assert template.render(Context({"request": request})) == "1"
    note.read_at = note.created_at
    note.save()
    assert '<span class="badge">' not in page.get("/portfolio/notifications/").content.decode()


@pytest.mark.parametrize("role", ["owner", "chair", "outsider"])
def test_the_demo_mail_page_shows_ones_own_mails_only(people, settings, tmp_path, role):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    for user, subject in ((people.owner, "Till ägaren"), (people.chair, "Till ordföranden")):
        mail.EmailMessage(subject=subject, body=f"Hej – {subject} är här", to=[user.email],
                          headers={"X-Portfolio-Recipient": str(user.pk)}).send()
    page = _client(people, role)
    text = page.get("/portfolio/notifications/mail/").content.decode()
    assert ("Till ägaren" in text) == (role == "owner")
    assert ("Hej – Till ägaren är här" in text) == (role == "owner")
    assert ("Till ordföranden" in text) == (role == "chair")


def test_the_mail_page_is_404_when_mail_goes_out(people):
    page = _client(people, "owner")
    assert page.get("/portfolio/notifications/mail/").status_code == 404
