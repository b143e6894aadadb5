"""A document kind whose templates an administrator removed is refused clearly — a 409 on
the API and on the pages, never a server error — and nothing is written."""

import pytest

from directives.models import Document, Template, TemplateVersion
from portfolio.lifecycle import State
from portfolio.models import Project


def remove_templates(kind):
    Template.objects.filter(kind=kind).update(kind="removed")
    if kind == Template.Kind.DIRECTIVE:
        # Projects made earlier point at a directive template version of their own.
        Project.objects.update(template_version=None)


@pytest.fixture
def closing(world):
    project = world.project(State.CLOSING)
    remove_templates(Template.Kind.FINAL_REPORT)
    return project


@pytest.mark.parametrize("path", ["", "pdf/", "versions/", "sections/summary/"])
def test_final_report_pages_without_a_template_answer_409(world, client, closing, path):
    client.force_login(world.owner)
    response = client.get(f"/en/documents/{closing.pk}/final-report/{path}")
    assert response.status_code == 409, response.content[:300]
    assert "No template of this kind is installed." in response.content.decode()


def test_final_report_api_without_a_template_answers_409(world, api, closing):
    for path in ("final-report/", "final-report.pdf"):
        response = api(world.owner).get(f"/api/v1/projects/{closing.pk}/{path}")
        assert response.status_code == 409, (path, response.content[:300])
        assert response.json()["code"] == "no_template"
    saved = api(world.manager).put(f"/api/v1/projects/{closing.pk}/final-report/", {
        "version": None, "sections": [{"key": "summary", "content": "Text"}]}, format="json")
    assert saved.status_code == 409
    assert not Document.objects.filter(project=closing, kind=Template.Kind.FINAL_REPORT).exists()


def test_directive_pdf_without_any_template_is_refused_not_crashed(world, api, client):
    project = world.project()
    remove_templates(Template.Kind.DIRECTIVE)
    response = api(world.owner).get(f"/api/v1/projects/{project.pk}/directive.pdf")
    assert response.status_code == 409, response.content[:300]
    assert response.json()["code"] == "no_template"
    client.force_login(world.owner)
    page = client.get(f"/en/documents/{project.pk}/directive/")
    assert page.status_code == 409
    assert "No template of this kind is installed." in page.content.decode()
    assert TemplateVersion.objects.filter(template__kind="removed").exists()
