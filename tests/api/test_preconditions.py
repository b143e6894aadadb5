"""ETag / If-Match on PATCH /projects/{id}/ and PUT /projects/{id}/budget/: no lost updates
(issue #10). Sequential here; the racing version is in tests/portfolio/test_version_race.py."""

import pytest

from portfolio.errors import PreconditionFailed
from portfolio.lifecycle import State
from portfolio.models import AuditEvent, BudgetLine, Project
from portfolio.services import budgets, projects
from portfolio.services.versions import version_of

FINANCIERS = [{"code": "gns", "name": "GNS", "parties": ["rjh", "are"], "allocation_key": "equal"}]


def _budget(total):
    return {"financiers": FINANCIERS,
            "lines": [{"activity": "Projektledare", "total": total, "shares": {"gns": total}}]}


@pytest.fixture
def project(world):
    project = world.project(State.SUBMITTED)
    budgets.set_budget(project=project, by=world.owner, **_budget("1000.00"))
    return Project.objects.get(pk=project.pk)


def _url(project, budget=False):
    return f"/api/v1/projects/{project.pk}/" + ("budget/" if budget else "")


def _events(project):
    return AuditEvent.objects.filter(project=project).count()


def test_get_and_patch_carry_a_strong_etag_that_changes_with_each_write(world, api, project):
    client = api(world.owner)
    first = client.get(_url(project))
    tag = first["ETag"]
    assert tag.startswith('"') and tag.endswith('"') and not tag.startswith("W/")
    assert client.get(_url(project))["ETag"] == tag  # stable while nothing changes
    changed = client.patch(_url(project), {"name": "Nytt namn"}, format="json", HTTP_IF_MATCH=tag)
    assert changed.status_code == 200, changed.data
    assert changed["ETag"] != tag and changed["ETag"] == client.get(_url(project))["ETag"]
    # The tag of the response is good for the next write.
    again = client.patch(_url(project), {"name": "Tredje namnet"}, format="json",
                         HTTP_IF_MATCH=changed["ETag"])
    assert again.status_code == 200


def test_patch_with_a_stale_if_match_is_refused_with_412_and_changes_nothing(world, api, project):
    owner, manager = api(world.owner), api(world.manager)
    tag = owner.get(_url(project))["ETag"]
    assert manager.patch(_url(project), {"risks": "Leverantören"}, format="json",
                         HTTP_IF_MATCH=tag).status_code == 200
    events = _events(project)
    stale = owner.patch(_url(project), {"name": "Skriver över"}, format="json", HTTP_IF_MATCH=tag)
    assert stale.status_code == 412
    assert stale.data["code"] == "precondition_failed" and stale.data["detail"]
    fresh = Project.objects.get(pk=project.pk)
    assert fresh.name == "Testprojekt" and fresh.risks == "Leverantören"
    assert _events(project) == events


def test_staffing_patch_checks_the_version_too(world, api, project):
    client = api(world.owner)
    tag = client.get(_url(project))["ETag"]
    projects.update_project(project=project, by=world.manager, changes={"risks": "Ny risk"})
    stale = client.patch(_url(project), {"manager": world.outsider.username}, format="json",
                         HTTP_IF_MATCH=tag)
    assert stale.status_code == 412
    assert Project.objects.get(pk=project.pk).manager == world.manager
    empty = client.patch(_url(project), {}, format="json", HTTP_IF_MATCH=tag)
    assert empty.status_code == 412


def test_without_if_match_or_with_star_the_write_goes_through(world, api, project):
    client = api(world.owner)
    assert client.patch(_url(project), {"name": "Utan"}, format="json").status_code == 200
    assert client.patch(_url(project), {"name": "Stjärna"}, format="json",
                        HTTP_IF_MATCH="*").status_code == 200
    assert Project.objects.get(pk=project.pk).name == "Stjärna"
    assert client.put(_url(project, True), _budget("2000.00"), format="json").status_code == 200
    assert client.put(_url(project, True), _budget("3000.00"), format="json",
                      HTTP_IF_MATCH="*").status_code == 200
    assert BudgetLine.objects.get(project=project).total == 3000


def test_weak_or_malformed_if_match(world, api, project):
    client = api(world.owner)
    tag = client.get(_url(project))["ETag"]
    weak = client.patch(_url(project), {"name": "Svag"}, format="json", HTTP_IF_MATCH=f"W/{tag}")
    assert weak.status_code == 412  # If-Match compares strongly
    bad = client.patch(_url(project), {"name": "Trasig"}, format="json",
                       HTTP_IF_MATCH=tag.strip('"'))
    assert bad.status_code == 400 and "If-Match" in bad.data
    listed = client.patch(_url(project), {"name": "Lista"}, format="json",
                          HTTP_IF_MATCH=f'"0", {tag}')
    assert listed.status_code == 200
    assert Project.objects.get(pk=project.pk).name == "Lista"


def test_budget_put_two_writers_with_the_same_tag_only_the_first_wins(world, api, project):
    owner, manager = api(world.owner), api(world.manager)
    read = owner.get(_url(project, True))
    tag = read["ETag"]
    assert manager.get(_url(project, True))["ETag"] == tag
    first = manager.put(_url(project, True), _budget("1500.00"), format="json", HTTP_IF_MATCH=tag)
    assert first.status_code == 200 and first["ETag"] != tag
    events = _events(project)
    second = owner.put(_url(project, True), _budget("9999.00"), format="json", HTTP_IF_MATCH=tag)
    assert second.status_code == 412 and second.data["code"] == "precondition_failed"
    assert BudgetLine.objects.get(project=project).total == 1500 and _events(project) == events
    # A PATCH of the project also moves the budget's tag: both are the project's version.
    assert owner.get(_url(project))["ETag"] == first["ETag"]
    retry = owner.put(_url(project, True), _budget("9999.00"), format="json",
                      HTTP_IF_MATCH=first["ETag"])
    assert retry.status_code == 200


def test_service_checks_the_version_under_its_lock(world, project):
    version = version_of(project)
    budgets.set_budget(project=project, by=world.owner, expected_version=version,
                       **_budget("1200.00"))
    with pytest.raises(PreconditionFailed):
        budgets.set_budget(project=project, by=world.owner, expected_version=version,
                           **_budget("1300.00"))
    with pytest.raises(PreconditionFailed):
        projects.update_project(project=project, by=world.owner, changes={"name": "X"},
                                expected_version=version)
    assert BudgetLine.objects.get(project=project).total == 1200
    assert Project.objects.get(pk=project.pk).name == "Testprojekt"


def test_schema_documents_if_match_etag_and_412(world, api):
    schema = api(world.owner).get("/api/schema/?format=json").json()
    for path, method in (("/api/v1/projects/{id}/", "patch"),
                         ("/api/v1/projects/{id}/budget/", "put")):
        operation = schema["paths"][path][method]
        assert any(p["name"] == "If-Match" and p["in"] == "header"
                   for p in operation["parameters"]), path
        assert "412" in operation["responses"], path
        assert "ETag" in operation["responses"]["200"].get("headers", {}), path
    assert "ETag" in schema["paths"]["/api/v1/projects/{id}/"]["get"]["responses"]["200"]["headers"]
