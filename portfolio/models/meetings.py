from django.conf import settings
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
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+", verbose_name=_("chair"))

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "date"], name="one_meeting_per_day"),
        ]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return f"{self.committee.code} {self.date:%Y-%m-%d}"


class AgendaItem(models.Model):
    """One item of a meeting's agenda (föredragningslista), maybe tied to a pending decision."""

    class Kind(models.TextChoices):
        STANDING = "standing", _("Standing item")
        GATE = "gate", _("Gate decision")
        EXTENSION = "extension", _("Extension request")
        FINAL_REPORT = "final_report", _("Final report (BP4)")
        CANCELLATION = "cancellation", _("Cancellation")
        FOLLOW_UP = "follow_up", _("Follow-up report")
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        """What the committee decided on the item; empty while undecided."""

        START = "start", _("Start")
        NOT_START = "not_start", _("Do not start")
        TABLE = "table", _("Tabled")
        APPROVE = "approve", _("Approved")
        REJECT = "reject", _("Rejected")
        NOTED = "noted", _("Noted")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    heading = models.CharField(_("heading"), max_length=300)
    case_number = models.CharField(_("case number"), max_length=40, blank=True)
    project = models.ForeignKey("portfolio.Project", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="agenda_items")
    gate = models.CharField(_("gate"), max_length=3, blank=True)
    extension_request = models.ForeignKey("portfolio.ExtensionRequest", on_delete=models.PROTECT,
                                          null=True, blank=True, related_name="agenda_items")
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    time_slot = models.TimeField(_("time"), null=True, blank=True)
    description = models.TextField(_("case description"), blank=True)
    proposed_decision = models.TextField(_("proposed decision"), blank=True)
    tabled_from = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("tabled at"))
    decided_paragraph = models.PositiveIntegerField(_("paragraph (§)"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    # The words of the minutes; what was decided is ``outcome``, never parsed from here.
    decision_text = models.TextField(_("decision"), blank=True)
    # The committee's register of cases; an item may name none (standing items).
    case = models.ForeignKey("portfolio.Case", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="agenda_items", verbose_name=_("case"))
    # An information item is noted, not decided; a referral sends the case on to another body.
    is_information = models.BooleanField(_("information item"), default=False)
    referred_to = models.CharField(_("sent on to"), max_length=200, blank=True)
    # The secretary confirms the recorded decision before it stands in the minutes.
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+", editable=False)
    # Confirming carries the decision out in the project's register (gate, extension,
    # cancellation); ``effect`` keeps what it changed so a correction can undo exactly that.
    carried_out = models.BooleanField(_("carried out"), default=False, editable=False)
    effect = models.JSONField(_("what the decision changed"), default=dict, blank=True,
                              editable=False)
    corrected_at = models.DateTimeField(_("corrected"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_position_once"),
        ]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")

    def __str__(self):
        return f"{self.position}. {self.heading}"
