"""The project edit page (/portfolio/<pk>/edit/): who may, bad input names the field and
changes nothing, nothing typed is lost; financiers given when a case is opened."""

import datetime
import re
from decimal import Decimal

import pytest

from portfolio.lifecycle import State
from portfolio.models import AuditEvent, Financier, Project
from portfolio.services.versions import version_of

EDITORS = {"owner", "manager", "admin"}
ROLES = ["owner", "manager", "admin", "steering", "member", "secretary", "chair", "auditor",
         "outsider", "other_secretary", "other_steering", "anonymous"]


def form_data(project, **changes):
    data = {"name": project.name, "kind": project.kind,
            "parties": [p.pk for p in project.parties.all()],
            "owner_party": project.owner_party_id or "", "recipient": project.recipient,
            "project_group": project.project_group, "reference_groups": project.reference_groups,
            "cost_object": project.cost_object,
            "start_date": project.start_date.isoformat() if project.start_date else "",
            "planned_end_date": (project.planned_end_date.isoformat()
                                 if project.planned_end_date else ""),
            "cost_cap": project.cost_cap if project.cost_cap is not None else "",
            "estimated_hours": (project.estimated_hours
                                if project.estimated_hours is not None else ""),
            "effect_goals": project.effect_goals, "risks": project.risks,
            "version": version_of(project)}
    if project.is_public:
        data["is_public"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("public", [True, False], ids=["public", "not_public"])
@pytest.mark.parametrize("role", ROLES)
def test_edit_page_per_role(world, client, role, public):
    project = world.project(State.SUBMITTED, is_public=public)
    if role != "anonymous":
        client.force_login(world.users[role])
    url = f"/portfolio/{project.pk}/edit/"
    response = client.get(url)
    posted = client.post(url, form_data(project, name="Nytt namn"))
    project.refresh_from_db()
    if role == "anonymous":
        assert response.status_code == 302 and posted.status_code == 302
        assert "/accounts/login/" in posted["Location"]
    elif role in EDITORS:
        assert response.status_code == 200
        assert posted.status_code == 302 and posted["Location"] == f"/portfolio/{project.pk}/"
        assert project.name == "Nytt namn"
        return
    elif role in {"outsider", "other_secretary", "other_steering"} and not public:
        assert response.status_code == 404 and posted.status_code == 404
    else:
        assert response.status_code == 403 and posted.status_code == 403
    assert project.name == "Testprojekt"


def test_edit_saves_through_the_service_and_audits(world, client):
    project = world.project(State.SUBMITTED)
    client.force_login(world.owner)
    response = client.post(f"/portfolio/{project.pk}/edit/", form_data(
        project, cost_cap="360000", recipient="IT-enheten", parties=[world.region.pk,
                                                                     world.berg.pk]))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.cost_cap == Decimal("360000") and project.recipient == "IT-enheten"
    assert {p.code for p in project.parties.all()} == {"rjh", "berg"}
    event = AuditEvent.objects.filter(project=project, action="project.updated").latest("id")
    assert set(event.changes) == {"cost_cap", "recipient", "parties"}
    html = client.get(f"/portfolio/{project.pk}/").content.decode()
    assert f'href="/portfolio/{project.pk}/edit/"' in html


@pytest.mark.parametrize(("field", "value", "label"), [
    ("cost_cap", "abc", "Kostnadstak (kr)"),
    ("cost_cap", "Infinity", "Kostnadstak (kr)"),
    ("cost_cap", "1e20", "Kostnadstak (kr)"),
    ("cost_cap", "-1", "Kostnadstak (kr)"),
    ("estimated_hours", "²", "Beräknade timmar"),
    ("start_date", "0001-01-01", "Startdatum"),
    ("planned_end_date", "2023-01-01", "Planerat slutdatum"),  # before the start
    ("name", "  ", "Namn"),
])
def test_bad_input_names_the_field_and_changes_nothing(world, client, field, value, label):
    project = world.project(State.SUBMITTED)
    before = version_of(project)
    client.force_login(world.manager)
    response = client.post(f"/portfolio/{project.pk}/edit/",
                           form_data(project, **{field: value, "recipient": "Skrivet"}))
    assert response.status_code == 400
    html = response.content.decode()
    # The summary links to the field by its Swedish label; the message sits beside the field.
    match = re.search(rf'<a href="#id_{field}">([^<]*)</a>', html)
    assert match, html
    assert match.group(1).startswith(f"{label}:")
    assert f'id="id_{field}-error"' in html
    tag = re.search(rf'<(?:input|select|textarea)[^>]*id="id_{field}"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in tag
    assert 'value="Skrivet"' in html  # nothing typed is lost
    project.refresh_from_db()
    assert version_of(project) == before and project.recipient == ""


def test_a_stale_page_saves_nothing_and_keeps_the_typed_values(world, client):
    project = world.project(State.SUBMITTED)
    client.force_login(world.owner)
    stale = form_data(project, recipient="Mitt värde")
    client.post(f"/portfolio/{project.pk}/edit/", form_data(project, recipient="Den andras"))
    response = client.post(f"/portfolio/{project.pk}/edit/", stale)
    assert response.status_code == 412
    html = response.content.decode()
    assert "Någon annan sparade projektet" in html and 'value="Mitt värde"' in html
    project.refresh_from_db()
    assert project.recipient == "Den andras"


def test_dates_are_fixed_after_bp1_and_ended_projects_are_not_edited(world, client):
    project = world.project(State.EXECUTION)
    client.force_login(world.owner)
    page = client.get(f"/portfolio/{project.pk}/edit/").content.decode()
    assert re.search(r'<input type="date" name="start_date"[^>]*disabled', page)
    response = client.post(f"/portfolio/{project.pk}/edit/", form_data(
        project, start_date="2020-01-01", name="Bytt namn"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.start_date == datetime.date(2024, 1, 1) and project.name == "Bytt namn"
    closed = world.project(State.CLOSED)
    assert client.get(f"/portfolio/{closed.pk}/edit/").status_code == 403


# -- Financiers on a new case ---------------------------------------------------------------

NEW = {"name": "Förstudie e-arkiv", "kind": "prestudy"}


def test_a_new_case_gets_its_financiers(world, client):
    client.force_login(world.owner)
    page = client.get("/portfolio/new/").content.decode()
    assert "Finansiär 1: namn" in page
    response = client.post("/portfolio/new/", {
        **NEW, "committee": world.committee.pk, "parties": [world.region.pk, world.are.pk],
        "financier-0-name": "Regionen", "financier-0-parties": [world.region.pk],
        "financier-0-allocation_key": "single",
        "financier-1-name": "Kommunerna", "financier-1-parties": [world.are.pk, world.berg.pk],
        "financier-1-allocation_key": "population"})
    assert response.status_code == 302
    project = Project.objects.get(name="Förstudie e-arkiv")
    financiers = list(project.financiers.order_by("position"))
    assert [(f.code, f.name, f.allocation_key) for f in financiers] == [
        ("regionen", "Regionen", "single"), ("kommunerna", "Kommunerna", "population")]
    assert {p.code for p in financiers[1].parties.all()} == {"are", "berg"}
    assert AuditEvent.objects.filter(project=project, action="budget.set").exists()


@pytest.mark.parametrize(("rows", "label"), [
    ({"financier-0-name": "Regionen"}, "Finansiär 1: parter"),
    ({"financier-1-parties": ["region"]}, "Finansiär 2: namn"),
    ({"financier-0-name": "Båda", "financier-0-parties": ["region", "are"],
      "financier-0-allocation_key": "single"}, "Finansiär 1: fördelningsnyckel"),
    ({"financier-0-name": "Regionen", "financier-0-parties": ["region"],
      "financier-0-allocation_key": "percent"}, "Finansiär 1: fördelningsnyckel"),
    ({"financier-0-name": "Samma", "financier-0-parties": ["region"],
      "financier-1-name": "samma", "financier-1-parties": ["are"]}, "Finansiär 2: namn"),
])
def test_bad_financiers_name_the_field_and_open_no_case(world, client, rows, label):
    client.force_login(world.owner)
    parties = {"region": world.region.pk, "are": world.are.pk}
    data = {**NEW, "committee": world.committee.pk, "parties": [world.region.pk, world.are.pk]}
    for key, value in rows.items():
        data[key] = [parties[v] for v in value] if isinstance(value, list) else value
    count = Project.objects.count()
    response = client.post("/portfolio/new/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(rf'<a href="#id_financier-[^"]+">{label}: ', html), html
    assert 'value="Förstudie e-arkiv"' in html
    assert Project.objects.count() == count and not Financier.objects.exists()
