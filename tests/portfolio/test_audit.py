"""The audit trail is append-only for every client, and every service writes to it."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client

from portfolio.errors import StateConflict
from portfolio.lifecycle import Gate, Outcome, State
from portfolio.models import AuditEvent, AuditTrailIsAppendOnly, ExtensionRequest, GateDecision
from portfolio.services import extensions, lifecycle, projects
from tests.conftest import DAY


@pytest.fixture
def event(world):
    """A real audit row, written by a service."""
    project = world.project()
    return AuditEvent.objects.filter(project=project, action="project.created").get()


def _unchanged(event):
    fresh = AuditEvent.objects.get(pk=event.pk)
    return (fresh.summary, fresh.action, fresh.changes) == (event.summary, event.action,
                                                            event.changes)


# -- the model and the queryset -----------------------------------------------------------


def test_saving_an_existing_event_is_refused(event):
    event.summary = "rewritten"
    with pytest.raises(AuditTrailIsAppendOnly):
        event.save()
    event.refresh_from_db()
    assert event.summary != "rewritten"


def test_saving_a_loaded_event_is_refused_even_without_changes(event):
    loaded = AuditEvent.objects.get(pk=event.pk)
    with pytest.raises(AuditTrailIsAppendOnly):
        loaded.save(update_fields=["summary"])


def test_deleting_an_event_is_refused(event):
    with pytest.raises(AuditTrailIsAppendOnly):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_queryset_update_is_refused(event):
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(summary="x")
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.all().update(action="x")
    assert _unchanged(event)


def test_queryset_delete_is_refused(event):
    count = AuditEvent.objects.count()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == count


def test_bulk_update_is_refused(event):
    event.summary = "x"
    # bulk_update runs update() in atomic(savepoint=False); a savepoint keeps the test's
    # transaction usable after the refusal.
    with pytest.raises(AuditTrailIsAppendOnly), transaction.atomic():
        AuditEvent.objects.bulk_update([event], ["summary"])
    assert AuditEvent.objects.get(pk=event.pk).summary != "x"


def test_new_events_can_still_be_added(event):
    count = AuditEvent.objects.count()
    AuditEvent.objects.create(action="test.appended", object_type="test", summary="new")
    AuditEvent.objects.bulk_create([AuditEvent(action="test.bulk", object_type="test")])
    assert AuditEvent.objects.count() == count + 2


# -- the database itself (raw SQL bypasses the model) -------------------------------------


def test_raw_sql_update_is_refused_by_the_database(event):
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE portfolio_auditevent SET summary='x'")
    assert _unchanged(event)
    assert not AuditEvent.objects.filter(summary="x").exists()


def test_raw_sql_update_of_one_row_is_refused_by_the_database(event):
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE portfolio_auditevent SET changes='{}' WHERE id = %s",
                           [event.pk])
    assert _unchanged(event)


def test_raw_sql_delete_is_refused_by_the_database(event):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite keeps DELETE for Django's test flush (see migration 0002); "
                    "the ORM and the admin refuse deletes there")
    count = AuditEvent.objects.count()
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM portfolio_auditevent WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM portfolio_auditevent")
    assert AuditEvent.objects.count() == count


# -- the admin, for a superuser -----------------------------------------------------------


@pytest.fixture
def admin_client(world):
    client = Client()
    client.force_login(world.admin)
    return client


def _url(event, view):
    return f"/admin/portfolio/auditevent/{event.pk}/{view}/"


def test_admin_shows_an_event_read_only(admin_client, event):
    response = admin_client.get(_url(event, "change"))
    assert response.status_code == 200
    body = response.content.decode()
    assert event.summary in body
    assert 'name="_save"' not in body
    assert 'name="_continue"' not in body
    assert 'name="summary"' not in body  # no input for the fields
    assert _url(event, "delete") not in body


def test_admin_refuses_to_change_an_event(admin_client, event):
    response = admin_client.post(_url(event, "change"),
                                 {"summary": "x", "action": "x", "object_type": "x",
                                  "changes": "{}", "_save": "Save"})
    assert response.status_code == 403
    assert _unchanged(event)


def test_admin_refuses_to_delete_an_event(admin_client, event):
    assert admin_client.get(_url(event, "delete")).status_code == 403
    response = admin_client.post(_url(event, "delete"), {"post": "yes"})
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_admin_refuses_to_add_an_event(admin_client, event):
    count = AuditEvent.objects.count()
    assert admin_client.get("/admin/portfolio/auditevent/add/").status_code == 403
    response = admin_client.post("/admin/portfolio/auditevent/add/",
                                 {"summary": "x", "action": "x", "object_type": "x",
                                  "changes": "{}"})
    assert response.status_code == 403
    assert AuditEvent.objects.count() == count


def test_admin_list_offers_no_bulk_delete(admin_client, event):
    url = "/admin/portfolio/auditevent/"
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "delete_selected" not in response.content.decode()
    count = AuditEvent.objects.count()
    admin_client.post(url, {"action": "delete_selected", "_selected_action": [event.pk],
                            "post": "yes"})
    assert AuditEvent.objects.count() == count
    assert AuditEvent.objects.filter(pk=event.pk).exists()


# -- every service writes the trail -------------------------------------------------------


def _new_events(before_id):
    return list(AuditEvent.objects.filter(id__gt=before_id).order_by("id"))


def _last_id():
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_create_project_records_the_initial_values(world):
    mark = _last_id()
    project = world.project()
    created = [e for e in _new_events(mark) if e.action == "project.created"]
    assert len(created) == 1
    event = created[0]
    assert event.project_id == project.pk
    assert event.committee_id == world.committee.pk
    assert event.actor_id == world.owner.pk and event.actor_name == "owner"
    assert event.object_type == "portfolio.Project" and event.object_id == str(project.pk)
    assert event.changes["name"] == [None, "Testprojekt"]
    assert event.changes["planned_end_date"] == [None, "2024-12-31"]
    assert sorted(event.changes["parties"][1]) == ["Region Jämtland Härjedalen", "Åre kommun"]
    assert project.case_number in event.summary


def test_update_project_records_before_and_after(world):
    project = world.project()
    mark = _last_id()
    projects.update_project(project=project, by=world.manager,
                            changes={"name": "Nytt namn", "cost_cap": 1000, "risks": ""})
    events = _new_events(mark)
    assert [e.action for e in events] == ["project.updated"]
    event = events[0]
    assert event.actor_name == "manager"
    assert event.project_id == project.pk
    # Only what changed: risks was already empty.
    assert event.changes == {"name": ["Testprojekt", "Nytt namn"], "cost_cap": [None, "1000"]}


def test_update_project_without_a_change_records_nothing(world):
    project = world.project()
    mark = _last_id()
    projects.update_project(project=project, by=world.owner, changes={"name": "Testprojekt"})
    assert _new_events(mark) == []


def test_update_of_parties_records_the_party_lists(world):
    project = world.project()
    mark = _last_id()
    projects.update_project(project=project, by=world.owner,
                            changes={"parties": [world.region, world.berg]})
    (event,) = _new_events(mark)
    assert event.changes == {"parties": [["Region Jämtland Härjedalen", "Åre kommun"],
                                         ["Bergs kommun", "Region Jämtland Härjedalen"]]}


def test_staffing_records_manager_and_steering_group(world):
    project = world.project()  # staffed by the fixture
    actions = list(AuditEvent.objects.filter(project=project).order_by("id")
                   .values_list("action", flat=True))
    # ... and confirmed by the committee's secretary, as the fixture does.
    assert actions == ["project.created", "project.manager_set", "project.steering_group_set",
                       "project.steering_group_confirmed"]
    manager_set = AuditEvent.objects.get(project=project, action="project.manager_set")
    assert manager_set.changes == {"manager": [None, "manager"]}
    steering = AuditEvent.objects.get(project=project, action="project.steering_group_set")
    assert steering.changes == {"steering_group": [[], ["steering:chair:", "member:member:"]]}


def test_submit_and_cancel_record_the_state_change(world):
    project = world.project()
    world.fill_directive(project)
    mark = _last_id()
    lifecycle.submit_project(project=project, by=world.owner)
    lifecycle.cancel_project(project=project, by=world.secretary, reason="  Behovet upphörde ")
    submitted, cancelled = _new_events(mark)
    assert submitted.action == "project.submitted"
    assert submitted.changes == {"state": ["draft", "submitted"]}
    assert cancelled.action == "project.cancelled"
    assert cancelled.actor_name == "secretary"
    assert cancelled.changes == {"state": ["submitted", "cancelled"],
                                 "cancel_reason": ["", "Behovet upphörde"]}


def test_answering_a_checklist_records_the_answers(world):
    project = world.project(State.SUBMITTED)
    mark = _last_id()
    world.answer_all(project, Gate.BP1)
    events = _new_events(mark)
    assert len(events) == 1
    event = events[0]
    assert event.project_id == project.pk
    assert event.actor_name == "steering"
    keys = [row["key"] for row in lifecycle.checklist(project, Gate.BP1)]
    assert keys and set(event.changes) == set(keys)
    assert all(after == "yes" for _before, after in event.changes.values())


def test_decide_gate_records_the_decision_and_the_state_change(world):
    project = world.project(State.SUBMITTED)
    world.answer_all(project, Gate.BP1)
    mark = _last_id()
    decision = world.decide(project, Gate.BP1, Outcome.START)
    events = _new_events(mark)
    # BP1 start also approves the directive it was taken on (0.1 → 1.0).
    assert [e.action for e in events] == ["directive.approved", "gate.decided"]
    assert events[0].summary == "0.1 → 1.0"
    event = events[1]
    assert event.object_type == "portfolio.GateDecision"
    assert event.object_id == str(decision.pk)
    assert event.project_id == project.pk and event.committee_id == world.committee.pk
    assert event.actor_id == world.steering.pk
    assert event.changes == {"state": ["submitted", "establishment"]}
    assert "BP1" in event.summary and str(DAY) in event.summary


def test_decide_gate_without_a_state_change_records_no_changes(world):
    project = world.project(State.ESTABLISHMENT)
    mark = _last_id()
    world.decide(project, Gate.BP2, Outcome.TABLE)
    (event,) = _new_events(mark)
    assert event.action == "gate.decided"
    assert event.changes == {}


def test_a_refused_decision_leaves_no_event(world):
    project = world.project(State.SUBMITTED)
    mark = _last_id()
    with pytest.raises(StateConflict):
        world.decide(project, Gate.BP1, Outcome.START)  # checklist not answered
    assert _new_events(mark) == []
    assert not GateDecision.objects.filter(project=project).exists()


def test_extension_services_record_every_step(world):
    project = world.project(State.EXECUTION)
    mark = _last_id()
    request = extensions.request_extension(
        project=project, by=world.owner, requested_end_date=datetime.date(2025, 6, 30),
        reason="Försenad leverans", proposed_requirements=["Redovisa förseningen"],
        today=datetime.date(2025, 1, 1))
    extensions.submit_extension(request=request, by=world.owner)
    extensions.recommend_extension(request=request, by=world.steering)
    extensions.decide_extension(request=request, by=world.secretary, approve=True,
                                decided_on=DAY)
    events = _new_events(mark)
    assert [e.action for e in events] == [
        "extension.created", "extension.submitted", "extension.recommended",
        "extension.approved", "project.extended", "final_report.requirement_added",
    ]
    assert all(e.project_id == project.pk for e in events)
    by_action = {e.action: e for e in events}
    assert by_action["extension.submitted"].changes == {"state": ["draft", "submitted"]}
    assert by_action["extension.approved"].changes == {
        "state": [ExtensionRequest.State.RECOMMENDED, ExtensionRequest.State.APPROVED]}
    assert by_action["project.extended"].changes == {"end_date": ["2024-12-31", "2025-06-30"]}
    assert by_action["final_report.requirement_added"].summary == "Redovisa förseningen"
