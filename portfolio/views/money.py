"""Pages for the economists: follow-up reports, the outcome import, time and the budget."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from directives.http import pdf_response
from portfolio import listing, permissions, selectors
from portfolio.errors import REFUSALS, NotAllowed, PreconditionFailed, status_for
from portfolio.forms import (
    ErrorSummary,
    PeriodFilterForm,
    ReportFilterForm,
    TimeEntryForm,
    YearFilterForm,
    budget_forms,
    error_lines,
)
from portfolio.models import (
    BaseFee,
    CarryOver,
    Committee,
    CostObject,
    OutcomeImport,
    Party,
    PriceListRate,
    Project,
    TimeEntry,
)
from portfolio.reports import exports, followup
from portfolio.services import budgets, committee_money, outcomes, time
from portfolio.services.outcomes import ImportRefused, import_outcomes
from portfolio.services.versions import version_of
from portfolio.throttling import throttle_pdf


def _readable_committees(request):
    """The committees the reader belongs to; naming another committee is a 404 (its economy
    is not the reader's to know)."""
    committees = permissions.committees_readable_by(request.user)
    code = request.GET.get("committee")
    if code and not committees.filter(code=code).exists() \
            and Committee.objects.filter(code=code).exists():
        raise Http404
    return committees


@login_required
def economy(request, *, form_errors: ErrorSummary | None = None, narrative_typed=None):
    """The follow-up report, the outcome import and the narratives. ``form_errors`` and
    ``narrative_typed`` come from a refused narrative (economy_narrative shows this page
    again with what was typed)."""
    committees = _readable_committees(request)
    filters = ReportFilterForm(request.GET, periods=followup.PERIODS, committees=committees)
    status = 200
    form_errors = form_errors if form_errors is not None else ErrorSummary()
    if not filters.is_valid():
        form_errors.add_form(filters)
        status = 400
    chosen = filters.cleaned_data
    # Only a committee the request did not name defaults to the first: an unknown one is
    # never swapped for another (an import would land in the wrong committee).
    committee = chosen.get("committee") if filters.data.get("committee") else (
        committees[0] if committees else None)
    year = chosen.get("year")
    period = chosen.get("period") or "T1"
    report = context = None
    import_errors = None
    if request.method == "POST" and "file" in request.FILES:
        upload = request.FILES["file"]
        if committee is None:
            form_errors.add(_("Outcomes are imported by the committee's secretary or chair."))
            status = 400
        else:
            try:
                data = upload.read()
                if outcomes.wants_background(upload.name, data):
                    batch = outcomes.queue_import(filename=upload.name, data=data,
                                                  by=request.user, committee=committee)
                    if batch.state != OutcomeImport.State.DONE:
                        return redirect(f"{request.path}?committee={committee.code}"
                                        f"&import={batch.pk}")
                else:
                    batch = import_outcomes(filename=upload.name, data=data, by=request.user,
                                            committee=committee)
            except ImportRefused as exc:
                _import_refusal(form_errors, exc.messages[0], exc.rows)
                import_errors = exc.rows
                status = status_for(exc)
            except NotAllowed as exc:
                form_errors.add(exc.detail)
                status = status_for(exc)
            else:
                messages.success(request, _("Imported %(n)s rows for %(periods)s.")
                                 % {"n": batch.rows, "periods": ", ".join(batch.periods)})
    rows_page = rows_query = None
    if committee and year:
        # The report's table pages by cost object (the exports keep every row): only the
        # page's objects get a row; totals, chart and flag count cover the whole committee.
        scope = followup.Scope(committee=committee)
        rows_page, error = listing.page_from_param(
            CostObject.objects.filter(scope.objects_filter()).order_by("code")
            .values("id", "code", "name", "project_id"), request.GET.get("rows_page"), _("Page"))
        if error:
            form_errors.add(error)  # a page link's number: no input to point at
            status = 400
        report = followup.build(year=year, period=period, committee=committee,
                                objects=list(rows_page.object_list))
        context = exports.report_context(report, committee.name)
        rows_page.object_list = context["rows"]
        kept = request.GET.copy()
        kept.pop("rows_page", None)
        rows_query = kept.urlencode()
    followed = outcomes.followed_import(request.user, request.GET.get("import"))
    if followed is not None and followed.state == OutcomeImport.State.FAILED \
            and not import_errors:
        import_errors = followed.errors
        _import_refusal(form_errors, followed.message
                        or _("The file was refused; nothing was imported."),
                        followed.errors or [])
    return render(request, "portfolio/economy.html", {
        "rows_page": rows_page, "rows_query": rows_query,
        "committees": committees, "committee": committee, "year": year or "", "period": period,
        "periods": [(k, v[1]) for k, v in followup.PERIODS.items()], "report": report,
        "ctx": context, "import_errors": import_errors, "followed": followed,
        "narrative_typed": narrative_typed,
        "imports": OutcomeImport.objects.filter(committee__in=committees)
        .order_by("-imported_at")[:10],
        "rates": PriceListRate.objects.filter(committee=committee) if committee else [],
        "form_errors": form_errors,
        "base_fees": BaseFee.objects.filter(committee=committee) if committee else [],
        "carry_overs": CarryOver.objects.filter(committee=committee) if committee else [],
        "writes_narratives": bool(committee)
        and permissions.can_import_outcomes(request.user, committee),
    }, status=status)


def _import_refusal(summary: ErrorSummary, headline: str, rows: list[dict]) -> None:
    """A refused outcome file: the headline beside the file field, and each bad line of the
    file in the summary, named by its line, linked to the file field (there is nothing else
    on the page to correct it in)."""
    summary.add(headline, key="file", label=_("File"))
    for row in rows:
        line = _("Line %(n)s") % {"n": row.get("line")}
        for error in row.get("errors") or []:
            if str(error) == str(headline):
                continue  # the header's refusal is the headline already
            summary.add(error, key="file", beside=False, label=_("File") + " – " + line)


@login_required
@throttle_pdf
def economy_pdf(request):
    filters = ReportFilterForm(request.GET, periods=followup.PERIODS,
                               committees=_readable_committees(request))
    if not filters.is_valid():
        return HttpResponseBadRequest("\n".join(error_lines(filters)),
                                      content_type="text/plain; charset=utf-8")
    if not all(filters.cleaned_data.values()):
        raise Http404
    committee, year, period = (filters.cleaned_data[k] for k in ("committee", "year", "period"))
    report = followup.build(year=year, period=period, committee=committee)
    fmt = request.GET.get("format", "pdf")
    name = f"uppfoljning-{committee.code}-{year}-{period}"
    if fmt == "xlsx":
        response = HttpResponse(exports.xlsx(report), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    if fmt == "csv":
        response = HttpResponse(exports.csv(report), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    return pdf_response(exports.html(report, committee.name), f"{name}.pdf")


@login_required
def time_page(request):
    committees = permissions.committees_readable_by(request.user)
    if request.GET.get("committee") and not committees.filter(
            code=request.GET["committee"]).exists():
        raise Http404
    committee = committees.filter(code=request.GET.get("committee")).first() \
        or committees.first()
    if committee is None and request.method == "POST":
        raise Http404  # no committee the user belongs to: nothing to record time for
    recordable = permissions.time_recordable_projects(request.user, committee)
    if request.method == "POST" and recordable is None:
        # Auditors and readers get no time form; a post made anyway is refused up front.
        raise PermissionDenied(_("You may not record time in this committee."))
    form = TimeEntryForm(request.POST or None)
    if recordable is not None:
        form.limit_projects(recordable)
    status = 200
    summary = ErrorSummary()
    if request.method == "POST":
        status = 400
        if not form.is_valid():
            summary.add_form(form)
        else:
            try:
                time.record_time(committee=committee, by=request.user, **form.cleaned_data)
            except REFUSALS as exc:
                summary.add_service_error(exc, form=form)
                status = status_for(exc)
            else:
                messages.success(request, _("The time has been recorded."))
                return redirect(f"{request.path}?committee={committee.code}")
    today = datetime.date.today()
    period = PeriodFilterForm(request.GET, default_start=datetime.date(today.year, 1, 1),
                              default_end=today)
    period_typed = {}
    if not period.is_valid():
        summary.add_form(period)
        # A refused date stays in its input, as typed; the table shows the default period.
        period_typed = {name: period.data.get(name, "") for name in period.errors}
        status = 400
    start, end = period.period()
    return render(request, "portfolio/time.html", {
        "committee": committee, "committees": committees, "posted": form.data,
        "form_errors": summary, "can_record": recordable is not None,
        "parties": Party.objects.filter(memberships__committee=committee).distinct(),
        "projects": (recordable if recordable is not None else Project.objects.none())
        .order_by("-case_year", "-case_seq"),
        "resources": PriceListRate.objects.filter(committee=committee)
        .values_list("resource", flat=True).distinct(),
        "entries": TimeEntry.objects.filter(committee=committee).select_related("party", "project")[:50],
        "summary": time.invoicing_summary(committee, start, end) if committee else [],
        "start": start, "end": end, "period_typed": period_typed,
    }, status=status)


@login_required
def budget_page(request, pk):
    try:
        project = permissions.projects_visible_to(request.user).select_related(
            "committee").get(pk=pk)
    except Project.DoesNotExist as exc:
        raise Http404 from exc
    permissions.require_read(request.user, project)
    year = YearFilterForm(request.GET)
    status = 200
    form_errors = ErrorSummary()
    if not year.is_valid():
        form_errors.add_form(year)
        status = 400
    summary = budgets.budget_summary(project, year.cleaned_data.get("year"))
    financiers = summary["financiers"]
    rows = None
    version = None
    if request.method == "POST":
        # The version the form was opened on; a form without one (old page) saves as before.
        version = request.POST.get("version") or None
        filled = [form for form in budget_forms(request.POST, financiers) if not form.is_blank()]
        rows = [form.typed() for form in filled]
        rows += [{"activity": "", "total": "", "note": "", "shares": {}} for _ in range(3)]
        invalid = [form for form in filled if not form.is_valid()]
        status = 400
        if invalid:
            for form in invalid:
                form_errors.add_form(form, context=_("Row %(n)s") % {"n": form.index + 1})
        else:
            try:
                budgets.set_budget(project=project, by=request.user,
                                   lines=[form.line() for form in filled],
                                   expected_version=version)
            except PreconditionFailed as exc:
                form_errors.add(_(
                    "Someone else saved this project's budget after you opened the page. Your "
                    "values below have not been saved; the totals above show the saved budget. "
                    "Check them and save again to replace it."))
                status = status_for(exc)
                version = None  # the next save is made knowing the current budget
                project.refresh_from_db()
                summary = budgets.budget_summary(project, year.cleaned_data.get("year"))
            except REFUSALS as exc:
                _budget_refusal(form_errors, exc, filled)
                status = status_for(exc)
            else:
                messages.success(request, _("The budget has been saved."))
                return redirect("portfolio:budget", pk=pk)
    if rows is None:
        rows = [{"activity": line.activity, "total": line.total, "note": line.note,
                 "shares": {s.financier.code: s.amount for s in line.shares.all()}}
                for line in summary["lines"]]
        rows += [{"activity": "", "total": "", "note": "", "shares": {}} for _ in range(3)]
    for row in rows:
        row["cells"] = [(f.code, row["shares"].get(f.code, "")) for f in financiers]
    return render(request, "portfolio/budget.html", {
        "project": project, "summary": summary, "rows": rows, "financiers": financiers,
        "can_edit": permissions.can_edit_project(request.user, project),
        "hours": time.hours_against_estimate(project),
        "version": version or version_of(project),
        "directive": selectors.directive_facts(project), "budget_only": True,
        "form_errors": form_errors, "year_typed": year.data.get("year", ""),
    }, status=status)


def _budget_refusal(summary: ErrorSummary, exc, filled) -> None:
    """The budget service names rows as ``lines[<n>].<field>``, counting only the filled rows;
    on the page they are the row's number and the column's label, linked to its input."""
    if not hasattr(exc, "error_dict"):
        summary.add_service_error(exc)
        return
    keys, labels = {}, {}
    for position, form in enumerate(filled):
        row = _("Row %(n)s") % {"n": form.index + 1}
        first_share = next(iter(form.codes), None)
        for name in ("activity", "total", "note"):
            keys[f"lines[{position}].{name}"] = form.add_prefix(name)
            labels[f"lines[{position}].{name}"] = f"{row} – {form.fields[name].label}"
        for code in form.codes:
            keys[f"lines[{position}].shares.{code}"] = form.add_prefix(f"share-{code}")
            labels[f"lines[{position}].shares.{code}"] = (
                f"{row} – {form.fields[f'share-{code}'].label}")
        keys[f"lines[{position}].shares"] = (form.add_prefix(f"share-{first_share}")
                                             if first_share else form.add_prefix("total"))
        labels[f"lines[{position}].shares"] = f"{row} – {_('Shares')}"
    labels.setdefault("lines", _("Budget"))
    summary.add_service_error(exc, keys=keys, labels=labels)


NARRATIVE_FIELDS = {"year": _lazy("Year"), "period": _lazy("Period"),
                    "cost_object": _lazy("Object"), "text": _lazy("Narrative")}


@login_required
def economy_narrative(request):
    """Save one object's narrative for a follow-up report, then show the report again."""
    if request.method != "POST":
        return redirect("portfolio:economy")
    committees = permissions.committees_readable_by(request.user)
    committee = committees.filter(code=request.POST.get("committee", "")).first()
    if committee is None:
        raise Http404
    year_text = request.POST.get("year", "")
    code = request.POST.get("cost_object", "")
    status = 200
    summary = ErrorSummary()
    try:
        if not (year_text.isascii() and year_text.isdigit() and len(year_text) == 4):
            raise ValidationError({"year": [_("A year like 2019.")]})
        cost_object = CostObject.objects.filter(committee=committee,
                                                code=request.POST.get("cost_object", "")).first()
        if cost_object is None:
            raise ValidationError({"cost_object": [_("No such cost object in the committee.")]})
        committee_money.save_narrative(cost_object=cost_object, year=int(year_text),
                                       period=request.POST.get("period", ""),
                                       text=request.POST.get("text", ""), by=request.user)
    except ValidationError as exc:
        # Only the text is typed; year, period and object come with the page, so they are
        # named in the summary without a link.
        summary.add_service_error(
            exc, keys={"text": f"narrative-{code}"},
            labels={**NARRATIVE_FIELDS,
                    "text": _("Narrative for object %(code)s") % {"code": code}})
        status = 400
    except NotAllowed as exc:
        summary.add(exc.detail)
        status = status_for(exc)
    if status == 200:
        messages.success(request, _("The narrative is saved."))
        return redirect(f"{reverse('portfolio:economy')}?committee={committee.code}"
                        f"&year={year_text}&period={request.POST.get('period', '')}#report")
    response = economy(request, form_errors=summary,
                       narrative_typed={"code": code, "text": request.POST.get("text", "")})
    response.status_code = status
    return response
