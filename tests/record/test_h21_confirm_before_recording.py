"""Issue #11 point 3: the click at the meeting records a decision; the secretary's confirmation
carries it out in the register; a wrong click is corrected, audited, until the minutes are
adjusted (then everything is locked)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from portfolio.errors import NotAllowed, StateConflict
from portfolio.lifecycle import Gate, State
from portfolio.models import (
    AgendaItem,
    AuditEvent,
    BudgetLine,
    ExtensionRequest,
    FinalReportRequirement,
    Financier,
    GateDecision,
)
from portfolio.services import extensions, lifecycle, meetings, minutes
from tests.conftest import decide_and_confirm
from tests.portfolio.test_concurrency import run_at_once

DAY = datetime.date(2024, 3, 11)


def _meeting(world, date=DAY):
    meeting = meetings.create_meeting(committee=world.committee, date=date, by=world.secretary)
    meetings.build_agenda(meeting=meeting, by=world.secretary)
    return meeting


def _gate_item(meeting, gate=Gate.BP0):
    return meeting.items.get(gate=gate)


def _register(project):
    project.refresh_from_db()
    return (project.state, project.end_date, project.cancel_reason,
            list(GateDecision.all_objects.filter(project=project).values_list(
                "pk", "outcome", "voided_at")),
            list(project.extension_requests.values_list("state", "tabled_at", "decided_on")),
            list(project.budget_lines.values_list("pk", flat=True)))


def _extension(world, project, state=ExtensionRequest.State.RECOMMENDED, **fields):
    fields.setdefault("requested_end_date", datetime.date(2025, 6, 30))
    request = extensions.request_extension(project=project, by=world.owner,
                                           reason="Leverantören försenade leveransen.",
                                           today=datetime.date(2024, 2, 1), **fields)
    extensions.submit_extension(request=request, by=world.owner)
    if state == ExtensionRequest.State.RECOMMENDED:
        extensions.recommend_extension(request=request, by=world.steering)
    return request


# --- 1. Record, confirm, then carry out -----------------------------------------------------

def test_deciding_records_an_unconfirmed_decision_and_changes_nothing_in_the_register(world):
    project = world.project(State.SUBMITTED)
    world.answer_all(project, Gate.BP0)
    meeting = _meeting(world)
    before = _register(project)
    item = meetings.decide_item(item=_gate_item(meeting), outcome="start", by=world.chair,
                                comment="Enhälligt")
    assert item.decided_paragraph == 1 and item.outcome == "start"
    assert item.confirmed_at is None and not item.carried_out
    assert _register(project) == before
    assert not AuditEvent.objects.filter(action="gate.decided").exists()
    assert AuditEvent.objects.filter(action="meeting.item_decided", object_id=str(item.pk)
                                     ).exists()

    confirmed = minutes.confirm_decision(item=item, by=world.secretary)
    assert confirmed.carried_out and confirmed.confirmed_by == world.secretary
    project.refresh_from_db()
    assert project.state == State.PRESTUDY
    decision = GateDecision.objects.get(project=project)
    assert (decision.meeting, decision.paragraph, decision.decided_on) == (meeting, 1, DAY)
    assert decision.comment == "Enhälligt" and decision.outcome == "start"


@pytest.mark.parametrize(("kind_of", "outcome"), [
    ("gate", "approve"), ("gate", "noted"), ("extension", "start"), ("cancellation", "reject"),
    ("other", "start"), ("gate", "launch")])
def test_an_outcome_the_kind_cannot_have_is_refused_at_the_click(world, kind_of, outcome):
    running = world.project(State.EXECUTION, name="Löpande")
    world.project(State.SUBMITTED)
    _extension(world, running)
    meeting = _meeting(world)
    if kind_of == "cancellation":
        item = meetings.add_item(meeting=meeting, by=world.secretary, heading="Avbryt",
                                 kind="cancellation", project=running,
                                 proposed_decision="Projektet avbryts.")
    elif kind_of == "other":
        item = meetings.add_item(meeting=meeting, by=world.secretary, heading="Övrigt")
    else:
        item = meeting.items.filter(kind=kind_of).first()
    with pytest.raises(ValidationError) as caught:
        meetings.decide_item(item=item, outcome=outcome, by=world.secretary)
    assert list(caught.value.message_dict) == ["outcome"]
    item.refresh_from_db()
    assert item.decided_paragraph is None


def test_a_gate_the_project_has_passed_is_refused_at_the_click(world):
    project = world.project(State.SUBMITTED)
    meeting = _meeting(world)
    item = _gate_item(meeting)
    world.answer_all(project, Gate.BP0)
    lifecycle.decide_gate(project=project, gate=Gate.BP0, outcome="start", by=world.secretary,
                          decided_on=datetime.date(2024, 3, 1))
    with pytest.raises(StateConflict) as caught:
        meetings.decide_item(item=item, outcome="start", by=world.secretary)
    assert caught.value.code == "wrong_state"


def test_confirm_is_refused_with_409_when_the_checklist_became_incomplete(world):
    project = world.project(State.SUBMITTED)
    world.answer_all(project, Gate.BP0)
    meeting = _meeting(world)
    item = meetings.decide_item(item=_gate_item(meeting), outcome="start", by=world.secretary)
    world.answer_all(project, Gate.BP0, answer="no")
    before = _register(project)
    with pytest.raises(StateConflict) as caught:
        minutes.confirm_decision(item=item, by=world.secretary)
    assert caught.value.code == "checklist_incomplete" and caught.value.failing_items
    item.refresh_from_db()
    assert item.confirmed_at is None and not item.carried_out
    assert _register(project) == before
    assert not AuditEvent.objects.filter(action="meeting.decision_confirmed").exists()


def test_only_the_secretary_confirms(world):
    world.project(State.SUBMITTED)
    meeting = _meeting(world)
    item = meetings.decide_item(item=_gate_item(meeting), outcome="table", by=world.chair)
    for user in (world.chair, world.owner, world.auditor, world.other_secretary):
        with pytest.raises(NotAllowed):
            minutes.confirm_decision(item=item, by=user)
    assert not GateDecision.objects.exists()


def test_the_outcome_is_corrected_freely_before_confirmation(world):
    project = world.project(State.SUBMITTED)
    world.answer_all(project, Gate.BP0)
    meeting = _meeting(world)
    item = meetings.decide_item(item=_gate_item(meeting), outcome="not_start", by=world.chair)
    minutes.set_decision(item=item, outcome="start", points=["Förstudien startas."],
                         by=world.chair)
    item.refresh_from_db()
    assert item.outcome == "start" and item.corrected_at is not None
    event = AuditEvent.objects.get(action="meeting.decision_corrected")
    assert event.changes["outcome"] == ["not_start", "start"]
    project.refresh_from_db()
    assert project.state == State.SUBMITTED and not GateDecision.objects.exists()
    minutes.confirm_decision(item=item, by=world.secretary)
    project.refresh_from_db()
    assert project.state == State.PRESTUDY


# --- 2. Correction after confirmation until adjustment --------------------------------------

def test_a_confirmed_gate_is_corrected_voided_and_reconfirmed_with_the_new_outcome(world, api):
    project = world.project(State.SUBMITTED)
    world.answer_all(project, Gate.BP0)
    meeting = _meeting(world)
    item = decide_and_confirm(item=_gate_item(meeting), outcome="start", by=world.secretary)
    first = GateDecision.objects.get(project=project)
    project.refresh_from_db()
    assert project.state == State.PRESTUDY

    minutes.set_decision(item=item, outcome="table", points=["Ärendet bordläggs."],
                         by=world.chair)
    project.refresh_from_db()
    item.refresh_from_db()
    assert project.state == State.SUBMITTED
    assert item.confirmed_at is None and not item.carried_out and item.corrected_at
    voided = GateDecision.all_objects.get(pk=first.pk)  # kept, never deleted
    assert voided.voided_at is not None and voided.voided_by == world.chair
    assert not GateDecision.objects.filter(project=project).exists()
    assert AuditEvent.objects.filter(action="gate.decision_voided",
                                     object_id=str(first.pk)).exists()
    # The API's decisions of the project do not show the voided decision as valid.
    listed = api(world.secretary).get(f"/api/v1/projects/{project.pk}/decisions/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert rows == []

    minutes.confirm_decision(item=item, by=world.secretary)
    now = GateDecision.objects.get(project=project)
    assert now.outcome == "table" and now.paragraph == item.decided_paragraph
    project.refresh_from_db()
    assert project.state == State.SUBMITTED


def test_a_confirmed_extension_approval_is_corrected_and_its_effect_restored(world):
    project = world.project(State.EXECUTION)
    project.refresh_from_db()
    end_before = project.end_date
    Financier.objects.create(project=project, code="rjh", name="Regionen", position=1)
    request = _extension(world, project, keeps_resources=False, budget_change=50000,
                         budget_change_split={"rjh": "50000"},
                         proposed_requirements=["Redovisa förseningen."])
    meeting = _meeting(world)
    item = decide_and_confirm(item=meeting.items.get(kind="extension"), outcome="approve",
                              by=world.secretary)
    project.refresh_from_db()
    assert project.end_date == datetime.date(2025, 6, 30)
    assert BudgetLine.objects.filter(project=project, total=50000).exists()
    assert FinalReportRequirement.objects.filter(extension_request=request).exists()

    minutes.set_decision(item=item, outcome="reject", points=["Ansökan avslås."],
                         by=world.secretary)
    project.refresh_from_db()
    request.refresh_from_db()
    assert project.end_date == end_before
    assert request.state == ExtensionRequest.State.RECOMMENDED and request.decided_on is None
    assert not BudgetLine.objects.filter(project=project, total=50000).exists()
    assert not FinalReportRequirement.objects.filter(extension_request=request).exists()
    assert AuditEvent.objects.filter(action="extension.decision_reversed").exists()

    minutes.confirm_decision(item=item, by=world.secretary)
    request.refresh_from_db()
    assert request.state == ExtensionRequest.State.REJECTED
    assert request.paragraph == item.decided_paragraph


def test_a_confirmed_cancellation_is_corrected_and_the_project_returns(world):
    project = world.project(State.EXECUTION)
    meeting = _meeting(world)
    item = meetings.add_item(meeting=meeting, by=world.secretary, heading="Avbryt", project=project,
                             kind="cancellation", proposed_decision="Projektet avbryts.")
    item = decide_and_confirm(item=item, outcome="approve", by=world.secretary)
    project.refresh_from_db()
    assert project.state == State.CANCELLED
    minutes.set_decision(item=item, outcome="table", points=["Bordläggs."], by=world.chair)
    project.refresh_from_db()
    assert project.state == State.EXECUTION and project.cancel_reason == ""
    assert AuditEvent.objects.filter(action="project.cancellation_reversed").exists()
    minutes.confirm_decision(item=item, by=world.secretary)
    project.refresh_from_db()
    assert project.state == State.EXECUTION


def test_a_correction_is_refused_when_a_later_decision_depends_on_it(world):
    project = world.project(State.SUBMITTED)
    world.answer_all(project, Gate.BP0)
    meeting = _meeting(world)
    item = decide_and_confirm(item=_gate_item(meeting), outcome="start", by=world.secretary)
    world.answer_all(project, Gate.BP1)
    lifecycle.decide_gate(project=project, gate=Gate.BP1, outcome="start", by=world.steering,
                          decided_on=DAY)
    before = _register(project)
    with pytest.raises(StateConflict) as caught:
        minutes.set_decision(item=item, outcome="table", points=["Bordläggs."],
                             by=world.secretary)
    assert caught.value.code == "depends_on_decision"
    assert _register(project) == before
    item.refresh_from_db()
    assert item.outcome == "start" and item.confirmed_at is not None


def test_everything_is_locked_after_adjustment(sitting):
    world = sitting.world
    sitting.decide_all()
    sitting.head()
    minutes.approve_minutes(meeting=sitting.meeting, by=world.secretary)
    gate = next(i for i in sitting.items() if i.kind == "gate")
    with pytest.raises(StateConflict) as caught:
        minutes.set_decision(item=gate, outcome="start", points=["Start"], by=world.secretary)
    assert caught.value.code == "minutes_approved"
    with pytest.raises(StateConflict):
        minutes.confirm_decision(item=gate, by=world.secretary)


# --- 3. Pages and API -----------------------------------------------------------------------

def test_meeting_page_shows_the_status_confirms_and_corrects(world, client):
    project = world.project(State.SUBMITTED, name="Gemensam e-tjänst")
    world.answer_all(project, Gate.BP0)
    meeting = _meeting(world)
    item = _gate_item(meeting)
    base = f"/portfolio/meetings/{meeting.pk}/items/{item.pk}"
    client.force_login(world.secretary)
    assert client.post(f"{base}/decide/", {"outcome": "not_start"}).status_code == 302
    html = client.get(f"/portfolio/meetings/{meeting.pk}/").content.decode()
    assert "Ej bekräftat" in html and f"{base}/confirm/" in html and f"{base}/correct/" in html
    response = client.post(f"{base}/correct/", {f"item-{item.pk}-outcome": "approve"})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_item-{item.pk}-outcome-error"' in html and "error-summary" in html
    assert client.post(f"{base}/correct/", {f"item-{item.pk}-outcome": "start"}
                       ).status_code == 302
    html = client.get(f"/portfolio/meetings/{meeting.pk}/").content.decode()
    assert "Rättat" in html and "Ej bekräftat" in html
    assert client.post(f"{base}/confirm/").status_code == 302
    project.refresh_from_db()
    assert project.state == State.PRESTUDY
    html = client.get(f"/portfolio/meetings/{meeting.pk}/").content.decode()
    assert "Bekräftat av" in html


def test_a_refused_confirmation_is_shown_beside_the_item_not_as_a_flash(world, client):
    project = world.project(State.SUBMITTED)
    world.answer_all(project, Gate.BP0)
    meeting = _meeting(world)
    item = meetings.decide_item(item=_gate_item(meeting), outcome="start", by=world.secretary)
    world.answer_all(project, Gate.BP0, answer="no")
    client.force_login(world.secretary)
    response = client.post(f"/portfolio/meetings/{meeting.pk}/items/{item.pk}/confirm/")
    assert response.status_code == 409
    html = response.content.decode()
    assert f'id="id_item-{item.pk}-outcome-error"' in html and "error-summary" in html


@pytest.mark.parametrize(("role", "status"), [
    ("secretary", 302), ("chair", 403), ("owner", 403), ("auditor", 403), ("outsider", 404),
    ("other_secretary", 404)])
def test_who_may_confirm_on_the_meeting_page(world, client, role, status):
    world.project(State.SUBMITTED)
    meeting = _meeting(world)
    item = meetings.decide_item(item=_gate_item(meeting), outcome="table", by=world.secretary)
    client.force_login(getattr(world, role))
    response = client.post(f"/portfolio/meetings/{meeting.pk}/items/{item.pk}/confirm/")
    assert response.status_code == status
    item.refresh_from_db()
    assert (item.confirmed_at is not None) == (status == 302)


def test_the_api_shows_confirmation_and_corrects_the_outcome(world, api):
    project = world.project(State.SUBMITTED)
    world.answer_all(project, Gate.BP0)
    meeting = _meeting(world)
    item = _gate_item(meeting)
    client = api(world.secretary)
    body = client.post(f"/api/v1/meetings/{meeting.pk}/items/{item.pk}/decide/",
                       {"outcome": "start"}, format="json").json()
    assert body["confirmed"] is False and body["carried_out"] is False
    assert body["confirmed_at"] is None and body["confirmed_by"] is None
    body = client.post(f"/api/v1/meetings/{meeting.pk}/items/{item.pk}/confirm/").json()
    assert body["confirmed"] is True and body["carried_out"] is True
    assert body["confirmed_by"] == world.secretary.username
    response = client.put(f"/api/v1/meetings/{meeting.pk}/items/{item.pk}/decision/",
                          {"points": ["Ärendet bordläggs."], "outcome": "table"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["carried_out"] is False and response.json()["outcome"] == "table"
    project.refresh_from_db()
    assert project.state == State.SUBMITTED
    response = client.put(f"/api/v1/meetings/{meeting.pk}/items/{item.pk}/decision/",
                          {"points": ["x"], "outcome": "approve"}, format="json")
    assert response.status_code == 400 and "outcome" in response.json()


# --- Concurrency ----------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_two_secretaries_confirming_the_same_item_at_once_one_wins(world):
    from django.contrib.auth import get_user_model  # noqa: PLC0415

    user_model = get_user_model()
    project = world.project(State.SUBMITTED)
    world.answer_all(project, Gate.BP0)
    meeting = _meeting(world)
    item = meetings.decide_item(item=_gate_item(meeting), outcome="start", by=world.secretary)
    secretary_pk = world.secretary.pk

    def prepare(_i):
        return user_model.objects.get(pk=secretary_pk), AgendaItem.objects.get(pk=item.pk)

    def act(_i, prepared):
        by, own = prepared
        return minutes.confirm_decision(item=own, by=by)

    results = run_at_once(2, prepare, act)
    wins = [value for kind, value in results if kind == "ok"]
    losses = [value for kind, value in results if kind == "error"]
    assert len(wins) == 1 and len(losses) == 1, results
    assert isinstance(losses[0], StateConflict), results
    assert GateDecision.objects.filter(project=project).count() == 1
    project.refresh_from_db()
    assert project.state == State.PRESTUDY
    assert AuditEvent.objects.filter(action="meeting.decision_confirmed").count() == 1


# --- 4. My work -----------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["secretary", "chair", "owner", "manager", "steering",
                                  "auditor", "outsider", "other_secretary"])
def test_my_work_shows_the_secretary_what_to_confirm_and_which_minutes_to_adjust(world, api,
                                                                                    role):
    from portfolio import work  # noqa: PLC0415

    world.project(State.SUBMITTED)
    meeting = _meeting(world)
    item = meetings.decide_item(item=_gate_item(meeting), outcome="table", by=world.secretary)
    user = getattr(world, role)
    kinds = {(i.kind, i.object_id) for i in work.waiting_for(user, today=DAY)}
    listed = api(user).get("/api/v1/me/work/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    from_api = {(r["kind"], r["object_id"]) for r in rows}
    mine = role == "secretary"
    assert (("confirm", item.pk) in kinds) == mine
    assert (("adjust", meeting.pk) in kinds) == mine
    assert (("confirm", item.pk) in from_api) == mine
    minutes.confirm_decision(item=item, by=world.secretary)
    kinds = {(i.kind, i.object_id) for i in work.waiting_for(user, today=DAY)}
    assert ("confirm", item.pk) not in kinds
    assert (("adjust", meeting.pk) in kinds) == mine


def test_adjusted_minutes_wait_for_nobody(sitting):
    from portfolio import work  # noqa: PLC0415

    world = sitting.world
    sitting.decide_all()
    sitting.head()
    minutes.approve_minutes(meeting=sitting.meeting, by=world.secretary)
    kinds = {i.kind for i in work.waiting_for(world.secretary,
                                              today=datetime.date(2019, 6, 20))}
    assert not kinds & {"confirm", "adjust"}


def test_the_feed_and_the_atom_feed_do_not_show_a_voided_decision(world, settings):
    from django.core.cache import cache  # noqa: PLC0415
    from rest_framework.test import APIClient  # noqa: PLC0415

    from api import feed  # noqa: PLC0415

    settings.PUBLIC_FEED = True
    project = world.project(State.SUBMITTED, name="Rättad e-tjänst")
    world.answer_all(project, Gate.BP0)
    meeting = _meeting(world)
    item = decide_and_confirm(item=_gate_item(meeting), outcome="start", by=world.secretary)

    def published():
        cache.clear()
        feed._pages.clear()
        client = APIClient()
        rows = client.get("/api/v1/feed/").json()["results"]
        atom = client.get("/api/v1/feed/decisions.atom").content.decode()
        return {r["case_number"]: r["latest_decision"] for r in rows}, atom

    rows, atom = published()
    assert rows[project.case_number]["gate"] == "BP0" and "Rättad e-tjänst" in atom
    minutes.set_decision(item=item, outcome="not_start", points=["Förstudien startas inte."],
                         by=world.secretary)
    rows, atom = published()
    # Back in "submitted", the project is not published; its voided decision nowhere.
    assert project.case_number not in rows or rows[project.case_number] is None
    assert "Rättad e-tjänst" not in atom


def test_a_gate_decided_on_the_project_page_is_confirmed_without_deciding_it_twice(world):
    from tests.portfolio.test_h18_gate_deciders import (  # noqa: PLC0415
        MEETING_DAY,
        answer_yes,
        submitted_on_committee_template,
    )

    project = submitted_on_committee_template(world)
    meeting = meetings.create_meeting(committee=world.committee, date=MEETING_DAY,
                                      by=world.secretary)
    meetings.build_agenda(meeting=meeting, by=world.secretary)
    answer_yes(project, Gate.BP1, world.secretary)
    decision = lifecycle.decide_gate(project=project, gate=Gate.BP1, outcome="start",
                                     by=world.secretary, decided_on=MEETING_DAY, meeting=meeting)
    item = meeting.items.get(gate=Gate.BP1, project=project)
    assert item.carried_out and item.decided_paragraph == decision.paragraph
    minutes.confirm_decision(item=item, by=world.secretary)
    assert GateDecision.objects.filter(project=project, gate=Gate.BP1).count() == 1
    minutes.set_decision(item=item, outcome="table", points=["Bordläggs."], by=world.chair)
    project.refresh_from_db()
    assert project.state == State.SUBMITTED
    assert GateDecision.all_objects.get(pk=decision.pk).voided_at is not None
