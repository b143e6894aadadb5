"""The version comparison as a readable side-by-side per section (issue #13 point 5)."""

from directives import services as documents
from directives.services import word_diff


def test_word_diff_marks_whole_words_and_escapes():
    old, new = word_diff("Ta fram <b>ett</b> IT-stöd i år", "Ta fram ett gemensamt IT-stöd i år")
    assert '<del class="diff">&lt;b&gt;ett&lt;/b&gt;</del>' in old
    assert '<ins class="diff">ett gemensamt</ins>' in new or (
        '<ins class="diff">' in new and "gemensamt" in new)
    assert "<b>" not in old and "Ta fram" in old and "IT-stöd i år" in new


def test_versions_page_shows_changed_sections_side_by_side(world, client):
    project = world.project()
    world.fill_directive(project)  # 0.1
    documents.save_document(project=project, by=world.owner, base_version="0.1",
                            sections={"basic": "Bakgrund: utskrivningsprocessen behöver ett "
                                               "nytt regionalt IT-stöd."})
    client.force_login(world.manager)
    response = client.get(f"/documents/{project.pk}/directive/versions/?a=0.1&b=0.2")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<ins class="diff">nytt regionalt</ins>' in html
    assert '<del class="diff">gemensamt</del>' in html
    assert "diff_add" not in html and "<table class=\"diff\"" not in html
    # Unchanged sections are listed, collapsed, not shown as text.
    assert "Oförändrade avsnitt" in html
    assert html.count('class="side-by-side"') == 1


def test_versions_page_per_role(world, client):
    project = world.project()
    world.fill_directive(project)
    url = f"/documents/{project.pk}/directive/versions/?a=0.1&b=0.1"
    expected = {"owner": 200, "manager": 200, "steering": 200, "secretary": 200, "chair": 200,
                "auditor": 200, "outsider": 404, "other_secretary": 404}
    for role, status in expected.items():
        client.force_login(world.users[role])
        assert client.get(url).status_code == status, role
    client.logout()
    assert client.get(url).status_code == 302
