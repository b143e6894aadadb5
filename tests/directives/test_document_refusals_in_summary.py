"""A directive page's refusals that are not about a typed value (someone saved in between) are
shown at the top of the form with what was typed kept; a version comparison naming a
version that does not exist names the picker it came from (issue #13 point 3)."""

from directives import services as documents


def test_a_stale_section_save_keeps_the_text_and_says_why_at_the_top(world, client):
    project = world.project()
    world.fill_directive(project)  # 0.1
    documents.save_document(project=project, by=world.owner, base_version="0.1",
                            sections={"basic": "Någon annan hann före."})  # 0.2
    client.force_login(world.manager)
    response = client.post(f"/documents/{project.pk}/directive/sections/basic/",
                           {"base_version": "0.1", "text": "Min text som inte får försvinna"})
    assert response.status_code == 409
    html = response.content.decode()
    assert 'id="error-summary"' in html
    summary = html.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "<li>" in summary and "0.2" in summary  # names the newer version, no field link
    assert "Min text som inte får försvinna" in html
    assert 'class="messages' not in html
    assert documents.get_document(project).latest.label == "0.2"


def test_comparing_a_version_that_does_not_exist_names_the_picker(world, client):
    project = world.project()
    world.fill_directive(project)
    documents.save_document(project=project, by=world.owner, base_version="0.1",
                            sections={"basic": "Ny bakgrund."})
    client.force_login(world.owner)
    response = client.get(f"/documents/{project.pk}/directive/versions/?a=0.1&b=9.9")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_compare-b"' in html and "med version: Versionen finns inte." in html
    assert 'aria-describedby="id_compare-b-error"' in html
    assert 'href="#id_compare-a"' not in html
    assert 'class="side-by-side"' not in html
