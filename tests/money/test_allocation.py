import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio.services import allocation


@settings(max_examples=300, deadline=None)
@given(total=st.integers(min_value=-10**12, max_value=10**12),
       weights=st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=30)
       .filter(lambda w: sum(w) > 0))
def test_largest_remainder_always_adds_up_and_is_fair(total, weights):
    parts = allocation.largest_remainder(Decimal(total), dict(enumerate(weights)))
    assert sum(parts.values()) == total
    weight_sum = sum(weights)
    for index, weight in enumerate(weights):
        exact = Decimal(total) * weight / weight_sum
        # Never more than one krona from the exact share, and whole kronor.
        assert abs(parts[index] - exact) < 1
        assert parts[index] == parts[index].to_integral_value()


@settings(max_examples=200, deadline=None)
@given(total=st.integers(min_value=0, max_value=10**10),
       populations=st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=12))
def test_population_weights_add_up(total, populations):
    parts = allocation.largest_remainder(Decimal(total), dict(enumerate(populations)))
    assert sum(parts.values()) == total


def test_equal_and_solidary_shares():
    assert allocation.equal_shares(Decimal(100), ["a", "b", "c"]) == {
        "a": Decimal(34), "b": Decimal(33), "c": Decimal(33)}
    assert sum(allocation.solidary(Decimal(1000), list("abcdefg")).values()) == 1000


def test_percentages_must_add_up_to_100():
    parts = allocation.by_percentages(Decimal(1000), {"a": 60, "b": Decimal("40.0")})
    assert parts == {"a": Decimal(600), "b": Decimal(400)}
    with pytest.raises(ValidationError) as error:
        allocation.by_percentages(Decimal(1000), {"a": 60, "b": 30})
    assert "percentages" in error.value.message_dict


def test_whole_kronor_and_empty_inputs_refused():
    with pytest.raises(ValidationError):
        allocation.largest_remainder(Decimal("10.50"), {"a": 1})
    with pytest.raises(ValidationError):
        allocation.largest_remainder(Decimal(10), {})
    with pytest.raises(ValidationError):
        allocation.largest_remainder(Decimal(10), {"a": 0})


@pytest.mark.django_db
def test_link2_municipal_share_split_by_population():
    """LINK2: the municipalities' 565 000 kr split by the population of the previous November
    (nearest published figures: 2018-09-30 for costs of 2019, 2017-06-30 for 2018)."""
    from django.core.management import call_command

    from portfolio.models import Party

    call_command("seed_demo", stdout=open("/dev/null", "w"))
    municipalities = list(Party.objects.filter(kind="municipality").order_by("name"))
    parts = {p.code: v for p, v in
             allocation.by_population(Decimal(565000), municipalities, 2019).items()}
    assert parts == {"berg": 30883, "bracke": 27825, "harjedalen": 43998, "krokom": 64762,
                     "ragunda": 23296, "stromsund": 50826, "are": 49657, "ostersund": 273753}
    assert sum(parts.values()) == 565000
    parts_2018 = {p.code: v for p, v in
                  allocation.by_population(Decimal(565000), municipalities, 2018).items()}
    assert parts_2018["ostersund"] == 272051 and sum(parts_2018.values()) == 565000
    with pytest.raises(ValidationError) as error:
        allocation.by_population(Decimal(565000), municipalities, 2017)
    assert "population" in error.value.message_dict
    assert "2016-11-01" in str(error.value)


@pytest.mark.django_db
def test_base_fee_split_equally_among_members_of_the_year(world):
    world.committee.base_fee = Decimal(900001)
    world.committee.save()
    parts = allocation.base_fee_split(world.committee, 2024)
    assert len(parts) == 3 and sum(parts.values()) == 900001
    assert sorted(parts.values()) == [Decimal(300000), Decimal(300000), Decimal(300001)]
    with pytest.raises(ValidationError):  # nobody was a member before 2018
        allocation.base_fee_split(world.committee, 2017)


def test_reference_date():
    assert allocation.population_reference_date(2019) == datetime.date(2018, 11, 1)
