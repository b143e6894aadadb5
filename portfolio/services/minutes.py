"""Decisions in the committee's own words and the full minutes (issue #11 points 3 and 4).

An item's proposal and decision are numbered points (``DecisionPoint``). A decision recorded
at the meeting (``meetings.decide_item``) stands in the minutes once the secretary has
confirmed it; until the minutes are adjusted (justerade) the words can be corrected, and so
can the outcome of an item whose decision changes nothing outside the minutes. Approving the
minutes numbers the paragraphs in agenda order, locks the meeting and posts the notice."""

import datetime
import re
from typing import Any, TypedDict

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portfolio import permissions
from portfolio.errors import NotAllowed, StateConflict
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
)
from portfolio.services.audit import record_event

MAX_POINTS = 30
MAX_POINT_CHARS = 5000
# Outcomes of items whose decision has no effect outside the minutes (no gate, extension or
# cancellation was executed), so a wrong click on them can simply be corrected.
_CORRECTABLE_KINDS = (AgendaItem.Kind.STANDING, AgendaItem.Kind.OTHER, AgendaItem.Kind.FOLLOW_UP)
_CORRECTABLE_OUTCOMES = (AgendaItem.Outcome.NOTED, AgendaItem.Outcome.APPROVE,
                         AgendaItem.Outcome.REJECT, AgendaItem.Outcome.TABLE)
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


@transaction.atomic
def set_decision(*, item: AgendaItem, points: list[str], by: User,
                 outcome: str | None = None) -> AgendaItem:
    """Write or correct the decision's points (and, where nothing outside the minutes
    depends on it, its outcome) until the minutes are adjusted. A change to a confirmed
    decision is a correction: audited, and the secretary confirms it again."""
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
    if outcome is not None and outcome != item.outcome:
        if outcome not in AgendaItem.Outcome.values:
            raise ValidationError({"outcome": [_("Use one of: %(o)s.")
                                               % {"o": ", ".join(AgendaItem.Outcome.values)}]})
        if item.kind not in _CORRECTABLE_KINDS or outcome not in _CORRECTABLE_OUTCOMES:
            raise StateConflict(
                _("This decision has been carried out in the project's register (a gate, an "
                  "extension or a cancellation); its outcome cannot be changed here. Correct "
                  "the words, or put a new decision on the agenda."),
                code="outcome_not_correctable")
        changes["outcome"] = [item.outcome, outcome]
        item.outcome = outcome
    before = _current(item, DecisionPoint.Stage.DECISION)
    if before != cleaned:
        changes["points"] = [before, cleaned]
        _write(item, DecisionPoint.Stage.DECISION, cleaned)
    if not changes:
        return item
    correction = item.confirmed_at is not None
    item.decision_text = points_text(cleaned)[:2000]
    item.confirmed_at, item.confirmed_by = None, None
    item.save(update_fields=["outcome", "decision_text", "confirmed_at", "confirmed_by"])
    record_event(actor=by,
                 action="meeting.decision_corrected" if correction else "meeting.decision_worded",
                 obj=item, project=item.project, committee=meeting.committee, changes=changes,
                 summary=f"{meeting} § {item.decided_paragraph} {item.heading}"[:500])
    return item


@transaction.atomic
def confirm_decision(*, item: AgendaItem, by: User) -> AgendaItem:
    """The secretary confirms the recorded decision; without points of its own the decision
    takes the proposal's points (the committee decided as proposed)."""
    item = _locked_item(item)
    meeting = item.meeting
    if not permissions.can_confirm_decision(by, meeting.committee_id):
        raise NotAllowed(_("The committee's secretary confirms its decisions."))
    require_unlocked(meeting)
    if not item.decided_paragraph:
        raise StateConflict(_("Nothing has been decided on this item yet."), code="not_decided")
    if item.confirmed_at is not None:
        raise StateConflict(_("The decision has already been confirmed."), code="already_confirmed")
    if not item.points.filter(stage=DecisionPoint.Stage.DECISION).exists():
        points = _current(item, DecisionPoint.Stage.PROPOSAL)
        if item.outcome in _NOT_AS_PROPOSED or not points:
            points = split_points(item.decision_text) or [item.get_outcome_display()]
        _write(item, DecisionPoint.Stage.DECISION, _clean_points(points))
    item.confirmed_at, item.confirmed_by = timezone.now(), by
    item.save(update_fields=["confirmed_at", "confirmed_by"])
    record_event(actor=by, action="meeting.decision_confirmed", obj=item, project=item.project,
                 committee=meeting.committee,
                 summary=f"{meeting} § {item.decided_paragraph} {item.heading}"[:500])
    return item


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
