"""Extension requests (förlängning): draft → submitted → recommended → approved | rejected."""

import datetime
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from portfolio import permissions
from portfolio.errors import NotAllowed, StateConflict
from portfolio.lifecycle import RUNNING_STATES
from portfolio.models import (
    AgendaItem,
    BudgetLine,
    BudgetShare,
    ExtensionRequest,
    FinalReportRequirement,
    Meeting,
    Project,
)
from portfolio.services.audit import record_event
from portfolio.services.lifecycle import _check_meeting

OPEN_STATES = (ExtensionRequest.State.DRAFT, ExtensionRequest.State.SUBMITTED,
               ExtensionRequest.State.RECOMMENDED)


@transaction.atomic
def request_extension(*, project: Project, by: User, requested_end_date: datetime.date,
                      reason: str, keeps_resources: bool = True,
                      budget_change: Decimal | int | None = None,
                      budget_change_split: Mapping[str, Any] | None = None,
                      proposed_decision: str = "", proposed_requirements: Iterable[str] = (),
                      today: datetime.date | None = None) -> ExtensionRequest:
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not permissions.can_request_extension(by, project):
        raise NotAllowed(_("Only the project owner requests an extension."))
    if project.state not in RUNNING_STATES:
        raise StateConflict(_("Only a project in pre-study, establishment or execution can be "
                              "extended."), code="wrong_state")
    errors: dict[str, list[str]] = {}
    if project.end_date and requested_end_date <= project.end_date:
        errors["requested_end_date"] = [_("Must be after the current end date %(date)s.")
                                        % {"date": project.end_date}]
    elif requested_end_date < (today or timezone.localdate()):
        errors["requested_end_date"] = [_("Cannot be in the past.")]
    if today and today > timezone.localdate():
        errors["dated"] = [_("Cannot be in the future.")]
    split = _budget_split(project, keeps_resources, budget_change, budget_change_split or {},
                          errors)
    if not (reason or "").strip():
        errors["reason"] = [_("Describe what happened.")]
    if errors:
        raise ValidationError(errors)
    if project.extension_requests.filter(state__in=OPEN_STATES).exists():
        raise StateConflict(_("The project already has an open extension request."),
                            code="extension_pending")
    request = ExtensionRequest.objects.create(
        project=project, requested_end_date=requested_end_date, reason=reason.strip(),
        keeps_resources=keeps_resources, budget_change=budget_change,
        budget_change_split={code: str(amount) for code, amount in split.items()},
        proposed_decision=proposed_decision.strip(),
        proposed_requirements=[t.strip() for t in proposed_requirements if t.strip()],
        previous_end_date=project.end_date, created_by=by,
        dated=today or timezone.localdate(),
    )
    record_event(actor=by, action="extension.created", obj=request, project=project,
                 summary=f"→ {requested_end_date}")
    return request


def _budget_split(project: Project, keeps_resources: bool, budget_change: Decimal | int | None,
                  split: Mapping[str, Any], errors: dict[str, list[str]]) -> dict[str, Decimal]:
    """Check that a budget change is split among the project's financiers to the krona."""
    if keeps_resources:
        if budget_change not in (None, 0) or split:
            errors["budget_change"] = [_("A request that keeps current resources and cost split "
                                         "has no budget change.")]
        return {}
    if budget_change is None:
        errors["budget_change"] = [_("Give the amount the budget changes by.")]
        return {}
    codes = set(project.financiers.values_list("code", flat=True))
    parsed: dict[str, Decimal] = {}
    for code, amount in split.items():
        if code not in codes:
            errors[f"budget_change_split.{code}"] = [_("Not a financier of this project.")]
            continue
        try:
            parsed[code] = Decimal(str(amount))
        except InvalidOperation:
            errors[f"budget_change_split.{code}"] = [_("Not a number.")]
    # An empty split adds up to 0: a budget change must be split, not left unassigned.
    if sum(parsed.values(), Decimal(0)) != Decimal(budget_change):
        errors["budget_change_split"] = [_("The parts add up to %(sum)s, not %(total)s.")
                                         % {"sum": sum(parsed.values(), Decimal(0)),
                                            "total": budget_change}]
    return parsed


def _move(request: ExtensionRequest, by: User, transition: str,
          allowed: Callable[[ExtensionRequest], object]) -> tuple[ExtensionRequest, str]:
    """Lock the request, check ``allowed(request)`` and the state, then run ``transition``."""
    request = ExtensionRequest.objects.select_for_update().select_related("project").get(pk=request.pk)
    if not allowed(request):
        raise NotAllowed(_("You may not %(action)s this extension request.") % {"action": transition})
    before = request.state
    method = getattr(request, transition)
    if not can_proceed(method):
        raise StateConflict(_("The request is %(state)s; %(action)s is not possible.")
                            % {"state": request.get_state_display(), "action": transition},
                            code="wrong_state")
    method()
    return request, before


