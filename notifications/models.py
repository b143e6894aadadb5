"""What a person is told: in-app notifications (mailed at once or in a daily digest) and how
each person wants them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Kind(models.TextChoices):
        WAITING_GATE = "waiting_gate", _("Gate decision waiting")
        WAITING_RECOMMENDATION = "waiting_recommendation", _("Extension request to recommend")
        WAITING_EXTENSION_DECISION = "waiting_extension_decision", _(
            "Extension request to decide")
        DECISION = "decision", _("Decision on your project")
        AGENDA = "agenda", _("Agenda item")
        REQUIREMENT = "requirement", _("Final-report requirement")
        END_DATE = "end_date", _("End date approaching")
        OVERDUE_REQUIREMENT = "overdue_requirement", _("Final-report requirement overdue")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="notifications", verbose_name=_("recipient"))
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    # The values the text is made from; the text itself is rendered in the reader's language
    # (notifications.messages), so the same row reads in Swedish and English.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    project = models.ForeignKey("portfolio.Project", on_delete=models.CASCADE, null=True,
                                blank=True, related_name="+", verbose_name=_("project"))
    # Idempotency: one notification per recipient and cause (an audit event and kind, or a
    # reminder and its date), so a task delivered twice or a command run twice adds nothing.
    key = models.CharField(_("key"), max_length=120)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    mailed_at = models.DateTimeField(_("mailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once"),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self):
        return f"{self.recipient_id} {self.kind} {self.key}"

    @property
    def text(self) -> str:
        from notifications.messages import render  # noqa: PLC0415  (messages imports models)

        return render(self.kind, self.params)


class NotificationPreference(models.Model):
    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediately, one mail each")
        DIGEST = "digest", _("A daily digest")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preference", verbose_name=_("user"))
    delivery = models.CharField(_("e-mail"), max_length=10, choices=Delivery.choices,
                                default=Delivery.IMMEDIATE)
    language = models.CharField(_("language of the e-mails"), max_length=5,
                                choices=settings.LANGUAGES, default="sv")
    # The day the last digest went out: the digest is daily however often the command runs.
    last_digest_on = models.DateField(_("last digest"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return f"{self.user_id} {self.delivery}"
