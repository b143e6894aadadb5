"""What the committee decided on an agenda item is a field, not words in the minutes."""

import datetime
import importlib

from django.apps import apps

from portfolio.lifecycle import Gate, State
from portfolio.models import AgendaItem
from portfolio.services import meetings

fill = importlib.import_module("portfolio.migrations.0010_agenda_item_outcome").fill_outcome


def _meeting(world, day):
    return meetings.create_meeting(committee=world.committee, date=day, by=world.secretary)


def test_deciding_an_item_records_its_outcome(world):
    world.project(State.SUBMITTED, name="Förstudie")
    first = _meeting(world, datetime.date(2024, 3, 11))
    meetings.build_agenda(meeting=first, by=world.secretary)
    other = meetings.add_item(meeting=first, by=world.secretary, heading="Information",
                              kind="other")
    gate = meetings.decide_item(item=first.items.get(gate=Gate.BP0), outcome="table",
                                by=world.secretary)
    noted = meetings.decide_item(item=other, outcome="approve", by=world.secretary)
    assert gate.outcome == AgendaItem.Outcome.TABLE
    assert noted.outcome == AgendaItem.Outcome.NOTED
    assert first.items.get(position=1).outcome == ""  # undecided


def test_a_tabled_item_returns_by_its_outcome_whatever_the_minutes_say(world):
    first = _meeting(world, datetime.date(2024, 3, 11))
    tabled = meetings.add_item(meeting=first, by=world.secretary, heading="Samverkansavtal",
                               kind="other")
    meetings.decide_item(item=tabled, outcome="table", by=world.secretary)
    noted = meetings.add_item(meeting=first, by=world.secretary, heading="Bordlagt förr, nu klart",
                              kind="other")
    meetings.decide_item(item=noted, outcome="noted", by=world.secretary, comment="Klart")
    # The secretary rewrites the minutes' words; the decision stays what it was.
    AgendaItem.objects.filter(pk=tabled.pk).update(decision_text="Ärendet bordläggs")
    AgendaItem.objects.filter(pk=noted.pk).update(decision_text="Bordlagt tidigare; antecknat")
    second = _meeting(world, datetime.date(2024, 4, 15))
    headings = [p["heading"] for p in meetings.pending_for(second)]
    assert headings == ["Samverkansavtal"]


def test_the_migration_fills_outcomes_from_the_decisions_and_the_tabled_text(world):
    project = world.project(State.SUBMITTED, name="Förstudie")
    meeting = _meeting(world, datetime.date(2024, 3, 11))
    meetings.build_agenda(meeting=meeting, by=world.secretary)
    world.answer_all(project, Gate.BP0)
    gate = meetings.decide_item(item=meeting.items.get(gate=Gate.BP0), outcome="start",
                                by=world.secretary)
    tabled = meetings.add_item(meeting=meeting, by=world.secretary, heading="Avtal", kind="other")
    tabled = meetings.decide_item(item=tabled, outcome="table", by=world.secretary)
    noted = meetings.add_item(meeting=meeting, by=world.secretary, heading="Info", kind="other")
    noted = meetings.decide_item(item=noted, outcome="noted", by=world.secretary)
    AgendaItem.objects.update(outcome="")  # as before the field existed

    fill(apps, None)

    outcomes = dict(AgendaItem.objects.values_list("pk", "outcome"))
    assert outcomes[gate.pk] == "start"
    assert outcomes[tabled.pk] == "table"
    assert outcomes[noted.pk] == "noted"
    undecided = AgendaItem.objects.filter(decided_paragraph__isnull=True)
    assert undecided.exists() and set(undecided.values_list("outcome", flat=True)) == {""}
