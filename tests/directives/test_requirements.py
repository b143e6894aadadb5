"""Answering the final report's requirements: one service for the page and the API."""

import pytest
from django.core.exceptions import ValidationError

from directives import services as documents
from portfolio.errors import NotAllowed, StateConflict
from portfolio.lifecycle import State
from portfolio.models import AuditEvent, FinalReportRequirement


def _closing(world):
    project = world.project(State.CLOSING)
    requirement = FinalReportRequirement.objects.create(
        project=project, text="Redovisa förlängningens kostnad", source="GNS 2024-06-03 § 12")
    return project, requirement


def test_the_manager_answers_and_the_answer_is_audited(world):
    project, requirement = _closing(world)
    changed = documents.answer_requirements(project=project, by=world.manager, answers=[
        {"id": requirement.id, "answer": "  40 000 kr.  "}])
    requirement.refresh_from_db()
    assert requirement.answer == "40 000 kr." and changed == [requirement]
    event = AuditEvent.objects.get(project=project, action="final_report.requirement_answered")
    assert event.changes == {"answer": ["", "40 000 kr."]} and event.actor == world.manager
    # The same answer again changes nothing and writes no second row.
    assert documents.answer_requirements(project=project, by=world.manager, answers=[
        {"id": requirement.id, "answer": "40 000 kr."}]) == []
    assert AuditEvent.objects.filter(action="final_report.requirement_answered").count() == 1


def test_someone_without_the_project_role_is_refused_by_the_service(world):
    project, requirement = _closing(world)
    with pytest.raises(NotAllowed):
        documents.answer_requirements(project=project, by=world.secretary, answers=[
            {"id": requirement.id, "answer": "Svar"}])
    requirement.refresh_from_db()
    assert requirement.answer == ""


def test_answers_are_refused_outside_closing(world):
    project = world.project(State.EXECUTION)
    requirement = FinalReportRequirement.objects.create(project=project, text="Krav", source="x")
    with pytest.raises(StateConflict):
        documents.answer_requirements(project=project, by=world.manager, answers=[
            {"id": requirement.id, "answer": "Svar"}])


def test_an_unknown_requirement_refuses_every_answer(world):
    project, requirement = _closing(world)
    other, foreign = _closing(world)
    with pytest.raises(ValidationError) as error:
        documents.answer_requirements(project=project, by=world.manager, answers=[
            {"id": requirement.id, "answer": "Svar"}, {"id": foreign.id, "answer": "Fel"}])
    assert list(error.value.message_dict) == ["requirements[1].id"]
    requirement.refresh_from_db()
    assert requirement.answer == ""


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_page_answers_inside_a_transaction_on_every_database(world, client):
    # The lock used to be taken outside any transaction, which PostgreSQL refuses
    # (TransactionManagementError, a 500); this runs on SQLite and PostgreSQL alike.
    project, requirement = _closing(world)
    client.force_login(world.manager)
    response = client.post(f"/documents/{project.pk}/final-report/requirements/",
                           {f"requirement-{requirement.id}": "Kostnaden blev 40 000 kr."})
    assert response.status_code == 302
    requirement.refresh_from_db()
    assert requirement.answer == "Kostnaden blev 40 000 kr."
    assert AuditEvent.objects.filter(project=project,
                                     action="final_report.requirement_answered").count() == 1
