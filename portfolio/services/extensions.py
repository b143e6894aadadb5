"""Extension requests (förlängning): draft → submitted → recommended → approved | rejected."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from portfolio import permissions
from portfolio.errors import NotAllowed, StateConflict
from portfolio.lifecycle import RUNNING_STATES
from portfolio.models import ExtensionRequest, FinalReportRequirement, Meeting, Project
from portfolio.services.audit import record_event
from portfolio.services.lifecycle import _check_meeting

OPEN_STATES = (ExtensionRequest.State.DRAFT, ExtensionRequest.State.SUBMITTED,
               ExtensionRequest.State.RECOMMENDED)


@transaction.atomic
def request_extension(*, project: Project, by, requested_end_date: datetime.date, reason: str,
                      keeps_resources: bool = True, budget_change=None,
                      proposed_decision: str = "", proposed_requirements=()) -> ExtensionRequest:
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not (by.is_superuser or project.owner_id == by.id):
        raise NotAllowed(_("Only the project owner requests an extension."))
    if project.state not in RUNNING_STATES:
        raise StateConflict(_("Only a project in pre-study, establishment or execution can be "
                              "extended."), code="wrong_state")
    errors = {}
    if project.end_date and requested_end_date <= project.end_date:
        errors["requested_end_date"] = [_("Must be after the current end date %(date)s.")
                                        % {"date": project.end_date}]
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
        proposed_decision=proposed_decision.strip(),
        proposed_requirements=[t.strip() for t in proposed_requirements if t.strip()],
        previous_end_date=project.end_date, created_by=by,
    )
    record_event(actor=by, action="extension.created", obj=request, project=project,
                 summary=f"→ {requested_end_date}")
    return request


def _move(request: ExtensionRequest, by, transition: str, allowed) -> tuple[ExtensionRequest, str]:
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
def submit_extension(*, request: ExtensionRequest, by) -> ExtensionRequest:
    request, before = _move(request, by, "submit",
                            lambda r: by.is_superuser or r.project.owner_id == by.id)
    request.save()
    record_event(actor=by, action="extension.submitted", obj=request, project=request.project,
                 changes={"state": [before, request.state]})
    return request


@transaction.atomic
def recommend_extension(*, request: ExtensionRequest, by) -> ExtensionRequest:
    request, before = _move(request, by, "recommend",
                            lambda r: by.is_superuser or permissions.steering_role(by, r.project))
    request.save()
    record_event(actor=by, action="extension.recommended", obj=request, project=request.project,
                 changes={"state": [before, request.state]})
    return request


@transaction.atomic
def decide_extension(*, request: ExtensionRequest, by, approve: bool,
                     decided_on: datetime.date | None = None, meeting: Meeting | None = None,
                     paragraph: int | None = None) -> ExtensionRequest:
    """The committee approves or rejects; approval moves the end date and sets requirements."""
    decided_on = decided_on or timezone.localdate()
    request, before = _move(
        request, by, "approve" if approve else "reject",
        lambda r: permissions.is_committee_decider(by, r.project.committee_id))
    project = Project.objects.select_for_update().get(pk=request.project_id)
    _check_meeting(project, meeting, paragraph, decided_on)
    request.decided_on, request.meeting, request.paragraph = decided_on, meeting, paragraph
    request.save()
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
        source = _("Extension approved %(date)s") % {"date": decided_on}
        if meeting and paragraph:
            source += f", {meeting} § {paragraph}"
        for text in request.proposed_requirements:
            requirement = FinalReportRequirement.objects.create(
                project=project, text=text, source=source, extension_request=request)
            record_event(actor=by, action="final_report.requirement_added", obj=requirement,
                         project=project, summary=text[:200])
    return request
