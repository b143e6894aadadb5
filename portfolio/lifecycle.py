"""The committee's project model: states, gates and who decides them.

This is the one place the lifecycle is described as data; the model's transitions,
the decision service, the pages and the API all read it from here.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, transition
from django_stubs_ext import StrOrPromise


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    PRESTUDY = "prestudy", _("Pre-study")
    ESTABLISHMENT = "establishment", _("Establishment")
    EXECUTION = "execution", _("Execution")
    CLOSING = "closing", _("Closing")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


END_STATES = frozenset({State.CLOSED, State.REJECTED, State.CANCELLED})
ACTIVE_STATES = tuple(s for s in State.values if s not in END_STATES)
# States in which work runs against a planned end date (extensions apply here).
RUNNING_STATES = (State.PRESTUDY, State.ESTABLISHMENT, State.EXECUTION)
# The plan (dates, manager, steering group) is open until the establishment phase starts;
# afterwards dates move only by extension.
PLAN_OPEN_STATES = (State.DRAFT, State.SUBMITTED, State.PRESTUDY)


class Gate(models.TextChoices):
    BP0 = "BP0", _("BP0 – start pre-study")
    BP1 = "BP1", _("BP1 – start the establishment phase")
    BP2 = "BP2", _("BP2 – start execution")
    BP3 = "BP3", _("BP3 – delivery accepted, write the final report")
    BP4 = "BP4", _("BP4 – final report approved, close the project")


class Outcome(models.TextChoices):
    START = "start", _("Start")
    NOT_START = "not_start", _("Do not start")
    TABLE = "table", _("Table")


class Body(models.TextChoices):
    COMMITTEE = "committee", _("Committee")
    STEERING_GROUP = "steering_group", _("Steering group")


@dataclass(frozen=True)
class AgendaEntry:
    """How a gate the committee decides appears on its agenda while a project waits for it."""

    kind: str  # an AgendaItem.Kind value
    heading: StrOrPromise  # formatted with %(name)s, the project's name
    proposed_decision: StrOrPromise


@dataclass(frozen=True)
class GateRule:
    gate: str
    sources: tuple[str, ...]
    target: str
    # Where "not start" leads; None keeps the state (the case is reworked and returns).
    not_start_target: str | None
    decided_by: Body
    # Name of the Project transition method that moves through the gate.
    start_transition: str
    # Name of the Project transition method that "not start" runs (when it leads somewhere).
    not_start_transition: str | None = None
    # Committee gates only: the agenda item that asks for the decision.
    agenda: AgendaEntry | None = None
    # Start approves the directive version it was taken on (1.0, 2.0 …).
    approves_directive: bool = False
    # Start is refused while a final-report requirement is unanswered.
    needs_final_report: bool = False
    # Start is the committee accepting the case with the steering group the owner proposed.
    confirms_steering_group: bool = False


GATE_RULES: dict[str, GateRule] = {
    Gate.BP0: GateRule(Gate.BP0, (State.SUBMITTED,), State.PRESTUDY, State.REJECTED,
                       Body.COMMITTEE, "start_prestudy", "reject",
                       AgendaEntry("gate", _("Start of pre-study: %(name)s"),
                                   _("The pre-study is started (BP0).")),
                       confirms_steering_group=True),
    Gate.BP1: GateRule(Gate.BP1, (State.SUBMITTED, State.PRESTUDY), State.ESTABLISHMENT,
                       State.REJECTED, Body.STEERING_GROUP, "start_establishment", "reject",
                       AgendaEntry("gate", _("Project directive and start of the establishment "
                                             "phase: %(name)s"),
                                   _("The project directive is approved and the establishment "
                                     "phase is started (BP1).")),
                       approves_directive=True),
    Gate.BP2: GateRule(Gate.BP2, (State.ESTABLISHMENT,), State.EXECUTION, None,
                       Body.STEERING_GROUP, "start_execution", None,
                       AgendaEntry("gate", _("Start of execution: %(name)s"),
                                   _("The execution phase is started (BP2).")),),
    Gate.BP3: GateRule(Gate.BP3, (State.EXECUTION, State.PRESTUDY), State.CLOSING, None,
                       Body.STEERING_GROUP, "start_closing", None,
                       AgendaEntry("gate", _("Delivery accepted: %(name)s"),
                                   _("The delivery is accepted and the final report is written "
                                     "(BP3).")),),
    Gate.BP4: GateRule(Gate.BP4, (State.CLOSING,), State.CLOSED, None,
                       Body.COMMITTEE, "close", None,
                       AgendaEntry("final_report", _("Final report: %(name)s"),
                                   _("The final report is approved and the project is closed "
                                     "(BP4).")),
                       needs_final_report=True),
}

# The main line a project walks, in order (rejected and cancelled leave it).
STAGE_ORDER = (State.DRAFT, State.SUBMITTED, State.PRESTUDY, State.ESTABLISHMENT,
               State.EXECUTION, State.CLOSING, State.CLOSED)


@dataclass(frozen=True)
class GateDecider:
    """Who decides a gate under one directive template: the template's gate settings, or the
    rule's default body when the template says nothing about the gate."""

    body: Body
    # The committee decides only at a meeting, as an item of its agenda.
    meeting_required: bool = False


