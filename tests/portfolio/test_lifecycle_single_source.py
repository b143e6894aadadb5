"""The lifecycle is described once, in portfolio.lifecycle: the model's transitions, the
committee's agenda and the actions offered on the page and in the API all follow it."""

import dataclasses
import datetime
import pathlib
import re

import pytest

from portfolio import selectors
from portfolio.lifecycle import (
    ACTIVE_STATES,
    GATE_RULES,
    AgendaEntry,
    Body,
    Gate,
    State,
    committee_gates,
)
from portfolio.models import Project
from portfolio.services import meetings

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _fsm(method_name: str) -> dict[str, str]:
    """{source: target} of a Project transition method."""
    meta = getattr(Project, method_name)._django_fsm
    return {str(source): str(t.target) for source, t in meta.transitions.items()}


@pytest.mark.parametrize("gate", list(GATE_RULES))
def test_model_transitions_match_the_gate_rules(gate):
    rule = GATE_RULES[gate]
    assert _fsm(rule.start_transition) == {str(s): str(rule.target) for s in rule.sources}
    if rule.not_start_target is None:
        assert rule.not_start_transition is None
    else:
        not_start = _fsm(rule.not_start_transition)
        # "Not start" may be shared between gates: it must lead where the rule says from every
        # state the gate is open in.
        assert {str(s): not_start.get(str(s)) for s in rule.sources} == {
            str(s): str(rule.not_start_target) for s in rule.sources}


def test_every_not_start_transition_belongs_to_a_gate():
    for name in {r.not_start_transition for r in GATE_RULES.values() if r.not_start_transition}:
        owned = {str(s) for r in GATE_RULES.values() if r.not_start_transition == name
                 for s in r.sources}
        assert set(_fsm(name)) == owned, name


def test_submit_and_cancel_match_the_states():
    assert _fsm("submit") == {State.DRAFT: State.SUBMITTED}
    assert _fsm("cancel") == {s: State.CANCELLED for s in ACTIVE_STATES}


def test_every_gate_carries_an_agenda_entry_for_templates_that_give_it_to_the_committee():
    # A template may give any gate to the committee (gate_deciders); the agenda then asks for it.
    assert all(rule.agenda is not None for rule in GATE_RULES.values())
    assert [r.gate for r in committee_gates()] == [Gate.BP0, Gate.BP4]


def test_the_agenda_asks_for_every_committee_gate_from_the_rules(world, monkeypatch):
    waiting = world.project(State.ESTABLISHMENT, name="Väntar på BP2")
    meeting = meetings.create_meeting(committee=world.committee, date=datetime.date(2024, 6, 3),
                                      by=world.secretary)
    assert not [p for p in meetings.pending_for(meeting) if p["project"] == waiting]
    # Were BP2 the committee's decision, the agenda would ask for it with no other change.
    monkeypatch.setitem(GATE_RULES, Gate.BP2, dataclasses.replace(
        GATE_RULES[Gate.BP2], decided_by=Body.COMMITTEE,
        agenda=AgendaEntry("gate", "Start av genomförande: %(name)s", "Genomförandet startas.")))
    (entry,) = [p for p in meetings.pending_for(meeting) if p["project"] == waiting]
    assert entry["gate"] == Gate.BP2 and entry["heading"] == "Start av genomförande: Väntar på BP2"
    assert entry["proposed_decision"] == "Genomförandet startas."


@pytest.mark.parametrize("state", [State.DRAFT, State.SUBMITTED, State.EXECUTION, State.CLOSING,
                                   State.CLOSED])
