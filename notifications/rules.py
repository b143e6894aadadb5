"""Who is told about an audit event: who now waits (must decide, recommend or answer) and,
for a decision, the project's own people. Every rule asks ``portfolio.permissions``, so a
person is told only what they may act on and read; the actor is never told of their own act."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from notifications.models import Notification
from portfolio import permissions
from portfolio.lifecycle import GATE_RULES, Body, gates_open_in
from portfolio.models import (
    AgendaItem,
    AuditEvent,
    CommitteeRole,
    ExtensionRequest,
    FinalReportRequirement,
    GateDecision,
    Project,
)

Kind = Notification.Kind

# The audit actions that can tell anyone anything; every other event queues no task.
NOTIFYING_ACTIONS = frozenset({
    "project.submitted", "project.cancelled", "project.steering_group_confirmed",
    "gate.decided", "extension.submitted", "extension.recommended", "extension.approved",
    "extension.rejected", "extension.tabled", "final_report.requirement_added",
    "meeting.item_added", "meeting.item_decided",
})

# Items whose decision is told by the event of the decision itself (gate.decided,
# extension.*, project.cancelled); the others are told as the meeting's decision.
_ITEMS_DECIDED_ELSEWHERE = (AgendaItem.Kind.GATE, AgendaItem.Kind.FINAL_REPORT,
                            AgendaItem.Kind.EXTENSION, AgendaItem.Kind.CANCELLATION)


@dataclass
class Planned:
    recipient: User
    kind: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    link: str = ""
    project: Project | None = None


def link_to(name: str, pk: int) -> str:
    # Stored without a language prefix: the reader's own language applies when it is opened.
    with translation.override("sv"):
        return reverse(name, args=[pk])


def _people(users: Iterable[User | None], *, actor_id: int | None,
            project: Project | None) -> list[User]:
    seen: dict[int, User] = {}
    for user in users:
        if user is None or user.pk == actor_id or user.pk in seen or not user.is_active:
            continue
        if project is not None and not permissions.can_read_internals(user, project):
            continue
        seen[user.pk] = user
    return list(seen.values())


def _runners(project: Project) -> list[User | None]:
    return [project.owner, project.manager]


def _committee_deciders(committee_id: int) -> list[User]:
    return [role.user for role in CommitteeRole.objects.filter(
        committee_id=committee_id, role__in=permissions.COMMITTEE_DECIDERS).select_related("user")]


def _steering(project: Project) -> list[User]:
    return [m.user for m in project.steering_group.select_related("user")]


def _waiting_gates(event: AuditEvent, project: Project, *,
                   bodies: tuple[str, ...] = (Body.COMMITTEE, Body.STEERING_GROUP)) -> list[Planned]:
    planned = []
    for gate in gates_open_in(project.state):
        rule = GATE_RULES[gate]
        if rule.decided_by not in bodies:
            continue
        candidates = (_committee_deciders(project.committee_id)
                      if rule.decided_by == Body.COMMITTEE else _steering(project))
        for user in _people(candidates, actor_id=event.actor_id, project=project):
            if permissions.gate_refusal(user, project, gate) is None:
                # Per gate and state, not per event: BP0's start confirms the group and moves
                # the project, two events that would otherwise tell the same wait twice.
                planned.append(Planned(user, Kind.WAITING_GATE,
                                       f"waiting:{project.pk}:{gate}:{project.state}",
                                       {"project": str(project), "gate": gate},
                                       link_to("portfolio:detail", project.pk), project))
    return planned


def _decision(event: AuditEvent, project: Project, params: dict[str, Any]) -> list[Planned]:
    params = {"project": str(project), **params}
    return [Planned(user, Kind.DECISION, f"event:{event.pk}:decision", params,
                    link_to("portfolio:detail", project.pk), project)
            for user in _people(_runners(project), actor_id=event.actor_id, project=project)]


def _object(event: AuditEvent, model: Any) -> Any:
    if not event.object_id.isdigit():
        return None
    return model.objects.filter(pk=int(event.object_id)).first()


def plan(event: AuditEvent) -> list[Planned]:
    """The notifications ``event`` causes (none for an action not in NOTIFYING_ACTIONS)."""
    action = event.action
    if action not in NOTIFYING_ACTIONS:
        return []
    project = (Project.objects.select_related("owner", "manager").filter(pk=event.project_id)
               .first() if event.project_id else None)
    if action == "meeting.item_added":
        item = _object(event, AgendaItem)
        if item is None:
            return []
        secretaries = [r.user for r in CommitteeRole.objects.filter(
            committee_id=item.meeting.committee_id, role=CommitteeRole.Role.SECRETARY)
            .select_related("user")]
        return [Planned(user, Kind.AGENDA, f"event:{event.pk}:agenda",
                        {"meeting": str(item.meeting), "heading": item.heading,
                         "project": str(project) if project else ""},
                        link_to("portfolio:meeting", item.meeting_id), project)
                for user in _people(secretaries, actor_id=event.actor_id, project=None)
                if permissions.can_read_committee(user, item.meeting.committee_id)]
    if project is None:
        return []
    if action in ("project.submitted", "project.steering_group_confirmed"):
        bodies = ((Body.COMMITTEE, Body.STEERING_GROUP) if action == "project.submitted"
                  else (Body.STEERING_GROUP,))
        return _waiting_gates(event, project, bodies=bodies)
    if action == "project.cancelled":
        return _decision(event, project, {"what": "cancelled"})
    if action == "gate.decided":
        decision = _object(event, GateDecision)
        if decision is None:
            return []
        planned = _decision(event, project, {"what": "gate", "gate": decision.gate,
                                             "outcome": decision.outcome,
                                             "date": decision.decided_on.isoformat()})
        if decision.from_state != decision.to_state:
            planned += _waiting_gates(event, project)
        return planned
    if action.startswith("extension."):
        request = _object(event, ExtensionRequest)
        if request is None:
            return []
        date = request.requested_end_date.isoformat()
        link = link_to("portfolio:detail", project.pk)
        if action == "extension.submitted":
            return [Planned(user, Kind.WAITING_RECOMMENDATION, f"event:{event.pk}:recommend",
                            {"project": str(project), "date": date}, link, project)
                    for user in _people(_steering(project), actor_id=event.actor_id,
                                        project=project)
                    if permissions.extension_recommendation_refusal(user, project) is None]
        if action == "extension.recommended":
            return [Planned(user, Kind.WAITING_EXTENSION_DECISION, f"event:{event.pk}:decide",
                            {"project": str(project), "date": date}, link, project)
                    for user in _people(_committee_deciders(project.committee_id),
                                        actor_id=event.actor_id, project=project)
                    if permissions.extension_decision_refusal(user, project) is None]
        what = {"extension.approved": "extension_approved",
                "extension.rejected": "extension_rejected",
                "extension.tabled": "extension_tabled"}[action]
        return _decision(event, project, {"what": what, "date": date})
    if action == "final_report.requirement_added":
        requirement = _object(event, FinalReportRequirement)
        if requirement is None:
            return []
        return [Planned(user, Kind.REQUIREMENT, f"event:{event.pk}:requirement",
                        {"project": str(project), "text": requirement.text[:300]},
                        link_to("portfolio:detail", project.pk), project)
                for user in _people(_runners(project), actor_id=event.actor_id, project=project)]
    if action == "meeting.item_decided":
        item = _object(event, AgendaItem)
        if item is None or item.kind in _ITEMS_DECIDED_ELSEWHERE:
            return []
        return _decision(event, project, {"what": "item",
                                          "summary": f"§ {item.decided_paragraph} "
                                                     f"{item.heading}: {item.decision_text}"})
    return []
