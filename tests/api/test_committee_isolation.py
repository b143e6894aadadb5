"""Opening a case does not open a committee: the owners' permission works only where the user
already belongs, and a draft of one's own is no membership of its committee."""

import datetime

import pytest
from django.contrib.auth.models import Permission, User

from portfolio import permissions
from portfolio.lifecycle import State
from portfolio.models import Project
from portfolio.services import projects

NEW = {"name": "Intrång", "kind": "prestudy", "parties": ["rjh"]}


def test_owner_cannot_open_a_case_in_another_committee(world, api, client):
    response = api(world.owner).post("/api/v1/projects/", {**NEW, "committee": "GNU"},
                                     format="json")
    assert response.status_code == 403, response.content
    client.force_login(world.owner)
    response = client.post("/portfolio/new/", {
        "committee": world.other_committee.pk, "name": "Intrång", "kind": "prestudy",
        "parties": [world.region.pk]})
    # The page offers only the committees one may open a case in: another is a field error.
    assert response.status_code == 400 and "committee" in response.context["form"].errors
    assert not Project.objects.filter(committee=world.other_committee).exists()
    # In their own committee the same request opens the case.
    response = api(world.owner).post("/api/v1/projects/", {**NEW, "committee": "GNS"},
                                     format="json")
    assert response.status_code == 201, response.content


def test_running_a_project_past_its_draft_lets_the_owner_open_cases(world):
    outsider = world.outsider
    outsider.user_permissions.add(Permission.objects.get(codename="add_project"))
    outsider = User.objects.get(pk=outsider.pk)  # fresh permission cache
    assert not permissions.can_create_project(outsider, world.committee)
    draft = projects.create_project(committee=world.committee, by=world.secretary, owner=outsider,
                                    name="Utkast", parties=[world.region])
    assert not permissions.can_create_project(outsider, world.committee)
    # Submitted (past its draft): now the owner is one of the committee's people.
    Project.objects.filter(pk=draft.pk).update(state=State.SUBMITTED)
    assert permissions.can_create_project(outsider, world.committee)
    assert not permissions.can_create_project(outsider, world.other_committee)
    # An auditor with the permission still opens no case: auditing is independent.
    world.auditor.user_permissions.add(Permission.objects.get(codename="add_project"))
    assert not permissions.can_create_project(User.objects.get(pk=world.auditor.pk),
                                              world.committee)


@pytest.fixture
def drafter(world):
    """A user whose only link to GNS is a draft they own, next to a GNS project not public."""
    user = User.objects.create_user("drafter", password="pw")
    draft = projects.create_project(committee=world.committee, by=world.secretary, owner=user,
                                    name="Eget utkast", parties=[world.region])
    hidden = world.project(State.EXECUTION, name="Internt", is_public=False)
    return user, draft, hidden


def test_a_draft_of_ones_own_reads_only_that_draft(world, api, client, drafter):
    user, draft, hidden = drafter
    assert not permissions.can_read_committee(user, world.committee.pk)
    body = api(user).get("/api/v1/projects/").json()
    listed = [p["id"] for p in (body["results"] if isinstance(body, dict) else body)]
    assert draft.pk in listed and hidden.pk not in listed
    assert api(user).get(f"/api/v1/projects/{hidden.pk}/").status_code == 404
    assert api(user).get(f"/api/v1/projects/{draft.pk}/").status_code == 200
    assert api(user).get(f"/api/v1/projects/{draft.pk}/budget/").status_code == 200
    for url in ("/api/v1/control/?committee=GNS",
                "/api/v1/time-entries/invoicing/?committee=GNS",
                f"/api/v1/reports/follow-up/?committee=GNS&year={datetime.date.today().year}"
                "&period=T1"):
        assert api(user).get(url).status_code == 404, url
    client.force_login(user)
    assert client.get(f"/portfolio/{hidden.pk}/").status_code == 404
    assert client.get(f"/portfolio/{draft.pk}/").status_code == 200
    for url in ("/portfolio/control/?committee=GNS",
                "/portfolio/economy/?committee=GNS&year=2024&period=T1",
                "/portfolio/time/?committee=GNS"):
        assert client.get(url).status_code == 404, url
    meetings = api(user).get("/api/v1/meetings/").json()
    assert not (meetings.get("results", meetings) if isinstance(meetings, dict) else meetings)


def test_a_drafts_owner_sees_the_time_on_it_and_nothing_else(world, api, drafter):
    from decimal import Decimal

    from portfolio.models import PriceListRate
    from portfolio.services import time

    user, draft, hidden = drafter
    PriceListRate.objects.create(committee=world.committee, resource="Jurist",
                                 hourly_rate=Decimal(645), valid_from=datetime.date(2019, 1, 1))
    for project, by in ((draft, user), (hidden, world.secretary)):
        time.record_time(committee=world.committee, party=world.are, resource="Jurist", hours=1,
                         date=datetime.date(2024, 3, 1), by=by, project=project)
    body = api(user).get("/api/v1/time-entries/").json()
    rows = body["results"] if isinstance(body, dict) else body
    assert [row["project"] for row in rows] == [draft.pk]
