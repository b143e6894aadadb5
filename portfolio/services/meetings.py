"""Committee meetings: the agenda is built from what waits for the committee, and decisions
taken at the meeting are recorded from it, one click per item, with paragraphs in order."""

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from portfolio import permissions
from portfolio.errors import NotAllowed, StateConflict
from portfolio.lifecycle import END_STATES, GATE_RULES, Outcome, committee_gates
from portfolio.models import (
    AgendaItem,
    Case,
    Committee,
    ExtensionRequest,
    GateDecision,
    Meeting,
    Project,
)
from portfolio.services import lifecycle
from portfolio.services.audit import diff, record_event, snapshot
from portfolio.services.cases import case_for_project
from portfolio.services.minutes import (
    OUTCOMES_BY_KIND,
    check_outcome,
    outcome_text,
    require_unlocked,
    seed_proposal,
)

# The committee's own standing headings (Swedish in both languages: they go in the minutes).
STANDING_ITEMS = ["Val av justerare och tid för justering", "Fastställande av föredragningslista"]


def _require_committee(by: User, committee_id: int) -> None:
    if not permissions.is_committee_decider(by, committee_id):
        raise NotAllowed(_("Only the committee's chair and secretary manage its meetings."))


@transaction.atomic
def create_meeting(*, committee: Committee, date: datetime.date, by: User,
                   start_time: datetime.time | None = None,
                   end_time: datetime.time | None = None, place: str = "",
                   chair: User | None = None) -> Meeting:
    _require_committee(by, committee.pk)
    if date is None:
        raise ValidationError({"date": [_("Enter the meeting's date (YYYY-MM-DD).")]})
    if Meeting.objects.filter(committee=committee, date=date).exists():
        raise ValidationError({"date": [_("The committee already meets on %(date)s.")
                                        % {"date": date}]})
    if start_time and end_time and end_time <= start_time:
        raise ValidationError({"end_time": [_("Ends before it starts.")]})
    meeting = Meeting.objects.create(committee=committee, date=date, start_time=start_time,
                                     end_time=end_time, place=place, chair=chair)
    record_event(actor=by, action="meeting.created", obj=meeting, committee=committee,
                 summary=str(meeting))
    return meeting


def next_paragraph(meeting: Meeting) -> int:
    """Paragraphs run through the committee's year (GNS: § 25 in October, § 20 in June)."""
    year_meetings = Meeting.objects.filter(committee=meeting.committee_id,
                                           date__year=meeting.date.year)
    highest = max(
        GateDecision.objects.filter(meeting__in=year_meetings).aggregate(m=Max("paragraph"))["m"] or 0,
        ExtensionRequest.objects.filter(meeting__in=year_meetings).aggregate(m=Max("paragraph"))["m"] or 0,
        AgendaItem.objects.filter(meeting__in=year_meetings).aggregate(
            m=Max("decided_paragraph"))["m"] or 0,
    )
    return highest + 1


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (Meeting.objects.filter(committee=meeting.committee_id, date__lt=meeting.date)
            .order_by("-date").first())


