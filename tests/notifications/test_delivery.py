"""Mail: never in the request, immediate or a daily digest, in the reader's language with a
link; reminders from ``manage.py send_reminders``, idempotent."""


import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from notifications import tasks
from notifications.models import Notification, NotificationPreference
from portfolio.lifecycle import State
from portfolio.models import FinalReportRequirement

Kind = Notification.Kind


def _submit_through_the_api(people, api, project):
    people.fill_directive(project)
    response = api(people.owner).post(f"/api/v1/projects/{project.pk}/transitions/submit/")
    assert response.status_code == 200, response.content[:300]


def test_nothing_is_sent_in_the_request_the_worker_sends_it(
        people, api, mailoutbox, queued_tasks, django_capture_on_commit_callbacks):
    project = people.project()
    with django_capture_on_commit_callbacks(execute=True):
        _submit_through_the_api(people, api, project)
    # Queued for the worker: no notification and no mail yet.
    assert mailoutbox == []
    assert Notification.objects.count() == 0
    queued = DBTaskResult.objects.get(task_path="notifications.tasks.notify_event")
    # What db_worker does with it.
    tasks.notify_event.call(**queued.args_kwargs["kwargs"])
    assert sorted(m.to[0] for m in mailoutbox) == [
        "chair@example.se", "member@example.se", "secretary@example.se", "steering@example.se"]


