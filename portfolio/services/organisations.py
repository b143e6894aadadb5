"""Parties, their population figures and the committees: the reference data that cost keys,
base fees and case numbers are computed from. Administrators keep them; every change is
audited. None of them is ever deleted: projects, memberships and past allocations point at
them."""

import datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portfolio import permissions
from portfolio.errors import NotAllowed
from portfolio.models import Committee, Party, PopulationFigure
from portfolio.services.audit import diff, record_event, snapshot

PARTY_FIELDS = ("code", "name", "kind")
POPULATION_FIELDS = ("party", "as_of", "population", "source")
COMMITTEE_FIELDS = ("code", "name", "host_party", "base_fee")


def _require(by: User, model: str, adding: bool) -> None:
    if not permissions.can_keep_reference_data(by, model, adding=adding):
        raise NotAllowed(_("Only administrators keep parties, population figures and "
                           "committees."))


_Row = TypeVar("_Row", Party, PopulationFigure, Committee)


def _save(instance: _Row, fields: tuple[str, ...], values: dict[str, Any], *, by: User,
          action: str) -> _Row:
    """Apply ``values`` to ``instance`` (a locked row, or a new one), validate, save and audit."""
    adding = instance._state.adding
    before = {} if adding else snapshot(instance, fields)
    for name, value in values.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    changes = diff(before, snapshot(instance, fields))
    if changes:
        record_event(actor=by, action=f"{action}.{'added' if adding else 'changed'}",
                     obj=instance, changes=changes, summary=str(instance),
                     committee=instance if isinstance(instance, Committee) else None)
    return instance


@transaction.atomic
def save_party(*, code: str, name: str, kind: str, by: User, party: Party | None = None) -> Party:
    _require(by, "party", party is None)
    current = Party.objects.select_for_update().get(pk=party.pk) if party else Party()
    return _save(current, PARTY_FIELDS, {"code": code, "name": name, "kind": kind}, by=by,
                 action="party")


@transaction.atomic
def save_population(*, party: Party, as_of: datetime.date, population: int, by: User,
                    source: str = "", figure: PopulationFigure | None = None) -> PopulationFigure:
    """A party's population on a date; the population key uses 1 November of the year
    before the cost year, so a corrected figure changes allocations: hence the audit."""
    _require(by, "populationfigure", figure is None)
    if figure is None:
        current = PopulationFigure(party=party)
    else:
        current = PopulationFigure.objects.select_for_update().get(pk=figure.pk)
        if current.party_id != party.pk:
            raise ValidationError({"party": [_("A population figure stays with its party.")]})
    return _save(current, POPULATION_FIELDS,
                 {"as_of": as_of, "population": population, "source": source or ""}, by=by,
                 action="population")


@transaction.atomic
def save_committee(*, code: str, name: str, host_party: Party, by: User, base_fee: Decimal = Decimal(0),
                   committee: Committee | None = None) -> Committee:
    _require(by, "committee", committee is None)
    current = Committee.objects.select_for_update().get(pk=committee.pk) if committee else Committee()
    if committee is not None and current.code != code and current.projects.exists():
        # The code is part of every case number already handed out.
        raise ValidationError({"code": [_("The code is in the case numbers of the committee's "
                                          "projects and cannot change.")]})
    return _save(current, COMMITTEE_FIELDS, {"code": code, "name": name, "host_party": host_party,
                                             "base_fee": base_fee}, by=by, action="committee")
