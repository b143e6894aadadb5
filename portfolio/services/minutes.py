"""Decisions in the committee's own words and the full minutes (issue #11 points 3 and 4).

An item's proposal and decision are numbered points (``DecisionPoint``). A decision recorded
at the meeting (``meetings.decide_item``) is carried out in the project's register and stands
in the minutes only once the secretary has confirmed it; until the minutes are adjusted
(justerade) its words and outcome can be corrected, a carried-out effect being undone by an
audited compensating step. Approving the minutes numbers the paragraphs in agenda order, locks
the meeting and posts the notice."""

import datetime
import re
from typing import Any, TypedDict

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from directives import services as directive_services
from directives.models import DocumentVersion
from portfolio import permissions
from portfolio.errors import NotAllowed, StateConflict
from portfolio.lifecycle import GATE_RULES, Outcome
from portfolio.models import (
    AgendaItem,
    Attendance,
    Committee,
    DecisionPoint,
    ExtensionRequest,
    GateDecision,
    Meeting,
    Minutes,
    Party,
    Project,
)
from portfolio.services.audit import record_event

MAX_POINTS = 30
MAX_POINT_CHARS = 5000
# Outcomes where the committee did not decide as proposed: the proposal's words do not apply.
_NOT_AS_PROPOSED = (AgendaItem.Outcome.TABLE, AgendaItem.Outcome.REJECT,
                    AgendaItem.Outcome.NOT_START)
_LEADING_NUMBER = re.compile(r"^\s*\d{1,3}[.)]\s+")


class AttendanceRow(TypedDict, total=False):
    party: Party | None
    name: str
    role: str
    present: bool
    replaces: str


def minutes_of(meeting: Meeting) -> Minutes:
    """The meeting's minutes; a draft is made on first use."""
    minutes, _created = Minutes.objects.get_or_create(meeting=meeting)
    return minutes


def is_locked(meeting: Meeting) -> bool:
    return Minutes.objects.filter(meeting=meeting, state=Minutes.State.APPROVED).exists()


def require_unlocked(meeting: Meeting) -> None:
    if is_locked(meeting):
        raise StateConflict(_("The minutes of this meeting have been adjusted; nothing in them "
                              "can change any more."), code="minutes_approved")


def split_points(text: str) -> list[str]:
    """Numbered points from text as the minutes write it ("1. … 2. …", one per line or
    paragraph); a text without numbers is one point."""
    lines = [line.strip() for line in (text or "").replace("\r\n", "\n").split("\n")]
    points: list[str] = []
    for line in lines:
        if not line:
            continue
        if _LEADING_NUMBER.match(line) or not points:
            points.append(_LEADING_NUMBER.sub("", line))
        else:
            points[-1] += "\n" + line
    return points


def points_text(points: list[str]) -> str:
    return "\n".join(f"{n}. {text}" for n, text in enumerate(points, start=1))


def _locked_item(item: AgendaItem) -> AgendaItem:
    return AgendaItem.objects.select_for_update().select_related("meeting__committee").get(
        pk=item.pk)


def _clean_points(points: list[str]) -> list[str]:
    cleaned = [str(p).strip() for p in points if str(p).strip()]
    if len(cleaned) > MAX_POINTS:
        raise ValidationError({"points": [_("At most %(n)s points.") % {"n": MAX_POINTS}]})
    if any(len(p) > MAX_POINT_CHARS for p in cleaned):
        raise ValidationError({"points": [_("A point holds at most %(n)s characters.")
                                          % {"n": MAX_POINT_CHARS}]})
    return cleaned


def _current(item: AgendaItem, stage: str) -> list[str]:
    return list(item.points.filter(stage=stage).order_by("number").values_list("text", flat=True))


def _write(item: AgendaItem, stage: str, points: list[str]) -> None:
    item.points.filter(stage=stage).delete()
    DecisionPoint.objects.bulk_create([DecisionPoint(item=item, stage=stage, number=n, text=t)
                                       for n, t in enumerate(points, start=1)])


