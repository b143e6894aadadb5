"""The committee overview page and its API, "My work" and its API: who reads what (one test
per role), the timeline SVG, and returning to "My work" after a decision."""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from portfolio.lifecycle import Gate, Outcome, State
from portfolio.models import ExtensionRequest
from portfolio.reports import timeline
from portfolio.services import extensions

SVG = "{http://www.w3.org/2000/svg}"
# Roles that read GNS (committee roles, and the people of its projects past their draft).
GNS_READERS = {"owner", "manager", "steering", "member", "secretary", "chair", "auditor",
               "admin"}
ROLES = sorted(GNS_READERS | {"outsider", "other_secretary", "other_steering", "anonymous"})


@pytest.fixture
def portfolio(world):
    running = world.project(State.EXECUTION, name="Löpande projekt", cost_cap=Decimal("500000"))
    waiting = world.project(State.SUBMITTED, name="Väntar på beslut",
                            planned_end_date=datetime.date(2025, 6, 30))
    draft = world.project(State.DRAFT, name="Utkastet")
    return {"running": running, "waiting": waiting, "draft": draft}


def _client(client, world, role):
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_overview_page_per_role(world, portfolio, client, role):
    client = _client(client, world, role)
    response = client.get("/portfolio/overview/?committee=GNS")
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        return
    if role not in GNS_READERS:
        assert response.status_code == 404
        # Without a committee the page says there is nothing, and shows no GNS project.
        response = client.get("/portfolio/overview/")
        html = response.content.decode()
        assert response.status_code == 200
        assert "Löpande projekt" not in html
        return
    assert response.status_code == 200
    html = response.content.decode()
    for project in portfolio.values():
        assert f'<tr data-project="{project.pk}">' in html
    assert '<td class="num" data-state="execution">1</td>' in html
    assert '<td class="num" data-state="submitted">1</td>' in html
    assert '<td class="num" data-state="draft">1</td>' in html
    assert 'role="img"' in html and "<title" in html and "timeline-table" in html


@pytest.mark.parametrize("role", ROLES)
def test_overview_api_per_role(world, portfolio, api, role):
    response = api(world.users.get(role)).get("/api/v1/committees/GNS/overview/")
    if role == "anonymous":
        assert response.status_code == 403
        return
    if role not in GNS_READERS:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    body = response.json()
    assert body["committee"] == "GNS"
    counts = {c["state"]: c["count"] for c in body["counts"]}
    assert counts["execution"] == counts["submitted"] == counts["draft"] == 1
    rows = {p["id"]: p for p in body["projects"]}
    running = rows[portfolio["running"].pk]
    assert running["cost_cap"] == "500000.00" and running["outcome"] == "0.00"
    assert running["health"]["time"] in {"green", "amber", "red"}
    assert api(world.users.get(role)).get("/api/v1/committees/NOPE/overview/").status_code == 404


def test_other_committee_reads_its_own_overview_only(world, portfolio, api, client):
    assert api(world.other_secretary).get("/api/v1/committees/GNU/overview/").status_code == 200
    client.force_login(world.other_secretary)
    html = client.get("/portfolio/overview/").content.decode()  # their only committee
    assert "Annan nämnd" in html and "Löpande projekt" not in html


@pytest.mark.parametrize("role", ROLES)
def test_my_work_page_and_api_per_role(world, portfolio, client, api, role):
    response = _client(client, world, role).get("/portfolio/mine/")
    api_response = api(world.users.get(role)).get("/api/v1/me/work/")
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert api_response.status_code == 403
        return
    assert response.status_code == 200 and api_response.status_code == 200
    html = response.content.decode()
    body = api_response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    kinds = {(i["kind"], i["project"], i["gate"]) for i in body["results"]}
    waiting = portfolio["waiting"].pk
    expected = {
        "steering": {("checklist", waiting, "BP1"), ("checklist", portfolio["running"].pk, "BP3")},
        "member": {("checklist", waiting, "BP1"), ("checklist", portfolio["running"].pk, "BP3")},
        "secretary": {("checklist", waiting, "BP0")},
        "chair": {("checklist", waiting, "BP0")},
        "owner": {("sections", portfolio["draft"].pk, "")},
        "manager": {("sections", portfolio["draft"].pk, "")},
    }.get(role, set())
    assert kinds == expected
    assert body["count"] == len(expected)
    for item in body["results"]:
        assert item["url"] in html or item["url"].split("#")[0] in html
    if not expected:
        assert "Inget väntar på dig." in html


