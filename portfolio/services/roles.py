"""Role grants: who holds a committee role and which parties are members of a committee.

Every permission in the product hangs on these rows, so each grant, revocation and change of
membership is audited in the same transaction as the change itself.
"""

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portfolio import permissions
from portfolio.errors import NotAllowed
from portfolio.models import Committee, CommitteeMembership, CommitteeRole, Party
from portfolio.services.audit import diff, record_event, snapshot

MEMBERSHIP_FIELDS = ("committee", "party", "joined_on", "left_on")


def _require(allowed: bool) -> None:
    # Role grants are an administrator's task: the committee's own roles do not grant roles.
    if not allowed:
        raise NotAllowed(_("Only administrators grant and revoke committee roles."))


@transaction.atomic
def grant_committee_role(*, committee: Committee, user: User, role: str, by: User) -> CommitteeRole:
    _require(permissions.can_grant_committee_role(by))
    # One grant at a time per committee, so the duplicate check below cannot race.
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    if role not in CommitteeRole.Role.values:
        raise ValidationError({"role": [_("Unknown role.")]})
    if CommitteeRole.objects.filter(committee=committee, user=user, role=role).exists():
        raise ValidationError({"role": [_("%(user)s already holds this role.")
                                        % {"user": user.username}]})
    grant = CommitteeRole.objects.create(committee=committee, user=user, role=role)
    record_event(actor=by, action="committee.role_granted", obj=grant, committee=committee,
                 changes={"role": [None, f"{user.username}:{role}"]}, summary=str(grant))
    return grant


@transaction.atomic
def revoke_committee_role(*, grant: CommitteeRole, by: User) -> None:
    _require(permissions.can_revoke_committee_role(by))
    grant = CommitteeRole.objects.select_for_update().select_related("committee", "user").get(
        pk=grant.pk)
    # Recorded before the delete so the event keeps the grant's id.
    record_event(actor=by, action="committee.role_revoked", obj=grant, committee=grant.committee,
                 changes={"role": [f"{grant.user.username}:{grant.role}", None]},
                 summary=str(grant))
    grant.delete()


@transaction.atomic
def save_membership(*, committee: Committee, party: Party, joined_on: datetime.date, by: User,
                    left_on: datetime.date | None = None,
                    membership: CommitteeMembership | None = None) -> CommitteeMembership:
    """Add a party's membership of a committee, or change its dates. Memberships are never
    deleted: the base fee of past years is split among the parties that were members then,
    so a party that leaves gets ``left_on``."""
    _require(permissions.can_keep_membership(by, adding=membership is None))
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    if left_on is not None and left_on < joined_on:
        raise ValidationError({"left_on": [_("Cannot be before the date the party joined.")]})
    if membership is None:
        current = CommitteeMembership(committee=committee, party=party)
        before = {}
    else:
        current = CommitteeMembership.objects.select_for_update().get(pk=membership.pk)
        if (current.committee_id, current.party_id) != (committee.pk, party.pk):
            raise ValidationError({"party": [_("A membership keeps its committee and party; "
                                               "add a new one instead.")]})
        before = snapshot(current, MEMBERSHIP_FIELDS)
    clash = CommitteeMembership.objects.filter(committee=committee, party=party,
                                               joined_on=joined_on).exclude(pk=current.pk)
    if clash.exists():
        raise ValidationError({"joined_on": [_("The party already joined on this date.")]})
    current.joined_on, current.left_on = joined_on, left_on
    current.save()
    changes = diff(before, snapshot(current, MEMBERSHIP_FIELDS))
    if changes:
        record_event(actor=by, obj=current, committee=committee, changes=changes,
                     action="committee.membership_added" if membership is None
                     else "committee.membership_changed", summary=str(current))
    return current