def seed_proposal(item: AgendaItem) -> None:
    """A new item's proposal points, from the proposed decision as the case words it."""
    points = split_points(item.proposed_decision)[:MAX_POINTS]
    _write(item, DecisionPoint.Stage.PROPOSAL, [p[:MAX_POINT_CHARS] for p in points])


@transaction.atomic
def set_proposal(*, item: AgendaItem, points: list[str], by: User) -> AgendaItem:
    """The proposed decision, point by point, as the case puts it to the committee; it can be
    edited until the committee has decided the item."""
    item = _locked_item(item)
    if not permissions.can_keep_minutes(by, item.meeting.committee_id):
        raise NotAllowed(_("Only the committee's chair and secretary manage its meetings."))
    require_unlocked(item.meeting)
    if item.decided_paragraph:
        raise StateConflict(_("The item has been decided; correct the decision instead."),
                            code="already_decided")
    cleaned = _clean_points(points)
    before = _current(item, DecisionPoint.Stage.PROPOSAL)
    if before == cleaned:
        return item
    _write(item, DecisionPoint.Stage.PROPOSAL, cleaned)
    item.proposed_decision = points_text(cleaned)
    item.save(update_fields=["proposed_decision"])
    record_event(actor=by, action="meeting.proposal_changed", obj=item, project=item.project,
                 committee=item.meeting.committee,
                 changes={"proposal": [before, cleaned]}, summary=item.heading[:500])
    return item


# Outcomes each kind of item can be decided with.
_GATE_KINDS = (AgendaItem.Kind.GATE, AgendaItem.Kind.FINAL_REPORT)
OUTCOMES_BY_KIND: dict[str, tuple[str, ...]] = {
    AgendaItem.Kind.GATE: ("start", "not_start", "table"),
    AgendaItem.Kind.FINAL_REPORT: ("start", "not_start", "table"),
    AgendaItem.Kind.EXTENSION: ("approve", "reject", "table"),
    AgendaItem.Kind.CANCELLATION: ("approve", "table"),
}
_OTHER_OUTCOMES = ("noted", "approve", "reject", "table")


def outcomes_for(item: AgendaItem) -> tuple[str, ...]:
    return OUTCOMES_BY_KIND.get(item.kind, _OTHER_OUTCOMES)


def check_outcome(item: AgendaItem, outcome: str) -> None:
    """Refuse at once an outcome that could never be carried out on ``item``."""
    if outcome not in AgendaItem.Outcome.values:
        raise ValidationError({"outcome": [_("Use one of: %(o)s.")
                                           % {"o": ", ".join(AgendaItem.Outcome.values)}]})
    if outcome not in outcomes_for(item):
        messages: dict[str, str] = {
            AgendaItem.Kind.GATE: _("A gate is decided start, not_start or table."),
            AgendaItem.Kind.FINAL_REPORT: _("A gate is decided start, not_start or table."),
            AgendaItem.Kind.EXTENSION: _("An extension is approved, rejected or tabled."),
            AgendaItem.Kind.CANCELLATION: _("A cancellation is approved or tabled."),
        }
        raise ValidationError({"outcome": [messages.get(item.kind) or _("Use one of: %(o)s.")
                                           % {"o": ", ".join(_OTHER_OUTCOMES)}]})
    if item.kind in _GATE_KINDS and (item.project is None or item.gate not in GATE_RULES):
        # An item added by hand in the admin may lack it.
        raise ValidationError({"item": [_("This agenda item names no project.")]})
    if item.kind == AgendaItem.Kind.EXTENSION and item.extension_request is None:
        raise ValidationError({"item": [_("This agenda item names no extension request.")]})
    if item.kind == AgendaItem.Kind.CANCELLATION and outcome == "approve" and item.project is None:
        raise ValidationError({"item": [_("This agenda item names no project.")]})


