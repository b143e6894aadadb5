"""The portfolio pages. Thin: they call selectors to read and services to write."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portfolio import audit_text, listing, permissions, selectors
from portfolio.errors import REFUSALS, DomainError, PreconditionFailed, status_for
from portfolio.forms import (
    CancelForm,
    ErrorSummary,
    GateDecisionForm,
    NewProjectFinanciersForm,
    NewProjectForm,
    ProjectDetailsForm,
    add_service_errors,
    mark_invalid,
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
from portfolio.services import budgets, lifecycle, projects, steering
from portfolio.services.time import hours_against_estimate
from portfolio.services.versions import version_of

EVENTS_PER_PAGE = 50


@login_required
def portfolio_list(request):
    """Search, filters, sortable columns and pages; ``?export=xlsx`` sends the same filtered
    and sorted rows as an Excel file. A bad filter is named beside its field (400) and left
    out; the others still apply."""
    form = listing.PortfolioFilterForm(request.GET, user=request.user)
    filters = form.valid_filters()
    status = 400 if form.errors else 200
    found = listing.filtered(request.user, filters)
    if request.GET.get("export") == "xlsx" and status == 200:
        response = HttpResponse(listing.xlsx(found), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
        response["Content-Disposition"] = 'attachment; filename="portfolj.xlsx"'
        return response
    # A COUNT and a LIMIT/OFFSET page of ids: 10 000 ids fetched into Python cost more
    # than the two queries.
    page = listing.page_of(found.values_list("pk", flat=True), filters.get("page"))
    rows = list(listing.rows(listing.page_rows(found, list(page.object_list))))
    kept = request.GET.copy()
    for name in ("page", "export"):
        kept.pop(name, None)
    sort = filters.get("sort") or listing.DEFAULT_SORT
    columns = [{"key": key, "label": label, "sortable": key in listing.SORTS and (key != "owner" or "owner" in form.fields),
                "sorted": sort.lstrip("-") == key,
                "descending": sort == f"-{key}",
                "next": key if sort == f"-{key}" else f"-{key}" if sort == key else key}
               for key, label in listing.COLUMNS]
    return render(request, "portfolio/list.html", {
        "form": form, "committee": filters.get("committee"), "page": page, "rows": rows,
        "columns": columns, "sort": sort, "query": _querystring(kept, "page", "sort"),
        "page_query": _querystring(kept, "page"),
        "export_query": _querystring(kept, "page", "export"),
        # Outsiders and auditors get no link to a form that would only refuse them.
        "can_create": any(permissions.can_create_project(request.user, c)
                          for c in Committee.objects.all()),
    }, status=status)


def _querystring(params, *without) -> str:
    """The list's GET parameters without ``without``, ready for "&name=value" to follow."""
    kept = params.copy()
    for name in without:
        kept.pop(name, None)
    return kept.urlencode()


