"""Health rules (portfolio.health) at their boundary dates and amounts, and applied to real
projects with budgets, outcomes, checklists and extension requests."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from portfolio import health
from portfolio.health import AMBER, GREEN, RED, UNKNOWN
from portfolio.lifecycle import Gate, State
from portfolio.models import ChecklistAnswer, CostObject, ExtensionRequest
from portfolio.services import budgets, extensions
from portfolio.services.outcomes import import_outcomes

TODAY = datetime.date(2024, 6, 1)
D = datetime.timedelta


@pytest.mark.parametrize(("end", "state", "expected"), [
    (TODAY - D(days=1), State.EXECUTION, RED),       # the end date has passed
    (TODAY, State.EXECUTION, AMBER),                 # ends today: not past yet
    (TODAY + D(days=30), State.EXECUTION, AMBER),    # day 30 is within the window
    (TODAY + D(days=31), State.EXECUTION, GREEN),
    (TODAY - D(days=400), State.CLOSED, GREEN),      # nothing runs late once closed
    (None, State.EXECUTION, UNKNOWN),
])
def test_time(end, state, expected):
    assert health.time_health(end, state, TODAY) == expected


@pytest.mark.parametrize(("spent", "budget", "cap", "expected"), [
    ("0", None, None, UNKNOWN),
    ("100000", "100000", None, GREEN),               # exactly on budget
    ("100000.01", "100000", None, AMBER),            # over budget at all
    ("110000", "100000", None, AMBER),               # 10 % over: still within tolerance
    ("110000.01", "100000", None, RED),              # more than 10 % over
    ("323999.99", None, "360000", GREEN),            # just under 90 % of the cap
    ("324000", None, "360000", AMBER),               # 90 % of the cap
    ("360000", None, "360000", AMBER),               # at the cap
    ("360000.01", None, "360000", RED),              # over the cap
    ("0", "400000", "360000", AMBER),                # the budget itself is above the cap
    ("360000.01", "500000", "360000", RED),          # the cap wins over a larger budget
])
def test_money(spent, budget, cap, expected):
    assert health.money_health(Decimal(spent), budget and Decimal(budget),
                               cap and Decimal(cap)) == expected


@pytest.mark.parametrize(("since", "expected"), [
    ([], GREEN),
    ([TODAY], AMBER),
    ([TODAY - D(days=30)], AMBER),                   # 30 days: still amber
    ([TODAY - D(days=31)], RED),                     # more than 30 days
    ([TODAY, TODAY - D(days=31)], RED),              # the oldest counts
])
def test_decisions(since, expected):
    assert health.decisions_health(since, TODAY) == expected


def test_worst():
    assert health.worst(GREEN, AMBER, UNKNOWN) == AMBER
    assert health.worst(GREEN, RED, AMBER) == RED


def test_health_of_real_projects(world, django_assert_max_num_queries):
    today = timezone.localdate()
    late = world.project(State.EXECUTION, name="Sen", planned_end_date=datetime.date(2024, 3, 1))
    capped = world.project(State.SUBMITTED, name="Tak", cost_cap=Decimal("100000"),
                           planned_end_date=today + D(days=365))
    budgets.set_budget(project=capped, by=world.owner, lines=[
        {"activity": "Konsult", "total": "80000", "shares": {"rjh": "80000"}}],
        financiers=[{"code": "rjh", "name": "Regionen", "parties": ["rjh"]}])
    CostObject.objects.create(committee=world.committee, code="7001", name="Tak", project=capped)
    import_outcomes(filename="utfall.csv", by=world.secretary, committee=world.committee,
                    data=b"cost_object;period;category;amount\n"
                         b"7001;2024-01;Kostnader;-85000\n7001;2024-02;Intakter;40000\n")
    result = health.health_for([late, capped], today=today)
    assert result[late.pk].time == RED
    assert result[capped.pk].time == GREEN
    # Costs 85 000 (income does not offset them) against a budget of 80 000: 6 % over.
    assert result[capped.pk].budget == Decimal("80000")
    assert result[capped.pk].spent == Decimal("85000")
    assert result[capped.pk].money == AMBER
    assert result[late.pk].money == UNKNOWN
    # BP1's checklist is unanswered: nothing waits for a decision yet.
    assert result[capped.pk].decisions == GREEN
    world.answer_all(capped, Gate.BP1)
    assert health.health_for([capped], today=today)[capped.pk].decisions == AMBER
    assert health.health_for([capped], today=today)[capped.pk].waiting == ["BP1"]
    # 31 days later the decision has waited too long.
    ChecklistAnswer.objects.filter(project=capped).update(
        answered_at=timezone.now() - D(days=31))
    assert health.health_for([capped], today=today)[capped.pk].decisions == RED
    # An extension request waiting for the steering group counts too.
    request = extensions.request_extension(project=late, by=world.owner, reason="Sen leverans",
                                           requested_end_date=datetime.date(2025, 6, 30),
                                           today=datetime.date(2024, 2, 1))
    assert health.health_for([late], today=today)[late.pk].decisions == GREEN  # a draft
    extensions.submit_extension(request=request, by=world.owner)
    assert health.health_for([late], today=today)[late.pk].waiting == [
        f"extension:{ExtensionRequest.State.SUBMITTED}"]
    more = [world.project(State.EXECUTION, name=f"P{i}") for i in range(4)]
    with django_assert_max_num_queries(7):
        health.health_for([late, capped, *more], today=today)