def outcome_text(item: AgendaItem, outcome: str, comment: str = "") -> str:
    """The decision's words until the secretary writes the committee's own."""
    if item.kind in _GATE_KINDS:
        text = f"{item.gate}: {Outcome(outcome).label}"
    elif item.kind == AgendaItem.Kind.EXTENSION:
        text = {"approve": str(ExtensionRequest.State.APPROVED.label),
                "reject": str(ExtensionRequest.State.REJECTED.label)}.get(outcome, "Bordlagt")
    elif item.kind == AgendaItem.Kind.CANCELLATION:
        text = "Avbrutet" if outcome == "approve" else "Bordlagt"
    else:
        text = "Bordlagt" if outcome == "table" else (comment or "Antecknat")
    return (text + (f" – {comment}" if comment and text != comment else ""))[:2000]


def default_points(item: AgendaItem, outcome: str) -> list[str]:
    """The words of a decision taken with ``outcome`` when nobody has written their own: the
    proposal's points when the committee decided as proposed, else the outcome's name."""
    proposal = _current(item, DecisionPoint.Stage.PROPOSAL)
    if outcome not in _NOT_AS_PROPOSED and outcome != AgendaItem.Outcome.NOTED and proposal:
        return proposal
    return [str(AgendaItem.Outcome(outcome).label)] if outcome in AgendaItem.Outcome.values \
        else [outcome]


@transaction.atomic
def set_decision(*, item: AgendaItem, points: list[str], by: User,
                 outcome: str | None = None) -> AgendaItem:
    """Write or correct the decision's points and outcome until the minutes are adjusted.
    A confirmed decision that was carried out in the register is undone first (the gate
    decision voided, the extension or cancellation reversed); the corrected decision is
    unconfirmed and carried out when the secretary confirms it again."""
    item = _locked_item(item)
    meeting = item.meeting
    if not permissions.can_keep_minutes(by, meeting.committee_id):
        raise NotAllowed(_("Only the committee's chair and secretary manage its meetings."))
    require_unlocked(meeting)
    if not item.decided_paragraph:
        raise StateConflict(_("Record the committee's decision on the item first."),
                            code="not_decided")
    cleaned = _clean_points(points)
    if not cleaned:
        raise ValidationError({"points": [_("A decision has at least one point.")]})
    changes: dict[str, Any] = {}
    outcome_changed = outcome is not None and outcome != item.outcome
    if outcome is not None and outcome_changed:
        check_outcome(item, outcome)
        if item.carried_out:
            _reverse(item, by)
            changes["carried_out"] = [True, False]
        changes["outcome"] = [item.outcome, outcome]
        item.outcome = outcome
    before = _current(item, DecisionPoint.Stage.DECISION)
    if before != cleaned:
        changes["points"] = [before, cleaned]
        _write(item, DecisionPoint.Stage.DECISION, cleaned)
    if not changes:
        return item
    correction = item.confirmed_at is not None or outcome_changed
    item.decision_text = points_text(cleaned)[:2000]
    item.confirmed_at, item.confirmed_by = None, None
    if outcome_changed:
        item.corrected_at = timezone.now()
    item.save(update_fields=["outcome", "decision_text", "confirmed_at", "confirmed_by",
                             "carried_out", "effect", "corrected_at"])
    record_event(actor=by,
                 action="meeting.decision_corrected" if correction else "meeting.decision_worded",
                 obj=item, project=item.project, committee=meeting.committee, changes=changes,
                 summary=f"{meeting} § {item.decided_paragraph} {item.heading}"[:500])
    return item


