"""The audit trail as sentences people read: "Styrgruppen beslutade BP1: start", with who
did it by name and role and what changed by the field's own label, never ``gate.decided``
or ``is_public: – → True``.

``describe_events`` reads what the sentences need for a whole page of events in a fixed
number of queries (people, their roles, the decisions, the checklist items), so a long
trail costs no more per page than a short one.
"""

import datetime
import decimal
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import dateparse, formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directives.models import GateChecklistItem
from portfolio.lifecycle import Body, Gate, Outcome
from portfolio.models import AuditEvent, CommitteeRole, GateDecision, Project, SteeringGroupMember
from portfolio.numbers import format_decimal

# One sentence per kind of event; %(who)s is the person (or body) who acted.
SENTENCES = {
    "project.created": gettext_lazy("%(who)s opened the case"),
    "project.updated": gettext_lazy("%(who)s changed the project"),
    "project.submitted": gettext_lazy("%(who)s submitted the project to the committee"),
    "project.cancelled": gettext_lazy("%(who)s cancelled the project"),
    "project.manager_set": gettext_lazy("%(who)s set the project manager"),
    "project.steering_group_set": gettext_lazy("%(who)s set the steering group"),
    "project.steering_group_confirmed": gettext_lazy("%(who)s confirmed the steering group"),
    "project.steering_group_unconfirmed": gettext_lazy(
        "The steering group must be confirmed again (changed by %(who)s)"),
    "project.extended": gettext_lazy("%(who)s extended the project"),
    "checklist.answered": gettext_lazy("%(who)s answered the checklist of %(gate)s"),
    "extension.created": gettext_lazy("%(who)s drafted an extension request"),
    "extension.submitted": gettext_lazy(
        "%(who)s submitted the extension request to the steering group"),
    "extension.recommended": gettext_lazy(
        "%(who)s recommended the extension request to the committee"),
    "extension.approved": gettext_lazy("%(who)s recorded the extension as approved"),
    "extension.rejected": gettext_lazy("%(who)s recorded the extension as rejected"),
    "extension.tabled": gettext_lazy("%(who)s recorded the extension request as tabled"),
    "final_report.requirement_added": gettext_lazy(
        "%(who)s added a requirement on the final report"),
    "final_report.requirement_answered": gettext_lazy(
        "%(who)s answered a requirement on the final report"),
    "budget.set": gettext_lazy("%(who)s saved the budget"),
    "budget.line_added": gettext_lazy("%(who)s added a budget line"),
    "meeting.item_added": gettext_lazy("%(who)s put the project on a meeting's agenda"),
    "meeting.item_decided": gettext_lazy("%(who)s recorded the committee's decision"),
    "meeting.decision_confirmed": gettext_lazy(
        "%(who)s confirmed the committee's decision and carried it out"),
    "meeting.decision_corrected": gettext_lazy("%(who)s corrected the committee's decision"),
    "gate.decision_voided": gettext_lazy(
        "%(who)s voided a gate decision corrected in the minutes"),
    "extension.decision_reversed": gettext_lazy(
        "%(who)s reversed the extension decision corrected in the minutes"),
    "project.cancellation_reversed": gettext_lazy(
        "%(who)s reversed the cancellation corrected in the minutes"),
    "directive.approval_voided": gettext_lazy(
        "%(who)s withdrew the directive approval of a corrected decision"),
    "budget.line_removed": gettext_lazy("%(who)s removed a budget line"),
    "final_report.requirement_removed": gettext_lazy(
        "%(who)s removed a requirement on the final report"),
    "time.recorded": gettext_lazy("%(who)s recorded time"),
    "directive.saved": gettext_lazy("%(who)s saved a new version of the directive"),
    "final_report.saved": gettext_lazy("%(who)s saved a new version of the final report"),
    "directive.approved": gettext_lazy("%(who)s approved the directive"),
}

# "Styrgruppen beslutade BP1: start" — the body decides; the person only records it.
DECIDED = {
    Body.STEERING_GROUP: gettext_lazy("The steering group decided %(gate)s: %(outcome)s"),
    Body.COMMITTEE: gettext_lazy("The committee decided %(gate)s: %(outcome)s"),
}

# Labels of changed values that are no model field of the object.
EXTRA_LABELS = {
    "budget_total": gettext_lazy("Budget total"),
    "steering_group_confirmed": gettext_lazy("Steering group confirmed"),
    "version": gettext_lazy("Version"),
    "answer": gettext_lazy("Answer"),
    "address": gettext_lazy("Address"),
}
MONEY_FIELDS = {"cost_cap", "budget_total", "total", "amount", "cost"}


@dataclass
class Line:
    at: datetime.datetime
    sentence: str
    detail: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class _Context:
    people: dict[int, Any]
    roles: dict[int, list[str]]
    decisions: dict[str, GateDecision]
    items: dict[str, str]
    sections: dict[str, str]


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _model_field(object_type: str, name: str) -> models.Field | None:
    for label in (object_type, "portfolio.Project"):
        try:
            found = apps.get_model(label)._meta.get_field(name)
        except (LookupError, ValueError, FieldDoesNotExist):
            continue
        if isinstance(found, models.Field):  # not a reverse relation
            return found
    return None


def field_label(object_type: str, name: str, context: _Context | None = None,
                action: str = "") -> str:
    """The label people know a changed field by: the model's verbose name, a section's or a
    checklist item's title, or the name made readable."""
    if context is not None:
        if action.endswith(".saved") and name in context.sections:
            return context.sections[name]
        if action == "checklist.answered" and name in context.items:
            return context.items[name]
    if name in EXTRA_LABELS:
        return str(EXTRA_LABELS[name])
    model_field = _model_field(object_type, name)
    if model_field is not None and getattr(model_field, "verbose_name", None):
        return str(model_field.verbose_name).capitalize()
    return name.replace("_", " ").capitalize()


