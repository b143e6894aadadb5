"""The audit trail in sentences (issue #13 point 5) and its page at scale (#12 point 1)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override

from portfolio import audit_text
from portfolio.lifecycle import State
from portfolio.models import AuditEvent
from portfolio.services import projects
from portfolio.services.audit import record_event


def _page(client, project, query=""):
    response = client.get(f"/portfolio/{project.pk}/events/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_a_gate_decision_reads_as_the_body_deciding(world, client):
    world.users["steering"].first_name, world.users["steering"].last_name = "Stina", "Styr"
    world.users["steering"].save()
    prestudy = world.project(State.PRESTUDY, kind="prestudy")  # BP0: the committee decides
    project = world.project(State.ESTABLISHMENT)  # BP1: the steering group decides
    client.force_login(world.secretary)
    html = _page(client, project)
    assert "Styrgruppen beslutade BP1: start" in html
    assert "Registrerat av Stina Styr (styrgruppens ordförande)" in html
    assert "gate.decided" not in html
    html = _page(client, prestudy)
    assert "Nämnden beslutade BP0: start" in html


def test_changed_fields_are_named_by_label_and_values_are_readable(world, client):
    project = world.project()
    projects.update_project(project=project, by=world.owner,
                            changes={"is_public": False, "cost_cap": Decimal("150000.50")})
    client.force_login(world.owner)
    html = _page(client, project)
    assert "is_public" not in html and "True" not in html and "False" not in html
    assert "<strong>Offentlig</strong>: ja → nej" in html
    assert "150\xa0000,50\xa0kr" in html
    assert "ändrade projektet" in html


def test_english_sentences_under_en(world, client):
    project = world.project(State.SUBMITTED)
    client.force_login(world.owner)
    response = client.get(f"/en/portfolio/{project.pk}/events/")
    html = response.content.decode()
    assert "submitted the project to the committee" in html
    assert "opened the case" in html


@pytest.mark.parametrize("action", sorted(audit_text.SENTENCES))
def test_every_known_action_has_a_sentence_naming_the_actor(world, action):
    project = world.project()
    event = record_event(actor=world.owner, action=action, obj=project, summary="BP1")
    with override("sv"):
        (line,) = audit_text.describe_events([event], project)
    assert "owner (projektägare, ledamot)" in line.sentence
    assert action not in line.sentence and "%(" not in line.sentence


def test_an_unknown_action_is_still_readable(world):
    project = world.project()
    event = record_event(actor=None, action="robot.did_something", obj=project,
                         changes={"flag": [None, True]})
    with override("sv"):
        (line,) = audit_text.describe_events([event], project)
    assert line.sentence == "Systemet: robot did something"
    assert line.changes == [("Flag", "–", "ja")]


def test_the_page_pages_with_a_constant_number_of_queries(world, client):
    project = world.project()
    client.force_login(world.owner)
    for n in range(5):
        record_event(actor=world.owner, action="project.updated", obj=project,
                     changes={"name": [f"v{n}", f"v{n + 1}"]})
    with CaptureQueriesContext(connection) as few:
        _page(client, project)
    for n in range(120):
        record_event(actor=world.manager if n % 2 else world.owner, action="project.updated",
                     obj=project, changes={"name": [f"w{n}", f"w{n + 1}"]})
    with CaptureQueriesContext(connection) as many:
        html = _page(client, project)
    assert len(many.captured_queries) <= len(few.captured_queries) + 1
    assert html.count("<tr><td class=\"date\">") == 50
    assert "Sida 1 av 3" in html
    last = _page(client, project, "?page=3")
    assert last.count("<tr><td class=\"date\">") == AuditEvent.objects.filter(project=project).count() - 100
    assert _page(client, project, "?page=banana").count("<tr><td class=\"date\">") == 50
