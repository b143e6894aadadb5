"""Extension requests, committee meetings and agendas, internal control and the steering
group's desk: services and pages (portfolio.services.extensions / .meetings, portfolio.reports.control,
portfolio.views.governance)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from portfolio.errors import NotAllowed, StateConflict
from portfolio.lifecycle import Gate, Outcome, State
from portfolio.models import (
    AgendaItem,
    AuditEvent,
    BudgetLine,
    BudgetShare,
    ExtensionRequest,
    FinalReportRequirement,
    Financier,
    GateDecision,
    Meeting,
)
from portfolio.reports import control
from portfolio.services import extensions, lifecycle, meetings, projects
from tests.conftest import decide_and_confirm

# The world's projects run 2024-01-01 – 2024-12-31; "today" for requests made during them.
TODAY = datetime.date(2024, 1, 15)
NEW_END = datetime.date(2025, 6, 30)
PLANNED_END = datetime.date(2024, 12, 31)


def pdf_text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    return " ".join(" ".join(page.extract_text().split())
                    for page in PdfReader(io.BytesIO(pdf)).pages)


def new_meeting(world, date, committee=None):
    return meetings.create_meeting(committee=committee or world.committee, date=date,
                                   by=world.secretary if committee is None else world.admin)


def draft_request(world, project, **fields):
    fields.setdefault("requested_end_date", NEW_END)
    fields.setdefault("reason", "Leverantören försenade leveransen av integrationen.")
    fields.setdefault("today", TODAY)
    return extensions.request_extension(project=project, by=world.owner, **fields)


def submitted_request(world, project, **fields):
    return extensions.submit_extension(request=draft_request(world, project, **fields),
                                       by=world.owner)


def recommended_request(world, project, **fields):
    return extensions.recommend_extension(request=submitted_request(world, project, **fields),
                                          by=world.member)


def actions(project) -> list[str]:
    return list(AuditEvent.objects.filter(project=project).values_list("action", flat=True))


def snapshot(project):
    """What a refused action must leave untouched."""
    project.refresh_from_db()
    return (project.state, project.end_date, project.planned_end_date,
            ExtensionRequest.objects.count(),
            list(ExtensionRequest.objects.order_by("pk").values_list("state", flat=True)),
            FinalReportRequirement.objects.count(), BudgetLine.objects.count(),
            GateDecision.objects.count(), AgendaItem.objects.filter(
                decided_paragraph__isnull=False).count(), AuditEvent.objects.count())


# --- Extension requests ----------------------------------------------------------------------

def test_extension_lifecycle_approved_at_a_meeting(world):
    project = world.project(State.EXECUTION)
    request = draft_request(world, project, proposed_decision="Projektet förlängs till 2025-06-30.",
                            proposed_requirements=["Redovisa förseningens kostnad", "  ",
                                                   "Redovisa ny tidplan"])
    assert request.state == ExtensionRequest.State.DRAFT
    assert request.previous_end_date == PLANNED_END
    assert request.proposed_requirements == ["Redovisa förseningens kostnad", "Redovisa ny tidplan"]

    extensions.submit_extension(request=request, by=world.owner)
    request.refresh_from_db()
    assert request.state == ExtensionRequest.State.SUBMITTED

    # A steering-group member (not only the chair) recommends it.
    extensions.recommend_extension(request=request, by=world.member)
    request.refresh_from_db()
    assert request.state == ExtensionRequest.State.RECOMMENDED
    project.refresh_from_db()
    assert project.end_date == PLANNED_END  # nothing moves before the committee decides

    meeting = new_meeting(world, datetime.date(2024, 5, 20))
    extensions.decide_extension(request=request, by=world.secretary, approve=True,
                                decided_on=meeting.date, meeting=meeting, paragraph=7)
    request.refresh_from_db()
    project.refresh_from_db()
    assert request.state == ExtensionRequest.State.APPROVED
    assert (request.decided_on, request.meeting, request.paragraph) == (meeting.date, meeting, 7)
    assert project.end_date == NEW_END
    assert project.planned_end_date == PLANNED_END
    requirements = list(project.final_report_requirements.order_by("id"))
    assert [r.text for r in requirements] == ["Redovisa förseningens kostnad",
                                              "Redovisa ny tidplan"]
    for requirement in requirements:
        assert requirement.extension_request == request
        assert "GNS 2024-05-20 § 7" in requirement.source
        assert "2024-05-20" in requirement.source
        assert requirement.answer == ""
    # BP4 now waits for the answers.
    assert [g["text"] for g in lifecycle.final_report_gaps(project)] == [r.text for r in requirements]
    trail = actions(project)
    for action in ("extension.created", "extension.submitted", "extension.recommended",
                   "extension.approved", "project.extended", "final_report.requirement_added"):
        assert action in trail, action
    extended = AuditEvent.objects.get(project=project, action="project.extended")
    assert extended.changes == {"end_date": ["2024-12-31", "2025-06-30"]}
    assert extended.actor == world.secretary


def test_rejection_keeps_the_end_date(world):
    project = world.project(State.ESTABLISHMENT)
    request = recommended_request(world, project, proposed_requirements=["Krav"])
    meeting = new_meeting(world, datetime.date(2024, 5, 20))
    extensions.decide_extension(request=request, by=world.chair, approve=False,
                                decided_on=meeting.date, meeting=meeting, paragraph=3)
    request.refresh_from_db()
    project.refresh_from_db()
    assert request.state == ExtensionRequest.State.REJECTED
    assert request.paragraph == 3
    assert project.end_date == PLANNED_END
    assert not project.final_report_requirements.exists()
    trail = actions(project)
    assert "extension.rejected" in trail
    assert "project.extended" not in trail and "extension.approved" not in trail
    # The request is closed: a new one may be made.
    assert draft_request(world, project).state == ExtensionRequest.State.DRAFT


def test_a_submitted_request_can_be_rejected_without_recommendation(world):
    project = world.project(State.PRESTUDY)
    request = submitted_request(world, project)
    extensions.decide_extension(request=request, by=world.secretary, approve=False,
                                decided_on=datetime.date(2024, 2, 1))
    request.refresh_from_db()
    project.refresh_from_db()
    assert request.state == ExtensionRequest.State.REJECTED
    assert project.end_date == PLANNED_END


def _financiers(project, world):
    rjh = Financier.objects.create(project=project, code="rjh", name="Regionen", position=1)
    rjh.parties.set([world.region])
    kommuner = Financier.objects.create(project=project, code="kommuner", name="Kommunerna",
                                        allocation_key=Financier.Key.EQUAL, position=2)
    kommuner.parties.set([world.are, world.berg])
    return rjh, kommuner


def test_budget_change_adds_a_budget_line_split_among_financiers(world):
    project = world.project(State.EXECUTION)
    rjh, kommuner = _financiers(project, world)
    BudgetLine.objects.create(project=project, position=1, activity="Projektledare",
                              total=Decimal("400000"))
    request = recommended_request(world, project, keeps_resources=False,
                                  budget_change=Decimal("150000"),
                                  budget_change_split={"rjh": "100000", "kommuner": "50000"})
    assert request.budget_change_split == {"rjh": "100000", "kommuner": "50000"}
    extensions.decide_extension(request=request, by=world.secretary, approve=True,
                                decided_on=datetime.date(2024, 6, 1))
    lines = list(project.budget_lines.order_by("position"))
    assert len(lines) == 2
    added = lines[1]
    assert added.position == 2
    assert added.total == Decimal("150000")
    shares = {s.financier.code: s.amount for s in added.shares.select_related("financier")}
    assert shares == {"rjh": Decimal("100000"), "kommuner": Decimal("50000")}
    assert "budget.line_added" in actions(project)


@pytest.mark.parametrize("split", [
    {"rjh": "100000", "kommuner": "40000"},   # 140 000, not 150 000
    {"rjh": "100000", "kommuner": "60000"},   # 160 000
    {},                                       # not split at all
])
def test_a_budget_split_that_does_not_add_up_is_refused(world, split):
    project = world.project(State.EXECUTION)
    _financiers(project, world)
    before = snapshot(project)
    with pytest.raises(ValidationError) as caught:
        draft_request(world, project, keeps_resources=False, budget_change=Decimal("150000"),
                      budget_change_split=split)
    assert "budget_change_split" in caught.value.message_dict
    assert snapshot(project) == before
    assert BudgetShare.objects.count() == 0


def test_budget_split_names_only_the_projects_financiers(world):
    project = world.project(State.EXECUTION)
    _financiers(project, world)
    with pytest.raises(ValidationError) as caught:
        draft_request(world, project, keeps_resources=False, budget_change=Decimal("100"),
                      budget_change_split={"rjh": "50", "berg": "50"})
    assert "budget_change_split.berg" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        draft_request(world, project, keeps_resources=True, budget_change=Decimal("100"))
    assert "budget_change" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        draft_request(world, project, keeps_resources=False)
    assert "budget_change" in caught.value.message_dict
    assert not ExtensionRequest.objects.exists()


def test_bad_requests_are_refused_and_change_nothing(world):
    project = world.project(State.EXECUTION)
    before = snapshot(project)
    for requested, today in ((datetime.date(2024, 6, 30), TODAY),   # before the current end
                             (PLANNED_END, TODAY),                  # not after it
                             (datetime.date(2025, 3, 1), datetime.date(2025, 6, 1))):  # past
        with pytest.raises(ValidationError) as caught:
            draft_request(world, project, requested_end_date=requested, today=today)
        assert "requested_end_date" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        draft_request(world, project, reason="   ")
    assert "reason" in caught.value.message_dict
    with pytest.raises(NotAllowed):
        extensions.request_extension(project=project, by=world.manager, requested_end_date=NEW_END,
                                     reason="x", today=TODAY)
    assert snapshot(project) == before


def test_only_one_open_request_at_a_time(world):
    project = world.project(State.EXECUTION)
    first = submitted_request(world, project)
    before = snapshot(project)
    with pytest.raises(StateConflict) as caught:
        draft_request(world, project, requested_end_date=datetime.date(2025, 12, 31))
    assert caught.value.code == "extension_pending"
    assert snapshot(project) == before
    assert list(project.extension_requests.all()) == [first]


@pytest.mark.parametrize("state", [State.DRAFT, State.SUBMITTED, State.CLOSING, State.CLOSED,
                                   State.REJECTED, State.CANCELLED])
def test_only_running_projects_are_extended(world, state):
    project = world.project(state)
    before = snapshot(project)
    with pytest.raises(StateConflict) as caught:
        draft_request(world, project)
    assert caught.value.code == "wrong_state"
    assert snapshot(project) == before


def test_decisions_out_of_order_or_at_the_wrong_meeting_are_refused(world):
    project = world.project(State.EXECUTION)
    request = submitted_request(world, project)
    meeting = new_meeting(world, datetime.date(2024, 5, 20))
    before = snapshot(project)
    # Approval needs the steering group's recommendation first.
    with pytest.raises(StateConflict) as caught:
        extensions.decide_extension(request=request, by=world.secretary, approve=True,
                                    decided_on=meeting.date, meeting=meeting, paragraph=1)
    assert caught.value.code == "wrong_state"
    assert snapshot(project) == before

    extensions.recommend_extension(request=request, by=world.steering)
    other = new_meeting(world, datetime.date(2024, 5, 21), committee=world.other_committee)
    before = snapshot(project)
    with pytest.raises(ValidationError) as caught:
        extensions.decide_extension(request=request, by=world.secretary, approve=True,
                                    decided_on=other.date, meeting=other, paragraph=1)
    assert "meeting" in caught.value.message_dict
    # Dated on another day than the meeting.
    with pytest.raises(ValidationError) as caught:
        extensions.decide_extension(request=request, by=world.secretary, approve=True,
                                    decided_on=datetime.date(2024, 5, 19), meeting=meeting)
    assert "decided_on" in caught.value.message_dict
    # A paragraph without a meeting.
    with pytest.raises(ValidationError) as caught:
        extensions.decide_extension(request=request, by=world.secretary, approve=True,
                                    decided_on=meeting.date, paragraph=4)
    assert "paragraph" in caught.value.message_dict
    assert snapshot(project) == before

    # § 5 is taken by a gate decision at the same meeting.
    submitted = world.project(State.SUBMITTED, name="Annat ärende")
    world.decide(submitted, Gate.BP0, Outcome.TABLE, decided_on=meeting.date, meeting=meeting,
                 paragraph=5)
    before = snapshot(project)
    with pytest.raises(ValidationError) as caught:
        extensions.decide_extension(request=request, by=world.secretary, approve=True,
                                    decided_on=meeting.date, meeting=meeting, paragraph=5)
    assert "paragraph" in caught.value.message_dict
    assert snapshot(project) == before
    # Not a committee decider.
    for user in (world.steering, world.auditor, world.other_secretary, world.owner):
        with pytest.raises(NotAllowed):
            extensions.decide_extension(request=request, by=user, approve=True,
                                        decided_on=meeting.date, meeting=meeting, paragraph=6)
    assert snapshot(project) == before
    extensions.decide_extension(request=request, by=world.secretary, approve=True,
                                decided_on=meeting.date, meeting=meeting, paragraph=6)
    project.refresh_from_db()
    assert project.end_date == NEW_END
    # Decided once: a second decision is a state conflict.
    with pytest.raises(StateConflict):
        extensions.decide_extension(request=request, by=world.secretary, approve=False)


def test_tabling_keeps_everything_and_needs_a_waiting_request(world):
    project = world.project(State.EXECUTION)
    request = draft_request(world, project)
    with pytest.raises(StateConflict):
        extensions.table_extension(request=request, by=world.secretary)
    extensions.submit_extension(request=request, by=world.owner)
    meeting = new_meeting(world, datetime.date(2024, 5, 20))
    with pytest.raises(NotAllowed):
        extensions.table_extension(request=request, by=world.steering, decided_on=meeting.date,
                                   meeting=meeting)
    extensions.table_extension(request=request, by=world.chair, decided_on=meeting.date,
                               meeting=meeting)
    request.refresh_from_db()
    project.refresh_from_db()
    assert request.state == ExtensionRequest.State.SUBMITTED
    assert request.tabled_at == meeting
    assert project.end_date == PLANNED_END
    assert "extension.tabled" in actions(project)


# --- Meetings and agendas ------------------------------------------------------------------

def _waiting_world(world):
    """One of everything that waits for the GNS committee, and some that does not."""
    cases = {
        "bp0": world.project(State.SUBMITTED, name="Väntar på BP0"),
        "bp4": world.project(State.CLOSING, name="Väntar på BP4"),
        "extension": world.project(State.EXECUTION, name="Vill förlängas"),
        "not_recommended": world.project(State.EXECUTION, name="Ej tillstyrkt"),
        "draft": world.project(State.DRAFT, name="Utkast"),
    }
    cases["request"] = recommended_request(world, cases["extension"],
                                           proposed_decision="Förläng till 2025-06-30.")
    submitted_request(world, cases["not_recommended"])
    other = projects.create_project(committee=world.other_committee, by=world.other_secretary,
                                    owner=world.owner,
                                    name="Annan nämnds ärende", parties=[world.region, world.are],
                                    start_date=datetime.date(2024, 1, 1),
                                    planned_end_date=PLANNED_END, case_year=2024)
    cases["other"] = world.advance(other, State.SUBMITTED)
    return cases


def test_build_agenda_collects_what_waits_and_is_idempotent(world):
    cases = _waiting_world(world)
    meeting = new_meeting(world, datetime.date(2024, 6, 3))
    items = meetings.build_agenda(meeting=meeting, by=world.secretary)
    assert [(i.position, i.kind) for i in items[:2]] == [(1, AgendaItem.Kind.STANDING),
                                                          (2, AgendaItem.Kind.STANDING)]
    assert [i.heading for i in items[:2]] == meetings.STANDING_ITEMS
    rest = {(i.kind, i.project_id, i.gate): i for i in items[2:]}
    assert set(rest) == {
        (AgendaItem.Kind.GATE, cases["bp0"].pk, Gate.BP0),
        (AgendaItem.Kind.FINAL_REPORT, cases["bp4"].pk, Gate.BP4),
        (AgendaItem.Kind.EXTENSION, cases["extension"].pk, ""),
    }
    assert [i.position for i in items] == [1, 2, 3, 4, 5]
    bp0 = rest[(AgendaItem.Kind.GATE, cases["bp0"].pk, Gate.BP0)]
    assert bp0.case_number == cases["bp0"].case_number
    assert "Väntar på BP0" in bp0.heading and bp0.proposed_decision
    assert bp0.tabled_from is None
    extension = rest[(AgendaItem.Kind.EXTENSION, cases["extension"].pk, "")]
    assert extension.extension_request == cases["request"]
    assert extension.description == cases["request"].reason
    assert extension.proposed_decision == "Förläng till 2025-06-30."
    assert extension.presenter == "owner"
    events = AuditEvent.objects.filter(action="meeting.agenda_built").count()

    again = meetings.build_agenda(meeting=meeting, by=world.chair)
    assert [i.pk for i in again] == [i.pk for i in items]
    assert AgendaItem.objects.filter(meeting=meeting).count() == 5
    assert AuditEvent.objects.filter(action="meeting.agenda_built").count() == events
    # Other people may not build it; the other committee's secretary neither.
    for user in (world.steering, world.auditor, world.owner, world.other_secretary):
        with pytest.raises(NotAllowed):
            meetings.build_agenda(meeting=meeting, by=user)
    assert AgendaItem.objects.filter(meeting=meeting).count() == 5


def test_meeting_creation_is_for_the_committee_and_once_a_day(world):
    with pytest.raises(NotAllowed):
        meetings.create_meeting(committee=world.committee, date=datetime.date(2024, 6, 3),
                                by=world.other_secretary)
    new_meeting(world, datetime.date(2024, 6, 3))
    with pytest.raises(ValidationError) as caught:
        meetings.create_meeting(committee=world.committee, date=datetime.date(2024, 6, 3),
                                by=world.chair)
    assert "date" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        meetings.create_meeting(committee=world.committee, date=datetime.date(2024, 6, 4),
                                by=world.chair, start_time=datetime.time(13),
                                end_time=datetime.time(12))
    assert "end_time" in caught.value.message_dict
    assert Meeting.objects.count() == 1
    # The same day is free for another committee.
    new_meeting(world, datetime.date(2024, 6, 3), committee=world.other_committee)


def _item(meeting, **filters):
    return meeting.items.get(**filters)


def test_tabled_gate_and_extension_return_on_the_next_agenda(world):
    cases = _waiting_world(world)
    first = new_meeting(world, datetime.date(2024, 3, 11))
    meetings.build_agenda(meeting=first, by=world.secretary)
    bp0 = decide_and_confirm(item=_item(first, gate=Gate.BP0), outcome="table",
                               by=world.secretary)
    extension = decide_and_confirm(item=_item(first, kind=AgendaItem.Kind.EXTENSION),
                                     outcome="table", by=world.chair, comment="Mer underlag")
    assert (bp0.decided_paragraph, extension.decided_paragraph) == (1, 2)
    assert extension.decision_text.startswith("Bordlagt")
    decision = GateDecision.objects.get(project=cases["bp0"])
    assert (decision.outcome, decision.meeting, decision.paragraph) == (Outcome.TABLE, first, 1)
    cases["bp0"].refresh_from_db()
    assert cases["bp0"].state == State.SUBMITTED
    cases["request"].refresh_from_db()
    assert cases["request"].state == ExtensionRequest.State.RECOMMENDED
    assert cases["request"].tabled_at == first

    second = new_meeting(world, datetime.date(2024, 4, 15))
    meetings.build_agenda(meeting=second, by=world.secretary)
    again = _item(second, gate=Gate.BP0)
    assert again.project == cases["bp0"] and again.tabled_from == first
    tabled = _item(second, kind=AgendaItem.Kind.EXTENSION)
    assert tabled.extension_request == cases["request"] and tabled.tabled_from == first
    # Now decided: paragraphs continue through the year.
    world.answer_all(cases["bp0"], Gate.BP0)
    started = decide_and_confirm(item=again, outcome="start", by=world.secretary)
    approved = decide_and_confirm(item=tabled, outcome="approve", by=world.secretary)
    assert (started.decided_paragraph, approved.decided_paragraph) == (3, 4)
    cases["bp0"].refresh_from_db()
    assert cases["bp0"].state == State.PRESTUDY
    cases["request"].refresh_from_db()
    cases["extension"].refresh_from_db()
    assert cases["request"].state == ExtensionRequest.State.APPROVED
    assert (cases["request"].meeting, cases["request"].paragraph) == (second, 4)
    assert cases["extension"].end_date == NEW_END

    # Nothing of it comes back a third time.
    third = new_meeting(world, datetime.date(2024, 5, 13))
    items = meetings.build_agenda(meeting=third, by=world.secretary)
    assert {(i.kind, i.project_id) for i in items} == {
        (AgendaItem.Kind.STANDING, None),
        (AgendaItem.Kind.FINAL_REPORT, cases["bp4"].pk)}


def test_a_tabled_final_report_comes_back_once(world):
    project = world.project(State.CLOSING, name="Slutrapport")
    first = new_meeting(world, datetime.date(2024, 3, 11))
    meetings.build_agenda(meeting=first, by=world.secretary)
    decide_and_confirm(item=_item(first, gate=Gate.BP4), outcome="table", by=world.secretary)
    second = new_meeting(world, datetime.date(2024, 4, 15))
    meetings.build_agenda(meeting=second, by=world.secretary)
    bp4 = list(second.items.filter(project=project))
    assert len(bp4) == 1, [i.heading for i in bp4]
    assert bp4[0].gate == Gate.BP4 and bp4[0].tabled_from == first
    world.answer_all(project, Gate.BP4)
    decide_and_confirm(item=bp4[0], outcome="start", by=world.secretary)
    project.refresh_from_db()
    assert project.state == State.CLOSED


def test_paragraphs_run_through_the_year(world):
    world.project(State.SUBMITTED)
    march = new_meeting(world, datetime.date(2024, 3, 11))
    meetings.build_agenda(meeting=march, by=world.secretary)
    first, second, bp0 = march.items.order_by("position")
    assert meetings.next_paragraph(march) == 1
    assert decide_and_confirm(item=first, outcome="noted", by=world.secretary).decided_paragraph == 1
    assert decide_and_confirm(item=second, outcome="noted", by=world.chair).decided_paragraph == 2
    assert meetings.next_paragraph(march) == 3
    june = new_meeting(world, datetime.date(2024, 6, 3))
    assert meetings.next_paragraph(june) == 3
    meetings.build_agenda(meeting=june, by=world.secretary)
    decided = decide_and_confirm(item=june.items.order_by("position").first(), outcome="noted",
                                   by=world.secretary)
    assert decided.decided_paragraph == 3
    # The not yet decided item at the March meeting continues where the year is.
    late = decide_and_confirm(item=bp0, outcome="table", by=world.secretary)
    assert late.decided_paragraph == 4
    assert GateDecision.objects.get(gate=Gate.BP0).paragraph == 4
    # A new year starts at § 1.
    next_year = new_meeting(world, datetime.date(2025, 2, 10))
    meetings.build_agenda(meeting=next_year, by=world.secretary)
    assert decide_and_confirm(item=next_year.items.order_by("position").first(),
                                outcome="noted", by=world.secretary).decided_paragraph == 1
    # The other committee counts its own paragraphs.
    other = new_meeting(world, datetime.date(2024, 9, 2), committee=world.other_committee)
    meetings.build_agenda(meeting=other, by=world.other_secretary)
    assert decide_and_confirm(item=other.items.first(), outcome="noted",
                                by=world.other_secretary).decided_paragraph == 1


def test_an_item_is_decided_once(world):
    world.project(State.SUBMITTED)
    meeting = new_meeting(world, datetime.date(2024, 3, 11))
    meetings.build_agenda(meeting=meeting, by=world.secretary)
    item = _item(meeting, gate=Gate.BP0)
    decide_and_confirm(item=item, outcome="table", by=world.secretary)
    before = (GateDecision.objects.count(), AuditEvent.objects.count(),
              list(meeting.items.values_list("decided_paragraph", "decision_text")))
    with pytest.raises(StateConflict) as caught:
        decide_and_confirm(item=item, outcome="not_start", by=world.secretary)
    assert caught.value.code == "already_decided"
    assert (GateDecision.objects.count(), AuditEvent.objects.count(),
            list(meeting.items.values_list("decided_paragraph", "decision_text"))) == before
    # Outcomes that do not fit the item are refused without taking a paragraph.
    standing = meeting.items.order_by("position").first()
    with pytest.raises(ValidationError):
        decide_and_confirm(item=standing, outcome="launch", by=world.secretary)
    extension_project = world.project(State.EXECUTION, name="Förlängs")
    recommended_request(world, extension_project)
    meetings.build_agenda(meeting=meeting, by=world.secretary)
    with pytest.raises(ValidationError):
        decide_and_confirm(item=_item(meeting, kind=AgendaItem.Kind.EXTENSION), outcome="start",
                             by=world.secretary)
    with pytest.raises(NotAllowed):
        decide_and_confirm(item=standing, outcome="noted", by=world.other_secretary)
    assert meetings.next_paragraph(meeting) == 2


def test_a_proposed_cancellation_is_decided_at_the_meeting(world):
    project = world.project(State.EXECUTION)
    meeting = new_meeting(world, datetime.date(2024, 9, 16))
    with pytest.raises(ValidationError) as caught:
        meetings.add_item(meeting=meeting, by=world.secretary, heading="Avbryt projektet",
                          kind=AgendaItem.Kind.CANCELLATION, project=project)
    assert "proposed_decision" in caught.value.message_dict
    assert not meeting.items.exists()
    item = meetings.add_item(meeting=meeting, by=world.secretary, heading="Avbryt projektet",
                             kind=AgendaItem.Kind.CANCELLATION, project=project,
                             proposed_decision="Projektet avbryts: behovet har upphört.")
    assert item.case_number == project.case_number and item.position == 1
    decide_and_confirm(item=item, outcome="approve", by=world.chair)
    project.refresh_from_db()
    item.refresh_from_db()
    assert project.state == State.CANCELLED
    assert project.cancel_reason == "Projektet avbryts: behovet har upphört."
    assert (item.decided_paragraph, item.decision_text) == (1, "Avbrutet")


def test_a_tabled_cancellation_returns_and_then_is_dropped_when_the_project_ended(world):
    project = world.project(State.EXECUTION)
    first = new_meeting(world, datetime.date(2024, 9, 16))
    item = meetings.add_item(meeting=first, by=world.secretary, heading="Avbryt projektet",
                             kind=AgendaItem.Kind.CANCELLATION, project=project,
                             proposed_decision="Projektet avbryts.")
    decide_and_confirm(item=item, outcome="table", by=world.secretary)
    second = new_meeting(world, datetime.date(2024, 10, 21))
    meetings.build_agenda(meeting=second, by=world.secretary)
    back = _item(second, kind=AgendaItem.Kind.CANCELLATION)
    assert back.project == project and back.tabled_from == first
    assert back.proposed_decision == "Projektet avbryts."
    decide_and_confirm(item=back, outcome="approve", by=world.secretary)
    project.refresh_from_db()
    assert project.state == State.CANCELLED


def test_add_item_refuses_cases_it_cannot_hold(world):
    project = world.project(State.EXECUTION)
    meeting = new_meeting(world, datetime.date(2024, 9, 16))
    other = new_meeting(world, datetime.date(2024, 9, 16), committee=world.other_committee)
    for kwargs, field in (
        ({"heading": " "}, "heading"),
        ({"heading": "BP0", "kind": AgendaItem.Kind.GATE}, "kind"),
        ({"heading": "Avbryt", "kind": AgendaItem.Kind.CANCELLATION,
          "proposed_decision": "Avbryts"}, "project"),
    ):
        with pytest.raises(ValidationError) as caught:
            meetings.add_item(meeting=meeting, by=world.secretary, **kwargs)
        assert field in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        meetings.add_item(meeting=other, by=world.other_secretary, heading="Info",
                          project=project)
    assert "project" in caught.value.message_dict
    with pytest.raises(NotAllowed):
        meetings.add_item(meeting=meeting, by=world.owner, heading="Info")
    assert not AgendaItem.objects.exists()


# --- Pages: meetings, PDFs, extension requests ---------------------------------------------

def test_meeting_pages_build_decide_and_print_an_extract(world, client):
    project = world.project(State.SUBMITTED, name="Gemensam e-tjänst")
    client.force_login(world.secretary)
    response = client.post("/portfolio/meetings/", {"committee": "GNS", "date": "2024-06-03",
                                                    "place": "Östersund", "start_time": "09:00"})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/portfolio/meetings/{meeting.pk}/")
    assert client.post(f"/portfolio/meetings/{meeting.pk}/build-agenda/").status_code == 302
    html = client.get(f"/portfolio/meetings/{meeting.pk}/").content.decode()
    assert "Gemensam e-tjänst" in html and project.case_number in html
    item = _item(meeting, gate=Gate.BP0)
    world.answer_all(project, Gate.BP0)
    response = client.post(f"/portfolio/meetings/{meeting.pk}/items/{item.pk}/decide/",
                           {"outcome": "start"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.state == State.SUBMITTED  # recorded; carried out when confirmed
    assert client.post(f"/portfolio/meetings/{meeting.pk}/minutes/items/{item.pk}/confirm/"
                       ).status_code == 302
    item.refresh_from_db()
    project.refresh_from_db()
    assert item.decided_paragraph == 1 and project.state == State.PRESTUDY
    response = client.get(f"/portfolio/meetings/{meeting.pk}/items/{item.pk}/extract.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Protokollsutdrag" in text and "§ 1" in text
    assert "2024-06-03" in text and project.case_number in text
    assert "Gemensam e-tjänst" in text
    # An undecided item has no extract.
    standing = meeting.items.order_by("position").first()
    assert client.get(
        f"/portfolio/meetings/{meeting.pk}/items/{standing.pk}/extract.pdf").status_code == 404
    # The page PDF of the agenda works as well.
    response = client.get(f"/portfolio/meetings/{meeting.pk}/agenda.pdf")
    assert response.status_code == 200
    assert "Kallelse/föredragningslista" in pdf_text(response.content)


def test_meeting_pages_refuse_people_without_a_committee_role(world, client):
    world.project(State.SUBMITTED)
    meeting = new_meeting(world, datetime.date(2024, 6, 3))
    client.force_login(world.other_secretary)
    response = client.post("/portfolio/meetings/", {"committee": "GNS", "date": "2024-06-10"})
    assert response.status_code == 403
    assert Meeting.objects.count() == 1
    client.post(f"/portfolio/meetings/{meeting.pk}/build-agenda/")
    assert not meeting.items.exists()
    meetings.build_agenda(meeting=meeting, by=world.secretary)
    item = _item(meeting, gate=Gate.BP0)
    client.post(f"/portfolio/meetings/{meeting.pk}/items/{item.pk}/decide/", {"outcome": "table"})
    item.refresh_from_db()
    assert item.decided_paragraph is None and not GateDecision.objects.exists()


def test_extension_request_from_the_project_page(world, client):
    project = world.project(State.EXECUTION)
    client.force_login(world.owner)
    response = client.post(f"/portfolio/{project.pk}/extensions/new/", {
        "requested_end_date": "2030-06-30", "reason": "Försenad upphandling",
        "keeps_resources": "on", "requirements": "Redovisa upphandlingen\n\nRedovisa kostnaden"})
    assert response.status_code == 302
    request = ExtensionRequest.objects.get()
    assert request.requested_end_date == datetime.date(2030, 6, 30)
    assert request.proposed_requirements == ["Redovisa upphandlingen", "Redovisa kostnaden"]
    # Refused: a second one, shown as a message; nothing is created.
    client.post(f"/portfolio/{project.pk}/extensions/new/", {
        "requested_end_date": "2031-06-30", "reason": "Igen", "keeps_resources": "on"})
    assert ExtensionRequest.objects.count() == 1
    response = client.post(f"/portfolio/extensions/{request.pk}/submit/")
    assert response.status_code == 302 and response["Location"].endswith(f"/portfolio/{project.pk}/")
    request.refresh_from_db()
    assert request.state == ExtensionRequest.State.SUBMITTED
    assert client.post(f"/portfolio/extensions/{request.pk}/approve/").status_code == 404


# --- Steering group's desk ------------------------------------------------------------------

def test_steering_desk_is_now_the_summary_of_my_work(world, client):
    # Issue #12: the wall of checklists became a summary linking to each item; the old
    # address shows the same summary.
    waiting = world.project(State.SUBMITTED, name="Väntar på BP1")
    running = world.project(State.EXECUTION, name="Vill förlängas")
    request = submitted_request(world, running)
    client.force_login(world.steering)
    response = client.get("/portfolio/steering/")
    assert response.status_code == 200
    html = response.content.decode()
    checklist = lifecycle.checklist(waiting, Gate.BP1)
    assert checklist
    for row in checklist:
        assert f'name="answer-{row["id"]}"' not in html  # no checklist wall any more
    assert f"/portfolio/{waiting.pk}/?next=%2Fportfolio%2Fmine%2F#gate-BP1" in html
    # BP3 of the running project is the steering group's too.
    assert f"/portfolio/{running.pk}/?next=%2Fportfolio%2Fmine%2F#gate-BP3" in html
    assert f"/portfolio/extensions/{request.pk}/recommend/" in html
    assert "Vill förlängas" in html and request.reason in html

    response = client.post(f"/portfolio/extensions/{request.pk}/recommend/",
                           {"next": "/portfolio/steering/"})
    assert response.status_code == 302 and response["Location"] == "/portfolio/steering/"
    request.refresh_from_db()
    assert request.state == ExtensionRequest.State.RECOMMENDED
    html = client.get("/portfolio/steering/").content.decode()
    assert f"/portfolio/extensions/{request.pk}/recommend/" not in html


def test_steering_desk_is_empty_for_someone_outside_every_steering_group(world, client):
    world.project(State.SUBMITTED)
    request = submitted_request(world, world.project(State.EXECUTION))
    client.force_login(world.outsider)
    response = client.get("/portfolio/steering/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "#gate-" not in html
    assert "/recommend/" not in html
    assert "Inget väntar på dig." in html
    # Posting recommend anyway is refused and changes nothing.
    client.post(f"/portfolio/extensions/{request.pk}/recommend/", {"next": "/portfolio/steering/"})
    request.refresh_from_db()
    assert request.state == ExtensionRequest.State.SUBMITTED


# --- Internal control -----------------------------------------------------------------------

def _check(report, key) -> list[dict]:
    (check,) = [c for c in report["checks"] if c["key"] == key]
    assert check["count"] == len(check["items"])
    return check["items"]


def _listed(report, key) -> set[int]:
    return {row["project"] for row in _check(report, key)}


AFTER_END = datetime.date(2025, 2, 1)


def test_control_lists_projects_without_risks_and_effect_goals(world):
    bare = world.project(State.DRAFT, name="Utan innehåll")
    documented = world.project(State.SUBMITTED, name="Med direktiv")
    own_fields = world.project(State.DRAFT, name="Egna fält")
    projects.update_project(project=own_fields, by=world.owner,
                            changes={"risks": "Kort tid", "effect_goals": "Färre återinskrivningar"})
    report = control.findings(committee=world.committee, today=TODAY)
    for key in ("no_risks", "no_effect_goals"):
        listed = _listed(report, key)
        assert bare.pk in listed
        assert documented.pk not in listed and own_fields.pk not in listed
    assert [r["case_number"] for r in _check(report, "no_risks")] == [bare.case_number]
    # Ended projects are not followed up.
    lifecycle.cancel_project(project=bare, by=world.secretary, reason="Avslutas")
    report = control.findings(committee=world.committee, today=TODAY)
    assert bare.pk not in _listed(report, "no_risks")


def test_control_lists_committee_decisions_without_meeting(world):
    project = world.project(State.PRESTUDY)  # BP0 recorded without a meeting
    with_meeting = world.project(State.SUBMITTED, name="Vid sammanträde")
    meeting = new_meeting(world, datetime.date(2024, 3, 11))
    world.answer_all(with_meeting, Gate.BP0)
    world.decide(with_meeting, Gate.BP0, Outcome.START, decided_on=meeting.date, meeting=meeting,
                 paragraph=1)
    report = control.findings(committee=world.committee, today=TODAY)
    rows = _check(report, "decision_without_meeting")
    assert [r["project"] for r in rows] == [project.pk]
    assert rows[0]["detail"].startswith("BP0")
    # Steering-group gates are not committee decisions.
    steering = world.project(State.EXECUTION, name="Styrgruppsbeslut")
    report = control.findings(committee=world.committee, today=TODAY)
    assert steering.pk not in _listed(report, "decision_without_meeting")
    # The other committee's view is empty.
    report = control.findings(committee=world.other_committee, today=TODAY)
    assert all(c["count"] == 0 for c in report["checks"])


def test_control_lists_running_projects_past_their_end_date(world):
    late = world.project(State.EXECUTION, name="Försenat")
    closing = world.project(State.CLOSING, name="Skriver slutrapport")
    report = control.findings(committee=world.committee, today=TODAY)
    assert _listed(report, "past_end_date") == set()
    report = control.findings(committee=world.committee, today=AFTER_END)
    assert _listed(report, "past_end_date") == {late.pk}
    assert closing.pk not in _listed(report, "past_end_date")
    assert "2024-12-31" in _check(report, "past_end_date")[0]["detail"]
    # A pending request takes it off the list; a rejected one puts it back.
    request = submitted_request(world, late, requested_end_date=datetime.date(2025, 6, 30),
                                today=AFTER_END)
    assert late.pk not in _listed(control.findings(today=AFTER_END), "past_end_date")
    extensions.decide_extension(request=request, by=world.secretary, approve=False,
                                decided_on=AFTER_END)
    assert late.pk in _listed(control.findings(today=AFTER_END), "past_end_date")
    # An approved one moves the end date itself.
    request = recommended_request(world, late, requested_end_date=datetime.date(2025, 6, 30),
                                  today=AFTER_END)
    extensions.decide_extension(request=request, by=world.secretary, approve=True,
                                decided_on=AFTER_END)
    assert late.pk not in _listed(control.findings(today=AFTER_END), "past_end_date")


def test_control_lists_budgets_over_the_cost_cap(world):
    over = world.project(State.EXECUTION, name="Över taket", cost_cap=Decimal("500000"))
    under = world.project(State.EXECUTION, name="Under taket", cost_cap=Decimal("500000"))
    no_cap = world.project(State.EXECUTION, name="Utan tak")
    for project, totals in ((over, ("400000", "150000")), (under, ("400000", "100000")),
                            (no_cap, ("900000",))):
        for position, total in enumerate(totals, 1):
            BudgetLine.objects.create(project=project, position=position, activity="Aktivitet",
                                      total=Decimal(total))
    rows = _check(control.findings(committee=world.committee, today=TODAY), "over_cost_cap")
    assert [r["project"] for r in rows] == [over.pk]
    assert "550000" in rows[0]["detail"] and "500000" in rows[0]["detail"]


def test_control_lists_overdue_final_report_requirements(world):
    project = world.project(State.EXECUTION)
    request = recommended_request(world, project, proposed_requirements=["Redovisa förseningen"])
    extensions.decide_extension(request=request, by=world.secretary, approve=True,
                                decided_on=datetime.date(2024, 6, 1))
    project.refresh_from_db()
    assert project.end_date == NEW_END
    assert _listed(control.findings(today=datetime.date(2025, 6, 1)), "requirement_overdue") == set()
    rows = _check(control.findings(today=datetime.date(2025, 7, 1)), "requirement_overdue")
    assert [r["project"] for r in rows] == [project.pk]
    assert "Redovisa förseningen" in rows[0]["detail"]
    # Answered, it is no longer listed.
    project.final_report_requirements.update(answer="Förseningen berodde på leverantören.")
    assert _listed(control.findings(today=datetime.date(2025, 7, 1)), "requirement_overdue") == set()
    # A cancelled project writes no final report: its requirements never come due.
    project.final_report_requirements.update(answer="")
    lifecycle.cancel_project(project=project, by=world.secretary, reason="Avbryts")
    assert _listed(control.findings(today=datetime.date(2025, 7, 1)), "requirement_overdue") == set()


def test_control_page_renders_for_the_auditor(world, client):
    project = world.project(State.DRAFT, name="Saknar risker")
    client.force_login(world.auditor)
    response = client.get("/portfolio/control/?committee=GNS")
    assert response.status_code == 200
    html = response.content.decode()
    for key, title in control.CHECKS:
        assert f'id="check-{key}"' in html and str(title) in html
    assert project.case_number in html and "Saknar risker" in html
    assert client.get("/portfolio/control/").status_code == 200



@pytest.mark.parametrize("end", ["cancel", "close"])
def test_an_ended_project_is_not_extended_but_its_request_can_be_rejected(world, end):
    project = world.project(State.EXECUTION)
    request = recommended_request(world, project, proposed_requirements=["Krav"])
    if end == "cancel":
        lifecycle.cancel_project(project=project, by=world.secretary, reason="Behovet upphörde")
    else:
        world.pass_gate(project, Gate.BP3)
    before = snapshot(project)
    with pytest.raises(StateConflict) as caught:
        extensions.decide_extension(request=request, by=world.secretary, approve=True,
                                    decided_on=datetime.date(2024, 6, 1))
    assert caught.value.code == "wrong_state"
    assert snapshot(project) == before
    extensions.decide_extension(request=request, by=world.secretary, approve=False,
                                decided_on=datetime.date(2024, 6, 1))
    request.refresh_from_db()
    project.refresh_from_db()
    assert request.state == ExtensionRequest.State.REJECTED
    assert project.end_date == PLANNED_END


def test_a_tabling_paragraph_is_kept_and_never_reused(world):
    import datetime as _dt

    from django.core.exceptions import ValidationError as _VE

    from portfolio.lifecycle import State as _State
    from portfolio.models import Meeting as _Meeting
    from portfolio.services import extensions as _ext
    from portfolio.services.meetings import next_paragraph as _next

    project = world.project(_State.EXECUTION)
    meeting = _Meeting.objects.create(committee=world.committee, date=_dt.date(2024, 5, 20))
    request = _ext.request_extension(project=project, by=world.owner,
                                     requested_end_date=_dt.date(2025, 6, 30), reason="Försenat",
                                     today=_dt.date(2024, 5, 1))
    _ext.submit_extension(request=request, by=world.owner)
    _ext.recommend_extension(request=request, by=world.steering)
    _ext.table_extension(request=request, by=world.secretary, decided_on=meeting.date,
                         meeting=meeting, paragraph=5)
    assert meeting.items.get(decided_paragraph=5).decision_text == "Bordlagt"
    assert _next(meeting) == 6
    with pytest.raises(_VE) as error:
        _ext.decide_extension(request=request, by=world.secretary, approve=True,
                              decided_on=meeting.date, meeting=meeting, paragraph=5)
    assert "paragraph" in error.value.message_dict
