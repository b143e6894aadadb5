"""The portfolio pages. Thin: they call selectors to read and services to write."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portfolio import permissions, selectors
from portfolio.errors import REFUSALS, DomainError, describe, status_for
from portfolio.forms import (
    CancelForm,
    GateDecisionForm,
    NewProjectForm,
    add_service_errors,
    error_lines,
)
from portfolio.lifecycle import (
    END_STATES,
    GATE_RULES,
    RUNNING_STATES,
    STAGE_ORDER,
    Body,
    Gate,
    Outcome,
    State,
    project_decider,
)
from portfolio.models import Committee, Meeting, Project
from portfolio.services import lifecycle, projects, steering
from portfolio.services.time import hours_against_estimate


@login_required
def portfolio_list(request):
    committees = Committee.objects.all()
    code = request.GET.get("committee") or (committees[0].code if len(committees) == 1 else "")
    committee = next((c for c in committees if c.code == code), None)
    state = request.GET.get("state", "")
    if state not in State.values:
        state = ""
    listed = selectors.portfolio_for(request.user, committee, state or None)
    return render(request, "portfolio/list.html", {
        "committees": committees, "committee": committee, "projects": listed,
        "states": State.choices, "state": state,
    })


def _project_or_404(pk, user) -> Project:
    try:
        return selectors.project_page(pk, user)
    except Project.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def project_detail(request, pk, *, form_state=None, status=200, extension_draft=None):
    project = _project_or_404(pk, request.user)
    user = request.user
    if not project.internals_visible:
        return render(request, "portfolio/public_detail.html", {
            "project": project, "public": selectors.public_projection([pk]).get(pk)},
            status=status)
    actions = selectors.available_actions(user, project)
    open_gates = []
    for gate in selectors.lifecycle_overview(project)["open_gates"]:
        rows = lifecycle.checklist(project, gate.gate)
        posted = (form_state or {}).get(gate.gate)
        if posted:
            for row in rows:
                row["answer"] = posted["answers"].get(row["id"], row["answer"])
                row["comment"] = posted["comments"].get(row["id"], row["comment"])
        open_gates.append({
            "rule": gate, "label": Gate(gate.gate).label, "rows": rows,
            "body": project_decider(project, gate.gate).body.label,
            "committee": project_decider(project, gate.gate).body == Body.COMMITTEE,
            "meeting_required": project_decider(project, gate.gate).meeting_required,
            "failing": lifecycle.failing_items(rows),
            "can_decide": gate.gate in actions,
            # Why the project's own people may not act here (separation of duties, a group
            # not yet confirmed); others just see the checklist.
            "refusal": permissions.gate_refusal(user, project, gate.gate)
            if user.id in (project.owner_id, project.manager_id)
            or permissions.steering_role(user, project) else None,
            "posted": posted or {"decided_on": datetime.date.today().isoformat(), "meeting": "",
                                 "paragraph": "", "comment": ""},
        })
    context = {
        "project": project,
        "overview": selectors.lifecycle_overview(project),
        "open_gates": open_gates,
        "outcomes": Outcome.choices,
        "can_submit": "submit" in actions,
        "can_cancel": "cancel" in actions,
        "can_read_audit": permissions.can_read_audit(user, project),
        "can_request_extension": project.state in RUNNING_STATES
        and permissions.can_request_extension(user, project),
        "can_submit_extensions": permissions.can_request_extension(user, project),
        "is_steering": permissions.steering_role(user, project) is not None,
        "can_confirm_steering_group": project.steering_group_confirmed_at is None
        and project.state not in END_STATES
        and permissions.can_confirm_steering_group(user, project),
        "extension_draft": extension_draft,
        "meetings": Meeting.objects.filter(committee=project.committee).order_by("-date")[:20],
        "today": datetime.date.today(),
        "form_state": form_state or {},
        "stages": _stages(project),
        "hours": hours_against_estimate(project),
    }
    return render(request, "portfolio/detail.html", context, status=status)


def _stages(project):
    order = list(STAGE_ORDER)
    reached = {d.to_state for d in project.decisions.all()} | {project.state}
    current = order.index(project.state) if project.state in order else None
    stages = []
    for index, state in enumerate(order):
        if current is not None:
            status = "done" if index < current else "current" if index == current else "ahead"
        else:
            status = "done" if state in reached else "ahead"
        stages.append({"state": state, "label": State(state).label, "status": status})
    return stages


def _fail(request, pk, exc, form_state=None, extension_draft=None):
    """The project page again, with the refusal as a message and its status code."""
    messages.error(request, describe(exc))
    return project_detail(request, pk, form_state=form_state, status=status_for(exc),
                          extension_draft=extension_draft)


@login_required
@require_POST
def submit(request, pk):
    project = _project_or_404(pk, request.user)
    try:
        lifecycle.submit_project(project=project, by=request.user)
    except REFUSALS as exc:
        return _fail(request, pk, exc)
    messages.success(request, _("The project has been submitted to the committee."))
    return redirect("portfolio:detail", pk=pk)


@login_required
@require_POST
def confirm_steering_group(request, pk):
    project = _project_or_404(pk, request.user)
    try:
        steering.confirm_steering_group(project=project, by=request.user)
    except (DomainError, ValidationError) as exc:
        return _fail(request, pk, exc)
    messages.success(request, _("The steering group has been confirmed."))
    return redirect("portfolio:detail", pk=pk)


@login_required
@require_POST
def cancel(request, pk):
    _project_or_404(pk, request.user)
    form = CancelForm(request.POST)
    typed = {"cancel_reason": request.POST.get("reason", "")}
    if not form.is_valid():
        for line in error_lines(form):
            messages.error(request, line)
        return project_detail(request, pk, form_state=typed, status=400)
    try:
        lifecycle.cancel_project(project=_project_or_404(pk, request.user), by=request.user,
                                 reason=form.cleaned_data["reason"])
    except REFUSALS as exc:
        return _fail(request, pk, exc, form_state=typed)
    messages.success(request, _("The project has been cancelled."))
    return redirect("portfolio:detail", pk=pk)


@login_required
def decide(request, pk, gate):
    """Save the checklist answers and, when an outcome button was pressed, decide the gate."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if gate not in GATE_RULES:
        raise Http404
    project = _project_or_404(pk, request.user)
    form = GateDecisionForm(request.POST, project=project, rows=lifecycle.checklist(project, gate))
    form_state = {gate: form.typed()}
    if not form.is_valid():
        for line in error_lines(form):
            messages.error(request, line)
        return project_detail(request, pk, form_state=form_state, status=400)
    data = form.cleaned_data
    outcome = data["outcome"]
    try:
        # One transaction for the whole form: when the decision is refused, the answers
        # saved just before it are rolled back too, and the page shows what was typed.
        with transaction.atomic():
            lifecycle.answer_checklist(project=project, gate=gate, by=request.user,
                                       answers=form.answers())
            if outcome:
                lifecycle.decide_gate(project=project, gate=gate, outcome=outcome,
                                      by=request.user, decided_on=data["decided_on"],
                                      meeting=data["meeting"], paragraph=data["paragraph"],
                                      comment=data["comment"])
    except REFUSALS as exc:
        if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
            # Shown beside the field it names (e.g. the meeting a committee gate needs).
            form_state[gate] = {**form_state[gate], "errors": exc.message_dict}
        return _fail(request, pk, exc, form_state=form_state)
    if outcome:
        messages.success(request, _("%(gate)s decided: %(outcome)s.")
                         % {"gate": gate, "outcome": Outcome(outcome).label})
    else:
        messages.success(request, _("The checklist has been saved."))
    return redirect("portfolio:detail", pk=pk)


