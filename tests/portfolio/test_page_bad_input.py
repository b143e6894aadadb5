"""Bad input on the pages: a clear error naming the field, nothing stored, nothing typed lost."""

from django.core.files.uploadedfile import SimpleUploadedFile

from portfolio.lifecycle import State
from portfolio.models import Outcome, Project


def test_new_assignment_page_refuses_bad_input_and_keeps_it(world, client):
    client.force_login(world.owner)
    count = Project.objects.count()
    response = client.post("/portfolio/new/", {
        "committee": world.committee.pk, "name": "Förstudie e-arkiv", "kind": "prestudy",
        "parties": [world.region.pk, world.are.pk], "start_date": "2025-06-01",
        "planned_end_date": "2025-01-01"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Slutdatum kan inte vara före startdatum." in html
    assert 'value="Förstudie e-arkiv"' in html
    response = client.post("/portfolio/new/", {"committee": world.committee.pk, "name": "",
                                                "kind": "banana"})
    assert response.status_code == 400
    assert Project.objects.count() == count
    client.force_login(world.outsider)
    refused = client.post("/portfolio/new/", {"committee": world.committee.pk, "name": "X",
                                               "kind": "project"})
    assert refused.status_code == 403 and Project.objects.count() == count
    client.force_login(world.owner)
    created = client.post("/portfolio/new/", {"committee": world.committee.pk, "name": "X",
                                               "kind": "project"})
    assert created.status_code == 302 and Project.objects.count() == count + 1


def test_directive_section_page_keeps_text_when_someone_saved_first(world, client):
    from directives import services as documents

    project = world.project()
    world.fill_directive(project)  # version 0.1
    client.force_login(world.manager)
    page = client.get(f"/documents/{project.pk}/directive/sections/basic/")
    assert 'name="base_version" value="0.1"' in page.content.decode()
    documents.save_document(project=project, by=world.owner, base_version="0.1",
                            sections={"basic": "Ägarens text"})  # 0.2, saved meanwhile
    response = client.post(f"/documents/{project.pk}/directive/sections/basic/", {
        "base_version": "0.1", "text": "Projektledarens text"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Projektledarens text" in html and "0.2" in html
    assert documents.get_document(project).latest.content["basic"] == "Ägarens text"
    bad = client.post(f"/documents/{project.pk}/directive/sections/timeline/", {
        "base_version": "0.2", "start": "2025-06-01", "end": "2025-01-01"})
    assert bad.status_code == 400 and "slutdatum är före startdatum" in bad.content.decode()
    assert documents.get_document(project).latest.label == "0.2"


def test_economy_page_lists_every_bad_row_and_stores_nothing(world, client):
    from portfolio.models import CostObject

    CostObject.objects.create(committee=world.committee, code="6674", name="LINK2")
    client.force_login(world.secretary)
    data = (b"cost_object;period;category;amount\n6674;2019-01;Kostnader;-100\n"
            b"6674;2019-13;Kostnader;-100\n9999;2019-02;Kostnader;abc\n")
    response = client.post("/portfolio/economy/?committee=GNS", {
        "file": SimpleUploadedFile("utfall.csv", data, content_type="text/csv")})
    assert response.status_code == 400
    html = response.content.decode()
    assert "2019-13" in html and "9999" in html and "abc" in html
    assert "<td>3</td>" in html and "<td>4</td>" in html
    assert Outcome.objects.count() == 0
    client.force_login(world.auditor)
    refused = client.post("/portfolio/economy/?committee=GNS", {
        "file": SimpleUploadedFile("utfall.csv", data[:60], content_type="text/csv")})
    assert "sekreterare" in refused.content.decode() and Outcome.objects.count() == 0


def test_project_pages_404_on_unknown_ids(world, client):
    client.force_login(world.owner)
    for url in ("/portfolio/999999/budget/", "/documents/999999/directive/",
                "/portfolio/meetings/999999/", "/documents/1/nonsense/"):
        assert client.get(url).status_code == 404, url
    assert Project.objects.filter(state=State.DRAFT).count() == 0
