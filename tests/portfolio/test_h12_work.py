"""What waits for whom (portfolio.work.waiting_for): each kind of item appears for exactly
the right people and disappears once done; a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directives import services as documents
from portfolio import work
from portfolio.lifecycle import Gate, Outcome, State
from portfolio.models import FinalReportRequirement
from portfolio.services import extensions, lifecycle, meetings, projects
from tests.conftest import DAY, decide_and_confirm

ROLES = ("owner", "manager", "steering", "member", "secretary", "chair", "auditor", "outsider",
         "other_secretary", "other_steering")


def who_has(world, kind, project_id=None, gate=""):
    found = set()
    for role in ROLES:
        for item in work.waiting_for(world.users[role], today=DAY):
            if item.kind == kind and (project_id is None or item.project_id == project_id) \
                    and (not gate or item.gate == gate):
                found.add(role)
    return found


def test_a_steering_gate_checklist_then_decision_for_the_steering_group_only(world):
    project = world.project(State.SUBMITTED)
    assert who_has(world, "checklist", project.pk, Gate.BP1) == {"steering", "member"}
    # BP0 is the committee's: its chair and secretary, never the owner who is a member.
    assert who_has(world, "checklist", project.pk, Gate.BP0) == {"secretary", "chair"}
    world.answer_all(project, Gate.BP1)
    assert who_has(world, "checklist", project.pk, Gate.BP1) == set()
    assert who_has(world, "decision", project.pk, Gate.BP1) == {"steering", "member"}
    item = next(i for i in work.waiting_for(world.steering, today=DAY)
                if i.kind == "decision" and i.gate == Gate.BP1)
    assert item.url == f"/portfolio/{project.pk}/#gate-BP1"
    world.decide(project, Gate.BP1, Outcome.START)
    assert who_has(world, "decision", project.pk) == set()
    assert who_has(world, "checklist", project.pk, Gate.BP1) == set()


def test_an_unconfirmed_steering_group_has_nothing_to_decide(world):
    project = projects.create_project(committee=world.committee, by=world.owner, name="Ny",
                                      parties=[world.region, world.are],
                                      start_date=datetime.date(2024, 1, 1),
                                      planned_end_date=datetime.date(2024, 12, 31))
    projects.staff_project(project=project, by=world.owner,
                           steering_group=[{"user": world.steering, "role": "chair"}])
    world.fill_directive(project)
    lifecycle.submit_project(project=project, by=world.owner)
    assert who_has(world, "checklist", project.pk, Gate.BP1) == set()


def test_extension_to_recommend_then_for_the_committee(world):
    project = world.project(State.EXECUTION)
    request = extensions.request_extension(
        project=project, by=world.owner, requested_end_date=datetime.date(2025, 6, 30),
        reason="Leverantören är sen.", today=datetime.date(2024, 5, 1))
    assert who_has(world, "recommend") == set()  # a draft waits for its owner to submit
    extensions.submit_extension(request=request, by=world.owner)
    assert who_has(world, "recommend", project.pk) == {"steering", "member"}
    assert who_has(world, "extension_decision") == set()
    extensions.recommend_extension(request=request, by=world.member)
    assert who_has(world, "recommend") == set()
    assert who_has(world, "extension_decision", project.pk) == {"secretary", "chair"}
    extensions.decide_extension(request=request, by=world.secretary, approve=True,
                                decided_on=datetime.date(2024, 6, 1))
    assert who_has(world, "extension_decision") == set()


def test_directive_sections_to_write_for_owner_and_manager_of_a_draft(world):
    project = world.project(State.DRAFT)
    assert who_has(world, "sections", project.pk) == {"owner", "manager"}
    item = next(i for i in work.waiting_for(world.owner) if i.kind == "sections")
    assert item.url == f"/documents/{project.pk}/directive/"
    assert "2 Mål" in item.detail
    world.fill_directive(project)
    assert who_has(world, "sections", project.pk) == set()


def test_final_report_sections_and_requirements_in_closing(world):
    project = world.project(State.CLOSING)
    requirement = FinalReportRequirement.objects.create(
        project=project, text="Redovisa införandet.", source="GNS § 20")
    assert who_has(world, "requirements", project.pk) == {"owner", "manager"}
    assert who_has(world, "sections", project.pk) == {"owner", "manager"}
    item = next(i for i in work.waiting_for(world.manager) if i.kind == "requirements")
    assert item.url == f"/documents/{project.pk}/final-report/"
    assert "Redovisa införandet." in item.detail
    documents.answer_requirements(project=project, by=world.manager,
                                  answers=[{"id": requirement.pk, "answer": "Klart."}])
    assert who_has(world, "requirements", project.pk) == set()


def test_agenda_items_of_a_coming_meeting_for_the_committees_officers(world):
    today = datetime.date.today()
    meeting = meetings.create_meeting(committee=world.committee, by=world.secretary,
                                      date=today + datetime.timedelta(days=7))
    past = meetings.create_meeting(committee=world.committee, by=world.secretary,
                                   date=today - datetime.timedelta(days=7))
    item = meetings.add_item(meeting=meeting, by=world.secretary, heading="Information om IT")
    meetings.add_item(meeting=past, by=world.secretary, heading="Gammalt ärende")
    found = {role for role in ROLES for i in work.waiting_for(world.users[role])
             if i.kind == "agenda"}
    assert found == {"secretary", "chair"}
    mine = [i for i in work.waiting_for(world.secretary) if i.kind == "agenda"]
    assert [i.object_id for i in mine] == [item.pk]  # not the past meeting's
    assert mine[0].url == f"/portfolio/meetings/{meeting.pk}/#item-{item.pk}"
    decide_and_confirm(item=item, outcome="noted", by=world.secretary)
    assert not [i for i in work.waiting_for(world.secretary) if i.kind == "agenda"]


def test_anonymous_has_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert work.waiting_for(AnonymousUser()) == []


def _queries(user) -> int:
    with CaptureQueriesContext(connection) as ctx:
        work.waiting_for(user, today=DAY)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["steering", "secretary", "owner"])
def test_query_count_does_not_grow_with_the_portfolio(world, role):
    for state in (State.SUBMITTED, State.EXECUTION, State.DRAFT, State.CLOSING):
        world.project(state)
    user = type(world.users[role]).objects.get(pk=world.users[role].pk)
    few = _queries(user)
    for state in (State.SUBMITTED, State.EXECUTION, State.DRAFT, State.CLOSING) * 2:
        world.project(state)
    user = type(user).objects.get(pk=user.pk)  # a fresh request's user: no cached roles
    many = _queries(user)
    assert len(work.waiting_for(user, today=DAY)) > 0
    assert many == few
