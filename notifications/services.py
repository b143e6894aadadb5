"""Writing notifications and sending their mails. Runs in the background (notifications.tasks)
and from ``manage.py send_reminders``, never in a request, except marking read and the
preference, which are the reader's own writes."""

import datetime
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications import messages, rules
from notifications.models import Notification, NotificationPreference
from portfolio.lifecycle import END_STATES, State
from portfolio.models import AuditEvent, FinalReportRequirement, Project

Delivery = NotificationPreference.Delivery


def preference_for(user: User) -> NotificationPreference:
    """The person's preference; immediate mail in Swedish until they choose."""
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference or NotificationPreference(user=user)


def _store(planned: Iterable[rules.Planned]) -> list[Notification]:
    """The planned notifications not stored before (the key makes a repeat a no-op)."""
    created = []
    for p in planned:
        try:
            with transaction.atomic():
                notification, new = Notification.objects.get_or_create(
                    recipient=p.recipient, key=p.key[:120],
                    defaults={"kind": p.kind, "params": p.params, "link": p.link[:300],
                              "project": p.project})
        except IntegrityError:  # the same key stored by a parallel run of the same task
            continue
        if new:
            created.append(notification)
    return created


def notify_event(*, event_id: int) -> list[Notification]:
    """The background task's work for one audit event: store who is told, then mail those who
    want mail at once."""
    event = AuditEvent.objects.filter(pk=event_id).first()
    if event is None:
        return []
    created = _store(rules.plan(event))
    send_immediate(created)
    return created


def absolute_link(link: str, language: str) -> str:
    base = str(getattr(settings, "SITE_URL", "")).rstrip("/")
    if not link:
        return base + "/"
    # Links are stored as the default language's paths, so they resolve under it.
    with translation.override(settings.LANGUAGE_CODE):
        return base + translate_url(link, language)


def address_of(user: User) -> str:
    """Where a person's mail goes; "" for nobody. When mails are only written to files (the
    demo: nothing leaves the machine) a person without an address gets a local one, so the
    demo shows everyone's mails without keeping addresses in its data."""
    if user.email:
        return user.email
    if settings.EMAIL_BACKEND == "django.core.mail.backends.filebased.EmailBackend":
        return f"{user.get_username()}@localhost"
    return ""


def _mail(user: User, language: str, subject: str, template: str,
          context: dict[str, object]) -> EmailMessage:
    with translation.override(language):
        body = render_to_string(template, {"user": user, **context})
    return EmailMessage(subject=subject, body=body, to=[address_of(user)],
                        headers={"X-Portfolio-Recipient": str(user.pk)})


def _claim(notifications: Sequence[Notification]) -> list[Notification]:
    """Mark as mailed before sending: a task delivered twice, or a digest and an immediate
    mail at the same moment, never mail one notification twice."""
    now = timezone.now()
    claimed = []
    for n in notifications:
        if Notification.objects.filter(pk=n.pk, mailed_at__isnull=True).update(mailed_at=now):
            n.mailed_at = now
            claimed.append(n)
    return claimed


def _unclaim(notifications: Sequence[Notification]) -> None:
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(mailed_at=None)


def send_immediate(notifications: Sequence[Notification]) -> int:
    """Mail each notification whose recipient wants immediate mail; the number sent."""
    sent = 0
    by_user: dict[int, list[Notification]] = {}
    for n in notifications:
        by_user.setdefault(n.recipient_id, []).append(n)
    if not by_user:
        return 0
    users = User.objects.filter(pk__in=by_user).select_related("notification_preference")
    connection = get_connection()
    for user in users:
        preference = preference_for(user)
        if preference.delivery != Delivery.IMMEDIATE or not address_of(user):
            continue
        for n in _claim(by_user[user.pk]):
            with translation.override(preference.language):
                subject = messages.subject(n.kind, n.params)
                mail = _mail(user, preference.language, subject, "notifications/mail.txt",
                             {"text": n.text,
                              "url": absolute_link(n.link, preference.language)})
            mail.connection = connection
            try:
                mail.send()
            except Exception:
                _unclaim([n])
                raise
            sent += 1
    return sent