@login_required
def project_events(request, pk):
    project = _project_or_404(pk, request.user)
    permissions.require_read(request.user, project)
    events = project.events.order_by("-at", "-id")[:500]
    return render(request, "portfolio/events.html", {"project": project, "events": events})


@login_required
def new_project(request):
    """Open a new case: the owner registers the assignment, then writes its directive."""
    allowed = [c.pk for c in Committee.objects.all()
               if permissions.can_create_project(request.user, c)]
    if not allowed:
        # Outsiders and auditors get no form to fill in only to be refused at the end.
        raise PermissionDenied(_("You may not open a case in any committee."))
    form = NewProjectForm(request.POST or None)
    form.limit_committees(Committee.objects.filter(pk__in=allowed))
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {k: data[k] for k in ("owner_party", "start_date", "planned_end_date",
                                       "cost_cap", "estimated_hours") if data[k] is not None}
        try:
            chair = data["steering_chair"]
            project = projects.create_and_staff_project(
                committee=data["committee"], name=data["name"], kind=data["kind"],
                parties=data["parties"], by=request.user, manager=data["manager"],
                steering_group=[{"user": chair, "role": "chair"}] if chair else None, **fields)
        except REFUSALS as exc:
            if isinstance(exc, DomainError):
                form.add_error(None, exc.detail)
            else:
                add_service_errors(form, exc)
            status = status_for(exc)
        else:
            messages.success(request, _("Case %(case)s opened. Write the directive next.")
                             % {"case": project.case_number})
            return redirect("documents:page", pk=project.pk, slug="directive")
    elif request.method == "POST":
        status = 400
    return render(request, "portfolio/new.html", {"form": form}, status=status)
