"""Moving projects through the lifecycle: submit, cancel, checklists and gate decisions.

Each service is one transaction that locks the project row, checks who and what, moves the
state through the model's django-fsm transition and writes the audit trail.
"""

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from directives import services as directive_services
from directives.selectors import checklist_items
from portfolio import permissions
from portfolio.errors import NotAllowed, StateConflict
from portfolio.lifecycle import END_STATES, GATE_RULES, Gate, Outcome, State, project_decider
from portfolio.models import AgendaItem, ChecklistAnswer, GateDecision, Meeting, Project
from portfolio.services import steering
from portfolio.services.audit import record_event


def _locked(project: Project) -> Project:
    return (Project.objects.select_for_update(of=("self",)).select_related("committee")
            .get(pk=project.pk))


def submission_problems(project: Project) -> dict[str, list[str]]:
    """What stops a draft from being submitted, by field."""
    problems: dict[str, list[str]] = {}
    if project.parties.count() < 2:
        problems["parties"] = [_("An assignment needs at least two requesting parties.")]
    if not project.start_date:
        problems["start_date"] = [_("This field is required.")]
    if not project.planned_end_date:
        problems["planned_end_date"] = [_("This field is required.")]
    missing = directive_services.missing_required(project)
    if missing:
        problems["directive"] = [_("Required section is empty: %(title)s") % {"title": s["title"]}
                                 for s in missing]
    return problems


@transaction.atomic
def submit_project(*, project: Project, by: User) -> Project:
    project = _locked(project)
    if not permissions.can_submit(by, project):
        raise NotAllowed(_("Only the project owner submits the directive."))
    if project.state != State.DRAFT:
        raise StateConflict(_("Only a draft can be submitted; the project is %(state)s.")
                            % {"state": project.get_state_display()}, code="wrong_state")
    problems = submission_problems(project)
    if problems:
        raise StateConflict(
            _("The project cannot be submitted: %(fields)s.") % {"fields": ", ".join(problems)},
            code="incomplete",
            failing_items=[{"field": f, "messages": m, "text": "; ".join(m)}
                           for f, m in problems.items()],
        )
    project.submit()
    _save_transition(project)
    record_event(actor=by, action="project.submitted", obj=project,
                 changes={"state": [State.DRAFT, State.SUBMITTED]})
    return project


@transaction.atomic
def cancel_project(*, project: Project, by: User, reason: str, decided_on: datetime.date | None = None,
                   meeting: Meeting | None = None, paragraph: int | None = None) -> Project:
    project = _locked(project)
    permissions.require_canceller(by, project)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give the reason for cancelling the project.")]})
    if project.state in END_STATES:
        raise StateConflict(_("The project is %(state)s and cannot be cancelled.")
                            % {"state": project.get_state_display()}, code="wrong_state")
    _check_meeting(project, meeting, paragraph, decided_on)
    before = project.state
    project.cancel(reason=reason.strip(), on=decided_on or timezone.localdate())
    _save_transition(project)
    record_event(actor=by, action="project.cancelled", obj=project,
                 changes={"state": [before, State.CANCELLED], "cancel_reason": ["", project.cancel_reason]},
                 summary=project.cancel_reason)
    return project


def checklist(project: Project, gate: str) -> list[dict[str, Any]]:
    """The gate's checklist items with the project's current answers."""
    answers = {a.item_id: a for a in project.checklist_answers.all()}
    rows = []
    for item in checklist_items(project.template_version, gate):
        answer = answers.get(item.id)
        rows.append({
            "id": item.id, "key": item.key, "text": item.text, "mandatory": item.mandatory,
            "answer": answer.answer if answer else None,
            "comment": answer.comment if answer else "",
        })
    return rows


def failing_items(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"id": r["id"], "key": r["key"], "text": r["text"], "answer": r["answer"]}
        for r in rows if r["mandatory"] and r["answer"] != ChecklistAnswer.Answer.YES
    ]


