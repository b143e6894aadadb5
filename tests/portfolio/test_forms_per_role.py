"""Forms only for those who may (issue #13 point 6): the new-assignment and time forms, and
the link to the new-assignment form, per role; people pickers show "Name (role)"."""

import datetime
from decimal import Decimal

import pytest

from portfolio.lifecycle import State
from portfolio.models import PriceListRate, TimeEntry

# role → (may open a case, may record time on the committee's page)
ROLES = {
    "owner": (True, True), "manager": (False, True), "steering": (False, False),
    "secretary": (True, True), "chair": (True, True), "auditor": (False, False),
    "outsider": (False, False),
    # Opens cases in its own committee (GNU), never records time in GNS.
    "other_secretary": (True, False), "admin": (True, True),
}


@pytest.fixture
def running(world):
    PriceListRate.objects.create(committee=world.committee, resource="Jurist",
                                 hourly_rate=Decimal("645"), valid_from=datetime.date(2018, 1, 1))
    return world.project(State.EXECUTION)


@pytest.mark.parametrize("role", ROLES)
def test_new_assignment_form_and_link_per_role(world, client, running, role):
    may_open, _ = ROLES[role]
    client.force_login(world.users[role])
    listing = client.get("/portfolio/?committee=GNS").content.decode()
    assert ('href="/portfolio/new/"' in listing) is may_open
    page = client.get("/portfolio/new/")
    assert page.status_code == (200 if may_open else 403)
    assert ("<form" in page.content.decode() and 'name="name"' in page.content.decode()) \
        is may_open


@pytest.mark.parametrize("role", ROLES)
def test_time_form_per_role(world, client, running, role):
    _, may_record = ROLES[role]
    client.force_login(world.users[role])
    page = client.get("/portfolio/time/?committee=GNS")
    html = page.content.decode()
    assert ('name="hours"' in html) is may_record
    data = {"party": "rjh", "resource": "Jurist", "hours": "2,5", "date": "2024-02-03",
            "project": running.pk}
    response = client.post("/portfolio/time/?committee=GNS", data)
    if may_record:
        assert response.status_code == 302
        assert TimeEntry.objects.count() == 1
    else:
        assert response.status_code in (403, 404)
        assert TimeEntry.objects.count() == 0


def test_anonymous_gets_neither_form(world, client, running):
    assert client.get("/portfolio/new/").status_code == 302
    assert client.post("/portfolio/time/?committee=GNS", {"hours": "1"}).status_code == 302
    assert TimeEntry.objects.count() == 0


def test_people_pickers_show_name_and_role(world, client, running):
    world.users["manager"].first_name, world.users["manager"].last_name = "Maja", "Ledare"
    world.users["manager"].save()
    client.force_login(world.secretary)
    html = client.get("/portfolio/new/").content.decode()
    assert "Maja Ledare (projektledare)" in html
    assert "secretary (sekreterare)" in html
    assert "steering (styrgruppsledamot)" in html
