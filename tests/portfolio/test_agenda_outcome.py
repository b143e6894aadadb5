"""What the committee decided on an agenda item is a field, not words in the minutes."""

import datetime

from portfolio.lifecycle import Gate, State
from portfolio.models import AgendaItem
from portfolio.services import meetings
from tests.conftest import decide_and_confirm


def _meeting(world, day):
    return meetings.create_meeting(committee=world.committee, date=day, by=world.secretary)


def test_deciding_an_item_records_its_outcome(world):
    world.project(State.SUBMITTED, name="Förstudie")
    first = _meeting(world, datetime.date(2024, 3, 11))
    meetings.build_agenda(meeting=first, by=world.secretary)
    other = meetings.add_item(meeting=first, by=world.secretary, heading="Information",
                              kind="other")
    gate = decide_and_confirm(item=first.items.get(gate=Gate.BP0), outcome="table",
                                by=world.secretary)
    noted = decide_and_confirm(item=other, outcome="approve", by=world.secretary)
    assert gate.outcome == AgendaItem.Outcome.TABLE
    assert noted.outcome == AgendaItem.Outcome.NOTED
    assert first.items.get(position=1).outcome == ""  # undecided


def test_a_tabled_item_returns_by_its_outcome_whatever_the_minutes_say(world):
    first = _meeting(world, datetime.date(2024, 3, 11))
    tabled = meetings.add_item(meeting=first, by=world.secretary, heading="Samverkansavtal",
                               kind="other")
    decide_and_confirm(item=tabled, outcome="table", by=world.secretary)
    noted = meetings.add_item(meeting=first, by=world.secretary, heading="Bordlagt förr, nu klart",
                              kind="other")
    decide_and_confirm(item=noted, outcome="noted", by=world.secretary, comment="Klart")
    # The secretary rewrites the minutes' words; the decision stays what it was.
    AgendaItem.objects.filter(pk=tabled.pk).update(decision_text="Ärendet bordläggs")
    AgendaItem.objects.filter(pk=noted.pk).update(decision_text="Bordlagt tidigare; antecknat")
    second = _meeting(world, datetime.date(2024, 4, 15))
    headings = [p["heading"] for p in meetings.pending_for(second)]
    assert headings == ["Samverkansavtal"]