@transaction.atomic
def submit_extension(*, request: ExtensionRequest, by: User) -> ExtensionRequest:
    request, before = _move(request, by, "submit",
                            lambda r: permissions.can_submit_extension(by, r))
    request.save()
    record_event(actor=by, action="extension.submitted", obj=request, project=request.project,
                 changes={"state": [before, request.state]})
    return request


@transaction.atomic
def recommend_extension(*, request: ExtensionRequest, by: User) -> ExtensionRequest:
    request, before = _move(request, by, "recommend",
                            lambda r: permissions.require_extension_recommender(by, r.project))
    request.save()
    record_event(actor=by, action="extension.recommended", obj=request, project=request.project,
                 changes={"state": [before, request.state]})
    return request


@transaction.atomic
def decide_extension(*, request: ExtensionRequest, by: User, approve: bool,
                     decided_on: datetime.date | None = None, meeting: Meeting | None = None,
                     paragraph: int | None = None,
                     agenda_item: AgendaItem | None = None) -> ExtensionRequest:
    """The committee approves or rejects; approval moves the end date and sets requirements.
    ``agenda_item`` is the meeting's item the decision is confirmed on (it holds the §)."""
    decided_on = decided_on or timezone.localdate()
    request, before = _move(
        request, by, "approve" if approve else "reject",
        lambda r: permissions.require_extension_decider(by, r.project))
    project = Project.objects.select_for_update().get(pk=request.project_id)
    if approve and project.state not in RUNNING_STATES:
        # The project closed or was cancelled while the request waited; it can only be rejected.
        raise StateConflict(_("Only a project in pre-study, establishment or execution can be "
                              "extended."), code="wrong_state")
    _check_meeting(project, meeting, paragraph, decided_on, agenda_item)
    request.decided_on, request.meeting, request.paragraph = decided_on, meeting, paragraph
    request.save()
    # The project's latest decision (in the feed) changed, so its updated time moves too.
    project.save(update_fields=["updated_at"])
    record_event(actor=by, action="extension.approved" if approve else "extension.rejected",
                 obj=request, project=project, changes={"state": [before, request.state]},
                 summary=f"→ {request.requested_end_date}")
    if approve:
        old_end = project.end_date
        project.end_date = request.requested_end_date
        project.save(update_fields=["end_date", "updated_at"])
        record_event(actor=by, action="project.extended", obj=project,
                     changes={"end_date": [old_end, project.end_date]},
                     summary=f"{project.case_number}: {old_end} → {project.end_date}")
        _apply_budget_change(request, project, by)
        source = _("Extension approved %(date)s") % {"date": decided_on}
        if meeting and paragraph:
            source += f", {meeting} § {paragraph}"
        for text in request.proposed_requirements:
            requirement = FinalReportRequirement.objects.create(
                project=project, text=text, source=source, extension_request=request)
            record_event(actor=by, action="final_report.requirement_added", obj=requirement,
                         project=project, summary=text[:200])
    return request


def _apply_budget_change(request: ExtensionRequest, project: Project, by: User) -> None:
    if request.keeps_resources or not request.budget_change:
        return
    position = (project.budget_lines.order_by("-position").values_list("position", flat=True)
                .first() or 0) + 1
    line = BudgetLine.objects.create(
        project=project, position=position, total=request.budget_change,
        activity=_("Extension to %(date)s") % {"date": request.requested_end_date},
        note=_("Budget change of the approved extension"))
    financiers = {f.code: f for f in project.financiers.all()}
    BudgetShare.objects.bulk_create(
        BudgetShare(line=line, financier=financiers[code], amount=Decimal(amount))
        for code, amount in request.budget_change_split.items())
    record_event(actor=by, action="budget.line_added", obj=line, project=project,
                 changes={"total": [None, str(line.total)]}, summary=line.activity)


