"""Separation of duties beyond the gates: a committee chair who owns or manages a project does
not decide or table its extension request and does not cancel it."""

import datetime

import pytest
from django.utils import translation

from portfolio import permissions
from portfolio.errors import NotAllowed
from portfolio.lifecycle import State
from portfolio.models import AuditEvent, ExtensionRequest, Project
from portfolio.services import extensions, lifecycle


@pytest.fixture
def chairs_own(world):
    """A running project with a submitted extension request, then handed to the chair as
    owner (the chair being both is exactly the conflict)."""
    project = world.project(State.EXECUTION)
    request = extensions.request_extension(
        project=project, by=world.owner, requested_end_date=datetime.date(2025, 6, 30),
        reason="Leverantören försenade leveransen.", today=datetime.date(2024, 5, 1))
    request = extensions.submit_extension(request=request, by=world.owner)
    Project.objects.filter(pk=project.pk).update(owner=world.chair)
    project.refresh_from_db()
    return project, request


@pytest.mark.parametrize("field", ["owner", "manager"])
@pytest.mark.parametrize("action", ["approve", "reject", "table", "cancel"])
def test_chair_may_not_decide_their_own_project(world, chairs_own, field, action):
    project, request = chairs_own
    Project.objects.filter(pk=project.pk).update(
        owner=world.chair if field == "owner" else world.owner,
        manager=world.chair if field == "manager" else world.manager)
    project.refresh_from_db()
    events = AuditEvent.objects.count()
    with pytest.raises(NotAllowed) as refused, translation.override("en"):
        if action == "cancel":
            lifecycle.cancel_project(project=project, by=world.chair, reason="Avslutas")
        elif action == "table":
            extensions.table_extension(request=request, by=world.chair)
        else:
            extensions.decide_extension(request=request, by=world.chair,
                                        approve=action == "approve")
    assert refused.value.code == "separation_of_duties"
    assert f"project {field}" in str(refused.value.detail)
    project.refresh_from_db()
    request.refresh_from_db()
    assert project.state == State.EXECUTION and request.tabled_at is None
    assert request.state == ExtensionRequest.State.SUBMITTED
    assert AuditEvent.objects.count() == events
    assert not permissions.can_cancel(world.chair, project)
    assert permissions.extension_decision_refusal(world.chair, project)


def test_the_secretary_still_decides(world, chairs_own):
    project, request = chairs_own
    assert permissions.extension_decision_refusal(world.secretary, project) is None
    extensions.table_extension(request=request, by=world.secretary)
    extensions.recommend_extension(request=request, by=world.steering)
    extensions.decide_extension(request=request, by=world.secretary, approve=True,
                                decided_on=datetime.date(2024, 6, 3))
    lifecycle.cancel_project(project=project, by=world.secretary, reason="Avslutas")
    project.refresh_from_db()
    assert project.state == State.CANCELLED


def test_api_answers_separation_of_duties(world, api, chairs_own):
    project, request = chairs_own
    response = api(world.chair).post(f"/api/v1/projects/{project.pk}/transitions/cancel/",
                                     {"reason": "Avslutas"}, format="json")
    assert response.status_code == 403, response.content
    assert "separation_of_duties" in response.content.decode()
