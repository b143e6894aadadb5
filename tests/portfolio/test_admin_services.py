"""The services the admin writes through hold their rules for everyone who calls them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from api import services as feed_tokens
from api.models import FeedToken
from portfolio.errors import NotAllowed
from portfolio.models import AuditEvent, CommitteeMembership, CommitteeRole, PriceListRate
from portfolio.services import organisations, price_list, roles


def test_only_administrators_grant_and_revoke_roles(world):
    for user in (world.secretary, world.chair, world.owner):
        with pytest.raises(NotAllowed):
            roles.grant_committee_role(committee=world.committee, user=world.outsider,
                                       role="member", by=user)
    grant = CommitteeRole.objects.get(user=world.auditor)
    with pytest.raises(NotAllowed):
        roles.revoke_committee_role(grant=grant, by=world.secretary)
    assert CommitteeRole.objects.filter(pk=grant.pk).exists()
    with pytest.raises(ValidationError) as refused:
        roles.grant_committee_role(committee=world.committee, user=world.outsider,
                                   role="king", by=world.admin)
    assert "role" in refused.value.message_dict
    assert not AuditEvent.objects.filter(action__startswith="committee.role").exists()


def test_a_membership_keeps_its_party(world):
    membership = CommitteeMembership.objects.get(committee=world.committee, party=world.are)
    with pytest.raises(ValidationError) as refused:
        roles.save_membership(membership=membership, committee=world.committee,
                              party=world.berg, joined_on=membership.joined_on, by=world.admin)
    assert "party" in refused.value.message_dict


def test_the_committee_sets_its_price_list_others_may_not(world):
    rate = price_list.save_rate(committee=world.committee, resource="Utvecklare",
                                hourly_rate=Decimal("800"), valid_from=datetime.date(2020, 1, 1),
                                by=world.secretary)
    event = AuditEvent.objects.get(action="price_list.rate_added")
    assert event.committee_id == world.committee.pk and event.actor == world.secretary
    for user in (world.owner, world.auditor, world.other_secretary):
        with pytest.raises(NotAllowed):
            price_list.save_rate(rate=rate, committee=world.committee, resource="Utvecklare",
                                 hourly_rate=Decimal("1"), valid_from=rate.valid_from, by=user)
    with pytest.raises(ValidationError) as refused:
        price_list.save_rate(committee=world.committee, resource="Utvecklare",
                             hourly_rate=Decimal("900"), valid_from=datetime.date(2020, 1, 1),
                             by=world.secretary)
    assert "valid_from" in refused.value.message_dict
    assert PriceListRate.objects.get().hourly_rate == 800


def test_reference_data_and_tokens_are_for_administrators(world):
    with pytest.raises(NotAllowed):
        organisations.save_party(party=world.berg, code="berg", name="X", kind="municipality",
                                 by=world.secretary)
    with pytest.raises(NotAllowed):
        organisations.save_population(party=world.berg, as_of=datetime.date(2018, 11, 1),
                                      population=1, by=world.chair)
    with pytest.raises(NotAllowed):
        feed_tokens.create_feed_token(name="Intranät", by=world.secretary)
    token = feed_tokens.create_feed_token(name="Intranät", by=world.admin)
    feed_tokens.revoke_feed_token(token=token, by=world.admin)
    feed_tokens.revoke_feed_token(token=token, by=world.admin)  # once is recorded
    assert FeedToken.objects.get().revoked_at is not None
    assert AuditEvent.objects.filter(action="feed_token.revoked").count() == 1
