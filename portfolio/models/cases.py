"""The committee's own record (issue #11): cases (ärenden) with one number sequence, their
documents, decisions in numbered points, and the minutes (protokoll) with attendance."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .meetings import AgendaItem, Meeting
from .organisations import Committee, Party
from .projects import Project

# Kommunallagen 13 kap. 5 §: an appeal is filed within three weeks of the day the notice
# of the adjusted minutes was posted on the committee's notice board.
APPEAL_PERIOD = datetime.timedelta(weeks=3)


class Case(models.Model):
    """An ärende: anything the committee handles, with a number from the committee's single
    sequence (shared with projects, so GNS/9/2019 names one case only)."""

    class Kind(models.TextChoices):
        PROJECT = "project", _("Project")
        PRICE_LIST = "price_list", _("Price list")
        BUSINESS_PLAN = "business_plan", _("Business plan")
        INTERIM_REPORT = "interim_report", _("Interim report")
        AUDIT_REPORT = "audit_report", _("Audit report")
        AUDIT_ANSWER = "audit_answer", _("Answer to an audit report")
        MERGER_PROPOSAL = "merger_proposal", _("Merger proposal")
        OTHER = "other", _("Other")

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="cases",
                                  verbose_name=_("committee"))
    year = models.PositiveIntegerField(_("case year"))
    seq = models.PositiveIntegerField(_("case sequence number"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=300)
    # An outside body's own reference, e.g. the auditors' "REV 36/2018".
    external_reference = models.CharField(_("external reference"), max_length=60, blank=True)
    project = models.OneToOneField(Project, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="case", verbose_name=_("project"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "-seq"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year", "seq"],
                                    name="case_number_once_per_committee"),
        ]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        return f"{self.committee.code}/{self.seq}/{self.year}"


class CaseDocument(models.Model):
    """An attachment of a case: the beslutsunderlag the committee decides on."""

    class Kind(models.TextChoices):
        DECISION_BASIS = "beslutsunderlag", _("Decision basis")
        OFFICIAL_MEMO = "tjansteskrivelse", _("Official memo (tjänsteskrivelse)")
        REPORT = "rapport", _("Report")
        ANSWER = "svar", _("Answer")
        OTHER = "ovrigt", _("Other")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents",
                             verbose_name=_("case"))
    kind = models.CharField(_("document kind"), max_length=20, choices=Kind.choices,
                            default=Kind.DECISION_BASIS)
    title = models.CharField(_("title"), max_length=300)
    dated = models.DateField(_("dated"))
    stored_name = models.CharField(max_length=80, editable=False)
    # Saved as cases/<committee>/<year>-<seq>/<random>.<ext> (services.cases): the stored
    # name never comes from the uploader.
    file = models.FileField(_("file"), upload_to="cases/", max_length=255)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dated", "id"]
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")

    def __str__(self):
        return f"{self.title} ({self.dated:%Y-%m-%d})"


class DecisionPoint(models.Model):
    """One numbered point of a proposal or a decision, in the committee's own words."""

    class Stage(models.TextChoices):
        PROPOSAL = "proposal", _("Proposed decision")
        DECISION = "decision", _("Decision")

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="points")
    stage = models.CharField(max_length=10, choices=Stage.choices)
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["item", "stage", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "stage", "number"], name="decision_point_once"),
        ]
        verbose_name = _("decision point")
        verbose_name_plural = _("decision points")

    def __str__(self):
        return f"{self.number}. {self.text}"


class Minutes(models.Model):
    """The protokoll of a meeting. Once adjusted (justerat) it is locked and announced."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Adjusted")

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    chair = models.CharField(_("chair"), max_length=200, blank=True)
    secretary = models.CharField(_("secretary"), max_length=200, blank=True)
    adjusters = models.CharField(_("adjusters"), max_length=400, blank=True,
                                 help_text=_("Who adjusts the minutes (justerare)."))
    adjusted_on = models.DateField(_("adjustment date"), null=True, blank=True)
    kept_at = models.CharField(_("where the minutes are kept"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.DRAFT)
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+", editable=False)
    notice_posted_on = models.DateField(_("notice posted on"), null=True, blank=True,
                                        editable=False)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self):
        return f"Protokoll {self.meeting}"

    @property
    def is_approved(self) -> bool:
        return self.state == self.State.APPROVED

    @property
    def appeal_deadline(self) -> datetime.date | None:
        if self.notice_posted_on is None:
            return None
        return self.notice_posted_on + APPEAL_PERIOD


class Attendance(models.Model):
    """Who sat at the meeting: a member (ledamot) or substitute (ersättare) of a party."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        SUBSTITUTE = "substitute", _("Substitute")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="attendance")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("party"))
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    present = models.BooleanField(_("present"), default=True)
    # "ersätter Robert Uitto (S)": the member a serving substitute replaces.
    replaces = models.CharField(_("replaces"), max_length=200, blank=True)

    class Meta:
        ordering = ["minutes", "role", "party__name", "name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"
