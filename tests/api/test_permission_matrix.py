"""Every role × every gate and transition through the real API routes (taiga-style matrix)."""

import pytest
from django.contrib.auth.models import Permission, User

from portfolio.lifecycle import State
from portfolio.models import AuditEvent, GateDecision
from portfolio.services import projects
from tests.conftest import decide_and_confirm

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
    # The owner proposes the steering group; the committee's deciders confirm it.
    "confirm_steering": (State.SUBMITTED, "post", "steering-group/confirm/", {}, COMMITTEE, 200),
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
    if action == "confirm_steering":
        # A group the owner has just changed waits for the committee.
        projects.staff_project(project=project, by=world.owner,
                               steering_group=[{"user": world.steering, "role": "chair"}])
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
        # A draft is not public: outside the committee it does not exist.
        hidden = state == State.DRAFT and role in ("outsider", "other_secretary")
        assert response.status_code == (404 if hidden else 403), response.content
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


# -- Who may read: every role × every page and endpoint that shows data (issue #10).
#
# A committee's members (its committee roles, the owners, managers and steering groups of its
# projects, superusers) read everything of its projects; everyone else reads what the public
# feed shows: a project that is not public is not revealed (404), the internal parts of a
# public one are refused (403). Anonymous pages go to the login page (302); the API says 403.

# "drafter": holds the owners' permission and owns a draft in GNS, which is no membership.
READ_ROLES = ROLES + ["other_steering", "drafter", "anonymous"]
MEMBERS = {"owner", "manager", "steering", "member", "secretary", "chair", "auditor", "admin"}

# url template: what it shows. "list": a list or page scoped by itself (everyone signed in);
# "project": the project (its public projection outside the committee); "internal": a part of
# the project only its committee reads; "committee": the committee's meetings, money, time and
# internal control (members only, 404 for others).
READS = {
    # pages (portfolio/urls.py, directives/urls.py)
    "/portfolio/": "list",
    "/portfolio/{p}/": "project",
    "/portfolio/{p}/events/": "internal",
    "/portfolio/{p}/budget/": "internal",
    "/documents/{p}/directive/": "internal",
    "/documents/{p}/directive/pdf/": "internal",
    "/documents/{p}/directive/versions/": "internal",
    "/documents/{p}/directive/versions/{v}/": "internal",
    "/documents/{p}/final-report/": "internal",
    "/documents/{p}/final-report/pdf/": "internal",
    "/portfolio/meetings/": "list",
    "/portfolio/meetings/{m}/": "committee",
    "/portfolio/meetings/{m}/agenda.pdf": "committee",
    "/portfolio/meetings/{m}/items/{i}/extract.pdf": "committee",
    "/portfolio/steering/": "list",
    "/portfolio/control/": "list",
    "/portfolio/control/?committee=GNS": "committee",
    "/portfolio/economy/": "list",
    "/portfolio/economy/?committee=GNS&year=2024&period=T1": "committee",
    "/portfolio/economy/report/?committee=GNS&year=2024&period=T1&format=csv": "committee",
    "/portfolio/economy/report/?committee=GNS&year=2024&period=T1": "committee",
    "/portfolio/time/": "list",
    "/portfolio/time/?committee=GNS": "committee",
    # API (api/urls.py)
    "/api/v1/projects/": "list",
    "/api/v1/projects/{p}/": "project",
    "/api/v1/projects/{p}/checklists/BP3/": "internal",
    "/api/v1/projects/{p}/decisions/": "internal",
    "/api/v1/projects/{p}/events/": "internal",
    "/api/v1/projects/{p}/directive/": "internal",
    "/api/v1/projects/{p}/directive/versions/": "internal",
    "/api/v1/projects/{p}/directive/versions/{v}/": "internal",
    "/api/v1/projects/{p}/directive.pdf": "internal",
    "/api/v1/projects/{p}/final-report/": "internal",
    "/api/v1/projects/{p}/final-report.pdf": "internal",
    "/api/v1/projects/{p}/extension-requests/": "internal",
    "/api/v1/projects/{p}/budget/": "internal",
    "/api/v1/extension-requests/": "list",
    "/api/v1/extension-requests/{e}/": "internal",
    "/api/v1/extension-requests/{e}.pdf": "internal",
    "/api/v1/meetings/": "list",
    "/api/v1/meetings/{m}/": "committee",
    "/api/v1/meetings/{m}/agenda.pdf": "committee",
    "/api/v1/control/": "list",
    "/api/v1/control/?committee=GNS": "committee",
    "/api/v1/time-entries/": "list",
    "/api/v1/time-entries/invoicing/?committee=GNS": "committee",
    "/api/v1/reports/follow-up/?committee=GNS&year=2024&period=T1": "committee",
    "/api/v1/reports/follow-up/?project={p}&year=2024&period=T1": "internal",
    "/api/v1/committees/GNS/base-fee/?year=2024": "committee",
    "/api/v1/templates/": "list",
    "/api/v1/templates/projektdirektiv/": "list",
    "/api/v1/price-list/": "list",
}


