"""The committee's own money as it reports it: the base fee per year, remaining funds carried
over to a later year, and the narrative written per cost object in each follow-up report.

Each service is one transaction that locks the committee row, checks that the user keeps the
committee's money (its chair or secretary), and writes the audit row."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portfolio import permissions
from portfolio.errors import NotAllowed
from portfolio.models import BaseFee, CarryOver, Committee, CostObject, FollowUpNarrative
from portfolio.services.audit import record_event

FIRST_YEAR, LAST_YEAR = 1990, 2100
# Whole kronor up to a thousand billion: the DecimalField holds 12 digits before the point.
MAX_AMOUNT = Decimal("999999999999")
NARRATIVE_MAX = 4000


def _year(value: Any, field: str, errors: dict[str, list[str]]) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) \
            or not FIRST_YEAR <= value <= LAST_YEAR:
        errors[field] = [_("A year between %(first)s and %(last)s.")
                         % {"first": FIRST_YEAR, "last": LAST_YEAR}]
        return None
    return value


def _amount(value: Any, field: str, errors: dict[str, list[str]], *,
            negative: bool = False) -> Decimal | None:
    try:
        amount = Decimal(str(value)) if not isinstance(value, bool | float) else Decimal("NaN")
    except (InvalidOperation, ValueError):
        amount = Decimal("NaN")
    if not amount.is_finite() or abs(amount) > MAX_AMOUNT \
            or amount != amount.quantize(Decimal("0.01")):
        errors[field] = [_("An amount in kronor, at most two decimals.")]
        return None
    if amount < 0 and not negative:
        errors[field] = [_("Must be zero or more.")]
        return None
    return amount


def _lock(committee: Committee, by: User) -> Committee:
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    if not permissions.can_import_outcomes(by, committee):
        raise NotAllowed(_("Only the committee's chair or secretary keeps its money."))
    return committee


def base_fee_for(committee: Committee, year: int) -> Decimal:
    """The base fee of ``year``: the year's own row, else the committee's standing base fee."""
    row = BaseFee.objects.filter(committee=committee, year=year).values_list("amount",
                                                                              flat=True).first()
    return Decimal(row if row is not None else committee.base_fee)


@transaction.atomic
def set_base_fee(*, committee: Committee, year: Any, amount: Any, by: User,
                 decision_reference: str = "") -> BaseFee:
    """Set the base fee of one year (creating or changing the year's row)."""
    errors: dict[str, list[str]] = {}
    checked_year = _year(year, "year", errors)
    checked_amount = _amount(amount, "amount", errors)
    reference = (decision_reference or "").strip()
    if len(reference) > 100:
        errors["decision_reference"] = [_("At most 100 characters.")]
    if errors or checked_year is None or checked_amount is None:
        raise ValidationError(errors)
    committee = _lock(committee, by)
    fee = BaseFee.objects.filter(committee=committee, year=checked_year).first()
    before = (str(fee.amount), fee.decision_reference) if fee else ("", "")
    if fee is None:
        fee = BaseFee(committee=committee, year=checked_year)
    fee.amount, fee.decision_reference = checked_amount, reference
    fee.save()
    record_event(actor=by, action="base_fee.set", obj=fee, committee=committee,
                 changes={"amount": [before[0], str(checked_amount)],
                          "decision_reference": [before[1], reference]},
                 summary=f"{committee.code} {checked_year}: {checked_amount}")
    return fee


@transaction.atomic
def record_carry_over(*, committee: Committee, from_year: Any, to_year: Any, amount: Any,
                      decision_reference: str, by: User, note: str = "") -> CarryOver:
    """Record remaining funds of ``from_year`` reserved for ``to_year`` by a decision."""
    errors: dict[str, list[str]] = {}
    first = _year(from_year, "from_year", errors)
    then = _year(to_year, "to_year", errors)
    checked_amount = _amount(amount, "amount", errors)
    if first is not None and then is not None and then <= first:
        errors["to_year"] = [_("Must be a later year than %(year)s.") % {"year": first}]
    reference = (decision_reference or "").strip()
    if not reference:
        errors["decision_reference"] = [_("Name the decision that reserved the funds.")]
    elif len(reference) > 100:
        errors["decision_reference"] = [_("At most 100 characters.")]
    if len(note or "") > 500:
        errors["note"] = [_("At most 500 characters.")]
    if errors or first is None or then is None or checked_amount is None:
        raise ValidationError(errors)
    committee = _lock(committee, by)
    row = CarryOver.objects.create(committee=committee, from_year=first, to_year=then,
                                   amount=checked_amount, decision_reference=reference,
                                   note=(note or "").strip(), created_by=by)
    record_event(actor=by, action="carry_over.recorded", obj=row, committee=committee,
                 changes={"amount": ["", str(checked_amount)]},
                 summary=f"{first} → {then}: {checked_amount} ({reference})")
    return row


@transaction.atomic
def save_narrative(*, cost_object: CostObject, year: Any, period: Any, text: Any,
                   by: User) -> FollowUpNarrative | None:
    """Write (or, with empty text, remove) the narrative of one cost object in one report."""
    errors: dict[str, list[str]] = {}
    checked_year = _year(year, "year", errors)
    if period not in FollowUpNarrative.Period.values:
        errors["period"] = [_("Use T1, T2 or Y.")]
    if not isinstance(text, str):
        errors["text"] = [_("Expected text.")]
    elif len(text) > NARRATIVE_MAX:
        errors["text"] = [_("At most %(n)s characters.") % {"n": NARRATIVE_MAX}]
    if errors or checked_year is None:
        raise ValidationError(errors)
    _lock(cost_object.committee, by)
    current = FollowUpNarrative.objects.filter(cost_object=cost_object, year=checked_year,
                                               period=period).first()
    before = current.text if current else ""
    cleaned = text.strip()
    if cleaned == before:
        return current
    summary = f"{cost_object.code} {period} {checked_year}"
    if not cleaned:
        assert current is not None  # before != "" here
        record_event(actor=by, action="followup.narrative_removed", obj=current,
                     committee=cost_object.committee, changes={"text": [before, ""]},
                     summary=summary)
        current.delete()
        return None
    narrative = current or FollowUpNarrative(cost_object=cost_object, year=checked_year,
                                             period=period)
    narrative.text, narrative.updated_by = cleaned, by
    narrative.save()
    record_event(actor=by, action="followup.narrative_saved", obj=narrative,
                 committee=cost_object.committee, changes={"text": [before, cleaned]},
                 summary=summary)
    return narrative
