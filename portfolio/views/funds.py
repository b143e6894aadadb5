"""The committee's base fee per year and its carried-over funds: read by those who read the
committee's economy, kept by its chair or secretary through ``services.committee_money``
(the same service as ``PUT …/base-fees/{year}/`` and ``POST …/carry-overs/``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portfolio import permissions
from portfolio.errors import REFUSALS, status_for
from portfolio.forms import ErrorSummary, mark_invalid
from portfolio.funds_forms import BaseFeeForm, CarryOverForm
from portfolio.models import BaseFee, CarryOver, Committee
from portfolio.services import committee_money


def _committee(request, code: str | None, *, first_if_unnamed: bool = True) -> Committee:
    """A committee the reader reads; any other is a 404, never a hint. Only the page picks
    the first one when none is named: a write never lands in a committee it did not name."""
    committees = permissions.committees_readable_by(request.user)
    if code:
        committee = committees.filter(code=code).first()
    else:
        committee = committees.order_by("code").first() if first_if_unnamed else None
    if committee is None:
        raise Http404
    return committee


def _page(request, committee: Committee, *, fee_form=None, carry_form=None,
          form_errors=None, status=200):
    may_keep = permissions.can_import_outcomes(request.user, committee)
    return render(request, "portfolio/funds.html", {
        "committee": committee,
        "committees": permissions.committees_readable_by(request.user).order_by("code"),
        "base_fees": BaseFee.objects.filter(committee=committee).order_by("-year"),
        "standing_fee": committee.base_fee,
        "carry_overs": CarryOver.objects.filter(committee=committee)
        .order_by("-from_year", "id"),
        "may_keep": may_keep,
        "fee_form": fee_form or BaseFeeForm(),
        "carry_form": carry_form or CarryOverForm(),
        "form_errors": form_errors or ErrorSummary(),
    }, status=status)


@login_required
def committee_funds(request):
    return _page(request, _committee(request, request.GET.get("committee")))


def _refused_or_done(request, committee, form, *, other: dict, write, done: str):
    """Validate ``form``, call the service, and either show the page again with every
    message beside its field (the typed values kept) or go back with ``done``."""
    if not permissions.can_import_outcomes(request.user, committee):
        summary = ErrorSummary()
        summary.add(_("Only the committee's chair or secretary keeps its money."))
        return _page(request, committee, form_errors=summary, status=403, **other)
    if not form.is_valid():
        summary = ErrorSummary().add_form(form)
        mark_invalid(form, summary)
        return _page(request, committee, form_errors=summary, status=400, **other)
    try:
        write(form.cleaned_data)
    except REFUSALS as exc:
        summary = ErrorSummary().add_service_error(exc, form=form)
        mark_invalid(form, summary)
        return _page(request, committee, form_errors=summary, status=status_for(exc), **other)
    messages.success(request, done)
    return redirect(reverse("portfolio:funds") + f"?committee={committee.code}")


@login_required
@require_POST
def set_base_fee(request):
    committee = _committee(request, request.POST.get("committee"), first_if_unnamed=False)
    form = BaseFeeForm(request.POST)

    def write(data):
        committee_money.set_base_fee(committee=committee, year=data["year"],
                                     amount=data["amount"], by=request.user,
                                     decision_reference=data["decision_reference"])

    return _refused_or_done(request, committee, form, other={"fee_form": form}, write=write,
                            done=_("The base fee has been saved."))


@login_required
@require_POST
def record_carry_over(request):
    committee = _committee(request, request.POST.get("committee"), first_if_unnamed=False)
    form = CarryOverForm(request.POST)

    def write(data):
        committee_money.record_carry_over(
            committee=committee, from_year=data["from_year"], to_year=data["to_year"],
            amount=data["amount"], decision_reference=data["decision_reference"],
            note=data["note"], by=request.user)

    return _refused_or_done(request, committee, form, other={"carry_form": form}, write=write,
                            done=_("The carry-over has been recorded."))
