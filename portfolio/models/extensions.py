from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from .meetings import Meeting
from .projects import Project


class ExtensionRequest(ConcurrentTransitionMixin, models.Model):
    """A request to move a project's end date (förlängning)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RECOMMENDED = "recommended", _("Recommended by the steering group")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="extension_requests")
    state = FSMField(_("state"), default=State.DRAFT, choices=State.choices, protected=True)
    requested_end_date = models.DateField(_("requested end date"))
    previous_end_date = models.DateField(_("end date before the request"), null=True, blank=True)
    reason = models.TextField(_("what happened"))
    keeps_resources = models.BooleanField(
        _("keeps current resources and cost split"), default=True)
    budget_change = models.DecimalField(_("budget change"), max_digits=14, decimal_places=2,
                                        null=True, blank=True)
    budget_change_split = models.JSONField(
        _("split of the budget change"), default=dict, blank=True,
        help_text=_("Financier code → amount (decimal string); adds up to the budget change."))
    tabled_at = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="tabled_extensions",
                                  verbose_name=_("last tabled at"))
    proposed_decision = models.TextField(_("proposed decision"), blank=True)
    # The committee case (tjänsteskrivelse) is dated by this, not by when it was typed in.
    dated = models.DateField(_("dated"), null=True, blank=True)
    proposed_requirements = models.JSONField(_("proposed final-report requirements"),
                                             default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="extension_decisions")
    paragraph = models.PositiveIntegerField(_("paragraph (§)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")

    def __str__(self):
        return f"{self.project.case_number}: → {self.requested_end_date}"

    @transition(field=state, source=State.DRAFT, target=State.SUBMITTED)
    def submit(self):
        pass

    @transition(field=state, source=State.SUBMITTED, target=State.RECOMMENDED)
    def recommend(self):
        pass

    @transition(field=state, source=State.RECOMMENDED, target=State.APPROVED)
    def approve(self):
        pass

    @transition(field=state, source=[State.SUBMITTED, State.RECOMMENDED], target=State.REJECTED)
    def reject(self):
        pass

    # A committee decision corrected before the minutes are adjusted: the request waits for
    # the committee again in the state it was decided from.
    @transition(field=state, source=[State.APPROVED, State.REJECTED],
                target=RETURN_VALUE(State.SUBMITTED, State.RECOMMENDED))  # type: ignore[misc]
    def revert_decision(self, to_state):
        return to_state


class FinalReportRequirement(models.Model):
    """Something the final report must answer, e.g. set when an extension is approved."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT,
                                related_name="final_report_requirements")
    text = models.TextField(_("requirement"))
    source = models.CharField(_("source"), max_length=200, blank=True)
    extension_request = models.ForeignKey(ExtensionRequest, on_delete=models.PROTECT, null=True,
                                          blank=True, related_name="requirements")
    answer = models.TextField(_("answer"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "id"]
        verbose_name = _("final-report requirement")
        verbose_name_plural = _("final-report requirements")

    def __str__(self):
        return self.text[:80]