def pending_for(meeting: Meeting) -> list[dict[str, Any]]:
    """What waits for the committee at ``meeting``, as agenda item fields."""
    committee = meeting.committee
    before = previous_meeting(meeting)
    pending: list[dict[str, Any]] = []
    for rule in GATE_RULES.values():
        agenda = rule.agenda
        if agenda is None:
            continue
        # Which gates are the committee's is the project's template's word (gate_decider).
        for project in (Project.objects.filter(committee=committee, state__in=rule.sources)
                        .select_related("template_version")):
            if rule not in committee_gates(project.template_version):
                continue
            tabled = before and project.decisions.filter(gate=rule.gate, outcome=Outcome.TABLE,
                                                         meeting=before).exists()
            pending.append({
                "kind": agenda.kind, "project": project, "gate": rule.gate,
                "heading": agenda.heading % {"name": project.name},
                "proposed_decision": str(agenda.proposed_decision),
                "tabled_from": before if tabled else None})
    for request in ExtensionRequest.objects.filter(
            project__committee=committee,
            state__in=[ExtensionRequest.State.RECOMMENDED, ExtensionRequest.State.SUBMITTED]
    ).select_related("project"):
        if request.state == ExtensionRequest.State.SUBMITTED and request.tabled_at_id is None:
            continue  # the steering group has not recommended it yet
        pending.append({
            "kind": AgendaItem.Kind.EXTENSION, "project": request.project,
            "extension_request": request,
            "heading": _("Extension of %(name)s") % {"name": request.project.name},
            "description": request.reason, "proposed_decision": request.proposed_decision,
            "tabled_from": request.tabled_at if request.tabled_at_id else None})
    if before is not None:
        # Other items tabled at the previous meeting (proposed cancellations, other cases).
        for item in before.items.filter(kind__in=[AgendaItem.Kind.CANCELLATION,
                                                  AgendaItem.Kind.OTHER],
                                        outcome=AgendaItem.Outcome.TABLE):
            if item.project is not None and item.project.state in END_STATES:
                continue
            pending.append({
                "kind": item.kind, "project": item.project, "heading": item.heading,
                "description": item.description, "proposed_decision": item.proposed_decision,
                "tabled_from": before, "case_number": item.case_number, "case": item.case})
        # Gate decisions tabled at the previous meeting come back by themselves (once: the
        # committee's gates are already listed above as waiting, with tabled_from set).
        waiting = {(e["project"].pk, e.get("gate")) for e in pending if e["project"] is not None}
        for decision in GateDecision.objects.filter(meeting=before, outcome=Outcome.TABLE
                                                    ).select_related("project"):
            if (decision.project_id, decision.gate) in waiting:
                continue
            if decision.project.state in GATE_RULES[decision.gate].sources:
                pending.append({
                    "kind": AgendaItem.Kind.GATE, "project": decision.project,
                    "gate": decision.gate, "tabled_from": before,
                    "heading": _("%(gate)s (tabled %(date)s): %(name)s")
                    % {"gate": decision.gate, "date": before.date, "name": decision.project.name}})
    return pending


