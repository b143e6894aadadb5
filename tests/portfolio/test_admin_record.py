"""The committee's record and the notifications in the admin: shown, never written, and the
case documents never linked as bare media files."""

import datetime

import pytest

from notifications.models import Notification, NotificationPreference
from portfolio.models import AuditEvent, Case, CaseDocument, Minutes
from portfolio.services import cases, meetings, minutes

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def su(world, client):
    client.force_login(world.admin)
    return client


@pytest.fixture
def record(world):
    case = cases.open_case(committee=world.committee, kind="interim_report",
                           title="Tertialrapport per april 2019", by=world.secretary)
    document = cases.add_document(case=case, kind="beslutsunderlag", title="Tertialrapport",
                                  dated=datetime.date(2019, 5, 20), content=PDF,
                                  by=world.secretary)
    meeting = meetings.create_meeting(committee=world.committee, date=datetime.date(2019, 6, 3),
                                      by=world.secretary, place="Styrelserummet")
    minutes.update_minutes(meeting=meeting, by=world.secretary, chair="Ordföranden",
                           secretary="Sekreteraren", adjusters="Justeraren",
                           adjusted_on=datetime.date(2019, 6, 10), kept_at="Kansliet")
    notification = Notification.objects.create(recipient=world.owner, kind="decision",
                                               key="test-1", link="/portfolio/")
    preference = NotificationPreference.objects.create(user=world.owner, delivery="digest")
    return {Case: case, CaseDocument: document, Minutes: Minutes.objects.get(meeting=meeting),
            Notification: notification, NotificationPreference: preference}


def _url(model, action="changelist", obj=None):
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    if action == "changelist":
        return base
    if action == "add":
        return base + "add/"
    return f"{base}{obj.pk}/{action}/"


@pytest.mark.parametrize("model", [Case, Minutes, Notification, NotificationPreference],
                         ids=lambda m: m.__name__)
def test_record_admins_show_and_refuse_every_write(su, record, model):
    obj = record[model]
    count, audit = model.objects.count(), AuditEvent.objects.count()
    assert su.get(_url(model)).status_code == 200
    page = su.get(_url(model, "change", obj))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="_save"' not in html and "deletelink" not in html
    assert su.get(_url(model, "add")).status_code == 403
    assert su.post(_url(model, "add"), {}).status_code == 403
    assert su.post(_url(model, "change", obj), {}).status_code == 403
    assert su.post(_url(model, "delete", obj), {"post": "yes"}).status_code == 403
    su.post(_url(model), {"action": "delete_selected", "_selected_action": [obj.pk],
                          "post": "yes"})
    assert model.objects.count() == count
    assert AuditEvent.objects.count() == audit


def test_case_admin_lists_the_documents_without_a_media_link(su, record):
    html = su.get(_url(Case, "change", record[Case])).content.decode()
    assert "Tertialrapport" in html and "2019-05-20" in html
    # Documents are served only by the authorized download view.
    assert record[CaseDocument].file.name not in html


def test_case_list_shows_the_committee_case_number(su, record, world):
    html = su.get(_url(Case)).content.decode()
    assert record[Case].number in html


def test_a_committee_officer_without_staff_status_is_kept_out(client, world, record):
    client.force_login(world.secretary)
    response = client.get(_url(Case))
    assert response.status_code == 302 and "/login/" in response["Location"]
