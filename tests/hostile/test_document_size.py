"""Document size caps (issue #10): every save copies the whole document, so a section and the
document are capped; the error names the section and the page keeps the typed text."""

import pytest
from django.core.exceptions import ValidationError

from directives import services as documents
from directives.models import DocumentVersion
from tests.conftest import REQUIRED


@pytest.fixture
def small_caps(settings):
    settings.DOCUMENT_SECTION_MAX_BYTES = 4 * 1024
    settings.DOCUMENT_MAX_BYTES = 10 * 1024


def test_service_refuses_an_oversized_section_naming_it(world, small_caps):
    project = world.project()
    with pytest.raises(ValidationError) as refused:
        documents.save_document(project=project, by=world.owner, base_version=None,
                                sections={**REQUIRED, "basic": "x" * 5000})
    assert list(refused.value.message_dict) == ["sections.basic"]
    message = refused.value.message_dict["sections.basic"][0]
    assert "DOCUMENT_SECTION_MAX_BYTES" in message and "4 kB" in message
    assert not DocumentVersion.objects.exists()


def test_service_refuses_a_document_over_the_total_cap(world, small_caps):
    project = world.project()
    world.fill_directive(project)
    base = documents.get_document(project).latest
    sections = {"basic": "a" * 3500, "goals": [{"goal": "b" * 3400, "measures": ""}],
                "risks": [{"risk": "c" * 3300, "consequence": "", "action": ""}]}
    with pytest.raises(ValidationError) as refused:
        documents.save_document(project=project, by=world.owner, base_version=base.label,
                                sections=sections)
    message = refused.value.message_dict["sections"][0]
    assert "DOCUMENT_MAX_BYTES" in message and "10 kB" in message
    assert documents.get_document(project).latest == base


def test_api_answers_400_naming_the_section(world, api, small_caps):
    project = world.project()
    response = api(world.owner).put(f"/api/v1/projects/{project.pk}/directive/", {
        "version": None, "sections": [{"key": "basic", "content": "ö" * 3000}]}, format="json")
    assert response.status_code == 400, response.content[:300]
    assert "sections.basic" in response.json()
    ok = api(world.owner).put(f"/api/v1/projects/{project.pk}/directive/", {
        "version": None, "sections": [{"key": "basic", "content": "ö" * 1000}]}, format="json")
    assert ok.status_code == 200


def test_page_keeps_the_typed_text_when_the_section_is_too_big(world, client, small_caps):
    project = world.project()
    client.force_login(world.owner)
    text = "Bakgrund " * 600
    response = client.post(f"/documents/{project.pk}/directive/sections/basic/",
                           {"base_version": "", "text": text})
    assert response.status_code == 400
    html = response.content.decode()
    assert "DOCUMENT_SECTION_MAX_BYTES" in html
    assert text.strip() in html
    assert not DocumentVersion.objects.exists()


def test_default_caps_are_settings():
    from django.conf import settings

    assert settings.DOCUMENT_MAX_BYTES == 1024 * 1024
    assert settings.DOCUMENT_SECTION_MAX_BYTES <= settings.DOCUMENT_MAX_BYTES
