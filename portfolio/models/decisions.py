from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portfolio.lifecycle import Body, Gate, Outcome, State

from .meetings import Meeting
from .projects import Project


class ValidDecisions(models.Manager):
    """Decisions that stand: a decision voided by a correction of the minutes is kept for the
    audit trail but is no decision any more, so every reader (pages, feed, API, reports) skips
    it without having to remember to."""

    def get_queryset(self):
        return super().get_queryset().filter(voided_at__isnull=True)


class GateDecision(models.Model):
    """A decision at a phase gate. Rows are written once by ``decide_gate`` and never edited,
    except that a correction of the meeting's decision before the minutes are adjusted voids
    them (``voided_at``); a voided row is never deleted."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="decisions",
                                verbose_name=_("project"))
    gate = models.CharField(_("gate"), max_length=3, choices=Gate.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    decided_on = models.DateField(_("decided on"))
    decided_by_body = models.CharField(_("deciding body"), max_length=20, choices=Body.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="recorded_decisions", verbose_name=_("recorded by"))
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="gate_decisions", verbose_name=_("meeting"))
    paragraph = models.PositiveIntegerField(_("paragraph (§)"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    from_state = models.CharField(_("state before"), max_length=20, choices=State.choices)
    to_state = models.CharField(_("state after"), max_length=20, choices=State.choices)
    checklist_snapshot = models.JSONField(_("checklist answers at the decision"), default=list)
    directive_version = models.ForeignKey(
        "directives.DocumentVersion", on_delete=models.PROTECT, null=True, blank=True,
        related_name="gate_decisions", verbose_name=_("directive version at the decision"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+", editable=False,
                                  verbose_name=_("voided by"))

    # Everything ever recorded, voided decisions included (the audit trail's view).
    all_objects = models.Manager()
    objects = ValidDecisions()

    class Meta:
        ordering = ["-decided_on", "-id"]
        # Forward foreign keys still reach a voided decision (e.g. from the audit trail).
        base_manager_name = "all_objects"
        default_manager_name = "objects"
        constraints = [
            # The same gate is decided at most once a day: a second, concurrent decision loses.
            # A voided decision no longer counts: the corrected one takes its day and §.
            models.UniqueConstraint(fields=["project", "gate", "decided_on"],
                                    condition=models.Q(voided_at__isnull=True),
                                    name="gate_decided_once_per_day"),
            models.UniqueConstraint(fields=["meeting", "paragraph"],
                                    condition=models.Q(meeting__isnull=False, paragraph__isnull=False,
                                                       voided_at__isnull=True),
                                    name="gate_paragraph_unique_per_meeting"),
        ]
        indexes = [
            # Internal control's "committee decisions without meeting and paragraph": the few
            # such decisions, not every decision of the committee's 10 000 projects.
            models.Index(fields=["project"], name="gate_decision_unminuted",
                         condition=models.Q(decided_by_body="committee")
                         & (models.Q(meeting__isnull=True) | models.Q(paragraph__isnull=True))),
        ]
        verbose_name = _("gate decision")
        verbose_name_plural = _("gate decisions")

    def __str__(self):
        return f"{self.gate} {self.get_outcome_display()} {self.decided_on}"

    @property
    def paragraph_label(self) -> str:
        return f"§ {self.paragraph}" if self.paragraph else ""


class ChecklistAnswer(models.Model):
    """A project's current answer to one gate checklist item."""

    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="checklist_answers")
    item = models.ForeignKey("directives.GateChecklistItem", on_delete=models.PROTECT,
                             related_name="answers")
    # NULL means "not answered yet", distinct from an empty string.
    answer = models.CharField(_("answer"), max_length=3, choices=Answer.choices, null=True,  # noqa: DJ001
                              blank=True)
    comment = models.TextField(_("comment"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "item"], name="one_answer_per_item"),
        ]
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")

    def __str__(self):
        return f"{self.item}: {self.answer or '–'}"
