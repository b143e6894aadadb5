"""One source of facts: the project page and the budget page show what the directive says
(goals, risks, budget, steering group), read from its latest version, never a copy."""

from directives import services as documents
from portfolio.lifecycle import State
from tests.conftest import REQUIRED


def test_project_and_budget_pages_read_the_directive(world, client):
    project = world.project(State.SUBMITTED)
    client.force_login(world.auditor)
    detail = client.get(f"/portfolio/{project.pk}/").content.decode()
    budget = client.get(f"/portfolio/{project.pk}/budget/").content.decode()
    for html in (detail, budget):
        assert "Det här säger projektdirektivet" in html
        assert "Projektledare" in html  # the directive's budget line
        assert 'data-testid="directive-budget-total">400' in html
        assert "Planeringschef" in html and "Ordförande" in html  # its steering group
    assert "Trygg och säker utskrivning" in detail and "Återinskrivningar inom 30 dagar" in detail
    assert "Kort tid för införande" in detail and "Utbildning" in detail
    # A new version of the directive is what the pages show next: nothing was copied.
    document = documents.get_document(project)
    documents.save_document(project=project, by=world.owner, base_version=document.latest.label,
                            sections={**REQUIRED, "goals": [{"goal": "Färre återinskrivningar",
                                                             "measures": "Halverat"}],
                                      "budget": [{"activity": "Konsult", "total": "125000",
                                                  "note": ""}]})
    detail = client.get(f"/portfolio/{project.pk}/").content.decode()
    budget = client.get(f"/portfolio/{project.pk}/budget/").content.decode()
    assert "Färre återinskrivningar" in detail and "Trygg och säker utskrivning" not in detail
    assert 'data-testid="directive-budget-total">125' in budget and "Konsult" in budget


def test_without_a_directive_the_pages_say_so(world, client):
    project = world.project(State.DRAFT)
    client.force_login(world.owner)
    html = client.get(f"/portfolio/{project.pk}/").content.decode()
    assert 'data-testid="no-directive"' in html


def test_outsiders_see_no_directive_facts(world, client):
    project = world.project(State.SUBMITTED)
    client.force_login(world.outsider)
    html = client.get(f"/portfolio/{project.pk}/").content.decode()
    assert "Planeringschef" not in html and "directive-facts" not in html
