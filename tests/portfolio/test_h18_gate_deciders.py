"""Who decides a gate is data per directive template (issue #11 point 1): the LINK2 template
the committee approved has BP1 decided by the committee at a meeting. Permissions, buttons,
the API's available_transitions, the agenda and the steering desk all follow that data."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from directives import defaults
from directives import services as documents
from directives.models import Template, clean_gate_deciders
from portfolio import permissions, selectors
from portfolio.errors import NotAllowed
from portfolio.lifecycle import (
    GATE_RULES,
    Body,
    Gate,
    Outcome,
    State,
    committee_gates,
    gate_decider,
    project_decider,
)
from portfolio.models import GateDecision
from portfolio.services import lifecycle, meetings
from tests.conftest import decide_and_confirm

MEETING_DAY = datetime.date(2024, 3, 1)


def committee_template():
    return Template.objects.get(key=defaults.COMMITTEE_DIRECTIVE_TEMPLATE_KEY).current_version


def submitted_on_committee_template(world, name="Nämndens BP1"):
    project = world.project(State.DRAFT, name=name)
    documents.use_template(project=project, template_version=committee_template(), by=world.owner)
    project.refresh_from_db()
    world.fill_directive(project)
    lifecycle.submit_project(project=project, by=world.owner)
    project.refresh_from_db()
    return project


def answer_yes(project, gate, by):
    rows = lifecycle.checklist(project, gate)
    lifecycle.answer_checklist(project=project, gate=gate, by=by,
                               answers=[{"id": r["id"], "answer": "yes"} for r in rows])


def test_the_template_says_who_decides_and_the_rules_are_the_default(db):
    version = committee_template()
    assert gate_decider(Gate.BP1, version).body == Body.COMMITTEE
    assert gate_decider(Gate.BP1, version).meeting_required is True
    assert gate_decider(Gate.BP1, None).body == GATE_RULES[Gate.BP1].decided_by
    # Gates the template does not name keep the lifecycle's default.
    for gate in (Gate.BP0, Gate.BP2, Gate.BP3, Gate.BP4):
        assert gate_decider(gate, version).body == GATE_RULES[gate].decided_by
    assert [r.gate for r in committee_gates(version)] == [Gate.BP0, Gate.BP1, Gate.BP4]


def test_committee_template_bp1_is_the_committees_not_the_steering_groups(world):
    project = submitted_on_committee_template(world)
    assert project_decider(project, Gate.BP1).body == Body.COMMITTEE
    assert permissions.can_decide_gate(world.secretary, project, Gate.BP1)
    assert permissions.can_decide_gate(world.chair, project, Gate.BP1)
    assert not permissions.can_decide_gate(world.steering, project, Gate.BP1)
    with pytest.raises(NotAllowed):
        answer_yes(project, Gate.BP1, world.steering)
    # A project on the default template: BP1 stays the steering group's.
    default = world.project(State.SUBMITTED, name="Styrgruppens BP1")
    assert permissions.can_decide_gate(world.steering, default, Gate.BP1)
    assert not permissions.can_decide_gate(world.secretary, default, Gate.BP1)


def test_buttons_api_and_actions_follow_the_template(world, client, api):
    project = submitted_on_committee_template(world)
    for who in ("owner", "steering", "secretary", "chair", "outsider"):
        user = world.users[who]
        actions = selectors.available_actions(user, project)
        assert ("BP1" in actions) == (who in ("secretary", "chair")), who
        body = api(user).get(f"/api/v1/projects/{project.pk}/").json()
        assert body.get("available_transitions", []) == actions, who
        client.force_login(user)
        html = client.get(f"/portfolio/{project.pk}/").content.decode()
        button = re.search(rf'action="/portfolio/{project.pk}/gates/BP1/"(?:(?!</form>).)*'
                           r'name="outcome"', html, re.S)
        assert bool(button) == ("BP1" in actions), who


def test_a_meeting_gate_needs_the_meeting_and_its_agenda_item(world):
    project = submitted_on_committee_template(world)
    answer_yes(project, Gate.BP1, world.secretary)
    with pytest.raises(ValidationError) as error:
        lifecycle.decide_gate(project=project, gate=Gate.BP1, outcome=Outcome.START,
                              by=world.secretary, decided_on=MEETING_DAY)
    assert "meeting" in error.value.message_dict
    meeting = meetings.create_meeting(committee=world.committee, date=MEETING_DAY,
                                      by=world.secretary)
    with pytest.raises(ValidationError) as error:
        lifecycle.decide_gate(project=project, gate=Gate.BP1, outcome=Outcome.START,
                              by=world.secretary, decided_on=MEETING_DAY, meeting=meeting)
    assert "föredragningslistan" in error.value.message_dict["meeting"][0]
    project.refresh_from_db()
    assert project.state == State.SUBMITTED and not project.decisions.exists()


def test_the_agenda_asks_the_committee_for_bp1_of_its_template_and_records_it(world):
    project = submitted_on_committee_template(world)
    default = world.project(State.SUBMITTED, name="Styrgruppens BP1")
    meeting = meetings.create_meeting(committee=world.committee, date=MEETING_DAY,
                                      by=world.secretary)
    pending = {(p["project"].pk, p.get("gate")) for p in meetings.pending_for(meeting)}
    assert (project.pk, Gate.BP1) in pending
    assert (default.pk, Gate.BP1) not in pending
    items = meetings.build_agenda(meeting=meeting, by=world.secretary)
    (item,) = [i for i in items if i.project_id == project.pk and i.gate == Gate.BP1]
    answer_yes(project, Gate.BP1, world.secretary)
    decide_and_confirm(item=item, outcome="start", by=world.chair)
    project.refresh_from_db()
    assert project.state == State.ESTABLISHMENT
    decision = GateDecision.objects.get(project=project, gate=Gate.BP1)
    assert decision.decided_by_body == Body.COMMITTEE
    assert decision.meeting == meeting and decision.paragraph


def test_the_steering_desk_leaves_the_committees_gate_out(world, client):
    project = submitted_on_committee_template(world, name="Inte på skrivbordet")
    default = world.project(State.SUBMITTED, name="På skrivbordet")
    client.force_login(world.steering)
    html = client.get("/portfolio/steering/").content.decode()
    assert default.name in html
    assert project.name not in html


@pytest.mark.parametrize("value, field", [
    ([], "gate_deciders"),
    ({"BP9": {"decided_by": "committee"}}, "gate_deciders.BP9"),
    ({"BP1": {"decided_by": "board"}}, "gate_deciders.BP1"),
    ({"BP1": {"decided_by": "committee", "meeting_required": "yes"}}, "gate_deciders.BP1"),
    ({"BP1": {"decided_by": "steering_group", "meeting_required": True}}, "gate_deciders.BP1"),
])
def test_bad_gate_settings_are_refused_naming_the_gate(value, field):
    with pytest.raises(ValidationError) as error:
        clean_gate_deciders(value)
    assert field in error.value.message_dict


def test_revising_a_template_keeps_or_changes_who_decides(world):
    template = Template.objects.get(key=defaults.COMMITTEE_DIRECTIVE_TEMPLATE_KEY)
    current = template.current_version
    kept = documents.revise_template(template=template, by=world.admin, sections=current.sections)
    assert kept.gate_deciders == current.gate_deciders
    changed = documents.revise_template(
        template=template, by=world.admin, sections=current.sections,
        gate_deciders={"BP2": {"decided_by": "committee", "meeting_required": False}})
    assert gate_decider(Gate.BP2, changed).body == Body.COMMITTEE
    assert gate_decider(Gate.BP1, changed).body == Body.STEERING_GROUP
    with pytest.raises(ValidationError):
        documents.revise_template(template=template, by=world.admin, sections=current.sections,
                                  gate_deciders={"BP1": {"decided_by": "nobody"}})
    assert template.versions.count() == 3


def test_the_template_can_only_be_chosen_before_the_directive_is_written(world):
    project = world.project(State.DRAFT)
    world.fill_directive(project)
    with pytest.raises(Exception) as error:
        documents.use_template(project=project, template_version=committee_template(),
                               by=world.owner)
    assert getattr(error.value, "code", "") == "wrong_state"
    project.refresh_from_db()
    assert project.template_version.template.key == defaults.DIRECTIVE_TEMPLATE_KEY


def test_the_templates_api_shows_who_decides(world, api):
    body = api(world.secretary).get("/api/v1/templates/").json()
    rows = body["results"] if isinstance(body, dict) else body
    (template,) = [t for t in rows if t["key"] == defaults.COMMITTEE_DIRECTIVE_TEMPLATE_KEY]
    gates = {g["gate"]: g for g in template["versions"][0]["gates"]}
    assert gates["BP1"] == {"gate": "BP1", "decided_by": "committee", "meeting_required": True}
    assert gates["BP2"]["decided_by"] == "steering_group"


def test_the_admin_revises_who_decides_as_a_new_template_version(world, client):
    import json

    version = world.project().template_version
    client.force_login(world.admin)
    response = client.post(f"/admin/directives/templateversion/{version.pk}/change/", {
        "sections": json.dumps(version.sections), "note": "Nämnden beslutar BP2",
        "gate_deciders": json.dumps({"BP2": {"decided_by": "committee",
                                             "meeting_required": True}}),
        "checklist_items-TOTAL_FORMS": "0", "checklist_items-INITIAL_FORMS": "0",
        "checklist_items-MIN_NUM_FORMS": "0", "checklist_items-MAX_NUM_FORMS": "0"})
    assert response.status_code == 302
    newest = version.template.versions.order_by("-number").first()
    assert newest.number == version.number + 1
    assert gate_decider(Gate.BP2, newest) == gate_decider(Gate.BP2, None).__class__(
        Body.COMMITTEE, True)
    version.refresh_from_db()
    assert version.gate_deciders == {}


def test_a_decision_taken_via_the_api_closes_its_agenda_item_with_the_same_paragraph(world, api):
    project = submitted_on_committee_template(world)
    meeting = meetings.create_meeting(committee=world.committee, date=MEETING_DAY,
                                      by=world.secretary)
    (item,) = [i for i in meetings.build_agenda(meeting=meeting, by=world.secretary)
               if i.project_id == project.pk and i.gate == Gate.BP1]
    answer_yes(project, Gate.BP1, world.secretary)
    response = api(world.secretary).post(f"/api/v1/projects/{project.pk}/decisions/", {
        "gate": "BP1", "outcome": "start", "decided_on": "2024-03-01",
        "meeting": meeting.pk}, format="json")
    assert response.status_code == 201, response.json()
    item.refresh_from_db()
    decision = GateDecision.objects.get(project=project, gate=Gate.BP1)
    assert item.decided_paragraph == decision.paragraph is not None
    assert item.outcome == "start"
    # The item is decided: deciding it again on the meeting page is refused.
    with pytest.raises(Exception) as error:
        decide_and_confirm(item=item, outcome="start", by=world.chair)
    assert getattr(error.value, "code", "") == "already_decided"
