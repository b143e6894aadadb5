"""Opening a case and staffing it is one service, so pages, the API and the admin agree."""

import pytest
from django.core.exceptions import ValidationError

from portfolio.errors import NotAllowed
from portfolio.models import AuditEvent, Project
from portfolio.services import projects


def test_creates_and_staffs_in_one_go(world):
    project = projects.create_and_staff_project(
        committee=world.committee, name="Nytt ärende", by=world.owner, parties=[world.region],
        manager=world.manager, steering_group=[{"user": world.steering, "role": "chair"}])
    assert project.owner == world.owner and project.manager == world.manager
    assert [(m.user, m.role) for m in project.steering_group.all()] == [(world.steering, "chair")]
    actions = list(AuditEvent.objects.filter(project=project).order_by("id")
                   .values_list("action", flat=True))
    assert actions == ["project.created", "project.manager_set", "project.steering_group_set"]


def test_a_refused_steering_group_leaves_no_half_made_case(world):
    before = Project.objects.count()
    with pytest.raises(ValidationError) as error:
        projects.create_and_staff_project(
            committee=world.committee, name="Halvfärdigt", by=world.owner,
            manager=world.manager, steering_group=[{"user": world.steering, "role": "chair"},
                                                   {"user": world.steering, "role": "member"}])
    assert "steering_group" in error.value.message_dict
    assert Project.objects.count() == before
    assert not AuditEvent.objects.filter(action="project.created").exists()


def test_someone_who_may_not_open_cases_is_refused(world):
    with pytest.raises(NotAllowed):
        projects.create_and_staff_project(committee=world.committee, name="X", by=world.auditor,
                                          manager=world.manager)
    assert not Project.objects.exists()


def test_the_api_create_uses_the_same_service(world, api):
    response = api(world.owner).post("/api/v1/projects/", {
        "committee": "GNS", "name": "API-ärende", "kind": "project", "parties": ["rjh"],
        "steering_group": [{"user": "steering", "role": "chair"},
                           {"user": "steering", "role": "member"}]}, format="json")
    assert response.status_code == 400, response.content
    assert "steering_group" in response.json()
    assert not Project.objects.filter(name="API-ärende").exists()