def expected_read(role: str, kind: str, public: bool, url: str) -> int:
    if role == "anonymous":
        return 403 if url.startswith("/api/") else 302
    if role in MEMBERS or kind == "list":
        return 200
    if kind == "committee" or not public:
        return 404
    return 200 if kind == "project" else 403


@pytest.fixture
def read_world(world, monkeypatch):
    """A running project with everything under it, public or not, and a project of the other
    committee whose steering group makes other_steering a member of that committee only."""
    import datetime

    from portfolio.services import extensions, meetings, projects

    # Statuses are what this matrix checks; rendering PDFs is tested elsewhere.
    monkeypatch.setattr("directives.http.render_pdf", lambda html: b"%PDF-1.4 stub")
    other = projects.create_project(committee=world.other_committee, by=world.admin,
                                    name="Annat", kind="project", parties=[world.region, world.are])
    projects.staff_project(project=other, by=world.admin,
                           steering_group=[{"user": world.other_steering, "role": "chair"}])
    drafter = User.objects.create_user("drafter", password="pw")
    drafter.user_permissions.add(Permission.objects.get(codename="add_project"))
    world.users["drafter"] = drafter
    projects.create_project(committee=world.committee, by=world.secretary, owner=drafter,
                            name="Eget utkast", kind="project", parties=[world.region])
    made = {}
    for public in (True, False):
        project = world.project(State.EXECUTION, name=f"Projekt {public}", is_public=public)
        extension = extensions.request_extension(
            project=project, by=world.owner, requested_end_date=datetime.date(2025, 6, 30),
            reason="Leverantören försenade leveransen.", today=datetime.date(2024, 5, 1))
        made[public] = {"p": project.pk, "e": extension.pk,
                        "v": project.documents.get(kind="directive").latest.label}
    meeting = meetings.create_meeting(committee=world.committee, date=datetime.date(2024, 6, 3),
                                      by=world.secretary)
    item = meetings.add_item(meeting=meeting, by=world.secretary, heading="Information")
    decide_and_confirm(item=item, outcome="noted", by=world.secretary)
    for ids in made.values():
        ids.update(m=meeting.pk, i=item.pk)
    return made


@pytest.mark.parametrize("public", [True, False], ids=["public", "not_public"])
@pytest.mark.parametrize("role", READ_ROLES)
def test_read_matrix(world, read_world, client, api, role, public):
    ids = read_world[public]
    user = world.users.get(role)
    if user is not None:
        client.force_login(user)
    got, expected = {}, {}
    for template, kind in READS.items():
        url = template.format(**ids)
        caller = api(user) if url.startswith("/api/") else client
        response = caller.get(url)
        got[url] = response.status_code
        expected[url] = expected_read(role, kind, public, url)
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"], url
    assert got == expected
