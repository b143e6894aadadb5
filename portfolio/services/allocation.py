"""Allocation keys (fördelningsnycklar): split an amount among parties in whole kronor.

Every key ends in ``largest_remainder``: parts are rounded down to whole kronor and the
kronor left over go to the largest fractional remainders (ties by party order), so the parts
always add up exactly to the whole.
"""

import datetime
from collections.abc import Iterable, Mapping
from decimal import ROUND_FLOOR, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from portfolio.models import Committee, Party, PopulationFigure
from portfolio.services.committee_money import base_fee_for

ONE = Decimal(1)

# An amount as the callers give it: Decimal, int or a numeric string.
Amount = Decimal | int | str


def largest_remainder(total: Amount, weights: Mapping[Party, Amount]) -> dict[Party, Decimal]:
    """Split ``total`` (whole kronor) in proportion to ``weights`` (party → weight ≥ 0)."""
    total = Decimal(total)
    if total != total.to_integral_value():
        raise ValidationError({"amount": [_("Allocate whole kronor.")]})
    if not weights:
        raise ValidationError({"parties": [_("No parties to allocate among.")]})
    decimal_weights = {party: Decimal(weight) for party, weight in weights.items()}
    if any(w < 0 for w in decimal_weights.values()):
        raise ValidationError({"weights": [_("Weights cannot be negative.")]})
    weight_sum = sum(decimal_weights.values())
    if weight_sum == 0:
        raise ValidationError({"weights": [_("The weights add up to zero.")]})
    sign = -1 if total < 0 else 1
    magnitude = abs(total)
    exact = {party: magnitude * w / weight_sum for party, w in decimal_weights.items()}
    parts = {party: value.to_integral_value(rounding=ROUND_FLOOR) for party, value in exact.items()}
    left = int(magnitude - sum(parts.values()))
    order = sorted(weights, key=lambda p: (-(exact[p] - parts[p]), list(weights).index(p)))
    for party in order[:left]:
        parts[party] += ONE
    return {party: sign * amount for party, amount in parts.items()}


def equal_shares(total: Amount, parties: Iterable[Party]) -> dict[Party, Decimal]:
    return largest_remainder(total, {party: 1 for party in parties})


def population_reference_date(year: int) -> datetime.date:
    """Costs of ``year`` are split by the population of 1 November the year before."""
    return datetime.date(year - 1, 11, 1)


def populations_for(parties: Iterable[Party], year: int) -> dict[Party, PopulationFigure]:
    """The latest published figure on or before the reference date, for each party."""
    reference = population_reference_date(year)
    figures: dict[Party, PopulationFigure] = {}
    missing: list[str] = []
    for party in parties:
        figure = (PopulationFigure.objects.filter(party=party, as_of__lte=reference)
                  .order_by("-as_of").first())
        if figure is None:
            missing.append(party.name)
        else:
            figures[party] = figure
    if missing:
        raise ValidationError({"population": [
            _("No population figure on or before %(date)s for: %(parties)s.")
            % {"date": reference, "parties": ", ".join(missing)}]})
    return figures


def by_population(total: Amount, parties: Iterable[Party], year: int) -> dict[Party, Decimal]:
    figures = populations_for(parties, year)
    return largest_remainder(total, {party: figure.population for party, figure in figures.items()})


def by_percentages(total: Amount, percentages: Mapping[Party, Amount]) -> dict[Party, Decimal]:
    """``percentages``: party → percent; they must add up to exactly 100."""
    values = {party: Decimal(str(p)) for party, p in percentages.items()}
    if sum(values.values()) != 100:
        raise ValidationError({"percentages": [
            _("The percentages add up to %(sum)s, not 100.") % {"sum": sum(values.values())}]})
    return largest_remainder(total, values)


def solidary(total: Amount, agreement_parties: Iterable[Party]) -> dict[Party, Decimal]:
    """"Solidarisk" fördelning: equal among the parties that joined that agreement."""
    return equal_shares(total, agreement_parties)


def base_fee_split(committee: Committee, year: int) -> dict[Party, Decimal]:
    """The committee's base fee of ``year``, shared equally among the parties that are members
    in ``year``."""

    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    members = Party.objects.filter(
        memberships__committee=committee, memberships__joined_on__lte=end,
    ).exclude(memberships__left_on__lt=start).distinct().order_by("name")
    return equal_shares(base_fee_for(committee, year).to_integral_value(), list(members))


def allocate(*, key: str, total: Amount, parties: Iterable[Party], year: int | None = None,
             percentages: Mapping[Party, Amount] | None = None) -> dict[Party, Decimal]:
    """One entry point for every key; the key names come from ``Financier.Key``."""
    party_list = list(parties)
    if key == "single":
        if len(party_list) != 1:
            raise ValidationError({"parties": [_("A single financier has exactly one party.")]})
        return {party_list[0]: Decimal(total)}
    if key == "equal":
        return equal_shares(total, party_list)
    if key == "solidary":
        return solidary(total, party_list)
    if key == "population":
        if year is None:
            raise ValidationError({"year": [_("A population key needs the cost year.")]})
        return by_population(total, party_list, year)
    if key == "percent":
        return by_percentages(total, percentages or {})
    raise ValidationError({"key": [_("Unknown allocation key %(key)s.") % {"key": key}]})
