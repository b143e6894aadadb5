from collections.abc import Callable

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from portfolio.lifecycle import ACTIVE_STATES, State, gate_transitions, reversal_transition

from .organisations import Committee, Party


class CaseNumberSequence(models.Model):
    """Last case number handed out per committee and year; numbers are never reused."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="case_sequences")
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["committee", "year"], name="one_sequence_per_committee_year"),
        ]

    def __str__(self):
        return f"{self.committee.code}/{self.last_number}/{self.year}"


class ProjectQuerySet(models.QuerySet["Project"]):
    def with_related(self):
        return self.select_related("committee", "owner", "manager").prefetch_related(
            "parties", "steering_group__user"
        )


class Project(ConcurrentTransitionMixin, models.Model):
    class Kind(models.TextChoices):
        PROJECT = "project", _("Project")
        PRESTUDY = "prestudy", _("Pre-study")
        SERVICE = "service", _("Service")

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="projects",
                                  verbose_name=_("committee"))
    case_year = models.PositiveIntegerField(_("case year"), editable=False)
    case_seq = models.PositiveIntegerField(_("case sequence number"), editable=False)
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PROJECT)
    state = FSMField(_("state"), default=State.DRAFT, choices=State.choices, protected=True,
                     db_index=True)
    parties = models.ManyToManyField(Party, related_name="requested_projects", blank=True,
                                     verbose_name=_("requesting parties"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="owned_projects", verbose_name=_("project owner"))
    owner_party = models.ForeignKey(Party, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="financed_projects",
                                    verbose_name=_("owning party"),
                                    help_text=_("The financing organisation the owner represents."))
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                blank=True, related_name="managed_projects",
                                verbose_name=_("project manager"))
    recipient = models.CharField(_("recipient"), max_length=300, blank=True)
    project_group = models.TextField(_("project group"), blank=True)
    reference_groups = models.TextField(_("reference groups"), blank=True)
    cost_object = models.CharField(_("cost object"), max_length=20, blank=True, db_index=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    planned_end_date = models.DateField(_("originally planned end date"), null=True, blank=True)
    end_date = models.DateField(_("current end date"), null=True, blank=True)
    cost_cap = models.DecimalField(_("cost cap"), max_digits=14, decimal_places=2, null=True,
                                   blank=True)
    estimated_hours = models.DecimalField(_("estimated hours"), max_digits=10, decimal_places=1,
                                          null=True, blank=True)
    risks = models.TextField(_("risks"), blank=True)
    effect_goals = models.TextField(_("effect goals with measures"), blank=True)
    is_public = models.BooleanField(
        _("public"), default=True,
        help_text=_("Shown in the intranet feed. Turn off for cases under secrecy."),
    )
    feed_hidden_fields = models.JSONField(
        _("fields kept out of the feed"), default=list, blank=True,
        help_text=_("Feed fields not published for this project, e.g. budget."))
    cancel_reason = models.TextField(_("reason for cancellation"), blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    # The owner proposes the steering group; it acts only once the committee has confirmed it
    # (a chair or secretary, or BP0 "start"). Changing the group un-confirms it.
    steering_group_confirmed_at = models.DateTimeField(_("steering group confirmed"), null=True,
                                                       blank=True, editable=False)
    steering_group_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, editable=False,
        related_name="+", verbose_name=_("steering group confirmed by"))
    template_version = models.ForeignKey("directives.TemplateVersion", on_delete=models.PROTECT,
                                         null=True, blank=True, related_name="projects",
                                         verbose_name=_("template version"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-case_year", "-case_seq"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "case_year", "case_seq"],
                                    name="case_number_unique"),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="end_not_before_start",
            ),
        ]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self):
        return f"{self.case_number} {self.name}"

    @property
    def case_number(self) -> str:
        return f"{self.committee.code}/{self.case_seq}/{self.case_year}"

    # -- lifecycle: what may happen; the services in portfolio.services.lifecycle say who.

    @transition(field=state, source=State.DRAFT, target=State.SUBMITTED)
    def submit(self):
        pass

    # The gate transitions (start_prestudy … close, and reject) are made from GATE_RULES:
    # a new gate is a new rule in portfolio.lifecycle, not a new method here.
    locals().update(gate_transitions(state))
    locals().update(reversal_transition(state))
    # Made by reversal_transition: back to the state before a decision corrected in the minutes.
    revert_decision: Callable[..., str]

    @transition(field=state, source=list(ACTIVE_STATES), target=State.CANCELLED)
    def cancel(self, reason: str, on=None):
        self.cancel_reason = reason
        self.cancelled_on = on


class SteeringGroupMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MEMBER = "member", _("Member")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="steering_group")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="steering_roles", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    responsibility = models.CharField(_("responsibility"), max_length=300, blank=True)

    class Meta:
        ordering = ["project", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="steering_member_once"),
            models.UniqueConstraint(fields=["project"], condition=models.Q(role="chair"),
                                    name="one_steering_chair"),
        ]
        verbose_name = _("steering group member")
        verbose_name_plural = _("steering group")

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"
