"""Time entries costed from the common price list, and what each party can invoice."""

import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from portfolio import permissions
from portfolio.errors import NotAllowed
from portfolio.models import Committee, Party, PriceListRate, Project, TimeEntry
from portfolio.services.audit import record_event


def rate_on(committee: Committee, resource: str, on: datetime.date) -> PriceListRate | None:
    return (PriceListRate.objects.filter(committee=committee, resource=resource, valid_from__lte=on)
            .order_by("-valid_from").first())


@transaction.atomic
def record_time(*, committee: Committee, party: Party, resource: str,
                hours: Decimal | int | float | str, date: datetime.date,
                by: User, project: Project | None = None, note: str = "") -> TimeEntry:
    # Permission before validation: the field errors below would otherwise tell an outsider
    # about the committee's price list, parties and projects.
    if not permissions.can_record_time(by, committee, project):
        raise NotAllowed(_("Time is recorded by the project's owner or manager, or the committee."))
    errors: dict[str, list[str]] = {}
    hours = Decimal(str(hours))
    if hours <= 0:
        errors["hours"] = [_("Hours must be more than zero.")]
    if hours > 24 * 31:
        errors["hours"] = [_("More hours than a month has; split the entry.")]
    if project is not None and project.committee_id != committee.pk:
        errors["project"] = [_("The project belongs to another committee.")]
    member = committee.memberships.filter(party=party, joined_on__lte=date).exclude(
        left_on__lt=date)
    if not member.exists():
        errors["party"] = [_("The party is not a member of the committee.")]
    rate = rate_on(committee, resource, date)
    if rate is None:
        first = (PriceListRate.objects.filter(committee=committee, resource=resource)
                 .order_by("valid_from").first())
        if first is not None:
            errors["date"] = [
                _("No rate for %(resource)s on %(date)s; the price list starts %(first)s.")
                % {"resource": resource, "date": date, "first": first.valid_from}]
        else:
            errors["resource"] = [_("%(resource)s is not on the price list.") % {"resource": resource}]
    if errors or rate is None:  # no rate always comes with an error above
        raise ValidationError(errors)
    entry = TimeEntry.objects.create(
        committee=committee, project=project, party=party, resource=resource, hours=hours,
        date=date, rate=rate.hourly_rate, cost=(hours * rate.hourly_rate).quantize(Decimal("0.01")),
        note=note[:500], created_by=by)
    record_event(actor=by, action="time.recorded", obj=entry, project=project, committee=committee,
                 summary=f"{party.code} {resource} {hours} h {date} = {entry.cost} kr")
    return entry


def invoicing_summary(committee: Committee, start: datetime.date,
                      end: datetime.date) -> list[dict[str, Any]]:
    """Per party: hours and cost that can be invoiced to the committee for the period."""
    rows = (TimeEntry.objects.filter(committee=committee, date__gte=start, date__lte=end)
            .values("party__code", "party__name", "resource")
            .annotate(hours=Sum("hours"), cost=Sum("cost")).order_by("party__name", "resource"))
    parties: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = parties.setdefault(row["party__code"], {
            "party": row["party__code"], "party_name": row["party__name"], "hours": Decimal(0),
            "cost": Decimal(0), "by_resource": []})
        entry["hours"] += row["hours"]
        entry["cost"] += row["cost"]
        entry["by_resource"].append({"resource": row["resource"], "hours": row["hours"],
                                     "cost": row["cost"]})
    return list(parties.values())


def hours_against_estimate(project: Project) -> dict[str, Any]:
    used = project.time_entries.aggregate(h=Sum("hours"))["h"] or Decimal(0)
    estimate = project.estimated_hours
    return {"used": used, "estimate": estimate,
            "over": estimate is not None and used > estimate}