def test_my_work_api_page_size_is_checked(world, api):
    response = api(world.steering).get("/api/v1/me/work/?page_size=²")
    assert response.status_code == 400 and "page_size" in response.json()


def test_decision_from_my_work_returns_there(world, client):
    project = world.project(State.SUBMITTED)
    world.answer_all(project, Gate.BP1)
    client.force_login(world.steering)
    html = client.get("/portfolio/mine/").content.decode()
    link = f"/portfolio/{project.pk}/?next=%2Fportfolio%2Fmine%2F#gate-BP1"
    assert link in html
    page = client.get(link.split("#")[0]).content.decode()
    assert '<input type="hidden" name="next" value="/portfolio/mine/">' in page
    response = client.post(f"/portfolio/{project.pk}/gates/BP1/",
                           {"outcome": Outcome.START, "decided_on": "2024-03-01",
                            "next": "/portfolio/mine/"})
    assert response.status_code == 302 and response["Location"] == "/portfolio/mine/"
    project.refresh_from_db()
    assert project.state == State.ESTABLISHMENT
    assert "#gate-BP1" not in client.get("/portfolio/mine/").content.decode()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x",
                                    "javascript:alert(1)"])
def test_next_off_site_is_ignored(world, client, target):
    project = world.project(State.SUBMITTED)
    world.answer_all(project, Gate.BP1)
    client.force_login(world.steering)
    response = client.post(f"/portfolio/{project.pk}/gates/BP1/",
                           {"outcome": Outcome.START, "decided_on": "2024-03-01",
                            "next": target})
    assert response.status_code == 302 and response["Location"] == f"/portfolio/{project.pk}/"
    page = client.get(f"/portfolio/{project.pk}/?next={target}").content.decode()
    assert '<input type="hidden" name="next"' not in page  # (the language form has its own)


def test_saving_the_checklist_keeps_the_way_back(world, client):
    project = world.project(State.SUBMITTED)
    client.force_login(world.steering)
    response = client.post(f"/portfolio/{project.pk}/gates/BP1/",
                           {"outcome": "", "next": "/portfolio/mine/"})
    assert response.status_code == 302
    assert response["Location"] == (f"/portfolio/{project.pk}/?next=%2Fportfolio%2Fmine%2F"
                                    "#gate-BP1")


def test_recommend_from_my_work_returns_there(world, client):
    project = world.project(State.EXECUTION)
    request = extensions.submit_extension(request=extensions.request_extension(
        project=project, by=world.owner, requested_end_date=datetime.date(2025, 6, 30),
        reason="Sen leverans", today=datetime.date(2024, 5, 1)), by=world.owner)
    client.force_login(world.member)
    html = client.get("/portfolio/mine/").content.decode()
    assert f"/portfolio/extensions/{request.pk}/recommend/" in html
    response = client.post(f"/portfolio/extensions/{request.pk}/recommend/",
                           {"next": "/portfolio/mine/"})
    assert response["Location"] == "/portfolio/mine/"
    request.refresh_from_db()
    assert request.state == ExtensionRequest.State.RECOMMENDED


# -- The timeline SVG ----------------------------------------------------------------------

def test_timeline_svg_is_valid_xml_with_one_bar_per_project_and_gates(world):
    running = world.project(State.EXECUTION, name="Med <tecken> & citat \"x\"")
    waiting = world.project(State.SUBMITTED)
    undated = world.project(State.DRAFT, start_date=None, planned_end_date=None)
    rows = timeline.rows_for([running, waiting, undated], {running.pk: "red"})
    root = ET.fromstring(timeline.svg(rows, title="Tidslinje GNS"))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Tidslinje GNS"
    assert root.find(f"{SVG}desc") is not None
    bars = root.findall(f".//{SVG}rect")
    assert len(bars) == 2  # the undated draft has no bar (it is in the table)
    groups = {g.get("data-project"): g for g in root.iter(f"{SVG}g") if g.get("data-project")}
    assert set(groups) == {str(running.pk), str(waiting.pk)}
    gates = [p.get("data-gate") for p in groups[str(running.pk)].iter(f"{SVG}path")]
    assert gates == ["BP1", "BP2"]
    assert not list(groups[str(waiting.pk)].iter(f"{SVG}path"))
    assert "health-red" in groups[str(running.pk)].find(f"{SVG}rect").get("class")
    text = "".join(groups[str(running.pk)].itertext())
    assert "Med <tecken> & citat" in text


def test_timeline_of_nothing_is_still_an_image(world):
    root = ET.fromstring(timeline.svg([], title="Tom"))
    assert root.get("role") == "img" and not root.findall(f".//{SVG}rect")
