import re

from portfolio.lifecycle import State
from portfolio.models import AuditEvent, GateDecision, Project


def _login(client, user):
    client.force_login(user)
    return client


def test_portfolio_list_and_project_page(world, client):
    project = world.project(State.EXECUTION, name="Cosmic LINK2")
    _login(client, world.auditor)
    response = client.get("/portfolio/")
    assert response.status_code == 200
    html = response.content.decode()
    assert project.case_number in html and "Cosmic LINK2" in html and "Genomförande" in html
    response = client.get(f"/portfolio/{project.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kommande beslutspunkter: BP3 → BP4" in html
    # The auditor sees the checklist but may not decide.
    assert 'name="outcome"' not in html
    assert client.get("/portfolio/999999/").status_code == 404


def test_english_is_the_second_language(world, client):
    _login(client, world.owner)
    html = client.get("/en/portfolio/").content.decode()
    assert "Case number" in html and "Diarienummer" not in html


def test_login_required(world, client):
    response = client.get("/portfolio/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_decide_on_the_page_refusal_keeps_input_then_table(world, client):
    project = world.project(State.SUBMITTED)
    _login(client, world.steering)
    item = project.template_version.checklist_items.filter(gate="BP1").first()
    response = client.post(f"/portfolio/{project.pk}/gates/BP1/", {
        f"answer-{item.id}": "yes", f"comment-{item.id}": "Utsedd av regionen",
        "outcome": "start", "decided_on": "2024-02-01", "comment": "Mitt utkast till beslut",
    })
    assert response.status_code == 409
    html = response.content.decode()
    assert "Start nekas" in html
    assert "Utsedd av regionen" in html and "Mitt utkast till beslut" in html
    project.refresh_from_db()
    assert project.state == State.SUBMITTED
    # The whole form is one transaction: the refused decision took the answer with it,
    # while the page shows it again as typed.
    assert not project.checklist_answers.filter(item=item, answer="yes").exists()
    assert re.search(rf'name="answer-{item.id}" value="yes"[^>]*checked', html)
    response = client.post(f"/portfolio/{project.pk}/gates/BP1/", {
        "outcome": "table", "decided_on": "2024-02-01"})
    assert response.status_code == 302
    assert GateDecision.objects.get(project=project).outcome == "table"


def test_page_refuses_user_without_role(world, client):
    project = world.project(State.SUBMITTED)
    _login(client, world.outsider)
    response = client.post(f"/portfolio/{project.pk}/gates/BP1/", {"outcome": "table"})
    assert response.status_code == 403
    assert not GateDecision.objects.exists()
    response = client.post(f"/portfolio/{project.pk}/cancel/", {"reason": "x"})
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.state == State.SUBMITTED


def test_submit_and_cancel_on_the_page(world, client):
    project = world.project()
    _login(client, world.owner)
    refused = client.post(f"/portfolio/{project.pk}/submit/")
    assert refused.status_code == 409
    assert "1 Grundläggande information" in refused.content.decode()
    world.fill_directive(project)
    assert client.post(f"/portfolio/{project.pk}/submit/").status_code == 302
    project.refresh_from_db()
    assert project.state == State.SUBMITTED
    _login(client, world.secretary)
    response = client.post(f"/portfolio/{project.pk}/cancel/", {"reason": ""})
    assert response.status_code == 400
    response = client.post(f"/portfolio/{project.pk}/cancel/", {"reason": "Ärendet avslutas"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.state == State.CANCELLED


def test_admin_decision_goes_through_the_service(world, client):
    project = world.project(State.SUBMITTED)
    _login(client, world.admin)
    assert client.get("/admin/portfolio/project/").status_code == 200
    assert client.get(f"/admin/portfolio/project/{project.pk}/change/").status_code == 200
    refused = client.post("/admin/portfolio/gatedecision/add/", {
        "project": project.pk, "gate": "BP1", "outcome": "start", "decided_on": "2024-02-01",
        "comment": ""})
    assert refused.status_code == 200
    assert "Start nekas" in refused.content.decode()
    assert not GateDecision.objects.exists()
    world.answer_all(project, "BP1")
    created = client.post("/admin/portfolio/gatedecision/add/", {
        "project": project.pk, "gate": "BP1", "outcome": "start", "decided_on": "2024-02-01",
        "comment": "Via admin"})
    assert created.status_code == 302, created.content.decode()[:2000]
    project.refresh_from_db()
    assert project.state == State.ESTABLISHMENT
    decision = GateDecision.objects.get()
    assert decision.recorded_by == world.admin and decision.checklist_snapshot
    assert AuditEvent.objects.filter(action="gate.decided", project=project).exists()


def test_admin_edit_is_audited_and_state_stays_read_only(world, client):
    project = world.project(State.SUBMITTED)
    _login(client, world.admin)
    form = client.get(f"/admin/portfolio/project/{project.pk}/change/")
    assert 'name="state"' not in form.content.decode()
    data = {
        "name": "Nytt namn", "kind": "project", "parties": [world.region.pk, world.are.pk],
        "manager": world.manager.pk, "recipient": "", "project_group": "",
        "reference_groups": "", "cost_object": "6674", "start_date": "2024-01-01",
        "planned_end_date": "2024-12-31", "cost_cap": "", "estimated_hours": "", "risks": "",
        "effect_goals": "", "is_public": "on", "owner_party": "", "state": "closed",
        "steering_group-TOTAL_FORMS": "0", "steering_group-INITIAL_FORMS": "0",
        "steering_group-MIN_NUM_FORMS": "0", "steering_group-MAX_NUM_FORMS": "1000",
    }
    response = client.post(f"/admin/portfolio/project/{project.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    project = Project.objects.get(pk=project.pk)
    assert project.name == "Nytt namn" and project.cost_object == "6674"
    assert project.state == State.SUBMITTED
    event = AuditEvent.objects.filter(project=project, action="project.updated").latest("id")
    assert event.changes["name"] == ["Testprojekt", "Nytt namn"]


def test_admin_edit_of_a_template_version_makes_a_new_version(world, client):
    import json

    from directives.models import TemplateVersion

    version = world.project().template_version
    sections = version.sections + [{"key": "gdpr", "title": "14 Dataskydd", "kind": "text",
                                    "required": False, "guidance": ""}]
    _login(client, world.admin)
    response = client.post(f"/admin/directives/templateversion/{version.pk}/change/", {
        "sections": json.dumps(sections), "note": "Dataskydd",
        "checklist_items-TOTAL_FORMS": "0", "checklist_items-INITIAL_FORMS": "0",
        "checklist_items-MIN_NUM_FORMS": "0", "checklist_items-MAX_NUM_FORMS": "0"})
    assert response.status_code == 302
    version.refresh_from_db()
    assert len(version.sections) == 13
    newest = TemplateVersion.objects.filter(template=version.template).order_by("-number").first()
    assert newest.number == version.number + 1 and len(newest.sections) == 14
    assert newest.checklist_items.filter(gate="BP1").count() == 9
    assert world.project(name="Nästa").template_version == newest