@transaction.atomic
def build_agenda(*, meeting: Meeting, by: User) -> list[AgendaItem]:
    """Add what waits for the committee to the agenda; items already there stay as they are."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_committee(by, meeting.committee_id)
    require_unlocked(meeting)
    items = list(meeting.items.all())
    position = max((i.position for i in items), default=0)
    if not items:
        for heading in STANDING_ITEMS:
            position += 1
            items.append(AgendaItem.objects.create(meeting=meeting, position=position,
                                                   kind=AgendaItem.Kind.STANDING, heading=heading))
    present = {(i.project_id, i.gate, i.extension_request_id, i.heading) for i in items}
    added = []
    for entry in pending_for(meeting):
        project = entry["project"]
        key = (getattr(project, "pk", None), entry.get("gate", ""),
               getattr(entry.get("extension_request"), "pk", None), entry["heading"][:300])
        if key in present:
            continue
        position += 1
        item = AgendaItem.objects.create(
            meeting=meeting, position=position, kind=entry["kind"], heading=entry["heading"][:300],
            case_number=project.case_number if project else entry.get("case_number", ""),
            case=case_for_project(project) if project else entry.get("case"),
            project=project, gate=entry.get("gate", ""),
            extension_request=entry.get("extension_request"),
            description=entry.get("description", ""),
            proposed_decision=entry.get("proposed_decision", ""),
            presenter=(project.owner.get_full_name() or project.owner.username) if project else "",
            tabled_from=entry.get("tabled_from"))
        seed_proposal(item)
        present.add(key)
        added.append(item)
    if added:
        record_event(actor=by, action="meeting.agenda_built", obj=meeting,
                     committee=meeting.committee, summary=f"{len(added)} items")
    return list(meeting.items.all())


ITEM_OUTCOMES = tuple(AgendaItem.Outcome.values)


@transaction.atomic
def decide_item(*, item: AgendaItem, outcome: str, by: User, comment: str = "") -> AgendaItem:
    """Record the committee's decision on an agenda item with the next paragraph number, as
    an unconfirmed decision: nothing is carried out in the project's register until the
    secretary confirms it (``minutes.confirm_decision``), and until then the outcome and the
    words can be corrected. What can be checked now is: a click that could never be carried
    out is refused at once."""
    item = AgendaItem.objects.select_for_update(of=("self",)).select_related(
        "meeting__committee", "project", "extension_request").get(pk=item.pk)
    meeting = item.meeting
    Committee.objects.select_for_update().get(pk=meeting.committee_id)  # paragraphs in order
    _require_committee(by, meeting.committee_id)
    require_unlocked(meeting)
    if item.decided_paragraph:
        raise StateConflict(_("This item was decided at § %(n)s.") % {"n": item.decided_paragraph},
                            code="already_decided")
    check_outcome(item, outcome)
    _check_can_be_carried_out(item, outcome, meeting)
    paragraph = next_paragraph(meeting)
    comment = (comment or "").strip()
    item.decided_paragraph = paragraph
    # On an item that decides nothing in the register the committee takes note.
    item.outcome = (outcome if item.kind in OUTCOMES_BY_KIND or outcome == "table"
                    else AgendaItem.Outcome.NOTED)
    item.decision_text = outcome_text(item, outcome, comment)
    item.confirmed_at, item.confirmed_by, item.carried_out = None, None, False
    # The comment goes with the gate decision when the decision is carried out.
    item.effect = {"comment": comment} if comment else {}
    item.save(update_fields=["decided_paragraph", "outcome", "decision_text", "confirmed_at",
                             "confirmed_by", "carried_out", "effect"])
    record_event(actor=by, action="meeting.item_decided", obj=item, project=item.project,
                 committee=meeting.committee, summary=f"{meeting} § {paragraph} {item.heading}"[:500])
    return item


def _check_can_be_carried_out(item: AgendaItem, outcome: str, meeting: Meeting) -> None:
    """The register's state as it is now: a decision it could not take is refused at the
    click, not only when the secretary confirms it."""
    if item.kind not in (AgendaItem.Kind.GATE, AgendaItem.Kind.FINAL_REPORT,
                         AgendaItem.Kind.EXTENSION, AgendaItem.Kind.CANCELLATION):
        return
    if item.kind == AgendaItem.Kind.CANCELLATION and outcome == AgendaItem.Outcome.TABLE:
        return
    if meeting.date > timezone.localdate():
        raise ValidationError({"decided_on": [_("A decision cannot be dated in the future.")]})
    project = item.project
    if item.kind in (AgendaItem.Kind.GATE, AgendaItem.Kind.FINAL_REPORT):
        assert project is not None
        if project.state not in GATE_RULES[item.gate].sources:
            raise StateConflict(
                _("%(gate)s cannot be decided while the project is %(state)s.")
                % {"gate": item.gate, "state": project.get_state_display()}, code="wrong_state")
        if outcome == Outcome.START:
            # Start on an incomplete checklist is refused at the click as before; confirming
            # checks it again, since answers may change in between.
            failing = lifecycle.failing_items(lifecycle.checklist(project, item.gate))
            if failing:
                raise StateConflict(
                    _("Start is refused: checklist items not answered yes: %(items)s.")
                    % {"items": "; ".join(i["text"] for i in failing)},
                    code="checklist_incomplete", failing_items=failing)
    elif item.kind == AgendaItem.Kind.EXTENSION:
        request = item.extension_request
        assert request is not None
        waiting = ([ExtensionRequest.State.RECOMMENDED] if outcome == AgendaItem.Outcome.APPROVE
                   else [ExtensionRequest.State.SUBMITTED, ExtensionRequest.State.RECOMMENDED])
        if request.state not in waiting:
            raise StateConflict(_("The request is %(state)s; %(action)s is not possible.")
                                % {"state": request.get_state_display(), "action": outcome},
                                code="wrong_state")
    elif project is not None and project.state in END_STATES:
        raise StateConflict(_("The project is %(state)s and cannot be cancelled.")
                            % {"state": project.get_state_display()}, code="wrong_state")


@transaction.atomic
def add_item(*, meeting: Meeting, by: User, heading: str, kind: str = AgendaItem.Kind.OTHER,
             project: Project | None = None, presenter: str = "", time_slot: datetime.time | None = None,
             description: str = "", proposed_decision: str = "", case: Case | None = None,
             is_information: bool = False, referred_to: str = "") -> AgendaItem:
    """Put a case on the agenda by hand, e.g. a proposed cancellation or an information item."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_committee(by, meeting.committee_id)
    require_unlocked(meeting)
    errors: dict[str, list[str]] = {}
    if case is not None and case.committee_id != meeting.committee_id:
        errors["case"] = [_("The case belongs to another committee.")]
    elif case is not None and project is None:
        project = case.project
    elif case is None and project is not None:
        case = case_for_project(project)
    if not heading.strip():
        errors["heading"] = [_("This field is required.")]
    if kind not in (AgendaItem.Kind.OTHER, AgendaItem.Kind.CANCELLATION, AgendaItem.Kind.STANDING,
                    AgendaItem.Kind.FOLLOW_UP):
        errors["kind"] = [_("Gate and extension items come from Build agenda.")]
    if project is not None and project.committee_id != meeting.committee_id:
        errors["project"] = [_("The project belongs to another committee.")]
    if kind == AgendaItem.Kind.CANCELLATION:
        if project is None:
            errors["project"] = [_("A cancellation names its project.")]
        elif project.state in END_STATES:
            errors["project"] = [_("The project has already ended.")]
        if not proposed_decision.strip():
            errors["proposed_decision"] = [_("Give the proposed decision with its reason.")]
    if errors:
        raise ValidationError(errors)
    position = (meeting.items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = AgendaItem.objects.create(
        meeting=meeting, position=position, kind=kind, heading=heading.strip()[:300],
        project=project, case=case, case_number=case.number if case else "",
        presenter=presenter, time_slot=time_slot, description=description,
        proposed_decision=proposed_decision, is_information=is_information,
        referred_to=referred_to.strip()[:200])
    seed_proposal(item)
    record_event(actor=by, action="meeting.item_added", obj=item, project=project,
                 committee=meeting.committee, summary=item.heading)
    return item


MEETING_FIELDS = ("date", "start_time", "end_time", "place", "chair")


@transaction.atomic
def update_meeting(*, meeting: Meeting, by: User, date: datetime.date,
                   start_time: datetime.time | None = None,
                   end_time: datetime.time | None = None, place: str = "",
                   chair: User | None = None) -> Meeting:
    """Change a meeting's time, place or chair. The date is fixed once a decision has been
    taken at the meeting: paragraphs are numbered through the committee's year."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_committee(by, meeting.committee_id)
    require_unlocked(meeting)
    errors = {}
    if date != meeting.date:
        decided = (meeting.items.filter(decided_paragraph__isnull=False).exists()
                   or GateDecision.objects.filter(meeting=meeting).exists()
                   or ExtensionRequest.objects.filter(meeting=meeting).exists())
        if decided:
            errors["date"] = [_("Decisions have been taken at this meeting; its date is fixed.")]
        elif Meeting.objects.filter(committee=meeting.committee_id, date=date).exists():
            errors["date"] = [_("The committee already meets on %(date)s.") % {"date": date}]
    if start_time and end_time and end_time <= start_time:
        errors["end_time"] = [_("Ends before it starts.")]
    if errors:
        raise ValidationError(errors)
    before = snapshot(meeting, MEETING_FIELDS)
    meeting.date, meeting.start_time, meeting.end_time = date, start_time, end_time
    meeting.place, meeting.chair = place or "", chair
    meeting.save()
    changes = diff(before, snapshot(meeting, MEETING_FIELDS))
    if changes:
        record_event(actor=by, action="meeting.updated", obj=meeting,
                     committee=meeting.committee, changes=changes, summary=str(meeting))
    return meeting
