"""Pages for meetings and agendas, extension requests, the steering group's desk and the
internal-control overview. Thin: services write, selectors read."""


from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from directives.http import pdf_response
from portfolio import listing, permissions
from portfolio.errors import REFUSALS, describe, status_for
from portfolio.forms import (
    AgendaItemForm,
    ControlFilterForm,
    ErrorSummary,
    ExtensionRequestForm,
    ItemDecisionForm,
    MeetingForm,
)
from portfolio.models import (
    AgendaItem,
    Case,
    Committee,
    ExtensionRequest,
    Meeting,
    Project,
)
from portfolio.reports import control
from portfolio.reports.meeting_documents import agenda_html, minutes_extract_html
from portfolio.services import extensions, meetings, minutes
from portfolio.throttling import throttle_pdf
from portfolio.views import overview
from portfolio.views.projects import project_detail

_error_text = describe


@login_required
def meeting_list(request):
    committees = Committee.objects.all()
    form = MeetingForm(request.POST or None)
    status = 200
    summary = ErrorSummary()
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = meetings.create_meeting(
                    committee=data["committee"], date=data["date"], by=request.user,
                    place=data["place"], start_time=data["start_time"])
            except REFUSALS as exc:
                summary.add_service_error(exc, form=form)
                status = status_for(exc)
            else:
                return redirect("portfolio:meeting", pk=meeting.pk)
        else:
            summary.add_form(form)
    readable = Meeting.objects.filter(
        committee__in=permissions.committees_readable_by(request.user)).select_related("committee")
    today = timezone.localdate()
    # Coming meetings soonest first, past ones latest first; each paged on its own.
    coming, coming_error = _meeting_page(readable.filter(date__gte=today).order_by("date", "pk"),
                                         request.GET.get("coming_page"))
    past, past_error = _meeting_page(readable.filter(date__lt=today).order_by("-date", "-pk"),
                                     request.GET.get("past_page"))
    for error in (coming_error, past_error):
        if error:
            # A page number comes from a link, not an input: in the summary, without a link.
            summary.add(error)
            status = 400
    return render(request, "portfolio/meetings.html", {
        "sections": [
            {"key": "coming", "title": _("Coming meetings"), "page": coming,
             "param": "coming_page", "other": f"&past_page={past.number}",
             "empty": _("No coming meetings.")},
            {"key": "past", "title": _("Past meetings"), "page": past,
             "param": "past_page", "other": f"&coming_page={coming.number}",
             "empty": _("No past meetings.")}],
        "committees": committees, "posted": form.data, "form_errors": summary,
        "can_create": any(permissions.is_committee_decider(request.user, c.pk) for c in committees),
    }, status=status)


def _meeting_page(meetings, raw):
    return listing.page_from_param(meetings, raw, _("Page"))


def _meeting(pk, user) -> Meeting:
    try:
        return Meeting.objects.select_related("committee", "chair").get(
            pk=pk, committee__in=permissions.committees_readable_by(user))
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def meeting_detail(request, pk, *, status=200, item_form=None, form_errors=None):
    meeting = _meeting(pk, request.user)
    items = list(meeting.items.select_related("project", "extension_request", "tabled_from",
                                              "confirmed_by"))
    open_minutes = not minutes.is_locked(meeting)
    labels = dict(AgendaItem.Outcome.choices)
    for item in items:
        # The outcomes a wrong click can be corrected to (the kind's other outcomes).
        item.corrections = [(o, labels[o]) for o in minutes.outcomes_for(item)
                            if o != item.outcome]
    return render(request, "portfolio/meeting.html", {
        "open_minutes": open_minutes,
        "can_confirm": open_minutes and permissions.can_confirm_decision(request.user,
                                                                         meeting.committee_id),
        "meeting": meeting, "items": items,
        "projects": Project.objects.filter(committee=meeting.committee_id).order_by("-case_year",
                                                                                  "-case_seq"),
        "cases": Case.objects.filter(committee=meeting.committee_id, project__isnull=True)
        .order_by("-year", "-seq"),
        "can_manage": permissions.is_committee_decider(request.user, meeting.committee_id),
        "next_paragraph": meetings.next_paragraph(meeting),
        "item_draft": item_form.data if item_form is not None else {},
        "form_errors": form_errors,
    }, status=status)