def format_value(object_type: str, name: str, value: Any) -> str:
    """A value as a person reads it: "ja"/"nej", a choice's label, a date, "150 000 kr"."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, list):
        return ", ".join(format_value(object_type, name, v) for v in value)
    model_field = _model_field(object_type, name)
    choices = dict(model_field.flatchoices) if model_field is not None and model_field.choices \
        else {}
    if value in choices:
        return str(choices[value])
    if (name in MONEY_FIELDS or isinstance(model_field, models.DecimalField)) \
            and _is_number(value):
        text = format_decimal(value)
        return f"{text}\u00a0kr" if name in MONEY_FIELDS else text
    if isinstance(value, str) and isinstance(model_field, models.DateField | models.DateTimeField):
        parsed = (dateparse.parse_date(value) if not isinstance(model_field, models.DateTimeField)
                  else dateparse.parse_datetime(value))
        if parsed is not None:
            return formats.date_format(parsed, "Y-m-d")
    return str(value)


def _is_number(value: Any) -> bool:
    try:
        decimal.Decimal(str(value))
    except decimal.InvalidOperation:
        return False
    return True


def _who(event: AuditEvent, context: _Context) -> str:
    person = context.people.get(event.actor_id) if event.actor_id else None
    if person is None:
        return event.actor_name if event.actor_name and event.actor_name != "system" \
            else _("The system")
    name = person.get_full_name() or person.get_username()
    roles = context.roles.get(person.pk)
    return f"{name} ({', '.join(roles)})" if roles else name


def _sentence(event: AuditEvent, context: _Context) -> tuple[str, str]:
    """(sentence, detail): what happened, and who recorded it when a body decided."""
    who = _who(event, context)
    if event.action == "gate.decided":
        decision = context.decisions.get(event.object_id)
        if decision is not None:
            template = DECIDED.get(Body(decision.decided_by_body), DECIDED[Body.COMMITTEE])
            sentence = str(template) % {"gate": decision.gate,
                                        "outcome": Outcome(decision.outcome).label.lower()}
            detail = _("Recorded by %(who)s; decided on %(date)s") % {
                "who": who, "date": formats.date_format(decision.decided_on, "Y-m-d")}
            if decision.paragraph:
                detail += f", § {decision.paragraph}"
            return sentence, detail
        return _("%(who)s recorded a gate decision") % {"who": who}, event.summary
    known = SENTENCES.get(event.action)
    if known is None:
        # An action this module does not know yet is still a readable sentence.
        readable = event.action.replace(".", " ").replace("_", " ")
        return _("%(who)s: %(action)s") % {"who": who, "action": readable}, event.summary
    values = {"who": who, "gate": event.summary if event.summary in Gate.values else ""}
    detail = event.summary if event.action not in ("checklist.answered", "project.updated") \
        else ""
    return str(known) % values, detail


def _context(events: list[AuditEvent], project: Project | None) -> _Context:
    actor_ids = {e.actor_id for e in events if e.actor_id}
    people = {u.pk: u for u in get_user_model()._default_manager.filter(pk__in=actor_ids)}
    roles: dict[int, list[str]] = {}

    def note(user_id: int | None, label: str) -> None:
        if user_id in actor_ids and label not in roles.setdefault(user_id, []):
            roles[user_id].append(label)

    if project is not None:
        note(project.owner_id, _("project owner"))
        note(project.manager_id, _("project manager"))
        for user_id, role in SteeringGroupMember.objects.filter(
                project=project, user__in=actor_ids).values_list("user_id", "role"):
            note(user_id, _("steering group chair") if role == SteeringGroupMember.Role.CHAIR
                 else _("steering group member"))
        for user_id, role in CommitteeRole.objects.filter(
                committee=project.committee_id, user__in=actor_ids).values_list("user_id", "role"):
            note(user_id, CommitteeRole.Role(role).label.lower())
    decision_ids = [e.object_id for e in events if e.action == "gate.decided" and e.object_id]
    decisions = {str(d.pk): d for d in GateDecision.all_objects.filter(pk__in=decision_ids)}
    item_keys = {k for e in events if e.action == "checklist.answered" for k in e.changes}
    items = dict(GateChecklistItem.objects.filter(key__in=item_keys)
                 .values_list("key", "text")) if item_keys else {}
    sections = {}
    if project is not None and project.template_version is not None:
        sections = {s["key"]: s["title"] for s in project.template_version.sections}
    return _Context(people=people, roles=roles, decisions=decisions,
                    items={k: v[:120] for k, v in items.items()}, sections=sections)


def describe_events(events: list[AuditEvent], project: Project | None = None) -> list[Line]:
    """Each event as a sentence in the current language with its changes as
    (label, before, after); ``project`` gives the people's roles and the section titles."""
    context = _context(events, project)
    lines = []
    for event in events:
        sentence, detail = _sentence(event, context)
        changes = []
        for name, change in (event.changes or {}).items():
            before, after = (change if isinstance(change, list | tuple) and len(change) == 2
                             else (None, change))
            shown = (format_value(event.object_type, name, before),
                     format_value(event.object_type, name, after))
            if shown == ("–", "–"):
                continue  # an empty field of a new case tells nothing
            changes.append((field_label(event.object_type, name, context, event.action),
                            *shown))
        lines.append(Line(at=event.at, sentence=sentence, detail=detail, changes=changes))
    return lines
