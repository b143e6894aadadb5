"""Every role × every gate and transition through the real API routes (taiga-style matrix)."""

import pytest

from portfolio.lifecycle import State
from portfolio.models import AuditEvent, GateDecision

ROLES = ["owner", "manager", "steering", "member", "secretary", "chair", "auditor", "outsider",
         "other_secretary", "admin"]
COMMITTEE = {"secretary", "chair", "admin"}
STEERING = {"steering", "member", "admin"}

# action: (project state, method, path suffix, body, roles allowed, success status)
ACTIONS = {
    "submit": (State.DRAFT, "post", "transitions/submit/", {}, {"owner", "admin"}, 200),
    "cancel": (State.EXECUTION, "post", "transitions/cancel/", {"reason": "Avslutas"}, COMMITTEE,
               200),
    "decide_BP0": (State.SUBMITTED, "post", "decisions/", {"gate": "BP0", "outcome": "table"},
                   COMMITTEE, 201),
    "decide_BP1": (State.SUBMITTED, "post", "decisions/", {"gate": "BP1", "outcome": "table"},
                   STEERING, 201),
    "decide_BP2": (State.ESTABLISHMENT, "post", "decisions/", {"gate": "BP2", "outcome": "table"},
                   STEERING, 201),
    "decide_BP3": (State.EXECUTION, "post", "decisions/", {"gate": "BP3", "outcome": "table"},
                   STEERING, 201),
    "decide_BP4": (State.CLOSING, "post", "decisions/", {"gate": "BP4", "outcome": "table"},
                   COMMITTEE, 201),
    "answer_BP1": (State.SUBMITTED, "put", "checklists/BP1/", None, STEERING, 200),
    "answer_BP0": (State.SUBMITTED, "put", "checklists/BP0/", None, COMMITTEE, 200),
    "edit": (State.EXECUTION, "patch", "", {"name": "Nytt namn"}, {"owner", "manager", "admin"},
             200),
    "staff": (State.SUBMITTED, "patch", "", {"manager": "member"}, {"owner", "admin"}, 200),
    "read_events": (State.EXECUTION, "get", "events/", None,
                    {"owner", "manager", "steering", "member", "secretary", "chair", "auditor",
                     "admin"}, 200),
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(world, api, role, action):
    state, method, suffix, body, allowed, success = ACTIONS[action]
    project = world.project(state)
    if action == "submit":
        world.fill_directive(project)
    if body is None and method == "put":
        gate = suffix.split("/")[1]
        items = api(world.admin).get(f"/api/v1/projects/{project.pk}/checklists/{gate}/").json()
        body = {"items": [{"id": i["id"], "answer": "yes", "comment": ""} for i in items["items"]]}
    before = (project.state, GateDecision.objects.count(), AuditEvent.objects.count())
    client = api(world.users[role])
    response = getattr(client, method)(f"/api/v1/projects/{project.pk}/{suffix}", body,
                                       format="json")
    if role in allowed:
        assert response.status_code == success, response.content
    else:
        assert response.status_code == 403, response.content
        assert "detail" in response.json()
        project.refresh_from_db()
        assert (project.state, GateDecision.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize("role,allowed", [
    ("owner", True), ("secretary", True), ("chair", True), ("admin", True), ("auditor", False),
    ("outsider", False), ("other_secretary", False), ("steering", False),
])
def test_who_may_open_a_case(world, api, role, allowed):
    response = api(world.users[role]).post("/api/v1/projects/", {
        "committee": "GNS", "name": "Förstudie X", "kind": "prestudy", "parties": ["rjh", "are"],
    }, format="json")
    assert response.status_code == (201 if allowed else 403), response.content


def test_anonymous_is_refused(world, api):
    project = world.project()
    assert api().get("/api/v1/projects/").status_code in (401, 403)
    assert api().get(f"/api/v1/projects/{project.pk}/").status_code in (401, 403)
    assert api().post(f"/api/v1/projects/{project.pk}/transitions/submit/").status_code in (401, 403)