@transaction.atomic
def confirm_decision(*, item: AgendaItem, by: User) -> AgendaItem:
    """The secretary confirms the recorded decision, and it is carried out in the project's
    register in the same transaction (the gate decision with the meeting's date and §, the
    extension decided, the project cancelled). If it cannot be carried out any more (the
    checklist is incomplete, the project moved on) nothing changes. Without points of its own
    the decision takes the proposal's points (the committee decided as proposed)."""
    item = _locked_item(item)
    meeting = item.meeting
    if not permissions.can_confirm_decision(by, meeting.committee_id):
        raise NotAllowed(_("The committee's secretary confirms its decisions."))
    require_unlocked(meeting)
    if not item.decided_paragraph:
        raise StateConflict(_("Nothing has been decided on this item yet."), code="not_decided")
    if item.confirmed_at is not None:
        raise StateConflict(_("The decision has already been confirmed."), code="already_confirmed")
    if not item.carried_out:
        _carry_out(item, by)
    if not item.points.filter(stage=DecisionPoint.Stage.DECISION).exists():
        points = _current(item, DecisionPoint.Stage.PROPOSAL)
        if item.outcome in _NOT_AS_PROPOSED or not points:
            points = split_points(item.decision_text) or [item.get_outcome_display()]
        _write(item, DecisionPoint.Stage.DECISION, _clean_points(points))
    item.confirmed_at, item.confirmed_by = timezone.now(), by
    item.save(update_fields=["confirmed_at", "confirmed_by", "carried_out", "effect"])
    record_event(actor=by, action="meeting.decision_confirmed", obj=item, project=item.project,
                 committee=meeting.committee,
                 summary=f"{meeting} § {item.decided_paragraph} {item.heading}"[:500])
    return item


def _carry_out(item: AgendaItem, by: User) -> None:
    """Carry the item's decision out through the register's own services, dated on the
    meeting day with the item's §; ``item.effect`` keeps what changed, for a correction."""
    # The lifecycle services number paragraphs through the meetings service, which imports
    # this module: imported here.
    from portfolio.services import extensions, lifecycle  # noqa: PLC0415

    meeting = item.meeting
    comment = str(item.effect.get("comment", ""))
    effect: dict[str, Any] = {"comment": comment} if comment else {}
    if item.kind in _GATE_KINDS:
        assert item.project is not None
        project = item.project
        document = directive_services.get_document(project)
        latest_before = document.latest.pk if document and document.latest else None
        confirmed_before = Project.objects.filter(
            pk=project.pk, steering_group_confirmed_at__isnull=False).exists()
        decision = lifecycle.decide_gate(
            project=project, gate=item.gate, outcome=item.outcome, by=by,
            decided_on=meeting.date, meeting=meeting, paragraph=item.decided_paragraph,
            comment=comment, agenda_item=item)
        effect["gate_decision"] = decision.pk
        if document is not None:
            document.refresh_from_db()
            latest = document.versions.order_by("-major", "-minor", "-id").first()
            if latest is not None and latest.pk != latest_before:
                effect["directive_version"] = latest.pk
        if not confirmed_before and Project.objects.filter(
                pk=project.pk, steering_group_confirmed_at__isnull=False).exists():
            effect["steering_group_confirmed"] = True
    elif item.kind == AgendaItem.Kind.EXTENSION:
        request = item.extension_request
        assert request is not None
        if item.outcome == AgendaItem.Outcome.TABLE:
            effect["tabled_before"] = request.tabled_at_id
            extensions.table_extension(request=request, by=by, decided_on=meeting.date,
                                       meeting=meeting)
        else:
            project = Project.objects.get(pk=request.project_id)
            lines_before = set(project.budget_lines.values_list("pk", flat=True))
            effect["request_state"] = ExtensionRequest.objects.get(pk=request.pk).state
            effect["end_date"] = project.end_date.isoformat() if project.end_date else None
            extensions.decide_extension(
                request=request, by=by, approve=item.outcome == AgendaItem.Outcome.APPROVE,
                decided_on=meeting.date, meeting=meeting, paragraph=item.decided_paragraph,
                agenda_item=item)
            added = set(project.budget_lines.values_list("pk", flat=True)) - lines_before
            effect["budget_line"] = max(added) if added else None
    elif item.kind == AgendaItem.Kind.CANCELLATION and item.outcome == AgendaItem.Outcome.APPROVE:
        assert item.project is not None
        effect["project_state"] = Project.objects.get(pk=item.project.pk).state
        lifecycle.cancel_project(project=item.project, by=by,
                                 reason=item.proposed_decision or comment or item.heading,
                                 decided_on=meeting.date, meeting=meeting)
    else:
        return
    item.carried_out, item.effect = True, effect