@transaction.atomic
def answer_checklist(*, project: Project, gate: str, answers: list[dict[str, Any]],
                     by: User) -> list[dict[str, Any]]:
    """Answer items of a gate's checklist: ``[{"id", "answer", "comment"}]``; all or nothing."""
    if gate not in GATE_RULES:
        raise ValidationError({"gate": [_("Unknown gate %(gate)s.") % {"gate": gate}]})
    project = _locked(project)
    permissions.require_gate_decider(by, project, gate)
    if project.state not in GATE_RULES[gate].sources:
        raise StateConflict(_("%(gate)s is not open while the project is %(state)s.")
                            % {"gate": gate, "state": project.get_state_display()},
                            code="wrong_state")
    items = {i.id: i for i in checklist_items(project.template_version, gate)}
    errors = {}
    for index, entry in enumerate(answers):
        item_id = entry.get("id")
        if item_id not in items:
            errors[f"items[{index}].id"] = [_("No such item in the %(gate)s checklist.") % {"gate": gate}]
        if entry.get("answer") not in (None, "yes", "no"):
            errors[f"items[{index}].answer"] = [_('Answer "yes", "no" or null.')]
    if errors:
        raise ValidationError(errors)
    existing = {a.item_id: a for a in project.checklist_answers.filter(item_id__in=items)}
    now = timezone.now()
    changes = {}
    for entry in answers:
        item = items[entry["id"]]
        answer = existing.get(item.id) or ChecklistAnswer(project=project, item=item)
        before = (answer.answer, answer.comment)
        answer.answer = entry.get("answer")
        answer.comment = (entry.get("comment") or "").strip()
        if before != (answer.answer, answer.comment) or answer.pk is None:
            answer.answered_by = by
            answer.answered_at = now
            answer.save()
            changes[item.key] = [f"{before[0] or '–'} {before[1]}".strip(),
                                 f"{answer.answer or '–'} {answer.comment}".strip()]
    if changes:
        project.save(update_fields=["updated_at"])
        record_event(actor=by, action="checklist.answered", obj=project, changes=changes,
                     summary=gate)
    return checklist(project, gate)


def _check_meeting(project: Project, meeting: Meeting | None, paragraph: int | None,
                   decided_on: datetime.date | None,
                   agenda_item: AgendaItem | None = None) -> None:
    errors: dict[str, list[str]] = {}
    if meeting is not None:
        if meeting.committee_id != project.committee_id:
            errors["meeting"] = [_("The meeting belongs to another committee.")]
        elif decided_on and meeting.date != decided_on:
            errors["decided_on"] = [_("A decision at a meeting is dated on the meeting day.")]
    if paragraph is not None:
        if meeting is None:
            errors["paragraph"] = [_("A paragraph number needs a meeting.")]
        elif paragraph_taken(meeting, paragraph, agenda_item):
            errors["paragraph"] = [_("§ %(n)s is already used at this meeting.") % {"n": paragraph}]
    if errors:
        raise ValidationError(errors)


def _agenda_item(project: Project, gate: str, meeting: Meeting | None) -> AgendaItem:
    """A gate the template has the committee decide at a meeting is decided on an item of that
    meeting's agenda, so the minutes and the project show the same decision."""
    if meeting is None:
        raise ValidationError({"meeting": [
            _("%(gate)s of this project is decided by the committee at a meeting: choose the "
              "meeting.") % {"gate": gate}]})
    item = (AgendaItem.objects.select_for_update()
            .filter(meeting=meeting, project=project, gate=gate, decided_paragraph__isnull=True)
            .order_by("position").first())
    if item is None:
        raise ValidationError({"meeting": [
            _("%(gate)s of this project is not on the agenda of the meeting %(date)s; add it "
              "to the agenda first.") % {"gate": gate, "date": meeting.date}]})
    return item


def _record_on_agenda(item: AgendaItem, decision: GateDecision) -> None:
    """A decision taken outside the meeting page closes its agenda item with the same §."""
    if decision.paragraph is None:
        # The meetings service numbers paragraphs and imports this module: imported here.
        from portfolio.services.meetings import next_paragraph  # noqa: PLC0415

        decision.paragraph = next_paragraph(item.meeting)
        decision.save(update_fields=["paragraph"])
    item.decided_paragraph = decision.paragraph
    item.outcome = decision.outcome
    item.decision_text = f"{decision.gate}: {decision.get_outcome_display()}"
    # Already in the register: the secretary's confirmation must not carry it out again, and
    # a correction voids this decision.
    item.carried_out, item.effect = True, {"gate_decision": decision.pk}
    item.save(update_fields=["decided_paragraph", "outcome", "decision_text", "carried_out",
                             "effect"])


def paragraph_taken(meeting: Meeting, paragraph: int, agenda_item: AgendaItem | None = None) -> bool:
    """Whether § ``paragraph`` is used at ``meeting``; the item a confirmed decision is carried
    out for holds its own § already and does not count."""
    items = meeting.items.filter(decided_paragraph=paragraph)
    if agenda_item is not None:
        items = items.exclude(pk=agenda_item.pk)
    return (meeting.gate_decisions.filter(paragraph=paragraph).exists()
            or meeting.extension_decisions.filter(paragraph=paragraph).exists()
            or items.exists())


