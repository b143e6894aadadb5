"""The budget page carries the version it was opened on: a save over someone else's newer
budget is refused with a clear message and the typed values stay in the form (issue #10)."""

import re

import pytest

from portfolio.lifecycle import State
from portfolio.models import AuditEvent, BudgetLine
from portfolio.services import budgets

FINANCIERS = [{"code": "gns", "name": "GNS", "parties": ["rjh", "are"], "allocation_key": "equal"}]


@pytest.fixture
def project(world):
    project = world.project(State.SUBMITTED)
    budgets.set_budget(project=project, by=world.owner, financiers=FINANCIERS,
                       lines=[{"activity": "Projektledare", "total": "1000",
                               "shares": {"gns": "1000"}}])
    return project


def _version(html):
    return re.search(r'name="version" value="([^"]*)"', html).group(1)


def _form(version, activity="Utbildning", total="4711"):
    data = {"activity-0": activity, "total-0": total, "share-0-gns": total, "note-0": "Skrivet"}
    if version is not None:
        data["version"] = version
    return data


def test_a_stale_save_keeps_the_typed_values_and_says_so(world, client, project):
    client.force_login(world.owner)
    url = f"/portfolio/{project.pk}/budget/"
    opened = _version(client.get(url).content.decode())
    # The manager saves in between.
    budgets.set_budget(project=project, by=world.manager,
                       lines=[{"activity": "Konsult", "total": "2000", "shares": {"gns": "2000"}}])
    events = AuditEvent.objects.filter(project=project).count()
    response = client.post(url, _form(opened))
    html = response.content.decode()
    assert response.status_code == 412  # the same status as the API (errors.status_for)
    assert "Någon annan sparade projektets budget" in html
    assert 'value="Utbildning"' in html and 'value="4711"' in html and 'value="Skrivet"' in html
    assert [(line.activity, line.total) for line in BudgetLine.objects.filter(project=project)] \
        == [("Konsult", 2000)]
    assert AuditEvent.objects.filter(project=project).count() == events
    # The form now carries the current version: saving again, knowingly, replaces the budget.
    current = _version(html)
    assert current != opened
    assert client.post(url, _form(current)).status_code == 302
    assert BudgetLine.objects.get(project=project).activity == "Utbildning"


def test_a_current_or_missing_version_saves(world, client, project):
    client.force_login(world.owner)
    url = f"/portfolio/{project.pk}/budget/"
    opened = _version(client.get(url).content.decode())
    assert client.post(url, _form(opened, total="100")).status_code == 302
    assert client.post(url, _form(None, total="200")).status_code == 302
    assert BudgetLine.objects.get(project=project).total == 200


def test_a_refused_line_keeps_the_version_it_was_opened_on(world, client, project):
    """A validation error must not quietly move the form to the newest version."""
    client.force_login(world.owner)
    url = f"/portfolio/{project.pk}/budget/"
    opened = _version(client.get(url).content.decode())
    response = client.post(url, {**_form(opened), "share-0-gns": "1"})
    assert response.status_code == 400 and _version(response.content.decode()) == opened