def _reverse(item: AgendaItem, by: User) -> dict[str, Any]:
    """Undo what confirming ``item`` carried out, by compensating audited steps; refused
    (nothing changes) when something later depends on it. Returns the audit's summary."""
    from portfolio.services import extensions  # noqa: PLC0415

    effect = dict(item.effect or {})
    if item.kind in _GATE_KINDS:
        return _reverse_gate(item, by, effect)
    if item.kind == AgendaItem.Kind.EXTENSION:
        assert item.extension_request is not None
        if item.outcome != AgendaItem.Outcome.TABLE and "request_state" not in effect \
                or item.outcome == AgendaItem.Outcome.TABLE and "tabled_before" not in effect:
            raise _not_reversible()
        extensions.reverse_decision(request=item.extension_request, by=by, effect=effect)
        result = {"extension_request": item.extension_request_id}
    elif item.kind == AgendaItem.Kind.CANCELLATION:
        result = _reverse_cancellation(item, by, effect)
    else:
        result = {}
    item.carried_out, item.effect = False, {"comment": effect["comment"]} if effect.get(
        "comment") else {}
    return result


def _not_reversible() -> StateConflict:
    return StateConflict(_("This decision was carried out before corrections were kept; put a "
                           "new decision on the agenda instead."), code="not_reversible")


def _locked_project(item: AgendaItem) -> Project:
    assert item.project_id is not None
    return Project.objects.select_for_update(of=("self",)).get(pk=item.project_id)


def _save_reverted(project: Project) -> None:
    try:
        project.save()
    except ConcurrentTransition as exc:
        raise StateConflict(_("The project changed state at the same moment; reload and retry."),
                            code="concurrent_decision") from exc


def _reverse_gate(item: AgendaItem, by: User, effect: dict[str, Any]) -> dict[str, Any]:
    project = _locked_project(item)
    permissions.require_gate_decider(by, project, item.gate)
    decision = (GateDecision.objects.filter(pk=int(effect.get("gate_decision") or 0)).first()
                or GateDecision.objects.filter(project=project, gate=item.gate,
                                               meeting=item.meeting,
                                               paragraph=item.decided_paragraph).first())
    if decision is None:
        raise _not_reversible()
    later = (GateDecision.objects.filter(project=project, pk__gt=decision.pk).exists()
             or ExtensionRequest.objects.filter(project=project, decided_on__isnull=False,
                                                updated_at__gt=decision.created_at).exists())
    if later or project.state != decision.to_state:
        raise StateConflict(
            _("The project has moved on since this decision (a later decision or change of "
              "state depends on it); it can no longer be corrected here. Put a new decision on "
              "the agenda instead."), code="depends_on_decision")
    if effect.get("directive_version"):
        version = DocumentVersion.objects.filter(pk=effect["directive_version"]).first()
        if version is not None:
            newest = version.document.versions.order_by("-major", "-minor", "-id").first()
            if newest is None or newest.pk != version.pk:
                raise StateConflict(_("The directive has been changed since it was approved at "
                                      "this decision; it can no longer be corrected here."),
                                    code="depends_on_decision")
            try:
                with transaction.atomic():
                    record_event(actor=by, action="directive.approval_voided", obj=version,
                                 project=project, summary=version.label)
                    version.delete()
            except ProtectedError as exc:
                raise StateConflict(_("Something already refers to the directive approved at "
                                      "this decision; it can no longer be corrected here."),
                                    code="depends_on_decision") from exc
    if effect.get("steering_group_confirmed"):
        Project.objects.filter(pk=project.pk).update(steering_group_confirmed_at=None,
                                                     steering_group_confirmed_by=None)
        record_event(actor=by, action="project.steering_group_unconfirmed", obj=project,
                     changes={"steering_group_confirmed": [True, False]},
                     summary=_("Decision corrected: %(gate)s") % {"gate": item.gate})
    before = project.state
    if before != decision.from_state:
        project.revert_decision(to_state=decision.from_state)
        _save_reverted(project)
    GateDecision.all_objects.filter(pk=decision.pk).update(voided_at=timezone.now(), voided_by=by)
    record_event(actor=by, action="gate.decision_voided", obj=decision, project=project,
                 changes={"state": [before, project.state]} if before != project.state else {},
                 summary=f"{decision.gate} {decision.get_outcome_display()} {decision.decided_on}"
                 f" {item.meeting} § {item.decided_paragraph}")
    item.carried_out = False
    item.effect = {"comment": effect["comment"]} if effect.get("comment") else {}
    return {"gate_decision": decision.pk, "state": [before, project.state]}


