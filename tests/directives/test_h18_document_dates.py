"""Documents carry their own dates and versions (issue #11 point 5): the committee case is
dated by its ``dated``, the directive shows the version that was approved with its date, the
budget keeps its split columns and section titles are the template's words. And the demo
records the committee's own BP1 decisions with the seeds' money (points 1, 6, 7)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from directives import defaults, rendering
from directives import services as documents
from directives.models import Template
from portfolio.lifecycle import Body, Gate, State
from portfolio.models import BaseFee, CarryOver, Committee, Project
from portfolio.reports import exports
from portfolio.reports.followup import build
from portfolio.services import extensions
from tests.conftest import REQUIRED

D = datetime.date


def test_the_committee_case_is_dated_by_its_dated_not_the_clock(world):
    project = world.project(State.EXECUTION)
    request = extensions.request_extension(
        project=project, by=world.owner, requested_end_date=D(2025, 6, 30), reason="Försenat",
        keeps_resources=True, today=D(2024, 5, 24))
    assert request.dated == D(2024, 5, 24)
    html = rendering.committee_case_html(request)
    assert "<td>Tjänsteskrivelse</td><td>2024-05-24</td>" in html
    assert f"<td>Tjänsteskrivelse</td><td>{datetime.date.today().isoformat()}" not in html


def test_the_api_shows_the_requests_date(world, api):
    project = world.project(State.EXECUTION)
    response = api(world.owner).post(f"/api/v1/projects/{project.pk}/extension-requests/", {
        "requested_end_date": "2025-06-30", "reason": "Försenat", "keeps_resources": True,
        "dated": "2024-05-24"}, format="json")
    assert response.status_code == 201 and response.json()["dated"] == "2024-05-24"
    body = api(world.secretary).get(f"/api/v1/extension-requests/{response.json()['id']}/")
    assert body.json()["dated"] == "2024-05-24"


def test_the_directive_shows_the_approved_version_and_its_own_date(world):
    project = world.project(State.DRAFT)
    documents.save_document(project=project, by=world.owner, base_version=None,
                            sections=REQUIRED, dated=D(2024, 2, 13))
    world.advance(project, State.SUBMITTED)
    world.pass_gate(project, Gate.BP1)
    html = rendering.directive_html(project)
    # The approved 1.0 is dated by the decision; the approved draft keeps its own date.
    assert "1.0 (2024-03-01)" in html
    assert "godkänd version 0.1 daterad 2024-02-13" in html
    assert "Fastställd</td><td colspan=\"3\">2024-03-01 av styrgruppen" in html


@pytest.mark.parametrize("dated", [D(1989, 12, 31), datetime.date.today()
                                   + datetime.timedelta(days=1)])
def test_a_document_date_outside_the_range_is_refused(world, dated):
    project = world.project(State.DRAFT)
    with pytest.raises(Exception) as error:
        documents.save_document(project=project, by=world.owner, base_version=None,
                                sections=REQUIRED, dated=dated)
    assert "dated" in error.value.message_dict
    assert documents.get_document(project) is None or not documents.get_document(
        project).versions.exists()


def test_the_budget_keeps_its_split_columns(world):
    project = world.project(State.DRAFT)
    budget = [{"activity": "Projektledare RJH", "total": "400000", "note": "60 %",
               "shares": {"Region JH": "400000"}},
              {"activity": "Resekostnader", "total": "50000", "note": "",
               "shares": {"Region JH": "25000", "Kommunerna": "25000"}}]
    documents.save_document(project=project, by=world.owner, base_version=None,
                            sections={**REQUIRED, "budget": budget})
    html = rendering.directive_html(project)
    assert '<th class="num">Region JH</th><th class="num">Kommunerna</th>' in html
    assert ('<td>Resekostnader</td><td class="num">50\xa0000</td><td class="num">25\xa0000</td>'
            '<td class="num">25\xa0000</td>') in html
    assert ('<th>Totalt</th><th class="num">450\xa0000</th><th class="num">425\xa0000</th>'
            '<th class="num">25\xa0000</th>') in html


@pytest.mark.parametrize("shares", [["Region"], {"": "1"}, {"Region JH": "Infinity"},
                                    {"Region JH": "-5"}, {f"p{i}": "1" for i in range(11)}])
def test_bad_budget_splits_name_the_section(world, shares):
    project = world.project(State.DRAFT)
    with pytest.raises(Exception) as error:
        documents.save_document(project=project, by=world.owner, base_version=None, sections={
            "budget": [{"activity": "A", "total": "1", "note": "", "shares": shares}]})
    assert "sections.budget" in error.value.message_dict


def test_the_link2_template_has_the_directives_own_section_titles(db):
    from directives.models import GateChecklistItem, TemplateVersion
    from directives.templates_data import install_default_templates

    install_default_templates(Template, TemplateVersion, GateChecklistItem)
    version = Template.objects.get(key=defaults.COMMITTEE_DIRECTIVE_TEMPLATE_KEY).current_version
    titles = [s["title"] for s in version.sections]
    for title in ("3. Krav på projektet", "4. Kopplingar till andra projekt och verksamheter",
                  "7. Övergripande risker", "8. Överlämnande"):
        assert title in titles


@pytest.fixture
def demo(world):
    call_command("seed_demo", stdout=io.StringIO())
    return Committee.objects.get(code="GNS")


def test_the_demo_is_the_committees_own_record(demo):
    link2 = Project.objects.get(committee=demo, case_year=2018, case_seq=8)
    dpo = Project.objects.get(committee=demo, case_year=2018, case_seq=11)
    for project, day in ((link2, D(2018, 8, 24)), (dpo, D(2019, 4, 5))):
        decision = project.decisions.get(gate=Gate.BP1)
        assert decision.decided_by_body == Body.COMMITTEE
        assert decision.meeting.date == day and decision.decided_on == day
        assert decision.meeting.items.filter(project=project, gate=Gate.BP1,
                                             decided_paragraph=decision.paragraph).exists()
    # LINK2: version 0.5 of 2018-08-13 approved; the print says so, with the split budget
    # and the directive's own headings.
    approved = link2.decisions.get(gate=Gate.BP1).directive_version
    assert (approved.label, approved.dated) == ("0.5", D(2018, 8, 13))
    html = rendering.directive_html(link2)
    assert "godkänd version 0.5 daterad 2018-08-13" in html
    assert "2018-08-24 av nämnden (2018-08-24 §" in html
    assert '<th class="num">Region JH</th><th class="num">Kommunerna</th>' in html
    assert "2\xa0810\xa0000</th><th class=\"num\">2\xa0245\xa0000</th><th class=\"num\">" \
           "565\xa0000" in html
    for title in ("3. Krav på projektet", "7. Övergripande risker", "8. Överlämnande"):
        assert f"<h2>{title}</h2>" in html
    # The LINK2 extension's committee case is dated 2019-05-24 and cites the approved version.
    case = rendering.committee_case_html(link2.extension_requests.get())
    assert "<td>Tjänsteskrivelse</td><td>2019-05-24</td>" in case
    assert "projektdirektiv version 0.5 (2018-08-13)" in case
    # Money as the committee reports it.
    t1 = build(year=2019, period="T1", committee=demo)["accumulated"]
    assert (t1["outcome_tkr"], t1["budget_tkr"], t1["last_year_tkr"]) == (-274, -55, 55)
    t2 = build(year=2019, period="T2", committee=demo)
    assert (t2["accumulated"]["outcome_tkr"], t2["accumulated"]["budget_tkr"],
            t2["accumulated"]["last_year_tkr"]) == (-493, -69, -44)
    assert BaseFee.objects.get(committee=demo, year=2019).amount == Decimal(2160000)
    carried = CarryOver.objects.get(committee=demo)
    assert (carried.from_year, carried.to_year, carried.amount) == (2018, 2019, 745000)
    narratives = {r["cost_object"]: r["narrative"] for r in t2["rows"]}
    assert "kvarstående medel från 2018" in narratives["6676"]
    html = exports.html(t2, demo.name)
    assert "Ackumulerat utfall per augusti 2019: <strong>-493 tkr</strong>" in html
    assert "Kvarstående medel från 2018: 745 tkr" in html


SPLIT = [{"activity": "Resekostnader", "total": "50000", "note": "",
          "shares": {"Region JH": "25000", "Kommunerna": "25000"}}]


def test_the_directive_page_shows_the_split_and_the_approved_version(world, client):
    project = world.project(State.DRAFT)
    documents.save_document(project=project, by=world.owner, base_version=None,
                            sections={**REQUIRED, "budget": SPLIT}, dated=D(2024, 2, 13))
    world.advance(project, State.SUBMITTED)
    world.pass_gate(project, Gate.BP1)
    client.force_login(world.auditor)
    html = client.get(f"/documents/{project.pk}/directive/").content.decode()
    assert '<th class="num">Region JH</th><th class="num">Kommunerna</th>' in html
    assert "{" not in html.split('id="section-budget"')[1].split("</section>")[0]
    approval = html.split('data-testid="approval">')[1].split("</p>")[0]
    assert "2024-03-01" in approval and "0.1" in approval and "2024-02-13" in approval


def test_editing_the_budget_on_the_page_keeps_each_rows_split(world, client):
    project = world.project(State.DRAFT)
    documents.save_document(project=project, by=world.owner, base_version=None,
                            sections={**REQUIRED, "budget": SPLIT})
    client.force_login(world.owner)
    response = client.post(f"/documents/{project.pk}/directive/sections/budget/", {
        "base_version": "0.1", "activity-0": "Resekostnader", "total-0": "60000",
        "note-0": "Höjd", "activity-1": "Ny rad", "total-1": "1000", "note-1": ""})
    assert response.status_code == 302
    rows = documents.get_document(project).latest.content["budget"]
    assert rows[0] == {"activity": "Resekostnader", "total": "60000", "note": "Höjd",
                       "shares": {"Region JH": "25000", "Kommunerna": "25000"}}
    assert "shares" not in rows[1]


def test_the_committees_bp1_paragraphs_run_in_date_order(demo):
    dpo = Project.objects.get(committee=demo, case_year=2018, case_seq=11)
    link2 = Project.objects.get(committee=demo, case_year=2018, case_seq=8)
    april = dpo.decisions.get(gate=Gate.BP1).paragraph
    june = link2.extension_requests.get().paragraph
    assert april < june == 17
