import datetime

import pytest
from rest_framework.authtoken.models import Token

from portfolio.lifecycle import State
from portfolio.models import AuditEvent, GateDecision, Project


def test_create_project_makes_draft_with_case_number_and_creator_as_owner(world, api):
    response = api(world.owner).post("/api/v1/projects/", {
        "committee": "GNS", "name": "Förstudie gemensam IT-serverdrift", "kind": "prestudy",
        "parties": ["rjh", "are", "berg"], "start_date": "2019-02-08",
        "planned_end_date": "2019-12-31", "cost_cap": "360000.00", "estimated_hours": "360",
        "cost_object": "6676", "manager": "manager",
        "steering_group": [{"user": "steering", "role": "chair", "responsibility": "Ordförande"}],
    }, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    year = datetime.date.today().year
    assert body["case_number"] == f"GNS/1/{year}"
    assert body["state"] == "draft" and body["state_label"] == "Utkast"
    assert body["owner"] == "owner" and body["manager"] == "manager"
    assert body["cost_cap"] == "360000.00"
    assert body["end_date"] == body["planned_end_date"] == "2019-12-31"
    assert body["steering_group"] == [{"user": "steering", "role": "chair",
                                       "responsibility": "Ordförande"}]
    assert body["available_transitions"] == ["submit"]
    second = api(world.owner).post("/api/v1/projects/", {
        "committee": "GNS", "name": "Nästa", "parties": ["rjh", "are"]}, format="json")
    assert second.json()["case_number"] == f"GNS/2/{year}"


def test_bad_input_names_the_field_and_changes_nothing(world, api):
    count = Project.objects.count()
    response = api(world.owner).post("/api/v1/projects/", {
        "committee": "NOPE", "name": "", "kind": "banana", "parties": ["mars"],
        "start_date": "2019-13-01", "cost_cap": "-5",
    }, format="json")
    assert response.status_code == 400
    assert {"committee", "name", "kind", "parties", "start_date", "cost_cap"} <= set(response.json())
    assert Project.objects.count() == count
    response = api(world.owner).post("/api/v1/projects/", {
        "committee": "GNS", "name": "X", "start_date": "2020-01-02",
        "planned_end_date": "2020-01-01"}, format="json")
    assert response.status_code == 400
    assert "planned_end_date" in response.json()
    assert Project.objects.count() == count


def test_state_is_read_only_everywhere(world, api):
    project = world.project()
    response = api(world.owner).patch(f"/api/v1/projects/{project.pk}/", {"state": "closed"},
                                      format="json")
    assert response.status_code == 400
    assert "state" in response.json()
    project.refresh_from_db()
    assert project.state == State.DRAFT
    assert api(world.admin).put(f"/api/v1/projects/{project.pk}/", {"name": "x"},
                                format="json").status_code == 405


def test_patch_records_audit_and_plan_locks_after_bp1(world, api):
    project = world.project(State.EXECUTION)
    response = api(world.manager).patch(f"/api/v1/projects/{project.pk}/",
                                        {"risks": "Leverantören försenas"}, format="json")
    assert response.status_code == 200
    event = AuditEvent.objects.filter(project=project, action="project.updated").latest("id")
    assert event.changes["risks"] == ["", "Leverantören försenas"]
    response = api(world.owner).patch(f"/api/v1/projects/{project.pk}/",
                                      {"planned_end_date": "2030-01-01"}, format="json")
    assert response.status_code == 400
    assert "planned_end_date" in response.json()
    response = api(world.owner).patch(f"/api/v1/projects/{project.pk}/",
                                      {"manager": "member"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "staffing_closed"


def test_gate_decision_flow_with_checklist_and_409s(world, api):
    project = world.project(State.SUBMITTED)
    client = api(world.steering)
    url = f"/api/v1/projects/{project.pk}/"
    checklist = client.get(url + "checklists/BP1/").json()
    assert len(checklist["items"]) == 9
    assert all(i["answer"] is None for i in checklist["items"])
    assert checklist["items"][0] == {
        "id": checklist["items"][0]["id"], "key": "owner_appointed",
        "text": "Projektägare är utsedd (finansiär)", "mandatory": True, "answer": None,
        "comment": ""}
    refused = client.post(url + "decisions/", {"gate": "BP1", "outcome": "start",
                                               "decided_on": "2024-02-01"}, format="json")
    assert refused.status_code == 409
    assert refused.json()["code"] == "checklist_incomplete"
    assert len(refused.json()["failing_items"]) == 9
    answers = [{"id": i["id"], "answer": "yes", "comment": "ok"} for i in checklist["items"]]
    answered = client.put(url + "checklists/BP1/", {"items": answers}, format="json")
    assert answered.status_code == 200
    assert answered.json()["failing_items"] == []
    decided = client.post(url + "decisions/", {"gate": "BP1", "outcome": "start",
                                               "decided_on": "2024-02-01",
                                               "comment": "Enligt direktiv"}, format="json")
    assert decided.status_code == 201, decided.content
    assert decided.json()["state"] == "establishment"
    assert decided.json()["state_label"] == "Etablering"
    assert len(decided.json()["checklist_snapshot"]) == 9
    again = client.post(url + "decisions/", {"gate": "BP1", "outcome": "start"}, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "wrong_state"
    listed = client.get(url + "decisions/").json()
    assert listed["count"] == 1 and listed["results"][0]["gate"] == "BP1"


def test_bad_checklist_and_decision_input(world, api):
    project = world.project(State.SUBMITTED)
    client = api(world.steering)
    url = f"/api/v1/projects/{project.pk}/"
    bad = client.put(url + "checklists/BP1/", {"items": [{"id": 999999, "answer": "maybe"}]},
                     format="json")
    assert bad.status_code == 400
    assert "items" in bad.json()
    bad = client.put(url + "checklists/BP1/", {"items": [{"id": 999999, "answer": "yes"}]},
                     format="json")
    assert bad.status_code == 400
    assert "items[0].id" in bad.json()
    assert client.get(url + "checklists/BP9/").status_code == 404
    bad = client.post(url + "decisions/", {"gate": "BP7", "outcome": "go"}, format="json")
    assert bad.status_code == 400
    assert set(bad.json()) == {"gate", "outcome"}
    bad = client.post(url + "decisions/", {"gate": "BP1", "outcome": "table",
                                           "decided_on": "2999-01-01"}, format="json")
    assert bad.status_code == 400 and "decided_on" in bad.json()
    assert GateDecision.objects.count() == 0
    unknown = client.post(url + "transitions/fly/", {}, format="json")
    assert unknown.status_code == 404


def test_cancel_requires_reason(world, api):
    project = world.project(State.EXECUTION)
    response = api(world.secretary).post(f"/api/v1/projects/{project.pk}/transitions/cancel/",
                                         {}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    response = api(world.secretary).post(f"/api/v1/projects/{project.pk}/transitions/cancel/",
                                         {"reason": "Ingen verksamhetsförankring"}, format="json")
    assert response.status_code == 200
    assert response.json()["state"] == "cancelled"
    assert response.json()["cancel_reason"] == "Ingen verksamhetsförankring"


def test_list_filters_search_and_pagination(world, api):
    world.project(name="Cosmic LINK2")
    world.project(State.EXECUTION, name="Serverdrift Åre", parties=[world.region, world.are],
                  kind="service")
    world.project(State.SUBMITTED, name="Löneadministration", parties=[world.berg, world.region])
    client = api(world.auditor)
    assert client.get("/api/v1/projects/").json()["count"] == 3
    # Outside the committee only the public feed's projects: not the draft.
    assert api(world.outsider).get("/api/v1/projects/").json()["count"] == 2
    assert client.get("/api/v1/projects/?state=execution").json()["count"] == 1
    assert client.get("/api/v1/projects/?kind=service").json()["count"] == 1
    assert client.get("/api/v1/projects/?party=berg").json()["count"] == 1
    assert client.get("/api/v1/projects/?committee=gns").json()["count"] == 3
    assert client.get("/api/v1/projects/?committee=GNU").json()["count"] == 0
    assert client.get("/api/v1/projects/?search=link2").json()["count"] == 1
    assert client.get("/api/v1/projects/?search=GNS/2/2024").json()["count"] == 1
    page = client.get("/api/v1/projects/?page_size=2").json()
    assert len(page["results"]) == 2 and page["next"]
    assert client.get("/api/v1/projects/?page_size=100000").status_code == 200
    assert client.get("/api/v1/projects/?state=flying").status_code == 400
    assert client.get("/api/v1/projects/?updated_since=yesterday").status_code == 400
    future = client.get("/api/v1/projects/?updated_since=2999-01-01T00:00:00Z").json()
    assert future["count"] == 0
    assert client.get("/api/v1/projects/?page=99").status_code == 404


def test_token_auth_and_events(world, api):
    from rest_framework.test import APIClient

    project = world.project(State.SUBMITTED)
    token = Token.objects.create(user=world.auditor)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    events = client.get(f"/api/v1/projects/{project.pk}/events/")
    assert events.status_code == 200
    actions = [e["action"] for e in events.json()["results"]]
    assert actions[0] == "project.submitted" and "project.created" in actions
    refused = client.post(f"/api/v1/projects/{project.pk}/decisions/",
                          {"gate": "BP0", "outcome": "table"}, format="json")
    assert refused.status_code == 403
    outsider = api(world.outsider).get(f"/api/v1/projects/{project.pk}/events/")
    assert outsider.status_code == 403


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/"])
def test_schema_and_docs_are_served_locally(world, client, path):
    response = client.get(path)
    assert response.status_code == 200
    if path == "/api/docs/":
        html = response.content.decode()
        assert "swagger-ui" in html and "cdn.jsdelivr" not in html and "unpkg" not in html


def test_schema_describes_the_project_endpoints(world, client):
    import yaml

    schema = yaml.safe_load(client.get("/api/schema/").content)
    paths = schema["paths"]
    for path in ["/api/v1/projects/", "/api/v1/projects/{id}/",
                 "/api/v1/projects/{id}/decisions/", "/api/v1/projects/{id}/events/",
                 "/api/v1/projects/{id}/checklists/{gate}/",
                 "/api/v1/projects/{id}/transitions/{name}/"]:
        assert path in paths, path
    assert "409" in paths["/api/v1/projects/{id}/decisions/"]["post"]["responses"]
