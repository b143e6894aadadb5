import datetime

import pytest
from django.core.exceptions import ValidationError

from portfolio.errors import NotAllowed, StateConflict
from portfolio.lifecycle import GATE_RULES, Gate, Outcome, State
from portfolio.models import AuditEvent, ChecklistAnswer, GateDecision, Project
from portfolio.services import lifecycle
from tests.conftest import DAY


def test_whole_lifecycle_to_closed(world):
    project = world.project()
    assert project.state == State.DRAFT
    world.fill_directive(project)
    lifecycle.submit_project(project=project, by=world.owner)
    seen = [State.SUBMITTED]
    for gate in (Gate.BP0, Gate.BP1, Gate.BP2, Gate.BP3, Gate.BP4):
        decision = world.pass_gate(project, gate)
        project.refresh_from_db()
        seen.append(project.state)
        assert decision.to_state == project.state
        assert decision.outcome == Outcome.START
        assert len(decision.checklist_snapshot) == len(lifecycle.checklist(project, gate))
        assert all(row["answer"] == "yes" for row in decision.checklist_snapshot)
    assert seen == [State.SUBMITTED, State.PRESTUDY, State.ESTABLISHMENT, State.EXECUTION,
                    State.CLOSING, State.CLOSED]
    assert project.decisions.count() == 5
    actions = list(AuditEvent.objects.filter(project=project).values_list("action", flat=True))
    assert actions.count("gate.decided") == 5
    assert "project.submitted" in actions and "project.created" in actions


def _db_state(project):
    project.refresh_from_db()
    return (
        project.state, project.updated_at, GateDecision.objects.count(),
        AuditEvent.objects.count(), ChecklistAnswer.objects.count(),
    )


ALL_ACTIONS = ["submit", "cancel"] + [(g, o) for g in Gate.values for o in Outcome.values]


def _allowed(state, action):
    if action == "submit":
        return state == State.DRAFT
    if action == "cancel":
        return state not in (State.CLOSED, State.REJECTED, State.CANCELLED)
    gate, _outcome = action
    return state in GATE_RULES[gate].sources


@pytest.mark.parametrize("state", State.values)
def test_every_transition_not_allowed_from_a_state_is_refused_and_changes_nothing(world, state):
    project = world.project(state)
    refused = [a for a in ALL_ACTIONS if not _allowed(state, a)]
    assert refused, "every state refuses something"
    for action in refused:
        before = _db_state(project)
        with pytest.raises(StateConflict) as error:
            if action == "submit":
                lifecycle.submit_project(project=project, by=world.owner)
            elif action == "cancel":
                lifecycle.cancel_project(project=project, by=world.secretary, reason="x")
            else:
                gate, outcome = action
                world.decide(project, gate, outcome, decided_on=datetime.date(2024, 6, 1))
        assert error.value.code == "wrong_state"
        assert _db_state(project) == before, action


def test_bp1_start_refused_naming_failing_items(world):
    project = world.project(State.SUBMITTED)
    rows = lifecycle.checklist(project, Gate.BP1)
    assert len(rows) == 9
    assert rows[0]["text"] == "Projektägare är utsedd (finansiär)"
    answers = [{"id": r["id"], "answer": "yes"} for r in rows]
    answers[2]["answer"] = "no"
    del answers[8]  # the registrar item stays unanswered
    lifecycle.answer_checklist(project=project, gate=Gate.BP1, by=world.steering, answers=answers)
    before = _db_state(project)
    with pytest.raises(StateConflict) as error:
        world.decide(project, Gate.BP1, Outcome.START)
    assert error.value.code == "checklist_incomplete"
    failing = {item["key"]: item["answer"] for item in error.value.failing_items}
    assert failing == {"resources_secured": "no", "registrar_appointed": None}
    assert "Resurserna för etableringsfasen är säkrade" in error.value.detail
    assert _db_state(project) == before


def test_optional_item_does_not_block_start(world):
    project = world.project(State.ESTABLISHMENT)
    rows = lifecycle.checklist(project, Gate.BP2)
    optional = [r for r in rows if not r["mandatory"]]
    assert optional
    lifecycle.answer_checklist(project=project, gate=Gate.BP2, by=world.steering, answers=[
        {"id": r["id"], "answer": "yes" if r["mandatory"] else "no"} for r in rows])
    world.decide(project, Gate.BP2, Outcome.START)
    project.refresh_from_db()
    assert project.state == State.EXECUTION


def test_table_keeps_state_and_records_decision(world):
    project = world.project(State.SUBMITTED)
    decision = world.decide(project, Gate.BP1, Outcome.TABLE, comment="Komplettera budgeten")
    project.refresh_from_db()
    assert project.state == State.SUBMITTED
    assert decision.from_state == decision.to_state == State.SUBMITTED
    assert decision.comment == "Komplettera budgeten"
    assert GateDecision.objects.filter(project=project, outcome="table").count() == 1
    # Tabled does not need a complete checklist, and the case can be decided later.
    world.answer_all(project, Gate.BP1)
    world.decide(project, Gate.BP1, Outcome.START, decided_on=datetime.date(2024, 4, 1))
    project.refresh_from_db()
    assert project.state == State.ESTABLISHMENT