def _reverse_cancellation(item: AgendaItem, by: User, effect: dict[str, Any]) -> dict[str, Any]:
    from portfolio.lifecycle import State  # noqa: PLC0415

    project = _locked_project(item)
    permissions.require_canceller(by, project)
    to_state = effect.get("project_state")
    if to_state not in State.values:
        raise _not_reversible()
    if project.state != State.CANCELLED:
        raise StateConflict(_("The project has moved on since it was cancelled; the decision "
                              "can no longer be corrected here."), code="depends_on_decision")
    reason = project.cancel_reason
    project.revert_decision(to_state=to_state)
    project.cancel_reason, project.cancelled_on = "", None
    _save_reverted(project)
    record_event(actor=by, action="project.cancellation_reversed", obj=project,
                 changes={"state": [State.CANCELLED, to_state], "cancel_reason": [reason, ""]},
                 summary=f"{item.meeting} § {item.decided_paragraph}")
    return {"state": [State.CANCELLED, to_state]}


MINUTES_FIELDS = ("chair", "secretary", "adjusters", "adjusted_on", "kept_at")


@transaction.atomic
def update_minutes(*, meeting: Meeting, by: User, chair: str = "", secretary: str = "",
                   adjusters: str = "", adjusted_on: datetime.date | None = None,
                   kept_at: str = "") -> Minutes:
    """The minutes' head: chair, secretary, adjusters, the adjustment date and where the
    minutes are kept."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not permissions.can_keep_minutes(by, meeting.committee_id):
        raise NotAllowed(_("Only the committee's chair and secretary keep its minutes."))
    require_unlocked(meeting)
    if adjusted_on is not None and adjusted_on < meeting.date:
        raise ValidationError({"adjusted_on": [_("The minutes are adjusted after the meeting.")]})
    minutes = minutes_of(meeting)
    values = {"chair": chair.strip()[:200], "secretary": secretary.strip()[:200],
              "adjusters": adjusters.strip()[:400], "adjusted_on": adjusted_on,
              "kept_at": kept_at.strip()[:300]}
    changes = {k: [_plain(getattr(minutes, k)), _plain(v)] for k, v in values.items()
               if getattr(minutes, k) != v}
    if changes:
        for name, value in values.items():
            setattr(minutes, name, value)
        minutes.save()
        record_event(actor=by, action="minutes.updated", obj=minutes,
                     committee=meeting.committee, changes=changes, summary=str(minutes))
    return minutes


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


@transaction.atomic
def set_attendance(*, meeting: Meeting, by: User, rows: list[AttendanceRow]) -> Minutes:
    """Replace the attendance list: members and substitutes per party, present or not."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not permissions.can_keep_minutes(by, meeting.committee_id):
        raise NotAllowed(_("Only the committee's chair and secretary keep its minutes."))
    require_unlocked(meeting)
    errors: dict[str, list[str]] = {}
    if len(rows) > 200:
        errors["attendance"] = [_("At most 200 people.")]
    for n, row in enumerate(rows, start=1):
        if not str(row.get("name", "")).strip():
            errors.setdefault("name", []).append(_("Row %(n)s: enter the name.") % {"n": n})
        if row.get("role", Attendance.Role.MEMBER) not in Attendance.Role.values:
            errors.setdefault("role", []).append(
                _("Row %(n)s: a member or a substitute.") % {"n": n})
    if errors:
        raise ValidationError(errors)
    minutes = minutes_of(meeting)
    before = [str(a) for a in minutes.attendance.all()]
    minutes.attendance.all().delete()
    for row in rows:
        Attendance.objects.create(
            minutes=minutes, party=row.get("party"), name=str(row["name"]).strip()[:200],
            role=row.get("role", Attendance.Role.MEMBER), present=bool(row.get("present", True)),
            replaces=str(row.get("replaces", "")).strip()[:200])
    after = [str(a) for a in minutes.attendance.all()]
    record_event(actor=by, action="minutes.attendance", obj=minutes, committee=meeting.committee,
                 changes={"attendance": [before, after]}, summary=str(minutes))
    return minutes


