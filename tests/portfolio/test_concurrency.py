"""Concurrent writers: gate decisions, case numbers, budgets, imports and agenda decisions.

Each worker thread has its own connection (Django's connections are per thread) and so its
own transaction; the data they work on is made in the main thread and committed
(``transaction=True``). They run on SQLite (the embedded default: a file test database, writers
queue on the database lock) and on PostgreSQL (row locks): the loser of a race gets a clean
409, never a 500 or "database is locked".
"""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from rest_framework.test import APIClient

from portfolio.errors import StateConflict
from portfolio.lifecycle import Gate, Outcome, State
from portfolio.models import (
    AgendaItem,
    AuditEvent,
    BudgetLine,
    CaseNumberSequence,
    CostObject,
    GateDecision,
    OutcomeImport,
    Project,
)
from portfolio.models import (
    Outcome as OutcomeRow,
)
from portfolio.services import lifecycle, meetings, projects
from tests.conftest import DAY

pytestmark = [pytest.mark.django_db(transaction=True)]

User = get_user_model()
TIMEOUT = 30


def run_at_once(n, prepare, act):
    """Run ``act(i, prepared)`` in ``n`` threads released together by a barrier.

    ``prepare(i)`` runs in the thread before the barrier (open the connection, load what the
    call needs) so that the calls themselves start at the same moment. Returns, per thread,
    ``("ok", result)`` or ``("error", exception)``.
    """
    barrier = threading.Barrier(n, timeout=TIMEOUT)
    results = [None] * n

    def worker(i):
        try:
            connection.ensure_connection()
            prepared = prepare(i)
            barrier.wait()
            results[i] = ("ok", act(i, prepared))
        except BaseException as exc:  # noqa: BLE001 - reported to the main thread
            results[i] = ("error", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert not any(t.is_alive() for t in threads), "a worker hung (deadlock?)"
    assert all(r is not None for r in results)
    return results


@pytest.mark.parametrize("outcome", [Outcome.START, Outcome.TABLE])
def test_two_people_deciding_the_same_gate_at_once_one_wins(world, outcome):
    project = world.project(State.SUBMITTED)
    world.answer_all(project, Gate.BP1)  # so that "start" is allowed
    steering_pk, project_pk = world.steering.pk, project.pk
    events_before = AuditEvent.objects.filter(project=project, action="gate.decided").count()

    def prepare(_i):
        return User.objects.get(pk=steering_pk), Project.objects.get(pk=project_pk)

    def act(_i, prepared):
        by, own_project = prepared
        return lifecycle.decide_gate(project=own_project, gate=Gate.BP1, outcome=outcome, by=by,
                                     decided_on=DAY)

    results = run_at_once(2, prepare, act)

    wins = [value for kind, value in results if kind == "ok"]
    losses = [value for kind, value in results if kind == "error"]
    assert len(wins) == 1, results
    assert len(losses) == 1 and isinstance(losses[0], StateConflict), results
    assert isinstance(wins[0], GateDecision)
    assert GateDecision.objects.filter(project=project).count() == 1
    assert GateDecision.objects.get(project=project).pk == wins[0].pk
    project.refresh_from_db()
    expected = State.ESTABLISHMENT if outcome == Outcome.START else State.SUBMITTED
    assert project.state == expected
    # The loser's audit row went with its transaction.
    assert AuditEvent.objects.filter(project=project,
                                     action="gate.decided").count() == events_before + 1


@pytest.mark.parametrize("existing", [0, 2], ids=["new-year", "year-in-use"])
def test_concurrent_creators_get_distinct_consecutive_case_numbers(world, existing):
    year = 2031
    for _ in range(existing):
        world.project(case_year=year)
    assert CaseNumberSequence.objects.filter(committee=world.committee,
                                             year=year).exists() == bool(existing)
    owner_pk, committee = world.owner.pk, world.committee
    party_pks = [world.region.pk, world.are.pk]
    n = 8

    def prepare(_i):
        return User.objects.get(pk=owner_pk)

    def act(i, owner):
        project = projects.create_project(committee=committee, name=f"Samtidigt {i}", by=owner,
                                          parties=party_pks, case_year=year)
        return project.case_seq

    results = run_at_once(n, prepare, act)

    assert all(kind == "ok" for kind, _ in results), results
    numbers = sorted(value for _, value in results)
    assert numbers == list(range(existing + 1, existing + n + 1))
    made = Project.objects.filter(committee=world.committee, case_year=year)
    assert sorted(made.values_list("case_seq", flat=True)) == list(range(1, existing + n + 1))
    sequence = CaseNumberSequence.objects.get(committee=world.committee, year=year)
    assert sequence.last_number == existing + n
    assert AuditEvent.objects.filter(action="project.created",
                                     project__in=made).count() == existing + n


# --- Ten people at once, through the API ----------------------------------------------------

N = 10


def call_at_once(n, user_pk, request):
    """``request(i, client)`` in ``n`` threads, each with its own signed-in API client; returns
    the responses (a server error is a response with status 500, not an exception)."""

    def prepare(_i):
        client = APIClient(raise_request_exception=False)
        client.force_authenticate(User.objects.get(pk=user_pk))
        return client

    results = run_at_once(n, prepare, lambda i, client: request(i, client))
    errors = [value for kind, value in results if kind == "error"]
    assert not errors, errors
    return [value for _, value in results]


def codes(responses):
    return sorted(r.status_code for r in responses)


def test_ten_people_deciding_the_same_gate_one_201_the_rest_409(world):
    project = world.project(State.SUBMITTED)
    world.answer_all(project, Gate.BP1)
    url = f"/api/v1/projects/{project.pk}/decisions/"

    responses = call_at_once(N, world.steering.pk, lambda _i, client: client.post(
        url, {"gate": "BP1", "outcome": "start", "decided_on": "2024-03-01"}, format="json"))

    assert codes(responses) == [201] + [409] * (N - 1), [r.content for r in responses]
    # The losers are told why, in the API's error format.
    assert all(r.json()["detail"] and r.json()["code"] for r in responses if r.status_code == 409)
    assert GateDecision.objects.filter(project=project).count() == 1
    project.refresh_from_db()
    assert project.state == State.ESTABLISHMENT
    assert AuditEvent.objects.filter(project=project, action="gate.decided").count() == 1


def test_ten_budget_puts_at_once_all_succeed_and_one_whole_budget_remains(world):
    project = world.project()
    url = f"/api/v1/projects/{project.pk}/budget/"
    financiers = [{"code": "region", "name": "Regionen", "allocation_key": "single",
                   "parties": ["rjh"]}]

    def put(i, client):
        lines = [{"activity": f"Rad {i}-{n}", "total": str(1000 * (i + 1)),
                  "shares": {"region": str(1000 * (i + 1))}} for n in range(3)]
        return client.put(url, {"financiers": financiers, "lines": lines}, format="json")

    responses = call_at_once(N, world.owner.pk, put)

    assert codes(responses) == [200] * N, [r.content for r in responses if r.status_code != 200]
    # The last writer's budget, whole: never lines of two writers mixed.
    activities = list(BudgetLine.objects.filter(project=project).values_list("activity", flat=True))
    assert len(activities) == 3
    assert len({a.split("-")[0] for a in activities}) == 1, activities
    assert AuditEvent.objects.filter(project=project, action__startswith="budget").count() == N


def test_ten_people_creating_projects_at_once_get_unique_case_numbers(world):
    responses = call_at_once(N, world.owner.pk, lambda i, client: client.post(
        "/api/v1/projects/", {"committee": "GNS", "name": f"Samtidigt {i}",
                              "parties": ["rjh", "are"]}, format="json"))

    assert codes(responses) == [201] * N, [r.content for r in responses if r.status_code != 201]
    numbers = sorted(r.json()["case_number"] for r in responses)
    assert len(set(numbers)) == N
    made = Project.objects.filter(name__startswith="Samtidigt ")
    assert sorted(made.values_list("case_seq", flat=True)) == list(range(1, N + 1))


def test_ten_outcome_imports_at_once_all_succeed_without_server_errors(world):
    CostObject.objects.create(committee=world.committee, code="6663", name="Serverdrift Åre")

    def upload(i, client):
        data = f"cost_object;period;category;amount\n6663;2019-{i + 1:02d};Kostnader;-{i + 1}00\n"
        return client.post("/api/v1/outcomes/import/", {
            "committee": "GNS", "file": SimpleUploadedFile(f"utfall-{i}.csv", data.encode())},
            format="multipart")

    responses = call_at_once(N, world.secretary.pk, upload)

    assert codes(responses) == [201] * N, [r.content for r in responses if r.status_code != 201]
    assert OutcomeImport.objects.count() == N
    assert OutcomeRow.objects.count() == N


def test_ten_people_deciding_the_same_agenda_item_one_wins(world):
    meeting = meetings.create_meeting(committee=world.committee, date=DAY, by=world.secretary)
    item = meetings.add_item(meeting=meeting, by=world.secretary, heading="Information")
    url = f"/api/v1/meetings/{meeting.pk}/items/{item.pk}/decide/"

    responses = call_at_once(N, world.secretary.pk, lambda _i, client: client.post(
        url, {"outcome": "noted"}, format="json"))

    assert codes(responses) == [200] + [409] * (N - 1), [r.content for r in responses]
    item.refresh_from_db()
    assert item.decided_paragraph == 1
    assert AuditEvent.objects.filter(action="meeting.item_decided").count() == 1


def test_agenda_items_decided_at_once_get_distinct_consecutive_paragraphs(world):
    meeting = meetings.create_meeting(committee=world.committee, date=DAY, by=world.secretary)
    items = [meetings.add_item(meeting=meeting, by=world.secretary, heading=f"Punkt {i}")
             for i in range(N)]

    responses = call_at_once(N, world.secretary.pk, lambda i, client: client.post(
        f"/api/v1/meetings/{meeting.pk}/items/{items[i].pk}/decide/", {"outcome": "noted"},
        format="json"))

    assert codes(responses) == [200] * N, [r.content for r in responses if r.status_code != 200]
    paragraphs = AgendaItem.objects.filter(meeting=meeting).values_list("decided_paragraph",
                                                                        flat=True)
    assert sorted(paragraphs) == list(range(1, N + 1))
