"""Issue #11 points 3 and 4: decisions in numbered points, confirmed by the secretary,
correctable until the minutes are adjusted; the minutes' head, attendance, § numbers in
agenda order, the lock and the notice with its appeal deadline."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from portfolio.errors import NotAllowed, StateConflict
from portfolio.models import AgendaItem, AuditEvent, DecisionPoint, GateDecision, Minutes
from portfolio.services import meetings, minutes


def _points(item, stage):
    return list(item.points.filter(stage=stage).values_list("number", "text"))


def test_the_proposal_is_kept_as_numbered_points(sitting):
    item = sitting.report
    assert _points(item, "proposal") == [(1, "Tertialrapport per april 2019 godkänns.")]
    minutes.set_proposal(item=item, by=sitting.world.chair, points=[
        "Tertialrapport per april 2019 godkänns.", "Uppföljning redovisas i augusti."])
    item.refresh_from_db()
    assert _points(item, "proposal")[1] == (2, "Uppföljning redovisas i augusti.")
    assert item.proposed_decision == ("1. Tertialrapport per april 2019 godkänns.\n"
                                      "2. Uppföljning redovisas i augusti.")
    assert AuditEvent.objects.filter(action="meeting.proposal_changed").count() == 1


def test_split_points_reads_the_minutes_way_of_writing():
    text = ("1. Förlängning beviljas till 2019-10-31.\n2. Uppföljning av införandet redovisas\n"
            "i slutrapporten.")
    assert minutes.split_points(text) == ["Förlängning beviljas till 2019-10-31.",
                                          "Uppföljning av införandet redovisas\ni slutrapporten."]
    assert minutes.split_points("Informationen noteras.") == ["Informationen noteras."]


def test_a_decision_is_confirmed_by_the_secretary_in_the_proposals_words(sitting):
    world, item = sitting.world, sitting.report
    meetings.decide_item(item=item, outcome="approve", by=world.chair)
    item.refresh_from_db()
    assert item.confirmed_at is None
    with pytest.raises(NotAllowed):
        minutes.confirm_decision(item=item, by=world.chair)
    minutes.confirm_decision(item=item, by=world.secretary)
    item.refresh_from_db()
    assert item.confirmed_by == world.secretary
    assert _points(item, "decision") == [(1, "Tertialrapport per april 2019 godkänns.")]
    with pytest.raises(StateConflict):
        minutes.confirm_decision(item=item, by=world.secretary)


def test_an_undecided_item_cannot_be_confirmed_or_worded(sitting):
    with pytest.raises(StateConflict):
        minutes.confirm_decision(item=sitting.report, by=sitting.world.secretary)
    with pytest.raises(StateConflict):
        minutes.set_decision(item=sitting.report, points=["X"], by=sitting.world.secretary)


def test_a_wrong_click_is_corrected_and_confirmed_again_audited(sitting):
    world, item = sitting.world, sitting.report
    meetings.decide_item(item=item, outcome="noted", by=world.secretary)
    minutes.confirm_decision(item=item, by=world.secretary)
    minutes.set_decision(item=item, by=world.chair, outcome="approve", points=[
        "Tertialrapport per april 2019 godkänns.", "Rapporten skickas till parterna."])
    item.refresh_from_db()
    assert item.outcome == "approve" and item.confirmed_at is None
    assert item.decision_text.startswith("1. Tertialrapport")
    event = AuditEvent.objects.get(action="meeting.decision_corrected")
    assert event.changes["outcome"] == ["noted", "approve"]
    assert event.changes["points"][1][1] == "Rapporten skickas till parterna."
    # The proposal stays as it was put to the committee.
    assert len(_points(item, "proposal")) == 1
    with pytest.raises(StateConflict):
        minutes.set_proposal(item=item, points=["Y"], by=world.secretary)


def test_a_gates_outcome_is_checked_for_its_kind_and_its_words_are_corrected(sitting):
    world = sitting.world
    gate = next(i for i in sitting.items() if i.kind == "gate")
    meetings.decide_item(item=gate, outcome="table", by=world.secretary)
    with pytest.raises(ValidationError) as caught:
        minutes.set_decision(item=gate, outcome="approve", points=["Bifall"], by=world.secretary)
    assert list(caught.value.message_dict) == ["outcome"]
    gate.refresh_from_db()
    assert gate.outcome == "table" and not gate.points.filter(stage="decision").exists()
    minutes.set_decision(item=gate, points=["Ärendet bordläggs till nästa sammanträde."],
                         by=world.secretary)
    assert _points(gate, "decision") == [(1, "Ärendet bordläggs till nästa sammanträde.")]


@pytest.mark.parametrize("points", [[], ["x" * 5001], ["p"] * 31])
def test_bad_points_are_refused_naming_the_field(sitting, points):
    meetings.decide_item(item=sitting.report, outcome="noted", by=sitting.world.secretary)
    with pytest.raises(ValidationError) as caught:
        minutes.set_decision(item=sitting.report, points=points, by=sitting.world.secretary)
    assert list(caught.value.message_dict) == ["points"]


@pytest.mark.parametrize("role", ["owner", "manager", "steering", "auditor", "outsider",
                                  "other_secretary"])
def test_only_chair_and_secretary_keep_the_minutes(sitting, role):
    user = getattr(sitting.world, role)
    with pytest.raises(NotAllowed):
        sitting.head(by=user)
    with pytest.raises(NotAllowed):
        minutes.set_proposal(item=sitting.report, points=["X"], by=user)
    with pytest.raises(NotAllowed):
        minutes.approve_minutes(meeting=sitting.meeting, by=user)


def test_approval_needs_the_head_attendance_and_every_decision_confirmed(sitting):
    world = sitting.world
    with pytest.raises(ValidationError) as caught:
        minutes.approve_minutes(meeting=sitting.meeting, by=world.secretary)
    assert {"chair", "secretary", "adjusters", "adjusted_on", "kept_at",
            "attendance"} <= set(caught.value.message_dict)
    sitting.head()
    with pytest.raises(StateConflict) as caught:
        minutes.approve_minutes(meeting=sitting.meeting, by=world.secretary)
    assert caught.value.code == "unconfirmed_items"
    assert [f["text"] for f in caught.value.failing_items][-1] == \
        f"{sitting.report.position}. Tertialrapport per april 2019"
    assert not Minutes.objects.filter(state="approved").exists()


def test_the_adjustment_date_is_not_before_the_meeting(sitting):
    with pytest.raises(ValidationError) as caught:
        minutes.update_minutes(meeting=sitting.meeting, by=sitting.world.secretary,
                               adjusted_on=datetime.date(2019, 6, 2))
    assert list(caught.value.message_dict) == ["adjusted_on"]


def test_attendance_per_party_members_and_substitutes(sitting):
    sitting.head()
    rows = list(sitting.meeting.minutes.attendance.values_list("party__code", "name", "role",
                                                               "present", "replaces"))
    assert ("are", "Maria Söderberg (C)", "substitute", True, "Robert Uitto (S)") in rows
    assert ("are", "Robert Uitto (S)", "member", False, "") in rows
    with pytest.raises(ValidationError) as caught:
        minutes.set_attendance(meeting=sitting.meeting, by=sitting.world.secretary,
                               rows=[{"name": " ", "role": "guest"}])
    assert set(caught.value.message_dict) == {"name", "role"}
    assert sitting.meeting.minutes.attendance.count() == 3


def test_approval_numbers_paragraphs_in_agenda_order_and_locks(sitting):
    world = sitting.world
    items = sitting.items()
    # Decided out of order at the meeting: the report first, the gate last.
    meetings.decide_item(item=items[-1], outcome="approve", by=world.secretary)
    gate = next(i for i in items if i.kind == "gate")
    for item in items[:-1]:
        if item.kind != "gate":
            meetings.decide_item(item=item, outcome="noted", by=world.secretary)
    meetings.decide_item(item=gate, outcome="table", by=world.secretary)
    assert [i.decided_paragraph for i in sitting.meeting.items.order_by("position")] == [2, 3, 4, 1]
    sitting.decide_all()
    sitting.head()
    approved = minutes.approve_minutes(meeting=sitting.meeting, by=world.chair)
    assert [i.decided_paragraph for i in sitting.meeting.items.order_by("position")] == [1, 2, 3, 4]
    gate.refresh_from_db()
    assert GateDecision.objects.get(meeting=sitting.meeting).paragraph == gate.decided_paragraph == 3
    assert approved.is_approved and approved.notice_posted_on == datetime.date(2019, 6, 10)
    # Kommunallagen 13 kap. 5 §: three weeks from the notice.
    assert approved.appeal_deadline == datetime.date(2019, 7, 1)

    report = AgendaItem.objects.get(pk=sitting.report.pk)
    before = (AuditEvent.objects.count(), DecisionPoint.objects.count())
    for attempt in (
        lambda: minutes.set_decision(item=report, points=["Ändrat"], by=world.secretary),
        lambda: minutes.update_minutes(meeting=sitting.meeting, by=world.secretary, chair="X"),
        lambda: minutes.set_attendance(meeting=sitting.meeting, by=world.secretary, rows=[]),
        lambda: meetings.add_item(meeting=sitting.meeting, by=world.secretary, heading="Sent"),
        lambda: meetings.build_agenda(meeting=sitting.meeting, by=world.secretary),
        lambda: minutes.approve_minutes(meeting=sitting.meeting, by=world.secretary),
    ):
        with pytest.raises(StateConflict) as caught:
            attempt()
        assert caught.value.code == "minutes_approved"
    assert (AuditEvent.objects.count(), DecisionPoint.objects.count()) == before
    assert AuditEvent.objects.filter(action="minutes.approved").count() == 1


def test_information_and_referred_items_are_kept(sitting):
    item = meetings.add_item(meeting=sitting.meeting, by=sitting.world.secretary,
                             heading="Informationer 2019", is_information=True,
                             referred_to="Regionens samverkansråd")
    assert item.is_information and item.referred_to == "Regionens samverkansråd"