@pytest.mark.parametrize("gate", [Gate.BP0, Gate.BP1])
def test_not_start_at_bp0_and_bp1_rejects(world, gate):
    project = world.project(State.SUBMITTED)
    world.decide(project, gate, Outcome.NOT_START)
    project.refresh_from_db()
    assert project.state == State.REJECTED


def test_not_start_at_bp2_keeps_state(world):
    project = world.project(State.ESTABLISHMENT)
    decision = world.decide(project, Gate.BP2, Outcome.NOT_START)
    project.refresh_from_db()
    assert project.state == State.ESTABLISHMENT == decision.to_state


def test_same_gate_twice_on_one_day_is_refused(world):
    project = world.project(State.SUBMITTED)
    world.decide(project, Gate.BP1, Outcome.TABLE)
    with pytest.raises(StateConflict) as error:
        world.decide(project, Gate.BP1, Outcome.TABLE)
    assert error.value.code == "already_decided"


def test_submit_needs_two_parties_and_dates(world):
    project = world.project(parties=[world.region], start_date=None)
    with pytest.raises(StateConflict) as error:
        lifecycle.submit_project(project=project, by=world.owner)
    assert {item["field"] for item in error.value.failing_items} == {
        "parties", "start_date", "directive"}
    assert "Grundläggande information" in error.value.detail or any(
        "1 Grundläggande information" in item["text"] for item in error.value.failing_items)
    world.fill_directive(project)
    with pytest.raises(StateConflict) as error:
        lifecycle.submit_project(project=project, by=world.owner)
    fields = {item["field"] for item in error.value.failing_items}
    assert fields == {"parties", "start_date"}
    project.refresh_from_db()
    assert project.state == State.DRAFT


def test_cancel_needs_reason_and_committee(world):
    project = world.project(State.EXECUTION)
    with pytest.raises(ValidationError) as error:
        lifecycle.cancel_project(project=project, by=world.secretary, reason="  ")
    assert "reason" in error.value.message_dict
    with pytest.raises(NotAllowed):
        lifecycle.cancel_project(project=project, by=world.owner, reason="Inte längre aktuellt")
    lifecycle.cancel_project(project=project, by=world.secretary, reason="Inte längre aktuellt")
    project.refresh_from_db()
    assert project.state == State.CANCELLED
    assert project.cancel_reason == "Inte längre aktuellt"


def test_state_field_cannot_be_written_directly(world):
    project = world.project()
    with pytest.raises(AttributeError):
        project.state = State.CLOSED
    assert Project.objects.get(pk=project.pk).state == State.DRAFT


def test_decision_in_the_future_is_refused(world):
    project = world.project(State.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        world.decide(project, Gate.BP1, Outcome.TABLE, decided_on=datetime.date(2999, 1, 1))
    assert "decided_on" in error.value.message_dict


def test_meeting_of_another_committee_and_duplicate_paragraph_refused(world):
    from portfolio.models import Meeting

    ours = Meeting.objects.create(committee=world.committee, date=DAY)
    theirs = Meeting.objects.create(committee=world.other_committee, date=DAY)
    project = world.project(State.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        world.decide(project, Gate.BP0, Outcome.TABLE, meeting=theirs, paragraph=3)
    assert "meeting" in error.value.message_dict
    world.decide(project, Gate.BP0, Outcome.TABLE, meeting=ours, paragraph=3)
    other = world.project(State.SUBMITTED, name="Annat")
    with pytest.raises(ValidationError) as error:
        world.decide(other, Gate.BP0, Outcome.TABLE, meeting=ours, paragraph=3)
    assert "paragraph" in error.value.message_dict


def test_bp4_refused_while_final_report_requirement_unanswered(world):
    from portfolio.models import FinalReportRequirement

    project = world.project(State.CLOSING)
    requirement = FinalReportRequirement.objects.create(
        project=project, text="Redovisa uppföljning av införandet", source="Förlängning")
    world.answer_all(project, Gate.BP4)
    with pytest.raises(StateConflict) as error:
        world.decide(project, Gate.BP4, Outcome.START)
    assert error.value.code == "final_report_incomplete"
    assert error.value.failing_items[0]["text"] == "Redovisa uppföljning av införandet"
    requirement.answer = "Uppföljningen visar ..."
    requirement.save()
    world.decide(project, Gate.BP4, Outcome.START, decided_on=datetime.date(2024, 5, 1))
    project.refresh_from_db()
    assert project.state == State.CLOSED
