"""The committee's common price list (gemensam prislista): hourly rates with valid-from dates.

Rates are decided by the committee; time already recorded keeps the rate it was costed at,
so a changed rate only affects time recorded afterwards. Rates are never deleted: a later
rate supersedes an earlier one, and a wrong one is corrected (audited) instead.
"""

import datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portfolio import permissions
from portfolio.errors import NotAllowed
from portfolio.models import Committee, PriceListRate
from portfolio.services.audit import diff, record_event, snapshot

RATE_FIELDS = ("committee", "resource", "hourly_rate", "valid_from", "decision_reference")


@transaction.atomic
def save_rate(*, committee: Committee, resource: str, hourly_rate: Decimal,
              valid_from: datetime.date, by: User, decision_reference: str = "",
              rate: PriceListRate | None = None) -> PriceListRate:
    """Add a rate (``rate=None``) or correct an existing one."""
    if not permissions.is_committee_decider(by, committee.pk):
        raise NotAllowed(_("Only the committee's chair and secretary set its price list."))
    # The committee row orders writers to its price list, so the uniqueness check holds.
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    errors: dict[str, list[str]] = {}
    resource = (resource or "").strip()
    if not resource:
        errors["resource"] = [_("This field is required.")]
    if hourly_rate is None or hourly_rate <= 0:
        errors["hourly_rate"] = [_("Must be more than zero.")]
    if rate is None:
        current = PriceListRate(committee=committee)
        before: dict[str, object] = {}
    else:
        current = PriceListRate.objects.select_for_update().get(pk=rate.pk)
        if current.committee_id != committee.pk:
            errors["committee"] = [_("A rate stays with its committee.")]
        before = snapshot(current, RATE_FIELDS)
    if resource and PriceListRate.objects.filter(
            committee=committee, resource=resource, valid_from=valid_from).exclude(
            pk=current.pk).exists():
        errors["valid_from"] = [_("%(resource)s already has a rate from %(date)s.")
                                % {"resource": resource, "date": valid_from}]
    if errors:
        raise ValidationError(errors)
    current.resource, current.hourly_rate = resource, hourly_rate
    current.valid_from, current.decision_reference = valid_from, decision_reference or ""
    current.save()
    changes = diff(before, snapshot(current, RATE_FIELDS))
    if changes:
        record_event(actor=by, obj=current, committee=committee, changes=changes,
                     action="price_list.rate_added" if rate is None
                     else "price_list.rate_changed", summary=str(current))
    return current