def test_mail_is_swedish_by_default_with_a_link_and_english_when_chosen(
        people, api, mailoutbox, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://portfolj.example.se"
    NotificationPreference.objects.create(user=people.chair, language="en")
    project = people.project()
    with django_capture_on_commit_callbacks(execute=True):
        _submit_through_the_api(people, api, project)
    by_to = {m.to[0]: m for m in mailoutbox}
    swedish = by_to["secretary@example.se"]
    assert "väntar på ditt beslut om BP0" in swedish.body
    assert f"https://portfolj.example.se/portfolio/{project.pk}/" in swedish.body
    english = by_to["chair@example.se"]
    assert "waits for your decision on BP0" in english.body
    assert f"https://portfolj.example.se/en/portfolio/{project.pk}/" in english.body


def test_digest_readers_get_no_immediate_mail_and_one_digest_a_day(
        people, api, mailoutbox, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=people.secretary, delivery="digest")
    project = people.project()
    with django_capture_on_commit_callbacks(execute=True):
        _submit_through_the_api(people, api, project)
    assert "secretary@example.se" not in [m.to[0] for m in mailoutbox]
    assert "chair@example.se" in [m.to[0] for m in mailoutbox]
    immediate = len(mailoutbox)
    call_command("send_reminders", "--date", "2024-02-01")
    digests = mailoutbox[immediate:]
    assert [m.to[0] for m in digests] == ["secretary@example.se"]
    assert "väntar på ditt beslut om BP0" in digests[0].body
    assert Notification.objects.get(recipient=people.secretary).mailed_at is not None
    # The same day again: nothing; a new notification waits for tomorrow's digest.
    Notification.objects.create(recipient=people.secretary, kind=Kind.AGENDA, key="x",
                                params={"meeting": "GNS 2024-02-05", "heading": "Info"})
    call_command("send_reminders", "--date", "2024-02-01")
    assert len(mailoutbox) == immediate + 1
    call_command("send_reminders", "--date", "2024-02-02")
    assert len(mailoutbox) == immediate + 2 and "Info" in mailoutbox[-1].body


def test_end_date_reminder_is_sent_once(people, mailoutbox):
    project = people.project(State.EXECUTION)  # ends 2024-12-31
    call_command("send_reminders", "--date", "2024-11-01")  # 60 days ahead: not yet
    assert mailoutbox == []
    call_command("send_reminders", "--date", "2024-12-10")
    assert sorted(m.to[0] for m in mailoutbox) == ["manager@example.se", "owner@example.se"]
    assert "2024-12-31" in mailoutbox[0].body and f"/portfolio/{project.pk}/" in mailoutbox[0].body
    call_command("send_reminders", "--date", "2024-12-10")
    call_command("send_reminders", "--date", "2024-12-11")
    assert len(mailoutbox) == 2
    assert Notification.objects.filter(kind=Kind.END_DATE).count() == 2


def test_overdue_final_report_requirement_reminds_until_answered(people, mailoutbox):
    project = people.project(State.EXECUTION)
    open_one = FinalReportRequirement.objects.create(project=project, text="Redovisa effekterna")
    FinalReportRequirement.objects.create(project=project, text="Besvarat krav", answer="Klart")
    call_command("send_reminders", "--date", "2024-12-31")  # the end date itself: not overdue
    assert not Notification.objects.filter(kind=Kind.OVERDUE_REQUIREMENT).exists()
    call_command("send_reminders", "--date", "2025-01-15")
    overdue = Notification.objects.filter(kind=Kind.OVERDUE_REQUIREMENT)
    assert sorted(overdue.values_list("recipient__username", flat=True)) == ["manager", "owner"]
    assert {n.params["text"] for n in overdue} == {open_one.text}
    mails = len(mailoutbox)
    call_command("send_reminders", "--date", "2025-01-15")
    assert len(mailoutbox) == mails


def test_ended_projects_get_no_reminders(people, mailoutbox):
    project = people.project(State.CANCELLED)
    FinalReportRequirement.objects.create(project=project, text="Redovisa effekterna")
    call_command("send_reminders", "--date", "2024-12-10")
    call_command("send_reminders", "--date", "2025-02-10")
    assert mailoutbox == [] and Notification.objects.count() == 0


def test_send_reminders_refuses_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--date"):
        call_command("send_reminders", "--date", "2024-13-45")


def test_a_person_without_an_address_gets_the_list_but_no_mail(people, api, mailoutbox,
                                                                django_capture_on_commit_callbacks):
    people.chair.email = ""
    people.chair.save(update_fields=["email"])
    project = people.project()
    with django_capture_on_commit_callbacks(execute=True):
        _submit_through_the_api(people, api, project)
    assert Notification.objects.filter(recipient=people.chair).exists()
    assert "" not in [m.to[0] for m in mailoutbox] and len(mailoutbox) == 3


def test_a_mail_left_unsent_by_a_failing_server_goes_with_the_next_run(
        people, api, mailoutbox, monkeypatch, django_capture_on_commit_callbacks):
    from django.core.mail.backends.locmem import EmailBackend

    def down(self, messages):
        raise ConnectionRefusedError("smtp down")

    project = people.project()
    with monkeypatch.context() as patched:
        patched.setattr(EmailBackend, "send_messages", down)
        # The task fails (the worker records it); the request had answered already.
        with django_capture_on_commit_callbacks(execute=True):
            _submit_through_the_api(people, api, project)
    assert mailoutbox == []
    assert Notification.objects.filter(mailed_at__isnull=True).count() == 4
    call_command("send_reminders")
    assert len(mailoutbox) == 4
    call_command("send_reminders")
    assert len(mailoutbox) == 4


def test_make_demo_sends_reminders_after_seeding_and_writes_mail_to_files():
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    recipe = subprocess.run(["make", "-n", "demo"], cwd=root, capture_output=True, text=True,
                            timeout=120).stdout
    assert recipe.index("seed_demo") < recipe.index("send_reminders") < recipe.index("runserver")
    makefile = (root / "Makefile").read_text()
    assert "demo: export EMAIL_BACKEND := django.core.mail.backends.filebased.EmailBackend" \
        in makefile


def test_the_demo_writes_mail_to_files_for_people_without_an_address(
        world, settings, tmp_path, django_capture_on_commit_callbacks):
    """The demo keeps no addresses (roles, not people); its mails still show, as files."""
    from notifications import selectors

    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    project = world.project()
    world.fill_directive(project)
    with django_capture_on_commit_callbacks(execute=True):
        from portfolio.services import lifecycle

        lifecycle.submit_project(project=project, by=world.owner)
    mails = selectors.mails_of(world.chair)
    assert [m["to"] for m in mails] == ["chair@localhost"]
    assert "väntar på ditt beslut om BP0" in mails[0]["body"]


def test_without_an_address_smtp_sends_nothing(world, mailoutbox,
                                               django_capture_on_commit_callbacks):
    project = world.project()
    world.fill_directive(project)
    with django_capture_on_commit_callbacks(execute=True):
        from portfolio.services import lifecycle

        lifecycle.submit_project(project=project, by=world.owner)
    assert Notification.objects.filter(recipient=world.chair).exists() and mailoutbox == []
