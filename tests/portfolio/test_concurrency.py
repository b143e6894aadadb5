"""What only a real database shows: concurrent gate decisions and case-number allocation.

Each worker thread has its own connection (Django's connections are per thread) and so its
own transaction; the data they work on is made in the main thread and committed
(``transaction=True``).
"""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections

from portfolio.errors import StateConflict
from portfolio.lifecycle import Gate, Outcome, State
from portfolio.models import AuditEvent, CaseNumberSequence, GateDecision, Project
from portfolio.services import lifecycle, projects
from tests.conftest import DAY

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="row locks and concurrent transactions need PostgreSQL"),
]

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