def safe_next(request) -> str:
    """Where to return after an action on the project page: ``next`` (posted, or in the
    address the page was opened with) when it stays on this site, else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return ""


def _project_or_404(pk, user) -> Project:
    try:
        return selectors.project_page(pk, user)
    except Project.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def project_detail(request, pk, *, form_state=None, status=200, extension_draft=None,
                   form_errors=None):
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
        "form_errors": form_errors,
        "stages": _stages(project),
        "hours": hours_against_estimate(project),
        "next": safe_next(request),
        "directive": selectors.directive_facts(project),
        "can_edit": permissions.can_edit_project(user, project),
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


def _fail(request, pk, exc, form_state=None, extension_draft=None, *, form=None, scope=""):
    """The project page again, with the refusal and its status code, in the error summary
    at the top: a field the service names linked to and beside the form's field; a refusal
    of the role or state (or of a button with no fields) without a link. What was typed is
    passed back, so nothing is lost."""
    summary = ErrorSummary().add_service_error(exc, form=form, scope=scope)
    return project_detail(request, pk, form_state=form_state, status=status_for(exc),
                          extension_draft=extension_draft, form_errors=summary)


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
        return project_detail(request, pk, form_state=typed, status=400,
                              form_errors=ErrorSummary().add_form(form, scope="cancel-"))
    try:
        lifecycle.cancel_project(project=_project_or_404(pk, request.user), by=request.user,
                                 reason=form.cleaned_data["reason"])
    except REFUSALS as exc:
        return _fail(request, pk, exc, form_state=typed, form=form, scope="cancel-")
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
        return project_detail(request, pk, form_state=form_state, status=400,
                              form_errors=ErrorSummary().add_form(form, scope=f"{gate}-"))
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
        return _fail(request, pk, exc, form_state=form_state, form=form, scope=f"{gate}-")
    target = safe_next(request)
    if outcome:
        messages.success(request, _("%(gate)s decided: %(outcome)s.")
                         % {"gate": gate, "outcome": Outcome(outcome).label})
        # Decided from "My work": back there.
        if target:
            return redirect(target)
        return redirect("portfolio:detail", pk=pk)
    messages.success(request, _("The checklist has been saved."))
    # A saved checklist stays on the project page, still on its way back to "My work".
    if target:
        return redirect(reverse("portfolio:detail", args=[pk])
                        + f"?{urlencode({'next': target})}#gate-{gate}")
    return redirect("portfolio:detail", pk=pk)


@login_required
def project_events(request, pk):
    project = _project_or_404(pk, request.user)
    permissions.require_read(request.user, project)
    # A page of events at a time: the query count and the page's size stay the same however
    # long the trail grows.
    page = Paginator(project.events.order_by("-at", "-id"), EVENTS_PER_PAGE).get_page(
        request.GET.get("page"))
    return render(request, "portfolio/events.html", {
        "project": project, "page": page,
        "lines": audit_text.describe_events(list(page.object_list), project)})


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
    form.offer_people(allowed)
    funding = NewProjectFinanciersForm(request.POST or None)
    status = 200
    summary = ErrorSummary()
    if request.method == "POST" and form.is_valid() and funding.is_valid():
        data = form.cleaned_data
        fields = {k: data[k] for k in ("owner_party", "start_date", "planned_end_date",
                                       "cost_cap", "estimated_hours") if data[k] is not None}
        try:
            chair = data["steering_chair"]
            # One transaction: refused financiers leave no case behind (and no number used).
            with transaction.atomic():
                project = projects.create_and_staff_project(
                    committee=data["committee"], name=data["name"], kind=data["kind"],
                    parties=data["parties"], by=request.user, manager=data["manager"],
                    steering_group=[{"user": chair, "role": "chair"}] if chair else None,
                    **fields)
                if funding.financiers():
                    try:
                        budgets.set_budget(project=project, by=request.user, lines=[],
                                           financiers=funding.financiers())
                    except ValidationError as exc:
                        funding.add_service_errors(exc)
                        raise
        except REFUSALS as exc:
            if isinstance(exc, DomainError):
                form.add_error(None, exc.detail)
            elif not funding.errors:
                add_service_errors(form, exc)
            summary.add_form(form)
            summary.add_form(funding)
            status = status_for(exc)
        else:
            messages.success(request, _("Case %(case)s opened. Write the directive next.")
                             % {"case": project.case_number})
            return redirect("documents:page", pk=project.pk, slug="directive")
    elif request.method == "POST":
        status = 400
        summary.add_form(form)
        summary.add_form(funding)
    mark_invalid(form, summary)
    mark_invalid(funding, summary)
    return render(request, "portfolio/new.html",
                  {"form": form, "funding": funding, "form_errors": summary},
                  status=status)


@login_required
def edit_project(request, pk):
    """The project's details after creation, for whoever the API's PATCH lets edit them."""
    project = _project_or_404(pk, request.user)
    permissions.require_read(request.user, project)
    if not permissions.can_edit_project(request.user, project):
        raise PermissionDenied(_("You may not edit this project."))
    form = ProjectDetailsForm(request.POST or None, project=project, version=version_of(project))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                projects.update_project(project=project, by=request.user,
                                        changes=form.changes(),
                                        expected_version=form.cleaned_data["version"] or None)
            except PreconditionFailed as exc:
                form.add_error(None, _("Someone else saved this project after you opened the "
                                       "page. Nothing has been saved; your values are below. "
                                       "Open the page again to see the saved values."))
                status = status_for(exc)
            except REFUSALS as exc:
                if isinstance(exc, DomainError):
                    form.add_error(None, exc.detail)
                else:
                    add_service_errors(form, exc)
                status = status_for(exc)
            else:
                messages.success(request, _("The project details have been saved."))
                return redirect("portfolio:detail", pk=pk)
    summary = ErrorSummary().add_form(form)
    mark_invalid(form, summary)
    return render(request, "portfolio/edit.html",
                  {"form": form, "project": project, "form_errors": summary}, status=status)
