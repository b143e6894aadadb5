from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditTrailIsAppendOnly(Exception):
    """Raised on any attempt to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs):
        raise AuditTrailIsAppendOnly("audit events cannot be changed")

    def delete(self):
        raise AuditTrailIsAppendOnly("audit events cannot be deleted")

    # bulk_update goes through update(); bulk_create is allowed (append only).


class AuditEvent(models.Model):
    """One change to a project or anything under it: who, when, what, before → after.

    Append-only three times over: the model refuses to save an existing row or delete one,
    the queryset refuses update/delete, and database triggers (see the migration) refuse
    UPDATE and DELETE from any client, the admin and raw SQL included.
    """

    project = models.ForeignKey("portfolio.Project", on_delete=models.DO_NOTHING, null=True,
                                blank=True, related_name="events", db_constraint=False,
                                verbose_name=_("project"))
    committee = models.ForeignKey("portfolio.Committee", on_delete=models.DO_NOTHING, null=True,
                                  blank=True, related_name="events", db_constraint=False)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, null=True,
                              blank=True, related_name="+", db_constraint=False,
                              verbose_name=_("actor"))
    actor_name = models.CharField(_("actor"), max_length=150, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AuditTrailIsAppendOnly("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailIsAppendOnly("audit events cannot be deleted")
