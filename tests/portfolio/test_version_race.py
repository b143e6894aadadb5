"""Two writers holding the same version at the same moment: exactly one wins (issue #10).

The version is compared inside the service's transaction after the row lock, so the second
writer sees the first one's commit and is refused. On SQLite (IMMEDIATE transactions) and on
PostgreSQL (row locks), like test_concurrency.
"""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from portfolio.errors import PreconditionFailed
from portfolio.lifecycle import State
from portfolio.models import AuditEvent, BudgetLine, Project
from portfolio.services import budgets, projects
from portfolio.services.versions import version_of
from tests.portfolio.test_concurrency import run_at_once

pytestmark = [pytest.mark.django_db(transaction=True)]

User = get_user_model()
FINANCIERS = [{"code": "gns", "name": "GNS", "parties": ["rjh", "are"], "allocation_key": "equal"}]


def _lines(total):
    return [{"activity": f"Rad {total}", "total": total, "shares": {"gns": total}}]


def test_two_project_edits_with_the_same_version_one_wins(world):
    project = world.project(State.SUBMITTED)
    version = version_of(project)
    users = [world.owner.pk, world.manager.pk]
    events = AuditEvent.objects.filter(project=project, action="project.updated").count()

    def prepare(i):
        return User.objects.get(pk=users[i]), Project.objects.get(pk=project.pk)

    def act(i, prepared):
        by, own = prepared
        return projects.update_project(project=own, by=by, changes={"name": f"Namn {i}"},
                                       expected_version=version).name

    results = run_at_once(2, prepare, act)
    wins = [value for kind, value in results if kind == "ok"]
    losses = [value for kind, value in results if kind == "error"]
    assert len(wins) == 1 and len(losses) == 1, results
    assert isinstance(losses[0], PreconditionFailed), results
    assert Project.objects.get(pk=project.pk).name == wins[0]
    assert AuditEvent.objects.filter(project=project,
                                     action="project.updated").count() == events + 1


def test_two_budget_puts_with_the_same_etag_one_wins(world):
    project = world.project(State.SUBMITTED)
    budgets.set_budget(project=project, by=world.owner, financiers=FINANCIERS,
                       lines=_lines("1000.00"))
    reader = APIClient()
    reader.force_authenticate(world.owner)
    url = f"/api/v1/projects/{project.pk}/budget/"
    tag = reader.get(url)["ETag"]
    users = [world.owner.pk, world.manager.pk]
    totals = ["2000.00", "3000.00"]

    def prepare(i):
        client = APIClient()
        client.force_authenticate(User.objects.get(pk=users[i]))
        return client

    def act(i, client):
        return client.put(url, {"lines": _lines(totals[i])}, format="json",
                          HTTP_IF_MATCH=tag).status_code

    results = run_at_once(2, prepare, act)
    assert sorted(value for _kind, value in results) == [200, 412], results
    winner = totals[[value for _kind, value in results].index(200)]
    assert [str(line.total) for line in BudgetLine.objects.filter(project=project)] == [winner]
    assert AuditEvent.objects.filter(project=project, action="budget.set").count() == 2
