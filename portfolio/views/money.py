"""Pages for the economists: follow-up reports, the outcome import, time and the budget."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from api.documents import pdf_response
from portfolio import permissions
from portfolio.errors import DomainError, PreconditionFailed, describe
from portfolio.models import Committee, OutcomeImport, Party, PriceListRate, Project, TimeEntry
from portfolio.reports import exports, followup
from portfolio.services import budgets, outcomes, time
from portfolio.services.outcomes import ImportRefused, import_outcomes
from portfolio.services.versions import version_of
from portfolio.throttling import throttle_pdf
from portfolio.validators import parse_date, parse_decimal, parse_whole_number, parse_year

_error_text = describe


@login_required
def economy(request):
    committees = permissions.committees_readable_by(request.user)
    code = request.GET.get("committee") or (committees[0].code if committees else "")
    committee = next((c for c in committees if c.code == code), None)
    if code and committee is None and Committee.objects.filter(code=code).exists():
        raise Http404
    year = request.GET.get("year", "")
    period = request.GET.get("period", "T1")
    report = context = None
    import_errors = None
    bad_input = False
    try:
        year_number = parse_year(year)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        year_number, bad_input = None, True
    if request.method == "POST" and "file" in request.FILES:
        upload = request.FILES["file"]
        if committee is None or not (request.user.is_superuser or permissions.is_committee_decider(
                request.user, committee.pk)):
            messages.error(request, _("Outcomes are imported by the committee's secretary or chair."))
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
                messages.error(request, exc.messages[0])
                import_errors = exc.rows
            else:
                messages.success(request, _("Imported %(n)s rows for %(periods)s.")
                                 % {"n": batch.rows, "periods": ", ".join(batch.periods)})
    if committee and year_number and period in followup.PERIODS:
        report = followup.build(year=year_number, period=period, committee=committee)
        context = exports.report_context(report, committee.name)
    status = 400 if import_errors or bad_input else 200
    followed = outcomes.followed_import(request.user, request.GET.get("import"))
    if followed is not None and followed.state == OutcomeImport.State.FAILED:
        import_errors = import_errors or followed.errors
    return render(request, "portfolio/economy.html", {
        "followed": followed,
        "committees": committees, "committee": committee, "year": year, "period": period,
        "periods": [(k, v[1]) for k, v in followup.PERIODS.items()], "report": report,
        "ctx": context, "import_errors": import_errors,
        "imports": OutcomeImport.objects.order_by("-imported_at")[:10],
        "rates": PriceListRate.objects.filter(committee=committee) if committee else [],
    }, status=status)


@login_required
@throttle_pdf
def economy_pdf(request):
    committee = permissions.committees_readable_by(request.user).filter(
        code=request.GET.get("committee")).first()
    year, period = request.GET.get("year", ""), request.GET.get("period", "")
    try:
        year = parse_year(year)
    except ValidationError as exc:
        return HttpResponseBadRequest(_error_text(exc), content_type="text/plain; charset=utf-8")
    if committee is None or year is None or period not in followup.PERIODS:
        raise Http404
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
    posted = {}
    if request.method == "POST":
        posted = request.POST
        try:
            project = None
            if request.POST.get("project"):
                project = Project.objects.get(pk=parse_whole_number(request.POST["project"],
                                                                    field="project"))
            party = Party.objects.get(code=request.POST.get("party", ""))
            time.record_time(
                committee=committee, party=party, resource=request.POST.get("resource", ""),
                hours=parse_decimal(request.POST.get("hours", "") or "0", field="hours"),
                date=parse_date(request.POST.get("date"), field="date", required=True),
                by=request.user, project=project, note=request.POST.get("note", ""))
        except (Project.DoesNotExist, Party.DoesNotExist, ValueError, ArithmeticError):
            messages.error(request, _("Check party, project, hours and date (YYYY-MM-DD)."))
        except (DomainError, ValidationError) as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("The time has been recorded."))
            return redirect(f"{request.path}?committee={committee.code}")
    today = datetime.date.today()
    try:
        start = parse_date(request.GET.get("from"), field="from") or datetime.date(today.year, 1, 1)
        end = parse_date(request.GET.get("to"), field="to") or today
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        start, end, posted = datetime.date(today.year, 1, 1), today, {"bad": True}
    return render(request, "portfolio/time.html", {
        "committee": committee, "committees": committees, "posted": posted,
        "parties": Party.objects.filter(memberships__committee=committee).distinct(),
        "projects": Project.objects.filter(committee=committee).order_by("-case_year", "-case_seq"),
        "resources": PriceListRate.objects.filter(committee=committee)
        .values_list("resource", flat=True).distinct(),
        "entries": TimeEntry.objects.filter(committee=committee).select_related("party", "project")[:50],
        "summary": time.invoicing_summary(committee, start, end) if committee else [],
        "start": start, "end": end,
    }, status=400 if posted else 200)


@login_required
def budget_page(request, pk):
    try:
        project = permissions.projects_visible_to(request.user).select_related(
            "committee").get(pk=pk)
    except Project.DoesNotExist as exc:
        raise Http404 from exc
    permissions.require_read(request.user, project)
    try:
        summary = budgets.budget_summary(project, parse_year(request.GET.get("year")))
    except ValidationError as exc:
        return HttpResponseBadRequest(_error_text(exc), content_type="text/plain; charset=utf-8")
    financiers = summary["financiers"]
    status = 200
    rows = None
    version = None
    if request.method == "POST":
        rows = []
        index = 0
        while f"activity-{index}" in request.POST:
            rows.append({
                "activity": request.POST.get(f"activity-{index}", ""),
                "total": request.POST.get(f"total-{index}", "").replace(" ", "").replace(",", "."),
                "note": request.POST.get(f"note-{index}", ""),
                "shares": {f.code: request.POST.get(f"share-{index}-{f.code}", "").replace(
                    " ", "").replace(",", ".") or "0" for f in financiers}})
            index += 1
        lines = [r for r in rows if r["activity"].strip() or r["total"].strip()]
        # The version the form was opened on; a form without one (old page) saves as before.
        version = request.POST.get("version") or None
        try:
            budgets.set_budget(project=project, by=request.user, lines=lines,
                               expected_version=version)
        except PreconditionFailed:
            messages.error(request, _(
                "Someone else saved this project's budget after you opened the page. Your "
                "values below have not been saved; the totals above show the saved budget. "
                "Check them and save again to replace it."))
            status = 409
            version = None  # the next save is made knowing the current budget
            project.refresh_from_db()
            summary = budgets.budget_summary(project, parse_year(request.GET.get("year")))
        except (DomainError, ValidationError) as exc:
            messages.error(request, _error_text(exc))
            status = 400
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
    }, status=status)