def _meeting_refused(request, pk, exc, item_form=None, summary=None):
    if summary is None:
        summary = ErrorSummary().add_service_error(exc)
    return meeting_detail(request, pk, status=status_for(exc), item_form=item_form,
                          form_errors=summary)


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
        # The outcome is a button, not an input to link to: the item's heading names it.
        summary = ErrorSummary()
        for name, errors in form.errors.items():
            field = form.fields.get(name)
            for error in errors:
                summary.add(error, label=f"{item.heading} – {field.label}" if field else None)
        return meeting_detail(request, pk, status=400, form_errors=summary)
    try:
        decided = meetings.decide_item(item=item, by=request.user, **form.cleaned_data)
    except REFUSALS as exc:
        return _item_refused(request, pk, item, exc, form.fields["outcome"].label)
    messages.success(request, _("§ %(n)s recorded: %(text)s. The secretary confirms it before "
                                "it is carried out.")
                     % {"n": decided.decided_paragraph, "text": decided.decision_text})
    return redirect(f"{_meeting_url(pk)}#item-{item.pk}")


def _meeting_url(pk) -> str:
    return reverse("portfolio:meeting", args=[pk])


def _item_refused(request, pk, item, exc, label):
    """A refused decision, confirmation or correction: beside the item's decision controls
    (named by the item's heading), and in the page's summary; never only a flash message."""
    summary = ErrorSummary()
    key = f"item-{item.pk}-outcome"
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for errors in exc.message_dict.values():
            for error in errors:
                summary.add(error, key=key, label=f"{item.heading} – {label}")
    else:
        summary.add(describe(exc), key=key, label=f"{item.heading} – {label}")
    return meeting_detail(request, pk, status=status_for(exc), form_errors=summary)


def _meeting_item(request, pk, item_id) -> AgendaItem:
    meeting = _meeting(pk, request.user)
    try:
        return meeting.items.select_related("meeting").get(pk=item_id)
    except AgendaItem.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@require_POST
def meeting_confirm_item(request, pk, item_id):
    """The secretary confirms a recorded decision on the meeting page; confirming carries it
    out in the project's register."""
    item = _meeting_item(request, pk, item_id)
    try:
        minutes.confirm_decision(item=item, by=request.user)
    except REFUSALS as exc:
        return _item_refused(request, pk, item, exc, _("Confirm"))
    messages.success(request, _("The decision has been confirmed."))
    return redirect(f"{_meeting_url(pk)}#item-{item.pk}")


@login_required
@require_POST
def meeting_correct_item(request, pk, item_id):
    """Correct a wrong click until the minutes are adjusted: the new outcome replaces the old
    one (a carried-out decision is undone first) and waits for the secretary's confirmation."""
    item = _meeting_item(request, pk, item_id)
    form = ItemCorrectionForm(request.POST, prefix=f"item-{item.pk}")
    if not form.is_valid():
        summary = ErrorSummary().add_form(form, context=item.heading)
        return meeting_detail(request, pk, status=400, form_errors=summary)
    outcome = form.cleaned_data["outcome"]
    try:
        minutes.set_decision(item=item, by=request.user, outcome=outcome,
                             points=minutes.default_points(item, outcome))
    except REFUSALS as exc:
        return _item_refused(request, pk, item, exc, form.fields["outcome"].label)
    messages.success(request, _("The decision has been corrected; the secretary confirms it "
                                "again."))
    return redirect(f"{_meeting_url(pk)}#item-{item.pk}")


class ItemCorrectionForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Corrected decision"),
                                choices=AgendaItem.Outcome.choices)


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
        return project_detail(request, pk, status=400, extension_draft=form.typed(),
                              form_errors=ErrorSummary().add_form(form, scope="extension-"))
    data = form.cleaned_data
    try:
        extensions.request_extension(
            project=project, by=request.user, requested_end_date=data["requested_end_date"],
            reason=data["reason"], keeps_resources=data["keeps_resources"],
            proposed_decision=data["proposed_decision"],
            proposed_requirements=data["requirements"], today=data["dated"])
    except REFUSALS as exc:
        summary = ErrorSummary().add_service_error(exc, form=form, scope="extension-", keys={
            "today": "extension-dated", "proposed_requirements": "extension-requirements"},
            labels={"today": form.fields["dated"].label,
                    "proposed_requirements": form.fields["requirements"].label})
        return project_detail(request, pk, status=status_for(exc), extension_draft=form.typed(),
                              form_errors=summary)
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
        return project_detail(request, extension.project_id, status=status_for(exc),
                              form_errors=ErrorSummary().add_service_error(exc))
    messages.success(request, _("Done."))
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("portfolio:detail", pk=extension.project_id)


@login_required
def steering_desk(request):
    """The old steering desk (a wall of every checklist) is now the summary of "My work";
    the address keeps working for bookmarks and old links."""
    return overview.mine(request)


@login_required
def internal_control(request):
    readable = permissions.committees_readable_by(request.user)
    code = request.GET.get("committee")
    if code and not readable.filter(code=code).exists() \
            and Committee.objects.filter(code=code).exists():
        raise Http404  # a committee the reader does not belong to is not theirs to control
    form = ControlFilterForm(request.GET, committees=readable)
    status = 200
    form_errors = ErrorSummary()
    typed = {}
    if form.is_valid():
        committee, as_of = form.cleaned_data["committee"], form.cleaned_data["as_of"]
    else:
        # A bad filter shows everything as of today, says which filter was ignored and
        # keeps what was typed in its input.
        form_errors.add_form(form)
        typed = {name: form.data.get(name, "") for name in form.errors}
        committee = form.cleaned_data.get("committee")
        as_of = form.cleaned_data.get("as_of")
        status = 400
    as_of, found = control.checks(committee=committee, today=as_of, committees=readable)
    # Each check pages its own rows (?no_risks_page=2) and materialises only that page:
    # thousands of findings in one page would be megabytes nobody reads; the count says how
    # many there are.
    report: dict = {"as_of": as_of.isoformat(), "checks": []}
    for check in found:
        page, error = listing.page_from_param(
            check.rows, request.GET.get(f"{check.key}_page"), _("Page"))
        if error:
            form_errors.add(error)  # a page link's number: no input to point at
            status = 400
        page.object_list = check.items(page.object_list)
        kept = request.GET.copy()
        kept.pop(f"{check.key}_page", None)
        report["checks"].append({"key": check.key, "title": check.title,
                                 "count": page.paginator.count, "page": page,
                                 "items": page.paginator.count > 0,
                                 "query": kept.urlencode()})
    return render(request, "portfolio/control.html", {
        "report": report, "committees": readable, "committee": committee,
        "form_errors": form_errors, "typed": typed}, status=status)


@login_required
@require_POST
def meeting_add_item(request, pk):
    meeting = _meeting(pk, request.user)
    form = AgendaItemForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return meeting_detail(request, pk, status=400, item_form=form,
                              form_errors=ErrorSummary().add_form(form, scope="item-"))
    try:
        meetings.add_item(meeting=meeting, by=request.user, **form.cleaned_data)
    except REFUSALS as exc:
        summary = (ErrorSummary().add_service_error(exc, form=form, scope="item-")
                   if isinstance(exc, ValidationError) else None)
        return _meeting_refused(request, pk, exc, item_form=form, summary=summary)
    messages.success(request, _("The item has been added to the agenda."))
    return redirect("portfolio:meeting", pk=pk)