def gate_decider(gate: str, template_version: object = None) -> GateDecider:
    """The deciding body of ``gate`` under ``template_version`` (anything with a
    ``gate_deciders`` mapping ``{gate: {"decided_by", "meeting_required"}}``, or None)."""
    rule = GATE_RULES[gate]
    settings = getattr(template_version, "gate_deciders", None) or {}
    entry = settings.get(str(gate)) if isinstance(settings, dict) else None
    if not isinstance(entry, dict):
        return GateDecider(rule.decided_by)
    body = entry.get("decided_by", rule.decided_by)
    return GateDecider(Body(body) if body in Body.values else rule.decided_by,
                       bool(entry.get("meeting_required", False)))


def project_decider(project: object, gate: str) -> GateDecider:
    """Who decides ``gate`` of ``project``: its directive template version says so."""
    return gate_decider(gate, getattr(project, "template_version", None))


def committee_gates(template_version: object = None) -> list[GateRule]:
    """Gates the committee decides, in order, under ``template_version`` (the rules' defaults
    without one); the agenda asks for these."""
    return [rule for rule in GATE_RULES.values()
            if gate_decider(rule.gate, template_version).body == Body.COMMITTEE]


def gates_open_in(state: str) -> list[str]:
    """Gates that can be decided while a project is in ``state``."""
    return [g for g, rule in GATE_RULES.items() if state in rule.sources]


def gates_ahead(state: str) -> list[str]:
    """The gates a project in ``state`` still has in front of it, in order."""
    order: list[str] = list(STAGE_ORDER)
    if state not in order:
        return []
    position = order.index(state)
    ahead = []
    for gate, rule in GATE_RULES.items():
        if order.index(rule.target) > position and gate != Gate.BP0 or (
            gate == Gate.BP0 and state in (State.DRAFT, State.SUBMITTED)
        ):
            ahead.append(gate)
    return ahead


def gate_transitions(field) -> dict:
    """The Project model's gate transition methods, made from GATE_RULES so the state machine
    and the rules cannot differ: one method per start transition, and one per "not start"
    transition covering every gate that uses it."""
    def method(name, sources, target):
        def move(self):
            pass

        move.__name__ = move.__qualname__ = name
        return transition(field=field, source=sorted(sources), target=target)(move)

    methods = {rule.start_transition: method(rule.start_transition, rule.sources, rule.target)
               for rule in GATE_RULES.values()}
    not_start: dict[str, tuple[set[str], str | None]] = {}
    for rule in GATE_RULES.values():
        if rule.not_start_transition:
            sources, _target = not_start.setdefault(rule.not_start_transition,
                                                    (set(), rule.not_start_target))
            sources.update(rule.sources)
    for name, (sources, target) in not_start.items():
        methods[name] = method(name, sources, target)
    return methods


def reversal_transition(field):
    """The one transition that is not a gate: a decision corrected in the minutes before they
    are adjusted is undone, and the project returns to the state it had before it (whatever
    that was: the state is read from the voided decision, so no gate rule is bypassed here)."""
    def revert_decision(self, to_state):
        return to_state

    return {"revert_decision": transition(field=field, source="*",
                                          target=RETURN_VALUE(*State.values))(revert_decision)}
