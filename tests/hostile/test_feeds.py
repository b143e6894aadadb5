"""The feeds under hostile content: escaped text, no control characters, one public
projection for the JSON and the Atom feed."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from portfolio import public as projection
from portfolio.lifecycle import Gate, Outcome, State
from portfolio.models import Project
from portfolio.services import extensions, projects

ATOM = "{http://www.w3.org/2005/Atom}"
XSS = '<script>alert("feed")</script><img src=x onerror=alert(1)>'


@pytest.fixture(autouse=True)
def _public(settings, db):
    settings.PUBLIC_FEED = True
    cache.clear()
    yield
    cache.clear()


def _atom():
    response = APIClient().get("/api/v1/feed/decisions.atom",
                               HTTP_ACCEPT="application/atom+xml")
    assert response.status_code == 200, response.content[:300]
    return response, ET.fromstring(response.content)


def test_descriptions_go_out_as_escaped_text_not_html(world):
    project = world.project(State.EXECUTION, name=f"Namn {XSS}")
    world.decide(project, Gate.BP3, Outcome.TABLE, comment=f"Kommentar {XSS}",
                 decided_on=datetime.date(2024, 3, 5))
    response, root = _atom()
    raw = response.content.decode()
    assert "<script>" not in raw and "&lt;script&gt;" in raw
    summaries = root.findall(f"{ATOM}entry/{ATOM}summary")
    assert summaries and all(s.get("type") == "text" for s in summaries)
    assert 'type="html"' not in raw
    # A feed reader shows the text itself, not markup made from it; the comment stays inside.
    assert any(XSS in e.text for e in root.findall(f"{ATOM}entry/{ATOM}title"))
    assert "Kommentar" not in raw


@pytest.mark.parametrize("bad", ["\x00", "\x01", "\x0b", "\x1f", "\ufffe"])
def test_control_characters_are_refused_at_input(world, api, client, bad):
    project = world.project(State.EXECUTION)
    response = api(world.owner).patch(f"/api/v1/projects/{project.pk}/",
                                      {"name": f"Na{bad}mn"}, format="json")
    assert response.status_code == 400, response.content[:300]
    assert "name" in response.json()
    project.refresh_from_db()
    assert project.name == "Testprojekt"
    created = api(world.owner).post("/api/v1/projects/", {
        "committee": "GNS", "name": f"Ny{bad}tt", "kind": "project"}, format="json")
    assert created.status_code == 400 and "name" in created.json()
    decision = api(world.steering).post(f"/api/v1/projects/{project.pk}/decisions/", {
        "gate": "BP3", "outcome": "table", "decided_on": "2024-03-05",
        "comment": f"Bord{bad}lagd"}, format="json")
    assert decision.status_code == 400 and "comment" in decision.json()
    draft = world.project(name="Utkast")
    section = api(world.owner).put(f"/api/v1/projects/{draft.pk}/directive/", {
        "version": None, "sections": [{"key": "basic", "content": f"Te{bad}xt"}]},
        format="json")
    assert section.status_code == 400, section.content[:300]
    assert "content" in str(section.json())
    client.force_login(world.owner)
    page = client.post("/portfolio/new/", {"committee": world.committee.pk,
                                           "name": f"Si{bad}da", "kind": "project"})
    assert page.status_code == 400
    assert not Project.objects.filter(name__startswith="Ny").exists()
    assert not Project.objects.filter(name__startswith="Si").exists()


def test_feeds_survive_a_stored_control_character(world):
    project = world.project(State.EXECUTION, name="Cosmic LINK2")
    # A row stored before input was checked (bypassing the model like an old import would).
    Project.objects.filter(pk=project.pk).update(name="Cosmic\x01 LINK2\x0b",
                                                 cancel_reason="x\x02")
    response, root = _atom()
    titles = [e.text for e in root.findall(f"{ATOM}entry/{ATOM}title")]
    assert titles and all("\x01" not in t and "\x0b" not in t for t in titles)
    assert any(t.startswith("Cosmic LINK2") for t in titles)
    assert APIClient().get("/api/v1/feed/").status_code == 200


def test_hidden_fields_are_kept_out_of_the_atom_feed_too(world):
    shown = world.project(State.EXECUTION, name="Synligt projekt")
    quiet = world.project(State.EXECUTION, name="Tyst projekt")
    dated = world.project(State.EXECUTION, name="Datumlöst projekt")
    for project in (shown, quiet, dated):
        request = extensions.request_extension(
            project=project, by=world.owner, requested_end_date=datetime.date(2025, 10, 31),
            reason="Försenad inloggning", today=datetime.date(2024, 5, 1))
        extensions.submit_extension(request=request, by=world.owner)
        extensions.recommend_extension(request=request, by=world.steering)
        extensions.decide_extension(request=request, by=world.secretary, approve=True,
                                    decided_on=datetime.date(2024, 6, 3))
    projects.update_project(project=quiet, by=world.owner,
                            changes={"feed_hidden_fields": ["latest_decision"]})
    projects.update_project(project=dated, by=world.owner,
                            changes={"feed_hidden_fields": ["end_date"]})
    _response, root = _atom()
    titles = [e.text for e in root.findall(f"{ATOM}entry/{ATOM}title")]
    assert "Synligt projekt: förlängning beviljad till 2025-10-31" in titles
    assert not any(t.startswith("Tyst projekt") for t in titles)
    assert "Datumlöst projekt: förlängning beviljad" in titles
    assert not any("Datumlöst" in t and "2025" in t for t in titles)
    # The JSON feed agrees, from the same projection.
    items = {i["name"]: i for i in APIClient().get("/api/v1/feed/").json()["results"]}
    assert "latest_decision" not in items["Tyst projekt"]
    assert "end_date" not in items["Datumlöst projekt"]
    assert "latest_decision" in items["Synligt projekt"]


def test_not_public_projects_are_in_neither_feed(world):
    secret = world.project(State.EXECUTION, name="Hemligt")
    world.decide(secret, Gate.BP3, Outcome.TABLE, decided_on=datetime.date(2024, 3, 5))
    Project.objects.filter(pk=secret.pk).update(is_public=False)
    _response, root = _atom()
    assert not any("Hemligt" in (e.text or "") for e in root.iter(f"{ATOM}title"))
    assert APIClient().get("/api/v1/feed/").json()["count"] == 0
    assert not projection.public_projects().filter(pk=secret.pk).exists()


def test_admin_shows_control_characters_and_bad_dates_as_field_errors(world, client):
    from portfolio.models import Meeting, Party

    client.force_login(world.admin)
    client.raise_request_exception = False
    response = client.post("/en/admin/portfolio/party/add/", {
        "code": "ny", "name": "Ny\x01 kommun", "kind": "municipality"})
    assert response.status_code == 200  # the form again, with the error, not a 500
    assert "control character" in response.content.decode()
    assert not Party.objects.filter(code="ny").exists()
    response = client.post("/en/admin/portfolio/meeting/add/", {
        "committee": world.committee.pk, "date": "0001-01-01", "place": "Östersund"})
    assert response.status_code == 200
    assert "Enter a date between 1990-01-01 and 2100-12-31." in response.content.decode()
    assert not Meeting.objects.exists()


def _decided_extension(world, project, *, approve):
    request = extensions.request_extension(
        project=project, by=world.owner, requested_end_date=datetime.date(2025, 10, 31),
        reason="Internt skäl: leverantören har gått i konkurs", today=datetime.date(2024, 5, 1),
        proposed_decision="Internt förslag: bevilja mot villkor")
    extensions.submit_extension(request=request, by=world.owner)
    extensions.recommend_extension(request=request, by=world.steering)
    extensions.decide_extension(request=request, by=world.secretary, approve=approve,
                                decided_on=datetime.date(2024, 6, 3))
    return request


def test_case_material_never_leaves_through_the_atom_feed(world):
    from portfolio.services import lifecycle

    gated = world.project(State.EXECUTION, name="Grindprojekt")
    world.decide(gated, Gate.BP3, Outcome.TABLE, comment="Intern kommentar om leverantören",
                 decided_on=datetime.date(2024, 3, 5))
    _decided_extension(world, world.project(State.EXECUTION, name="Beviljat"), approve=True)
    _decided_extension(world, world.project(State.EXECUTION, name="Avslaget"), approve=False)
    cancelled = world.project(State.PRESTUDY, name="Avbrutet")
    lifecycle.cancel_project(project=cancelled, by=world.secretary,
                             reason="Internt avbrottsskäl: chefen slutade",
                             decided_on=datetime.date(2024, 9, 6))
    response, root = _atom()
    raw = response.content.decode()
    for private in ("Intern kommentar", "Internt skäl", "Internt förslag", "Internt avbrottsskäl"):
        assert private not in raw
    titles = [e.text for e in root.findall(f"{ATOM}entry/{ATOM}title")]
    assert "Grindprojekt: BP3 bordlagt" in titles
    assert "Beviljat: förlängning beviljad till 2025-10-31" in titles
    assert "Avslaget: förlängning avslagen" in titles
    assert "Avbrutet: projektet avbrutet" in titles


def test_a_decision_at_a_meeting_shows_its_date_and_paragraph(world):
    from portfolio.models import Meeting

    meeting = Meeting.objects.create(committee=world.committee, date=datetime.date(2024, 3, 5),
                                     place="Östersund")
    project = world.project(State.EXECUTION, name="Mötesprojekt")
    world.decide(project, Gate.BP3, Outcome.TABLE, meeting=meeting, paragraph=17,
                 comment="Intern anteckning", decided_on=datetime.date(2024, 3, 5))
    response, root = _atom()
    summaries = [s.text for s in root.findall(f"{ATOM}entry/{ATOM}summary")]
    assert any("(2024-03-05 § 17)" in s for s in summaries), summaries
    assert "Intern anteckning" not in response.content.decode()
    projects.update_project(project=project, by=world.owner,
                            changes={"feed_hidden_fields": ["latest_decision"]})
    cache.clear()
    response, root = _atom()
    assert "§ 17" not in response.content.decode()
    assert not root.findall(f"{ATOM}entry")


def test_the_json_feed_and_atom_agree_on_which_projects_have_decisions(world):
    from portfolio.services import lifecycle

    for name in ("Ett", "Två", "Tre", "Fyra"):
        world.project(State.EXECUTION, name=name)
    quiet = Project.objects.get(name="Två")
    projects.update_project(project=quiet, by=world.owner,
                            changes={"feed_hidden_fields": ["latest_decision"]})
    _decided_extension(world, Project.objects.get(name="Tre"), approve=False)
    lifecycle.cancel_project(project=world.project(State.PRESTUDY, name="Fem"),
                             by=world.secretary, reason="Skäl", decided_on=datetime.date(2024, 9, 6))
    Project.objects.filter(name="Fyra").update(is_public=False)
    world.project(name="Utkast")
    _response, root = _atom()
    in_atom = {c.get("term") for c in root.findall(f"{ATOM}entry/{ATOM}category")
               if "/" in c.get("term")}
    items = APIClient().get("/api/v1/feed/").json()["results"]
    with_decisions = {i["case_number"] for i in items if i.get("latest_decision")}
    assert in_atom == with_decisions
    assert {i["name"] for i in items if i.get("latest_decision")} == {"Ett", "Tre", "Fem"}
