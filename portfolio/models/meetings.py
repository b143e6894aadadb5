from django.db import models
from django.utils.translation import gettext_lazy as _

from .organisations import Committee


class Meeting(models.Model):
    """A committee meeting; decisions taken at it get paragraph numbers (§) in order."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings",
                                  verbose_name=_("committee"))
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "date"], name="one_meeting_per_day"),
        ]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return f"{self.committee.code} {self.date:%Y-%m-%d}"
