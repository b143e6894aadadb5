"""Pages for the committee's record (issue #11): the register of cases with their documents,
and the minutes with decision points, confirmation, attendance and approval. Thin: services
write, portfolio.record reads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directives.http import pdf_response
from portfolio import permissions, record
from portfolio.errors import REFUSALS, status_for
from portfolio.forms import ErrorSummary, mark_invalid
from portfolio.models import AgendaItem, Attendance, CaseDocument, Committee, Party
from portfolio.record_forms import CaseForm, DocumentForm, MinutesHeadForm, PointsForm
from portfolio.reports.meeting_documents import minutes_html
from portfolio.services import cases, minutes
from portfolio.services.minutes import split_points
from portfolio.throttling import throttle_pdf
from portfolio.validators import parse_whole_number

PAGE_SIZE = 50
ATTENDANCE_BLANK_ROWS = 3


def _keeper_committees(user):
    return Committee.objects.filter(
        pk__in=[c.pk for c in permissions.committees_readable_by(user)
                if permissions.can_keep_cases(user, c.pk)])


@login_required
def case_list(request, *, form=None, status=200, form_errors=None):
    committees = _keeper_committees(request.user)
    form_errors = form_errors or ErrorSummary()
    try:
        page_number = parse_whole_number(request.GET.get("page"), field="page", minimum=1) or 1
    except REFUSALS as exc:
        # The page number comes from a link, not an input: named without a link.
        form_errors.add_service_error(exc, labels={"page": _("Page")})
        page_number, status = 1, 400
    form = form or CaseForm(committees=committees)
    mark_invalid(form, form_errors)
    paginator = Paginator(record.cases_readable_by(request.user).order_by("-year", "-seq"),
                          PAGE_SIZE)
    page = paginator.get_page(page_number)
    return render(request, "portfolio/cases.html", {
        "page": page, "form": form, "form_errors": form_errors,
        "can_open": committees.exists()}, status=status)


@login_required
@require_POST
def case_create(request):
    form = CaseForm(request.POST, committees=_keeper_committees(request.user))
    if not form.is_valid():
        return case_list(request, form=form, status=400,
                         form_errors=ErrorSummary().add_form(form))
    data = form.cleaned_data
    try:
        case = cases.open_case(committee=data["committee"], kind=data["kind"], title=data["title"],
                               by=request.user, year=data["year"],
                               external_reference=data["external_reference"])
    except REFUSALS as exc:
        return case_list(request, form=form, status=status_for(exc),
                         form_errors=ErrorSummary().add_service_error(exc, form=form))
    messages.success(request, _("Case %(number)s has been opened.") % {"number": case.number})
    return redirect("portfolio:case", pk=case.pk)


@login_required
def case_detail(request, pk, *, form=None, status=200, form_errors=None):
    case = record.case_for(request.user, pk)
    form_errors = form_errors or ErrorSummary()
    form = form or DocumentForm()
    mark_invalid(form, form_errors)
    return render(request, "portfolio/case.html", {
        "case": case, "documents": record.documents_of(case),
        "decisions": record.decisions_of(case),
        "form": form, "form_errors": form_errors,
        "can_keep": permissions.can_keep_cases(request.user, case.committee_id)}, status=status)


@login_required
@require_POST
def case_document_add(request, pk):
    case = record.case_for(request.user, pk)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return case_detail(request, pk, form=form, status=400,
                           form_errors=ErrorSummary().add_form(form))
    data = form.cleaned_data
    try:
        cases.add_document(case=case, kind=data["kind"], title=data["title"], dated=data["dated"],
                           content=data["file"].read(), by=request.user)
    except REFUSALS as exc:
        return case_detail(request, pk, form=form, status=status_for(exc),
                           form_errors=ErrorSummary().add_service_error(exc, form=form))
    messages.success(request, _("The document has been attached."))
    return redirect("portfolio:case", pk=pk)


@login_required
def case_document_file(request, pk, document_id):
    case = record.case_for(request.user, pk)
    try:
        return record.document_response(case.documents.get(pk=document_id))
    except CaseDocument.DoesNotExist as exc:
        raise Http404 from exc


# -- Minutes


@login_required
def minutes_page(request, pk, *, status=200, head_form=None, point_forms=None,
                 form_errors=None, errors_at=None, attendance_typed=None):
    """The minutes; after a refused form, its summary (``form_errors``) at the top of the
    form it concerns (``errors_at``: "head", "attendance" or an item's pk) and what was
    typed in it."""
    meeting = record.meeting_for_minutes(request.user, pk)
    sheet = minutes.minutes_of(meeting)
    can_keep = permissions.can_keep_minutes(request.user, meeting.committee_id)
    editable = can_keep and not sheet.is_approved
    items = list(record.items_with_points(meeting))
    point_forms = point_forms or {}
    for item in items:
        points = list(item.points.all())
        item.proposal = [p for p in points if p.stage == "proposal"]
        item.decision = [p for p in points if p.stage == "decision"]
        stage_points = item.decision if item.decided_paragraph else item.proposal
        item.form = point_forms.get(item.pk) or PointsForm(
            initial={"points": minutes.points_text([p.text for p in stage_points])},
            prefix=f"item{item.pk}")
    attendance = list(sheet.attendance.select_related("party"))
    form_errors = form_errors or ErrorSummary()
    head_form = head_form or MinutesHeadForm(initial={
        f: getattr(sheet, f) for f in minutes.MINUTES_FIELDS})
    mark_invalid(head_form, form_errors)
    for item in items:
        mark_invalid(item.form, form_errors)
    return render(request, "portfolio/minutes.html", {
        "meeting": meeting, "minutes": sheet, "items": items, "attendance": attendance,
        "attendance_rows": attendance_typed if attendance_typed is not None
        else [*attendance, *[None] * ATTENDANCE_BLANK_ROWS],
        "form_errors": form_errors, "errors_at": str(errors_at or ""),
        "parties": Party.objects.filter(memberships__committee=meeting.committee_id)
        .order_by("name").distinct(),
        "roles": Attendance.Role.choices,
        "head_form": head_form,
        "editable": editable,
        "can_confirm": editable and permissions.can_confirm_decision(request.user,
                                                                     meeting.committee_id),
        "paragraphs": record.paragraph_span(sheet)}, status=status)


def _minutes_form_refused(request, pk, exc, *, at, form=None, summary=None, **forms):
    """A refused minutes form shown again with what was typed: a field the service names
    beside that field and linked from the summary; a refusal of the role or state in the
    summary at the top of the form, without a link."""
    summary = summary if summary is not None else ErrorSummary()
    summary.add_service_error(exc, form=form)
    return minutes_page(request, pk, status=status_for(exc), form_errors=summary,
                        errors_at=at, **forms)


@login_required
@require_POST
def minutes_head(request, pk):
    meeting = record.meeting_for_minutes(request.user, pk)
    form = MinutesHeadForm(request.POST)
    if not form.is_valid():
        return minutes_page(request, pk, status=400, head_form=form,
                            form_errors=ErrorSummary().add_form(form), errors_at="head")
    try:
        minutes.update_minutes(meeting=meeting, by=request.user, **form.cleaned_data)
    except REFUSALS as exc:
        return _minutes_form_refused(request, pk, exc, at="head", form=form, head_form=form)
    messages.success(request, _("The minutes have been saved."))
    return redirect("portfolio:minutes", pk=pk)


@login_required
@require_POST
def minutes_attendance(request, pk):
    meeting = record.meeting_for_minutes(request.user, pk)
    parties = {p.code: p for p in Party.objects.all()}
    summary = ErrorSummary()
    try:
        count = parse_whole_number(request.POST.get("rows"), field="rows", minimum=0) or 0
    except REFUSALS as exc:
        # The row count is the page's own hidden field: keep the rows the post holds.
        count = next((n for n in range(ATTENDANCE_MAX_ROWS)
                      if f"name-{n}" not in request.POST), ATTENDANCE_MAX_ROWS)
        return _minutes_form_refused(request, pk, exc, at="attendance", summary=summary,
                                     attendance_typed=_typed_attendance(request.POST, count,
                                                                        parties))
    count = min(count, ATTENDANCE_MAX_ROWS)
    rows = _attendance_rows(request.POST, count, parties, summary)
    typed = _typed_attendance(request.POST, count, parties)
    if summary:
        return minutes_page(request, pk, status=400, form_errors=summary,
                            errors_at="attendance", attendance_typed=typed)
    try:
        minutes.set_attendance(meeting=meeting, by=request.user, rows=rows)
    except REFUSALS as exc:
        return _minutes_form_refused(request, pk, exc, at="attendance", summary=summary,
                                     attendance_typed=typed)
    messages.success(request, _("The attendance has been saved."))
    return redirect("portfolio:minutes", pk=pk)


ATTENDANCE_MAX_ROWS = 200
ATTENDANCE_TEXT_MAX = 200


def _attendance_rows(data, count, parties, summary) -> list[minutes.AttendanceRow]:
    """The posted attendance rows that name someone; each wrong cell goes in ``summary``,
    named by its row on the page and its column, beside its input."""
    rows: list[minutes.AttendanceRow] = []
    for n in range(count):
        row = _("Row %(n)s") % {"n": n + 1}

        def refuse(column, label, message, n=n, row=row) -> None:
            summary.add(message, key=f"{column}-{n}", label=f"{row} – {label}")

        name = data.get(f"name-{n}", "").strip()
        code = data.get(f"party-{n}", "")
        replaces = data.get(f"replaces-{n}", "").strip()
        role = data.get(f"role-{n}", Attendance.Role.MEMBER)
        if not name:
            if code or replaces:  # a party or a stand-in chosen for no one
                refuse("name", _("Name"), _("Enter the name."))
            continue  # a blank row is no one
        if code and code not in parties:
            refuse("party", _("Party"), _("Choose one of the parties in the list."))
        if role not in Attendance.Role.values:
            refuse("role", _("Role"), _("Choose member or substitute."))
        for column, label, text in (("name", _("Name"), name),
                                    ("replaces", _("Replaces"), replaces)):
            if len(text) > ATTENDANCE_TEXT_MAX:
                refuse(column, label, _("At most %(n)s characters.")
                       % {"n": ATTENDANCE_TEXT_MAX})
        rows.append({"name": name, "party": parties.get(code), "role": role,
                     "present": data.get(f"present-{n}") == "on", "replaces": replaces})
    return rows


def _typed_attendance(data, count, parties) -> list[dict | None]:
    """The attendance rows as posted (blank ones too), for the form shown again after a
    refusal; the row template reads them like saved attendance."""
    typed: list[dict | None] = []
    for n in range(count):
        party = parties.get(data.get(f"party-{n}", ""))
        typed.append({"party_id": party.pk if party else None,
                      "name": data.get(f"name-{n}", ""),
                      "role": data.get(f"role-{n}", ""),
                      "present": data.get(f"present-{n}") == "on",
                      "replaces": data.get(f"replaces-{n}", "")})
    return typed or [None] * ATTENDANCE_BLANK_ROWS


def _meeting_item(request, pk, item_id) -> AgendaItem:
    meeting = record.meeting_for_minutes(request.user, pk)
    try:
        return meeting.items.select_related("meeting").get(pk=item_id)
    except AgendaItem.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@require_POST
def minutes_points(request, pk, item_id):
    item = _meeting_item(request, pk, item_id)
    form = PointsForm(request.POST, prefix=f"item{item.pk}")
    if not form.is_valid():
        return minutes_page(request, pk, status=400, point_forms={item.pk: form},
                            form_errors=ErrorSummary().add_form(form), errors_at=item.pk)
    points = split_points(form.cleaned_data["points"])
    try:
        if item.decided_paragraph:
            minutes.set_decision(item=item, by=request.user, points=points,
                                 outcome=form.cleaned_data["outcome"] or None)
        else:
            minutes.set_proposal(item=item, by=request.user, points=points)
    except REFUSALS as exc:
        return _minutes_form_refused(request, pk, exc, at=item.pk, form=form,
                                     point_forms={item.pk: form})
    messages.success(request, _("The points have been saved."))
    return redirect(f"{request.path.rsplit('/items/', 1)[0]}/#item-{item.pk}")


@login_required
@require_POST
def minutes_confirm(request, pk, item_id):
    item = _meeting_item(request, pk, item_id)
    try:
        minutes.confirm_decision(item=item, by=request.user)
    except REFUSALS as exc:
        return _minutes_form_refused(request, pk, exc, at=item.pk)
    messages.success(request, _("The decision has been confirmed."))
    return redirect(f"{request.path.rsplit('/items/', 1)[0]}/#item-{item.pk}")


@login_required
@require_POST
def minutes_approve(request, pk):
    meeting = record.meeting_for_minutes(request.user, pk)
    try:
        approved = minutes.approve_minutes(meeting=meeting, by=request.user)
    except REFUSALS as exc:
        if hasattr(exc, "error_dict"):
            # A missing chair, secretary, adjuster or date: beside the head's own fields.
            return _minutes_form_refused(request, pk, exc, at="head", form=MinutesHeadForm())
        return _minutes_form_refused(request, pk, exc, at="approve")
    messages.success(request, _("The minutes have been adjusted and announced; the appeal "
                                "period ends %(date)s.") % {"date": approved.appeal_deadline})
    return redirect("portfolio:minutes", pk=pk)


@login_required
@throttle_pdf
def minutes_pdf(request, pk):
    meeting = record.meeting_for_minutes(request.user, pk)
    return pdf_response(minutes_html(minutes.minutes_of(meeting)),
                        f"protokoll-{meeting.committee.code}-{meeting.date}.pdf")