@transaction.atomic
def table_extension(*, request: ExtensionRequest, by: User, decided_on: datetime.date | None = None,
                    meeting: Meeting | None = None, paragraph: int | None = None) -> ExtensionRequest:
    """The committee tables the request: nothing moves; it returns on the next agenda."""
    request = ExtensionRequest.objects.select_for_update().select_related("project").get(
        pk=request.pk)
    permissions.require_extension_decider(by, request.project)
    if request.state not in (ExtensionRequest.State.SUBMITTED, ExtensionRequest.State.RECOMMENDED):
        raise StateConflict(_("Only a request waiting for the committee can be tabled."),
                            code="wrong_state")
    decided_on = decided_on or timezone.localdate()
    _check_meeting(request.project, meeting, paragraph, decided_on)
    tabled_before = request.tabled_at_id
    request.tabled_at = meeting
    request.save(update_fields=["tabled_at", "updated_at"])
    if meeting is not None and paragraph is not None:
        # The § is kept on the meeting's agenda, so it is never handed out twice.
        item = meeting.items.filter(extension_request=request, decided_paragraph__isnull=True).first()
        if item is None:
            item = AgendaItem(meeting=meeting, extension_request=request, project=request.project,
                              kind=AgendaItem.Kind.EXTENSION, case_number=request.project.case_number,
                              heading=f"Förlängning av {request.project.name}"[:300],
                              position=(meeting.items.aggregate(m=Max("position"))["m"] or 0) + 1)
        item.decided_paragraph, item.decision_text = paragraph, "Bordlagt"
        item.outcome = AgendaItem.Outcome.TABLE
        # Already in the register: confirming the item must not table it again.
        item.carried_out, item.effect = True, {"tabled_before": tabled_before}
        item.save()
    record_event(actor=by, action="extension.tabled", obj=request, project=request.project,
                 summary=f"{decided_on}" + (f" {meeting} § {paragraph}" if meeting and paragraph
                                            else ""))
    return request


@transaction.atomic
def reverse_decision(*, request: ExtensionRequest, by: User, effect: Mapping[str, Any]) -> ExtensionRequest:
    """Undo the committee's decision on ``request`` (a wrong click corrected before the minutes
    are adjusted): the request waits for the committee again in the state it was decided from,
    and an approval's end date, budget line and final-report requirements are taken back.
    ``effect`` is what confirming the decision recorded it changed."""
    request = ExtensionRequest.objects.select_for_update().select_related("project").get(
        pk=request.pk)
    permissions.require_extension_decider(by, request.project)
    project = Project.objects.select_for_update().get(pk=request.project_id)
    if "tabled_before" in effect:
        if request.state not in (ExtensionRequest.State.SUBMITTED,
                                 ExtensionRequest.State.RECOMMENDED):
            raise StateConflict(_("The request has been decided since it was tabled; the tabling "
                                  "can no longer be corrected."), code="depends_on_decision")
        before_tabled = request.tabled_at_id
        request.tabled_at_id = effect["tabled_before"]
        request.save(update_fields=["tabled_at", "updated_at"])
        record_event(actor=by, action="extension.decision_reversed", obj=request, project=project,
                     changes={"tabled_at": [before_tabled, request.tabled_at_id]},
                     summary=_("Tabling corrected"))
        return request
    to_state = effect.get("request_state")
    if to_state not in (ExtensionRequest.State.SUBMITTED, ExtensionRequest.State.RECOMMENDED) \
            or request.state not in (ExtensionRequest.State.APPROVED,
                                     ExtensionRequest.State.REJECTED):
        raise StateConflict(_("The extension decision was recorded before corrections were "
                              "kept; put a new decision on the agenda."), code="not_reversible")
    changes: dict[str, Any] = {"state": [request.state, to_state]}
    if request.state == ExtensionRequest.State.APPROVED:
        if project.end_date != request.requested_end_date:
            raise StateConflict(_("The project's end date has changed since the extension was "
                                  "approved; the approval can no longer be corrected."),
                                code="depends_on_decision")
        requirements = list(request.requirements.all())
        if any(r.answer.strip() for r in requirements):
            raise StateConflict(_("The final report already answers a requirement the extension "
                                  "set; the approval can no longer be corrected."),
                                code="depends_on_decision")
        for requirement in requirements:
            record_event(actor=by, action="final_report.requirement_removed", obj=requirement,
                         project=project, summary=requirement.text[:200])
            requirement.delete()
        line = project.budget_lines.filter(pk=effect.get("budget_line") or 0).first()
        if line is not None:
            record_event(actor=by, action="budget.line_removed", obj=line, project=project,
                         changes={"total": [str(line.total), None]}, summary=line.activity)
            line.delete()
        end_before = effect.get("end_date")
        old_end = project.end_date
        project.end_date = datetime.date.fromisoformat(end_before) if end_before else None
        project.save(update_fields=["end_date", "updated_at"])
        changes["end_date"] = [str(old_end), str(project.end_date)]
    request.revert_decision(to_state=to_state)
    request.decided_on, request.meeting, request.paragraph = None, None, None
    request.save()
    record_event(actor=by, action="extension.decision_reversed", obj=request, project=project,
                 changes=changes, summary=f"→ {request.requested_end_date}")
    return request