@transaction.atomic
def approve_minutes(*, meeting: Meeting, by: User,
                    notice_posted_on: datetime.date | None = None) -> Minutes:
    """Adjust the minutes: § numbers in agenda order become final, the meeting is locked and
    the notice goes on the notice board (the appeal period runs from it)."""
    meeting = Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)
    Committee.objects.select_for_update().get(pk=meeting.committee_id)  # paragraphs in order
    if not permissions.can_keep_minutes(by, meeting.committee_id):
        raise NotAllowed(_("Only the committee's chair and secretary approve its minutes."))
    require_unlocked(meeting)
    minutes = minutes_of(meeting)
    missing = {f: [_("Required before the minutes are adjusted.")]
               for f in ("chair", "secretary", "adjusters", "adjusted_on", "kept_at")
               if not getattr(minutes, f)}
    if not minutes.attendance.filter(present=True).exists():
        missing["attendance"] = [_("Record who was present.")]
    if missing:
        raise ValidationError(missing)
    items = list(meeting.items.order_by("position"))
    open_items = [i for i in items if not i.decided_paragraph or i.confirmed_at is None]
    if not items or open_items:
        raise StateConflict(
            _("Every item needs a confirmed decision before the minutes are adjusted."),
            code="unconfirmed_items",
            failing_items=[{"id": i.pk, "text": f"{i.position}. {i.heading}"} for i in open_items])
    _number_in_agenda_order(meeting, items)
    minutes.state = Minutes.State.APPROVED
    minutes.approved_at, minutes.approved_by = timezone.now(), by
    minutes.notice_posted_on = notice_posted_on or minutes.adjusted_on
    minutes.save()
    record_event(actor=by, action="minutes.approved", obj=minutes, committee=meeting.committee,
                 summary=f"{minutes}: § {items[0].decided_paragraph}–{items[-1].decided_paragraph}")
    return minutes


def _number_in_agenda_order(meeting: Meeting, items: list[AgendaItem]) -> None:
    """Give the meeting's own paragraph numbers to its items in agenda order. The numbers are
    the ones already handed out at the meeting, so no other meeting's § moves; a gate or
    extension decision carries its item's new number along."""
    numbers = sorted(i.decided_paragraph for i in items if i.decided_paragraph)
    renumber = {i.decided_paragraph: new for i, new in zip(items, numbers, strict=True)
                if i.decided_paragraph != new}
    if not renumber:
        return
    gates = list(GateDecision.objects.filter(meeting=meeting, paragraph__in=list(renumber)))
    requests = list(ExtensionRequest.objects.filter(meeting=meeting, paragraph__in=list(renumber)))
    # Free the numbers first: (meeting, paragraph) is unique on gate decisions.
    GateDecision.objects.filter(pk__in=[d.pk for d in gates]).update(paragraph=None)
    for decision in gates:
        assert decision.paragraph is not None
        GateDecision.objects.filter(pk=decision.pk).update(paragraph=renumber[decision.paragraph])
    for request in requests:
        assert request.paragraph is not None
        ExtensionRequest.objects.filter(pk=request.pk).update(paragraph=renumber[request.paragraph])
    for item in items:
        if item.decided_paragraph in renumber:
            item.decided_paragraph = renumber[item.decided_paragraph]
            item.save(update_fields=["decided_paragraph"])
