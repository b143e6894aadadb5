"""Internal control: what the auditors would ask about (REV 36/2018), computed from the data so
that nobody maintains it by hand."""

from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directives import content as kinds
from directives.models import Document, Template
from portfolio.lifecycle import END_STATES, RUNNING_STATES, Body
from portfolio.models import (
    BudgetLine,
    ExtensionRequest,
    FinalReportRequirement,
    GateDecision,
    Project,
)

# English msgids, Swedish in locale/sv: the page and the API speak the reader's language.
CHECKS = [
    ("no_risks", gettext_lazy("Projects without documented risks")),
    ("no_effect_goals", gettext_lazy("Projects without effect goals")),
    ("decision_without_meeting", gettext_lazy("Committee decisions without meeting and paragraph")),
    ("past_end_date", gettext_lazy("Projects past their end date without an approved extension")),
    ("over_cost_cap", gettext_lazy("Budget over the cost cap")),
    ("requirement_overdue", gettext_lazy("Final-report requirements that are overdue")),
]


def _directive_content(projects) -> dict[int, dict]:
    latest = {}
    documents = Document.objects.filter(project__in=projects, kind=Template.Kind.DIRECTIVE,
                                        extension_request__isnull=True).prefetch_related("versions")
    for document in documents:
        version = max(document.versions.all(), key=lambda v: (v.major, v.minor), default=None)
        latest[document.project_id] = version.content if version else {}
    return latest


def _row(project, detail):
    return {"project": project.pk, "case_number": project.case_number, "name": project.name,
            "state": project.state, "detail": detail}


def findings(committee=None, today=None, committees=None) -> dict:
    """``committees`` (a queryset) limits the findings to what the reader may see."""
    today = today or timezone.localdate()
    running = Project.objects.select_related("committee").exclude(state__in=END_STATES)
    if committees is not None:
        running = running.filter(committee__in=committees)
    if committee is not None:
        running = running.filter(committee=committee)
    projects = list(running)
    # Subqueries, not lists of ids: ten thousand bound parameters cost more than the rows.
    running_ids = running.values("pk")
    content = _directive_content(running_ids)
    result = {key: [] for key, _ in CHECKS}
    for project in projects:
        directive = content.get(project.pk, {})
        if not project.risks.strip() and kinds.is_empty("risks", directive.get("risks")):
            result["no_risks"].append(_row(project, ""))
        if not project.effect_goals.strip() and kinds.is_empty("goals", directive.get("goals")):
            result["no_effect_goals"].append(_row(project, ""))
    # Past the current end date (which already includes approved extensions) with no request
    # waiting: the project runs without a decision to do so.
    open_request = ExtensionRequest.objects.filter(
        project=OuterRef("pk"), state__in=[ExtensionRequest.State.DRAFT,
                                           ExtensionRequest.State.SUBMITTED,
                                           ExtensionRequest.State.RECOMMENDED])
    for project in (Project.objects.filter(pk__in=running_ids,
                                           state__in=RUNNING_STATES, end_date__lt=today)
                    .annotate(pending=Exists(open_request)).select_related("committee")
                    .filter(pending=False)):
        result["past_end_date"].append(_row(project, _("end date %(date)s") % {"date": project.end_date}))
    decisions = GateDecision.objects.filter(decided_by_body=Body.COMMITTEE).filter(
        Q(meeting__isnull=True) | Q(paragraph__isnull=True)).select_related("project__committee")
    if committee is not None:
        decisions = decisions.filter(project__committee=committee)
    if committees is not None:
        decisions = decisions.filter(project__committee__in=committees)
    for decision in decisions:
        result["decision_without_meeting"].append(
            _row(decision.project, f"{decision.gate} {decision.get_outcome_display()} "
                                   f"{decision.decided_on}"))
    budgets = dict(BudgetLine.objects.filter(project__in=running_ids).order_by()
                   .values("project").annotate(total=Sum("total")).values_list("project", "total"))
    for project in projects:
        total = budgets.get(project.pk) or Decimal(0)
        if project.cost_cap is not None and total > project.cost_cap:
            result["over_cost_cap"].append(
                _row(project, _("budget %(total)s kr > cap %(cap)s kr")
                     % {"total": f"{total:.0f}", "cap": f"{project.cost_cap:.0f}"}))
    # An ended project's final report never comes due (a cancelled one writes none).
    requirements = FinalReportRequirement.objects.filter(
        answer="", project__end_date__lt=today).exclude(
        project__state__in=END_STATES).select_related("project__committee")
    if committee is not None:
        requirements = requirements.filter(project__committee=committee)
    if committees is not None:
        requirements = requirements.filter(project__committee__in=committees)
    for requirement in requirements:
        result["requirement_overdue"].append(
            _row(requirement.project, _("%(text)s (end date %(date)s)")
                 % {"text": requirement.text, "date": requirement.project.end_date}))
    return {"as_of": today.isoformat(),
            "committee": committee.code if committee else None,
            "checks": [{"key": key, "title": str(title), "count": len(result[key]),
                        "items": result[key]}
                       for key, title in CHECKS]}