def final_report_gaps(project: Project) -> list[dict[str, Any]]:
    return [{"id": r.id, "text": r.text, "source": r.source}
            for r in project.final_report_requirements.all() if not r.answer.strip()]


@transaction.atomic
def decide_gate(*, project: Project, gate: str, outcome: str, by: User,
                decided_on: datetime.date | None = None, meeting: Meeting | None = None,
                paragraph: int | None = None, comment: str = "",
                agenda_item: AgendaItem | None = None) -> GateDecision:
    """Record a decision at a phase gate and move the project through it on "start".
    ``agenda_item`` is the meeting's item the decision is taken on (the meeting page)."""
    errors = {}
    if gate not in GATE_RULES:
        errors["gate"] = [_("Unknown gate %(gate)s; use one of %(gates)s.")
                          % {"gate": gate, "gates": ", ".join(Gate.values)}]
    if outcome not in Outcome.values:
        errors["outcome"] = [_("Unknown outcome; use start, not_start or table.")]
    decided_on = decided_on or timezone.localdate()
    if decided_on > timezone.localdate():
        errors["decided_on"] = [_("A decision cannot be dated in the future.")]
    if errors:
        raise ValidationError(errors)
    rule = GATE_RULES[gate]
    project = _locked(project)
    permissions.require_gate_decider(by, project, gate)
    if project.state not in rule.sources:
        raise StateConflict(
            _("%(gate)s cannot be decided while the project is %(state)s.")
            % {"gate": gate, "state": project.get_state_display()}, code="wrong_state")
    _check_meeting(project, meeting, paragraph, decided_on, agenda_item)
    decider = project_decider(project, gate)
    item = None
    if decider.meeting_required and agenda_item is None:
        item = _agenda_item(project, gate, meeting)
    if project.decisions.filter(gate=gate, decided_on=decided_on).exists():
        raise StateConflict(_("%(gate)s has already been decided on %(date)s.")
                            % {"gate": gate, "date": decided_on}, code="already_decided")
    rows = checklist(project, gate)
    if outcome == Outcome.START:
        failing = failing_items(rows)
        if failing:
            raise StateConflict(
                _("Start is refused: checklist items not answered yes: %(items)s.")
                % {"items": "; ".join(i["text"] for i in failing)},
                code="checklist_incomplete", failing_items=failing)
        if rule.needs_final_report:
            gaps = final_report_gaps(project)
            if gaps:
                raise StateConflict(
                    _("Start is refused: final-report requirements without an answer: %(items)s.")
                    % {"items": "; ".join(g["text"] for g in gaps)},
                    code="final_report_incomplete", failing_items=gaps)
    before = project.state
    directive = directive_services.get_document(project)
    directive_version = directive.latest if directive else None
    if outcome == Outcome.START:
        getattr(project, rule.start_transition)()
    elif outcome == Outcome.NOT_START and rule.not_start_transition:
        getattr(project, rule.not_start_transition)()
    _save_transition(project)
    try:
        with transaction.atomic():
            decision = GateDecision.objects.create(
                project=project, gate=gate, outcome=outcome, decided_on=decided_on,
                decided_by_body=decider.body, recorded_by=by, meeting=meeting,
                paragraph=paragraph, comment=(comment or "").strip(), from_state=before,
                to_state=project.state, checklist_snapshot=rows,
                directive_version=directive_version,
            )
    except IntegrityError as exc:
        raise StateConflict(_("Someone else decided this gate at the same moment."),
                            code="concurrent_decision") from exc
    if item is not None:
        _record_on_agenda(item, decision)
    if rule.confirms_steering_group and outcome == Outcome.START \
            and project.steering_group.exists() and project.steering_group_confirmed_at is None:
        steering.mark_confirmed(project=project, by=by,
                                summary=_("Steering group confirmed at %(gate)s") % {"gate": gate})
    if rule.approves_directive and outcome == Outcome.START and directive_version is not None:
        # The directive the steering group started the establishment phase on is "fastställd".
        directive_services.approve_version(
            version=directive_version, by=by,
            note=_("Approved at %(gate)s on %(date)s") % {"gate": gate, "date": decided_on},
            dated=decided_on)
    record_event(
        actor=by, action="gate.decided", obj=decision, project=project,
        changes={"state": [before, project.state]} if before != project.state else {},
        summary=f"{gate} {Outcome(outcome).label} {decided_on}"
        + (f" {meeting} § {paragraph}" if meeting and paragraph else ""),
    )
    return decision


def _save_transition(project: Project) -> None:
    try:
        project.save()
    except ConcurrentTransition as exc:
        raise StateConflict(_("The project changed state at the same moment; reload and retry."),
                            code="concurrent_decision") from exc
