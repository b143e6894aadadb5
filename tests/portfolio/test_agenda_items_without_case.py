"""An agenda item added by hand (admin) may lack the project or request its kind needs: deciding
it is refused naming the item, and nothing is written (it used to fail on None)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from portfolio.models import AgendaItem, AuditEvent, GateDecision
from portfolio.services import meetings
from tests.conftest import decide_and_confirm


def _meeting(world):
    return meetings.create_meeting(committee=world.committee, date=datetime.date(2024, 3, 11),
                                   by=world.secretary)


@pytest.mark.parametrize("kind, outcome", [
    (AgendaItem.Kind.GATE, "start"),
    (AgendaItem.Kind.FINAL_REPORT, "table"),
    (AgendaItem.Kind.EXTENSION, "approve"),
    (AgendaItem.Kind.EXTENSION, "table"),
    (AgendaItem.Kind.CANCELLATION, "approve"),
])
def test_an_item_without_its_case_is_refused_and_changes_nothing(world, kind, outcome):
    meeting = _meeting(world)
    item = AgendaItem.objects.create(meeting=meeting, position=1, kind=kind, gate="BP0",
                                     heading="Inlagd för hand")
    before = (GateDecision.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as caught:
        decide_and_confirm(item=item, outcome=outcome, by=world.secretary)
    assert "item" in caught.value.message_dict
    item.refresh_from_db()
    assert item.decided_paragraph is None and item.decision_text == ""
    assert (GateDecision.objects.count(), AuditEvent.objects.count()) == before
    assert meetings.next_paragraph(meeting) == 1


def test_a_tabled_cancellation_without_a_project_is_still_noted(world):
    # Tabling moves nothing, so it needs no project.
    item = AgendaItem.objects.create(meeting=_meeting(world), position=1,
                                     kind=AgendaItem.Kind.CANCELLATION, heading="Inlagd för hand")
    decided = decide_and_confirm(item=item, outcome="table", by=world.secretary)
    assert (decided.decided_paragraph, decided.decision_text) == (1, "Bordlagt")
