"""Who may read: the public projection outside the committee, and one query for the scope."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.feed import FeedItemSerializer
from portfolio import permissions
from portfolio.lifecycle import State
from portfolio.services import projects


def test_outside_the_committee_the_api_shows_only_the_feeds_fields(world, api):
    project = world.project(State.EXECUTION, name="Cosmic LINK2", cost_object="6674")
    projects.update_project(project=project, by=world.owner,
                            changes={"feed_hidden_fields": ["budget", "start_date"]})
    body = api(world.outsider).get(f"/api/v1/projects/{project.pk}/").json()
    assert body["name"] == "Cosmic LINK2" and body["state"] == "execution"
    assert set(body) <= set(FeedItemSerializer().fields)
    for private in ("owner", "manager", "steering_group", "cost_object", "budget", "start_date"):
        assert private not in body
    listed = api(world.outsider).get("/api/v1/projects/").json()["results"]
    assert [row["id"] for row in listed] == [project.pk] and "owner" not in listed[0]
    # The committee's own people see the whole project.
    inside = api(world.auditor).get(f"/api/v1/projects/{project.pk}/").json()
    assert inside["owner"] == "owner" and inside["cost_object"] == "6674"


def test_outside_the_committee_the_page_is_the_public_projection(world, client):
    project = world.project(State.EXECUTION, name="Cosmic LINK2", cost_object="6674")
    client.force_login(world.other_secretary)
    html = client.get(f"/portfolio/{project.pk}/").content.decode()
    assert "Cosmic LINK2" in html and 'data-testid="public-only"' in html
    assert "6674" not in html and "owner" not in html and "manager" not in html
    listing = client.get("/portfolio/").content.decode()
    assert project.case_number in listing and "owner" not in listing


def test_every_kind_of_member_reads_the_committees_projects(world):
    hidden = world.project(State.DRAFT, name="Hemligt", is_public=False)
    for role in ("owner", "manager", "steering", "member", "secretary", "chair", "auditor",
                 "admin"):
        user = world.users[role]
        assert permissions.projects_visible_to(user).filter(pk=hidden.pk).exists(), role
        assert permissions.can_read_internals(user, hidden), role
    for role in ("outsider", "other_secretary"):
        user = world.users[role]
        assert not permissions.projects_visible_to(user).filter(pk=hidden.pk).exists(), role
        assert not permissions.can_read_project(user, hidden), role


def _list_queries(user):
    with CaptureQueriesContext(connection) as queries:
        list(permissions.projects_visible_to(user))
        list(permissions.committees_readable_by(user))
    return len(queries)


def test_the_scope_is_one_query_whatever_the_portfolio(world):
    world.project(State.EXECUTION)
    few = {role: _list_queries(world.users[role]) for role in ("manager", "outsider")}
    for _ in range(4):
        world.project(State.EXECUTION, is_public=False)
    assert {role: _list_queries(world.users[role]) for role in few} == few == {
        "manager": 2, "outsider": 2}


def test_committee_pages_outside_the_committee(world, client):
    world.project(State.EXECUTION)
    client.force_login(world.outsider)
    # Nothing of a committee the user does not belong to: no time to record, no report.
    response = client.post("/portfolio/time/", {"party": "rjh", "resource": "Jurist",
                                                 "hours": "2", "date": "2024-03-01"})
    assert response.status_code == 404
    assert client.get("/portfolio/time/?committee=GNS").status_code == 404
    assert client.get("/portfolio/economy/?committee=GNS").status_code == 404
    page = client.get("/portfolio/control/").content.decode()
    assert "Testprojekt" not in page
    client.force_login(world.auditor)
    assert "Testprojekt" in client.get("/portfolio/control/").content.decode()
