"""Pages for meetings and agendas, extension requests, the steering group's desk and the
internal-control overview. Thin: services write, selectors read."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directives.http import pdf_response
from portfolio import permissions
from portfolio.errors import REFUSALS, describe, status_for
from portfolio.forms import (
    AgendaItemForm,
    ControlFilterForm,
    ExtensionRequestForm,
    ItemDecisionForm,
    MeetingForm,
    error_lines,
)
from portfolio.lifecycle import GATE_RULES, Body, project_decider
from portfolio.models import (
    AgendaItem,
    Committee,
    ExtensionRequest,
    Meeting,
    Project,
    SteeringGroupMember,
)
from portfolio.reports import control
from portfolio.reports.meeting_documents import agenda_html, minutes_extract_html
from portfolio.services import extensions, lifecycle, meetings
from portfolio.throttling import throttle_pdf
from portfolio.views.projects import project_detail

_error_text = describe


@login_required
def meeting_list(request):
    committees = Committee.objects.all()
    form = MeetingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = meetings.create_meeting(
                    committee=data["committee"], date=data["date"], by=request.user,
                    place=data["place"], start_time=data["start_time"])
            except REFUSALS as exc:
                messages.error(request, describe(exc))
                status = status_for(exc)
            else:
                return redirect("portfolio:meeting", pk=meeting.pk)
        else:
            for line in error_lines(form):
                messages.error(request, line)
    return render(request, "portfolio/meetings.html", {
        "meetings": Meeting.objects.filter(
            committee__in=permissions.committees_readable_by(request.user))
        .select_related("committee").order_by("-date")[:100],
        "committees": committees, "posted": form.data,
        "can_create": any(permissions.is_committee_decider(request.user, c.pk) for c in committees),
    }, status=status)


def _meeting(pk, user) -> Meeting:
    try:
        return Meeting.objects.select_related("committee", "chair").get(
            pk=pk, committee__in=permissions.committees_readable_by(user))
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def meeting_detail(request, pk, *, status=200, item_form=None):
    meeting = _meeting(pk, request.user)
    items = meeting.items.select_related("project", "extension_request", "tabled_from")
    return render(request, "portfolio/meeting.html", {
        "meeting": meeting, "items": items,
        "projects": Project.objects.filter(committee=meeting.committee_id).order_by("-case_year",
                                                                                  "-case_seq"),
        "can_manage": permissions.is_committee_decider(request.user, meeting.committee_id),
        "next_paragraph": meetings.next_paragraph(meeting),
        "item_draft": item_form.data if item_form is not None else {},
    }, status=status)


def _meeting_refused(request, pk, exc, item_form=None):
    messages.error(request, describe(exc))
    return meeting_detail(request, pk, status=status_for(exc), item_form=item_form)


@login_required
@require_POST
def meeting_build_agenda(request, pk):
    meeting = _meeting(pk, request.user)
    try:
        meetings.build_agenda(meeting=meeting, by=request.user)
    except REFUSALS as exc:
        return _meeting_refused(request, pk, exc)
    messages.success(request, _("The agenda has been built."))
    return redirect("portfolio:meeting", pk=pk)


@login_required
@require_POST
def meeting_decide_item(request, pk, item_id):
    meeting = _meeting(pk, request.user)
    try:
        item = meeting.items.get(pk=item_id)
    except AgendaItem.DoesNotExist as exc:
        raise Http404 from exc
    form = ItemDecisionForm(request.POST)
    if not form.is_valid():
        for line in error_lines(form):
            messages.error(request, line)
        return meeting_detail(request, pk, status=400)
    try:
        decided = meetings.decide_item(item=item, by=request.user, **form.cleaned_data)
    except REFUSALS as exc:
        return _meeting_refused(request, pk, exc)
    messages.success(request, _("§ %(n)s recorded: %(text)s")
                     % {"n": decided.decided_paragraph, "text": decided.decision_text})
    return redirect("portfolio:meeting", pk=pk)


@login_required
@throttle_pdf
def meeting_agenda_pdf(request, pk):
    meeting = _meeting(pk, request.user)
    return pdf_response(agenda_html(meeting), f"kallelse-{meeting.committee.code}-{meeting.date}.pdf")


@login_required
@throttle_pdf
def minutes_extract_pdf(request, pk, item_id):
    meeting = _meeting(pk, request.user)
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
        project = permissions.projects_visible_to(request.user).get(pk=pk)
    except Project.DoesNotExist as exc:
        raise Http404 from exc
    form = ExtensionRequestForm(request.POST)
    if not form.is_valid():
        for line in error_lines(form):
            messages.error(request, line)
        return project_detail(request, pk, status=400, extension_draft=form.typed())
    data = form.cleaned_data
    try:
        extensions.request_extension(
            project=project, by=request.user, requested_end_date=data["requested_end_date"],
            reason=data["reason"], keeps_resources=data["keeps_resources"],
            proposed_decision=data["proposed_decision"],
            proposed_requirements=data["requirements"], today=data["dated"])
    except REFUSALS as exc:
        messages.error(request, describe(exc))
        return project_detail(request, pk, status=status_for(exc), extension_draft=form.typed())
    messages.success(request, _("The extension request has been saved as a draft."))
    return redirect("portfolio:detail", pk=pk)


@login_required
@require_POST
def extension_transition(request, pk, name):
    try:
        extension = ExtensionRequest.objects.select_related("project").get(
            pk=pk, project__in=permissions.projects_visible_to(request.user).values("pk"))
    except ExtensionRequest.DoesNotExist as exc:
        raise Http404 from exc
    permissions.require_read(request.user, extension.project)
    try:
        if name == "submit":
            extensions.submit_extension(request=extension, by=request.user)
        elif name == "recommend":
            extensions.recommend_extension(request=extension, by=request.user)
        else:
            raise Http404
    except REFUSALS as exc:
        messages.error(request, describe(exc))
        return project_detail(request, extension.project_id, status=status_for(exc))
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
            if project.state in rule.sources \
                    and project_decider(project, gate).body == Body.STEERING_GROUP:
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
    readable = permissions.committees_readable_by(request.user)
    code = request.GET.get("committee")
    if code and not readable.filter(code=code).exists() \
            and Committee.objects.filter(code=code).exists():
        raise Http404  # a committee the reader does not belong to is not theirs to control
    form = ControlFilterForm(request.GET, committees=readable)
    status = 200
    if form.is_valid():
        committee, as_of = form.cleaned_data["committee"], form.cleaned_data["as_of"]
    else:
        # A bad filter shows everything as of today, and says which filter was ignored.
        for line in error_lines(form):
            messages.error(request, line)
        committee = form.cleaned_data.get("committee")
        as_of = form.cleaned_data.get("as_of")
        status = 400
    return render(request, "portfolio/control.html", {
        "report": control.findings(committee=committee, today=as_of, committees=readable),
        "committees": readable, "committee": committee}, status=status)


@login_required
@require_POST
def meeting_add_item(request, pk):
    meeting = _meeting(pk, request.user)
    form = AgendaItemForm(request.POST, meeting=meeting)
    if not form.is_valid():
        for line in error_lines(form):
            messages.error(request, line)
        return meeting_detail(request, pk, status=400, item_form=form)
    try:
        meetings.add_item(meeting=meeting, by=request.user, **form.cleaned_data)
    except REFUSALS as exc:
        return _meeting_refused(request, pk, exc, item_form=form)
    messages.success(request, _("The item has been added to the agenda."))
    return redirect("portfolio:meeting", pk=pk)