def send_digests(*, today: datetime.date) -> int:
    """One mail per digest reader with what they have not been mailed; once a day."""
    sent = 0
    preferences = (NotificationPreference.objects.filter(delivery=Delivery.DIGEST)
                   .exclude(last_digest_on=today).filter(user__is_active=True)
                   .select_related("user"))
    connection = get_connection()
    for preference in preferences:
        user = preference.user
        if not address_of(user):
            continue
        pending = list(Notification.objects.filter(recipient=user, mailed_at__isnull=True)
                       .order_by("created_at", "id"))
        claimed = _claim(pending)
        if not claimed:
            continue
        with translation.override(preference.language):
            subject = _("Portfolio: %(n)s new notifications") % {"n": len(claimed)}
            items = [{"text": n.text, "url": absolute_link(n.link, preference.language)}
                     for n in claimed]
            mail = _mail(user, preference.language, subject, "notifications/digest.txt",
                         {"items": items, "day": today})
        mail.connection = connection
        try:
            mail.send()
        except Exception:
            _unclaim(claimed)
            raise
        NotificationPreference.objects.filter(pk=preference.pk).update(last_digest_on=today)
        sent += 1
    return sent


def _end(project: Project) -> datetime.date | None:
    return project.end_date or project.planned_end_date


def plan_reminders(*, today: datetime.date) -> list[rules.Planned]:
    """Reminders for the owner and manager: the end date within REMINDER_DAYS, and, after the
    end date, each final-report requirement still without an answer. Keyed by the date they are
    about, so a reminder is made once, not every day."""
    days = int(getattr(settings, "NOTIFICATION_REMINDER_DAYS", 30))
    horizon = today + datetime.timedelta(days=days)
    running = (Project.objects.exclude(state__in=[*END_STATES, State.DRAFT])
               .select_related("owner", "manager"))
    planned = []
    ending = running.filter(Q(end_date__range=(today, horizon))
                            | Q(end_date__isnull=True, planned_end_date__range=(today, horizon)))
    for project in ending:
        end = _end(project)
        assert end is not None
        for user in rules._people(rules._runners(project), actor_id=None, project=project):
            planned.append(rules.Planned(
                user, Notification.Kind.END_DATE, f"reminder:end:{project.pk}:{end}",
                {"project": str(project), "date": end.isoformat()},
                rules.link_to("portfolio:detail", project.pk), project))
    overdue = (FinalReportRequirement.objects.filter(answer="", project__in=running)
               .filter(Q(project__end_date__lt=today)
                       | Q(project__end_date__isnull=True, project__planned_end_date__lt=today))
               .select_related("project__owner", "project__manager"))
    for requirement in overdue:
        project = requirement.project
        end = _end(project)
        assert end is not None
        for user in rules._people(rules._runners(project), actor_id=None, project=project):
            planned.append(rules.Planned(
                user, Notification.Kind.OVERDUE_REQUIREMENT,
                f"reminder:overdue:{requirement.pk}:{end}",
                {"project": str(project), "date": end.isoformat(),
                 "text": requirement.text[:300]},
                rules.link_to("portfolio:detail", project.pk), project))
    return planned


def send_reminders(*, today: datetime.date) -> dict[str, int]:
    """What ``manage.py send_reminders`` does: store the reminders due, mail them to the
    immediate readers, and send the day's digests. Running it again the same day adds and
    sends nothing."""
    created = _store(plan_reminders(today=today))
    # The new reminders, and what a failed mail server left unsent in the last week.
    since = timezone.now() - datetime.timedelta(days=7)
    pending = list(Notification.objects.filter(mailed_at__isnull=True, created_at__gte=since)
                   .exclude(recipient__notification_preference__delivery=Delivery.DIGEST))
    immediate = send_immediate(pending)
    digests = send_digests(today=today)
    return {"reminders": len(created), "mails": immediate, "digests": digests}


# -- The reader's own writes (pages and API) -------------------------------------------------

def mark_read(*, notification_id: int, by: User) -> Notification:
    """Only the recipient marks a notification read; anyone else is told it does not exist."""
    if not 0 < notification_id < 2**63:  # beyond the column: no such row, not a database error
        raise Http404
    notification = Notification.objects.filter(pk=notification_id, recipient=by).first()
    if notification is None:
        raise Http404
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, by: User) -> int:
    return Notification.objects.filter(recipient=by, read_at__isnull=True).update(
        read_at=timezone.now())


def set_preference(*, user: User, delivery: str, language: str) -> NotificationPreference:
    preference, _new = NotificationPreference.objects.update_or_create(
        user=user, defaults={"delivery": delivery, "language": language})
    return preference
