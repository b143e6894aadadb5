"""Separation of duties (issue #10): who runs a project does not approve it, and a steering
group the owner proposed acts only once the committee has confirmed it."""

import datetime

import pytest

from portfolio.errors import NotAllowed, StateConflict
from portfolio.lifecycle import Gate, Outcome, State
from portfolio.models import AuditEvent, ExtensionRequest, GateDecision
from portfolio.services import extensions, lifecycle, projects, steering
from tests.conftest import DAY


def _answers(project, gate):
    return [{"id": r["id"], "answer": "yes"} for r in lifecycle.checklist(project, gate)]


def _own_group(world, project, members):
    projects.staff_project(project=project, by=world.owner, steering_group=members)
    steering.confirm_steering_group(project=project, by=world.secretary)
    project.refresh_from_db()


def test_owner_in_their_own_steering_group_is_refused_at_bp1_with_the_reason(world, api):
    project = world.project(State.SUBMITTED)
    _own_group(world, project, [{"user": world.owner, "role": "chair"},
                                {"user": world.steering, "role": "member"}])
    with pytest.raises(NotAllowed) as refused:
        lifecycle.answer_checklist(project=project, gate=Gate.BP1, by=world.owner,
                                   answers=_answers(project, Gate.BP1))
    assert refused.value.code == "separation_of_duties"
    assert "projektägaren" in refused.value.detail and "BP1" in refused.value.detail
    with pytest.raises(NotAllowed):
        lifecycle.decide_gate(project=project, gate=Gate.BP1, outcome=Outcome.TABLE,
                              by=world.owner, decided_on=DAY)
    response = api(world.owner).post(f"/api/v1/projects/{project.pk}/decisions/",
                                     {"gate": "BP1", "outcome": "start"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "separation_of_duties"
    # In Swedish, naming why.
    assert "Åtskillnad" in response.json()["detail"] and "projektägaren" in response.json()["detail"]
    assert "BP1" not in api(world.owner).get(
        f"/api/v1/projects/{project.pk}/").json()["available_transitions"]
    assert not GateDecision.objects.filter(project=project).exists()
    # The other member of the same confirmed group may.
    lifecycle.answer_checklist(project=project, gate=Gate.BP1, by=world.steering,
                               answers=_answers(project, Gate.BP1))
    lifecycle.decide_gate(project=project, gate=Gate.BP1, outcome=Outcome.START,
                          by=world.steering, decided_on=DAY)
    project.refresh_from_db()
    assert project.state == State.ESTABLISHMENT


def test_manager_is_refused_a_gate_even_as_superuser(world):
    project = world.project(State.SUBMITTED)
    projects.staff_project(project=project, by=world.owner, manager=world.admin)
    with pytest.raises(NotAllowed) as refused:
        lifecycle.decide_gate(project=project, gate=Gate.BP0, outcome=Outcome.TABLE,
                              by=world.admin, decided_on=DAY)
    assert "projektledaren" in refused.value.detail


def test_manager_cannot_recommend_an_extension(world, api):
    project = world.project(State.PRESTUDY)
    _own_group(world, project, [{"user": world.steering, "role": "chair"},
                                {"user": world.manager, "role": "member"}])
    request = extensions.request_extension(
        project=project, by=world.owner, requested_end_date=datetime.date(2025, 6, 30),
        reason="Försenad leverans", today=datetime.date(2024, 5, 1))
    extensions.submit_extension(request=request, by=world.owner)
    response = api(world.manager).post(
        f"/api/v1/extension-requests/{request.pk}/transitions/recommend/", {}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "separation_of_duties"
    assert "projektledaren" in response.json()["detail"]
    request.refresh_from_db()
    assert request.state == ExtensionRequest.State.SUBMITTED
    with pytest.raises(NotAllowed):
        extensions.recommend_extension(request=request, by=world.owner)
    extensions.recommend_extension(request=request, by=world.steering)


def test_an_unconfirmed_group_is_refused_until_the_committee_confirms_it(world, api):
    project = world.project(State.SUBMITTED)
    # A changed group is a new proposal: it waits for the committee again.
    projects.staff_project(project=project, by=world.owner,
                           steering_group=[{"user": world.steering, "role": "chair"}])
    project.refresh_from_db()
    assert project.steering_group_confirmed_at is None
    assert AuditEvent.objects.filter(project=project,
                                     action="project.steering_group_unconfirmed").exists()
    url = f"/api/v1/projects/{project.pk}/"
    response = api(world.steering).put(url + "checklists/BP1/", {"items": []}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "steering_group_unconfirmed"
    response = api(world.steering).post(url + "decisions/", {"gate": "BP1", "outcome": "table"},
                                        format="json")
    assert response.status_code == 403 and "bekräftat" in response.json()["detail"]
    assert not GateDecision.objects.filter(project=project).exists()
    # Neither the owner nor the steering group confirms it; the committee's decider does.
    for who in ("owner", "steering", "auditor", "outsider"):
        refused = api(world.users[who]).post(url + "steering-group/confirm/", {}, format="json")
        assert refused.status_code in (403, 404), who
    assert api(world.steering).post(url + "decisions/", {"gate": "BP1", "outcome": "table"},
                                    format="json").status_code == 403
    confirmed = api(world.chair).post(url + "steering-group/confirm/", {}, format="json")
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["steering_group_confirmed_at"]
    again = api(world.chair).post(url + "steering-group/confirm/", {}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_confirmed"
    response = api(world.steering).post(url + "decisions/", {"gate": "BP1", "outcome": "table"},
                                        format="json")
    assert response.status_code == 201, response.content


def test_confirmation_is_audited(world):
    project = world.project(State.SUBMITTED)
    event = AuditEvent.objects.filter(project=project,
                                      action="project.steering_group_confirmed").get()
    assert event.actor == world.secretary
    assert "steering:chair" in event.summary and "member:member" in event.summary
    project.refresh_from_db()
    assert project.steering_group_confirmed_by == world.secretary


def test_a_group_without_members_cannot_be_confirmed(world):
    project = projects.create_project(committee=world.committee, by=world.owner, name="Tomt",
                                      kind="project", parties=[world.region, world.are])
    with pytest.raises(StateConflict) as refused:
        steering.confirm_steering_group(project=project, by=world.secretary)
    assert refused.value.code == "no_steering_group"


def test_bp0_start_confirms_the_group(world):
    project = world.project(State.SUBMITTED)
    projects.staff_project(project=project, by=world.owner,
                           steering_group=[{"user": world.steering, "role": "chair"}])
    project.refresh_from_db()
    assert project.steering_group_confirmed_at is None
    world.pass_gate(project, Gate.BP0)
    project.refresh_from_db()
    assert project.state == State.PRESTUDY and project.steering_group_confirmed_at is not None
    assert project.steering_group_confirmed_by == world.secretary
    assert AuditEvent.objects.filter(project=project, action="project.steering_group_confirmed",
                                     summary__contains="BP0").exists()
    # The confirmed group now decides BP1.
    world.pass_gate(project, Gate.BP1)
    project.refresh_from_db()
    assert project.state == State.ESTABLISHMENT


def test_the_page_offers_the_committee_the_confirmation(world, client):
    project = world.project(State.SUBMITTED)
    projects.staff_project(project=project, by=world.owner,
                           steering_group=[{"user": world.steering, "role": "chair"}])
    client.force_login(world.steering)
    html = client.get(f"/portfolio/{project.pk}/").content.decode()
    assert 'data-testid="gate-refusal"' in html and "inte bekräftats av nämnden" in html
    client.force_login(world.owner)
    html = client.get(f"/portfolio/{project.pk}/").content.decode()
    assert 'data-testid="confirm-steering-group"' not in html
    assert "Åtskillnad mellan uppdrag" in html
    client.force_login(world.secretary)
    html = client.get(f"/portfolio/{project.pk}/").content.decode()
    assert 'data-testid="confirm-steering-group"' in html
    response = client.post(f"/portfolio/{project.pk}/steering-group/confirm/")
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.steering_group_confirmed_by == world.secretary
    html = client.get(f"/portfolio/{project.pk}/").content.decode()
    assert 'data-testid="confirm-steering-group"' not in html
