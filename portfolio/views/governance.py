"""Pages for meetings and agendas, extension requests, the steering group's desk and the
internal-control overview. Thin: services write, selectors read."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directives.http import pdf_response
from directives.rendering import agenda_html, minutes_extract_html
from portfolio import permissions
from portfolio.errors import DomainError, describe
from portfolio.lifecycle import GATE_RULES, Body
from portfolio.models import (
    AgendaItem,
    Committee,
    ExtensionRequest,
    Meeting,
    Project,
    SteeringGroupMember,
)
from portfolio.reports import control
from portfolio.services import extensions, lifecycle, meetings

_error_text = describe


def _date(value, field):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError as exc:
        raise ValidationError({field: [_("Enter a date as YYYY-MM-DD.")]}) from exc


@login_required
def meeting_list(request):
    committees = Committee.objects.all()
    posted = {}
    if request.method == "POST":
        posted = request.POST
        try:
            committee = Committee.objects.get(code=request.POST.get("committee"))
            meeting = meetings.create_meeting(
                committee=committee, date=_date(request.POST.get("date"), "date"),
                by=request.user, place=request.POST.get("place", ""),
                start_time=datetime.time.fromisoformat(request.POST["start_time"])
                if request.POST.get("start_time") else None)
        except Committee.DoesNotExist:
            messages.error(request, _("Choose a committee."))
        except (DomainError, ValidationError, ValueError) as exc:
            messages.error(request, _error_text(exc) if not isinstance(exc, ValueError)
                           else _("Enter a time as HH:MM."))
        else:
            return redirect("portfolio:meeting", pk=meeting.pk)
    return render(request, "portfolio/meetings.html", {
        "meetings": Meeting.objects.select_related("committee").order_by("-date")[:100],
        "committees": committees, "posted": posted,
        "can_create": any(permissions.is_committee_decider(request.user, c.pk) for c in committees),
    }, status=400 if posted else 200)


def _meeting(pk) -> Meeting:
    try:
        return Meeting.objects.select_related("committee", "chair").get(pk=pk)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def meeting_detail(request, pk):
    meeting = _meeting(pk)
    items = meeting.items.select_related("project", "extension_request", "tabled_from")
    return render(request, "portfolio/meeting.html", {
        "meeting": meeting, "items": items,
        "projects": Project.objects.filter(committee=meeting.committee_id).order_by("-case_year",
                                                                                  "-case_seq"),
        "can_manage": permissions.is_committee_decider(request.user, meeting.committee_id),
        "next_paragraph": meetings.next_paragraph(meeting),
    })


@login_required
@require_POST
def meeting_build_agenda(request, pk):
    meeting = _meeting(pk)
    try:
        meetings.build_agenda(meeting=meeting, by=request.user)
    except (DomainError, ValidationError) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The agenda has been built."))
    return redirect("portfolio:meeting", pk=pk)


@login_required
@require_POST
def meeting_decide_item(request, pk, item_id):
    meeting = _meeting(pk)
    try:
        item = meeting.items.get(pk=item_id)
        decided = meetings.decide_item(item=item, outcome=request.POST.get("outcome", ""),
                                       by=request.user, comment=request.POST.get("comment", ""))
    except AgendaItem.DoesNotExist as exc:
        raise Http404 from exc
    except (DomainError, ValidationError) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("§ %(n)s recorded: %(text)s")
                         % {"n": decided.decided_paragraph, "text": decided.decision_text})
    return redirect("portfolio:meeting", pk=pk)


@login_required
def meeting_agenda_pdf(request, pk):
    meeting = _meeting(pk)
    return pdf_response(agenda_html(meeting), f"kallelse-{meeting.committee.code}-{meeting.date}.pdf")


@login_required
def minutes_extract_pdf(request, pk, item_id):
    meeting = _meeting(pk)
    item = meeting.items.filter(pk=item_id, decided_paragraph__isnull=False).first()
    if item is None:
        raise Http404
    return pdf_response(minutes_extract_html(item),
                        f"protokollsutdrag-{meeting.committee.code}-{meeting.date}-"
                        f"{item.decided_paragraph}.pdf")


@login_required
@require_POST
def extension_create(request, pk):
    try:
        project = Project.objects.get(pk=pk)
    except Project.DoesNotExist as exc:
        raise Http404 from exc
    requirements = [line.strip() for line in request.POST.get("requirements", "").splitlines()
                    if line.strip()]
    try:
        extensions.request_extension(
            project=project, by=request.user,
            requested_end_date=_date(request.POST.get("requested_end_date"), "requested_end_date")
            or _missing("requested_end_date"),
            reason=request.POST.get("reason", ""),
            keeps_resources=request.POST.get("keeps_resources") == "on",
            proposed_decision=request.POST.get("proposed_decision", ""),
            proposed_requirements=requirements,
            today=_date(request.POST.get("dated"), "dated"))
    except (DomainError, ValidationError) as exc:
        messages.error(request, _error_text(exc))
        request.session["extension_draft"] = {k: request.POST.get(k, "") for k in (
            "requested_end_date", "reason", "proposed_decision", "requirements", "dated")}
    else:
        request.session.pop("extension_draft", None)
        messages.success(request, _("The extension request has been saved as a draft."))
    return redirect("portfolio:detail", pk=pk)


def _missing(field):
    raise ValidationError({field: [_("This field is required.")]})


@login_required
@require_POST
def extension_transition(request, pk, name):
    try:
        extension = ExtensionRequest.objects.select_related("project").get(pk=pk)
    except ExtensionRequest.DoesNotExist as exc:
        raise Http404 from exc
    try:
        if name == "submit":
            extensions.submit_extension(request=extension, by=request.user)
        elif name == "recommend":
            extensions.recommend_extension(request=extension, by=request.user)
        else:
            raise Http404
    except (DomainError, ValidationError) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Done."))
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("portfolio:detail", pk=extension.project_id)


@login_required
def steering_desk(request):
    """Everything waiting for the signed-in steering-group member, decided on this page."""
    memberships = (SteeringGroupMember.objects.filter(user=request.user)
                   .select_related("project__committee"))
    gates = []
    for member in memberships:
        project = member.project
        for gate, rule in GATE_RULES.items():
            if rule.decided_by == Body.STEERING_GROUP and project.state in rule.sources:
                rows = lifecycle.checklist(project, gate)
                gates.append({"project": project, "rule": rule, "rows": rows,
                              "failing": lifecycle.failing_items(rows)})
    waiting = ExtensionRequest.objects.filter(
        project__in=[m.project_id for m in memberships],
        state=ExtensionRequest.State.SUBMITTED).select_related("project")
    return render(request, "portfolio/steering.html", {
        "gates": gates, "extensions": waiting, "today": datetime.date.today().isoformat(),
        "outcomes": lifecycle.Outcome.choices})


@login_required
def internal_control(request):
    code = request.GET.get("committee")
    committee = Committee.objects.filter(code=code).first() if code else None
    try:
        as_of = _date(request.GET.get("as_of"), "as_of")
    except ValidationError:
        messages.error(request, _("Enter a date as YYYY-MM-DD."))
        as_of = None
    return render(request, "portfolio/control.html", {
        "report": control.findings(committee=committee, today=as_of),
        "committees": Committee.objects.all(), "committee": committee})


@login_required
@require_POST
def meeting_add_item(request, pk):
    meeting = _meeting(pk)
    project = None
    if request.POST.get("project"):
        project = Project.objects.filter(pk=request.POST["project"]).first() \
            if request.POST["project"].isdigit() else None
    try:
        meetings.add_item(meeting=meeting, by=request.user,
                          heading=request.POST.get("heading", ""),
                          kind=request.POST.get("kind", "other"), project=project,
                          presenter=request.POST.get("presenter", ""),
                          proposed_decision=request.POST.get("proposed_decision", ""))
    except (DomainError, ValidationError) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The item has been added to the agenda."))
    return redirect("portfolio:meeting", pk=pk)