def test_page_buttons_and_api_actions_come_from_one_selector(world, client, api, state):
    project = world.project(state)
    for who in ("owner", "steering", "secretary", "outsider"):
        user = world.users[who]
        actions = selectors.available_actions(user, project)
        body = api(user).get(f"/api/v1/projects/{project.pk}/").json()
        # Outside the committee the API shows the public projection: nothing to do there.
        assert body.get("available_transitions", []) == actions, (who, state)
        client.force_login(user)
        html = client.get(f"/portfolio/{project.pk}/").content.decode()
        assert (f'action="/portfolio/{project.pk}/submit/"' in html) == ("submit" in actions)
        assert (f'action="/portfolio/{project.pk}/cancel/"' in html) == ("cancel" in actions)
        for gate in GATE_RULES:
            decide_button = re.search(
                rf'action="/portfolio/{project.pk}/gates/{gate}/"(?:(?!</form>).)*name="outcome"',
                html, re.S)
            assert bool(decide_button) == (gate in actions), (who, state, gate)


RESTATED = [r"State\.CLOSED,\s*State\.REJECTED", r"State\.DRAFT,\s*State\.SUBMITTED,\s*State\.PRESTUDY",
            r"State\.PRESTUDY,\s*State\.ESTABLISHMENT,\s*State\.EXECUTION"]


def test_state_groups_are_defined_only_in_the_lifecycle_module():
    found = []
    for package in ("portfolio", "directives", "api"):
        for path in (ROOT / package).rglob("*.py"):
            if path.name == "lifecycle.py" and path.parent.name == "portfolio":
                continue
            if "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(ROOT)}: {p}" for p in RESTATED if re.search(p, text)]
    assert found == []


def test_a_new_gate_rule_brings_its_own_model_transition(monkeypatch):
    from portfolio.lifecycle import GateRule, gate_transitions

    monkeypatch.setitem(GATE_RULES, "BP5", GateRule("BP5", (State.CLOSING,), State.CLOSED, None,
                                                    Body.COMMITTEE, "archive"))
    methods = gate_transitions(Project._meta.get_field("state"))
    meta = methods["archive"]._django_fsm
    assert {s: t.target for s, t in meta.transitions.items()} == {State.CLOSING: State.CLOSED}


OPEN_IN = {Gate.BP0: State.SUBMITTED, Gate.BP1: State.SUBMITTED, Gate.BP2: State.ESTABLISHMENT,
           Gate.BP3: State.EXECUTION, Gate.BP4: State.CLOSING}


@pytest.mark.parametrize("gate", list(GATE_RULES))
@pytest.mark.parametrize("body", list(Body))
def test_the_templates_word_on_who_decides_drives_actions_and_agenda(world, api, gate, body):
    """Whatever body a template gives a gate, the buttons/API actions and the committee's
    agenda follow it, from the same data (lifecycle.gate_decider)."""
    from directives.models import TemplateVersion
    from portfolio.lifecycle import project_decider

    project = world.project(OPEN_IN[gate], name=f"{gate} av {body}")
    version = TemplateVersion.objects.get(pk=project.template_version_id)
    TemplateVersion.objects.filter(pk=version.pk).update(
        gate_deciders={gate: {"decided_by": body, "meeting_required": False}})
    project.refresh_from_db()
    assert project_decider(project, gate).body == body
    assert (gate in [r.gate for r in committee_gates(project.template_version)]) == (
        body == Body.COMMITTEE)
    committee_acts = gate in selectors.available_actions(world.secretary, project)
    steering_acts = gate in selectors.available_actions(world.steering, project)
    assert (committee_acts, steering_acts) == (body == Body.COMMITTEE, body != Body.COMMITTEE)
    for user in (world.secretary, world.steering):
        body_json = api(user).get(f"/api/v1/projects/{project.pk}/").json()
        assert body_json["available_transitions"] == selectors.available_actions(user, project)
    meeting = meetings.create_meeting(committee=world.committee, date=datetime.date(2024, 6, 3),
                                      by=world.secretary)
    asked = [p for p in meetings.pending_for(meeting)
             if p["project"] == project and p.get("gate") == gate]
    assert bool(asked) == (body == Body.COMMITTEE)
