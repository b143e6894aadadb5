"""Project budgets with financiers and allocation keys, the common price list and time entries
(REST: /api/v1/projects/{id}/budget/, /api/v1/price-list/, /api/v1/time-entries/)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from portfolio.errors import NotAllowed
from portfolio.models import (
    AuditEvent,
    BudgetLine,
    BudgetShare,
    Financier,
    Party,
    PopulationFigure,
    PriceListRate,
    Project,
    TimeEntry,
)
from portfolio.services import budgets, projects, time

D = datetime.date

# Population 30 September 2023: the latest figure before 1 November 2023, the reference
# date for costs of 2024.
POPULATION = {"are": 11700, "berg": 7100}

FINANCIERS = [
    {"code": "region", "name": "Regionen", "allocation_key": "single", "parties": ["rjh"]},
    {"code": "kommunerna", "name": "Kommunerna", "allocation_key": "population",
     "parties": ["are", "berg"]},
]
LINES = [
    {"activity": "Projektledare", "total": "400000", "note": "60 %",
     "shares": {"region": "250000", "kommunerna": "150000"}},
    {"activity": "Resor", "total": "50001", "shares": {"region": "25000", "kommunerna": "25001"}},
]


def url(project):
    return f"/api/v1/projects/{project.pk}/budget/"


@pytest.fixture
def populations(world):
    for party in (world.are, world.berg):
        PopulationFigure.objects.create(party=party, as_of=D(2023, 9, 30),
                                        population=POPULATION[party.code], source="SCB")


@pytest.fixture
def budgeted(world, api, populations):
    """A 2024 project with the good budget in place (PUT by its owner)."""
    project = world.project()
    response = api(world.owner).put(url(project), {"financiers": FINANCIERS, "lines": LINES},
                                    format="json")
    assert response.status_code == 200, response.content
    return project, response.json()


def api_get(world, project, **params):
    """Anyone signed in reads a budget; the steering group member here."""
    client = APIClient()
    client.force_authenticate(world.steering)
    return client.get(url(project), params)


def _budget_state(project):
    """Everything the budget is made of, to show that a refused PUT changed nothing."""
    return (
        list(Financier.objects.filter(project=project).order_by("code")
             .values_list("code", "allocation_key", "percentages")),
        list(BudgetLine.objects.filter(project=project).order_by("position")
             .values_list("position", "activity", "total", "note")),
        sorted(BudgetShare.objects.filter(line__project=project)
               .values_list("line__position", "financier__code", "amount")),
    )


# --- Budgets ---------------------------------------------------------------------------------

def test_put_budget_gives_totals_and_allocation_per_party(world, budgeted):
    project, body = budgeted
    assert body["year"] == 2024
    assert body["total"] == "450001.00"
    assert body["by_financier"] == {"region": "275000.00", "kommunerna": "175001.00"}
    assert [(line["activity"], line["total"], line["shares"]) for line in body["lines"]] == [
        ("Projektledare", "400000.00", {"region": "250000.00", "kommunerna": "150000.00"}),
        ("Resor", "50001.00", {"region": "25000.00", "kommunerna": "25001.00"}),
    ]
    assert body["problems"] == []
    rows = {(r["financier"], r["party"]): (r["amount"], r["key"]) for r in body["allocation"]}
    # 175 001 kr by population 11 700 : 7 100 = 108 910.20 : 66 090.80; the krona left over
    # goes to the larger remainder (Berg).
    assert rows == {
        ("region", "rjh"): ("275000.00", "single"),
        ("kommunerna", "are"): ("108910.00", "population"),
        ("kommunerna", "berg"): ("66091.00", "population"),
    }
    for code, total in body["by_financier"].items():
        parts = [Decimal(r["amount"]) for r in body["allocation"] if r["financier"] == code]
        assert all(p == p.to_integral_value() for p in parts)
        assert sum(parts) == Decimal(total)
    assert body["per_party"] == {"rjh": "275000.00", "are": "108910.00", "berg": "66091.00"}
    # Stored as given, and audited.
    assert Financier.objects.get(project=project, code="kommunerna").allocation_key == "population"
    assert BudgetLine.objects.filter(project=project).count() == 2
    event = AuditEvent.objects.filter(project=project, action="budget.set").get()
    assert event.changes == {"budget_total": ["0", "450001.00"]}
    # GET gives the same body.
    assert api_get(world, project).json() == body


def test_line_whose_shares_do_not_add_up_is_refused_and_old_budget_kept(world, api, budgeted):
    project, before = budgeted
    state = _budget_state(project)
    bad = [LINES[0], {"activity": "Kommunikatör", "total": "80000",
                      "shares": {"region": "40000", "kommunerna": "30000"}}]
    # With and without new financiers: replacing the financiers must not survive a bad line.
    for payload in ({"lines": bad}, {"financiers": FINANCIERS[:1] + [
            {**FINANCIERS[1], "allocation_key": "equal"}], "lines": bad}):
        response = api(world.owner).put(url(project), payload, format="json")
        assert response.status_code == 400, response.content
        assert "lines[1].shares" in response.json()
        assert "lines[0].shares" not in response.json()
        assert _budget_state(project) == state
    assert api_get(world, project).json() == before


def test_unknown_financier_code_in_a_line_is_refused(world, api, budgeted):
    project, before = budgeted
    state = _budget_state(project)
    response = api(world.owner).put(url(project), {"lines": [
        {"activity": "Licens", "total": "1000", "shares": {"staten": "1000"}}]}, format="json")
    assert response.status_code == 400
    assert "lines[0].shares.staten" in response.json()
    assert _budget_state(project) == state


def test_percent_key_must_add_up_to_100(world, api, budgeted):
    project, _ = budgeted
    state = _budget_state(project)
    financiers = [FINANCIERS[0], {"code": "kommunerna", "allocation_key": "percent",
                                  "parties": ["are", "berg"],
                                  "percentages": {"are": "60", "berg": "30"}}]
    response = api(world.owner).put(url(project), {"financiers": financiers, "lines": LINES},
                                    format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["financiers[1].percentages"]
    assert _budget_state(project) == state
    # 60 + 40 is accepted and used.
    financiers[1]["percentages"] = {"are": "60", "berg": "40"}
    response = api(world.owner).put(url(project), {"financiers": financiers, "lines": LINES},
                                    format="json")
    assert response.status_code == 200, response.content
    rows = {r["party"]: (r["amount"], r["key"]) for r in response.json()["allocation"]
            if r["financier"] == "kommunerna"}
    assert rows == {"are": ("105001.00", "percent"), "berg": ("70000.00", "percent")}


def test_population_key_without_figure_for_the_year_is_a_problem_not_an_error(world, api,
                                                                                budgeted):
    project, _ = budgeted
    # Costs of 2023 use 1 November 2022; the only figures are of 30 September 2023.
    response = api_get(world, project, year=2023)
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2023 and body["total"] == "450001.00"
    assert len(body["problems"]) == 1
    assert "2022-11-01" in body["problems"][0] and "Kommunerna" in body["problems"][0]
    assert {r["financier"] for r in body["allocation"]} == {"region"}
    summary = budgets.budget_summary(project, 2023)
    assert len(summary["problems"]) == 1 and "2022-11-01" in summary["problems"][0]
    # A bad year parameter is named.
    assert api_get(world, project, year="abc").status_code == 400


@pytest.mark.parametrize("who", ["outsider", "auditor", "steering"])
def test_only_owner_and_manager_put_the_budget(world, api, budgeted, who):
    project, before = budgeted
    state = _budget_state(project)
    response = api(getattr(world, who)).put(url(project), {"lines": LINES[:1]}, format="json")
    # Outside the committee a draft's budget is not even revealed.
    expected = 404 if who == "outsider" and project.state == "draft" else 403
    assert response.status_code == expected
    assert _budget_state(project) == state
    # The manager may.
    response = api(world.manager).put(url(project), {"lines": LINES[:1]}, format="json")
    assert response.status_code == 200 and response.json()["total"] == "400000.00"


def test_demo_link2_budget(world, api):
    call_command("seed_demo", stdout=io.StringIO())
    link2 = Project.objects.get(committee__code="GNS", case_year=2018, case_seq=8)
    response = api(world.admin).get(url(link2), {"year": "2019"})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == "2810000.00"
    assert body["by_financier"] == {"region": "2245000.00", "kommunerna": "565000.00"}
    municipal = {r["party"]: Decimal(r["amount"]) for r in body["allocation"]
                 if r["financier"] == "kommunerna"}
    assert municipal["ostersund"] == 273753
    assert len(municipal) == 8 and sum(municipal.values()) == 565000
    assert body["problems"] == []


# --- Price list and time ---------------------------------------------------------------------

def test_price_list_after_seed_demo(world, api):
    call_command("seed_demo", stdout=io.StringIO())
    response = api(world.outsider).get("/api/v1/price-list/", {"committee": "GNS"})
    assert response.status_code == 200
    rates = {r["resource"]: r for r in response.json()}
    assert {k: r["hourly_rate"] for k, r in rates.items()} == {
        "Jurist": "645.00", "Ekonomi/personalstöd": "422.00", "Upphandlare": "467.00"}
    assert all(r["decision_reference"] == "GNS/7/2019" and r["committee"] == "GNS"
               for r in rates.values())
    assert api(world.outsider).get("/api/v1/price-list/", {"committee": "GNU"}).json() == []
    assert api().get("/api/v1/price-list/").status_code in (401, 403)


@pytest.fixture
def rates(world):
    for resource, rate, valid_from in [("Jurist", "645", D(2019, 6, 3)),
                                       ("Jurist", "700", D(2020, 1, 1)),
                                       ("Upphandlare", "467", D(2019, 6, 3))]:
        PriceListRate.objects.create(committee=world.committee, resource=resource,
                                     hourly_rate=Decimal(rate), valid_from=valid_from,
                                     decision_reference="GNS/7/2019")


def post_time(api, user, **fields):
    body = {"committee": "GNS", "party": "are", "resource": "Jurist", "hours": "7.5",
            "date": "2019-12-31", **fields}
    body = {k: v for k, v in body.items() if v is not None}
    return api(user).post("/api/v1/time-entries/", body, format="json")


def test_time_is_costed_at_the_rate_in_force_on_the_date(world, api, rates):
    cases = [("2019-06-03", "645.00", "4837.50"), ("2019-12-31", "645.00", "4837.50"),
             ("2020-01-01", "700.00", "5250.00"), ("2021-05-17", "700.00", "5250.00")]
    for date, rate, cost in cases:
        response = post_time(api, world.secretary, date=date)
        assert response.status_code == 201, response.content
        body = response.json()
        assert (body["date"], body["rate"], body["cost"]) == (date, rate, cost)
        assert body["committee"] == "GNS" and body["party"] == "are"
    response = post_time(api, world.secretary, resource="Upphandlare", hours="1.25")
    assert response.json()["cost"] == "583.75"  # 1.25 × 467
    assert TimeEntry.objects.count() == 5
    assert AuditEvent.objects.filter(action="time.recorded").count() == 5
    listed = api(world.secretary).get("/api/v1/time-entries/").json()
    assert len(listed) == 5 and listed[0]["date"] == "2021-05-17"


@pytest.mark.parametrize("fields, field", [
    ({"hours": "-2"}, "hours"),
    ({"hours": "0"}, "hours"),
    ({"date": "2019-06-02"}, "date"),          # the day before the price list
    ({"resource": "Astronaut"}, "resource"),
    ({"party": "krokom"}, "party"),             # a party, but not a member of GNS
])
def test_bad_time_entry_is_refused_naming_the_field(world, api, rates, fields, field):
    Party.objects.create(code="krokom", name="Krokoms kommun", kind="municipality")
    response = post_time(api, world.secretary, **fields)
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert TimeEntry.objects.count() == 0


def test_who_may_record_time(world, api, rates):
    project = world.project()
    other = projects.create_project(committee=world.other_committee, name="Annan nämnds projekt",
                                    by=world.other_secretary, owner=world.owner, parties=[world.region], case_year=2024)
    response = post_time(api, world.outsider)
    assert response.status_code == 403
    response = post_time(api, world.auditor)
    assert response.status_code == 403
    # A project of another committee, booked on GNS.
    response = post_time(api, world.secretary, project=other.pk)
    assert response.status_code == 400 and "project" in response.json()
    assert TimeEntry.objects.count() == 0
    # The project's manager records on the project (committee taken from the project) but not
    # on the committee as a whole.
    response = post_time(api, world.manager, committee=None, project=project.pk)
    assert response.status_code == 201, response.content
    assert response.json()["committee"] == "GNS" and response.json()["project"] == project.pk
    assert post_time(api, world.manager).status_code == 403
    assert TimeEntry.objects.count() == 1


def test_invoicing_summary_per_party_for_a_period(world, api, rates):
    def record(party, resource, hours, date):
        time.record_time(committee=world.committee, party=party, resource=resource,
                         hours=Decimal(hours), date=date, by=world.secretary)

    record(world.are, "Jurist", "2", D(2019, 12, 31))        # before the period
    record(world.are, "Jurist", "3", D(2020, 1, 1))          # 3 × 700
    record(world.are, "Upphandlare", "4", D(2020, 3, 15))    # 4 × 467
    record(world.are, "Jurist", "1.5", D(2020, 6, 30))       # 1.5 × 700
    record(world.region, "Jurist", "10", D(2020, 2, 1))      # 10 × 700
    record(world.region, "Jurist", "8", D(2020, 7, 1))       # after the period
    rows = time.invoicing_summary(world.committee, D(2020, 1, 1), D(2020, 6, 30))
    by_party = {r["party"]: r for r in rows}
    assert set(by_party) == {"are", "rjh"}
    assert by_party["are"]["hours"] == Decimal("8.5")
    assert by_party["are"]["cost"] == Decimal("2100") + Decimal("1868") + Decimal("1050")
    assert {r["resource"]: (r["hours"], r["cost"]) for r in by_party["are"]["by_resource"]} == {
        "Jurist": (Decimal("4.5"), Decimal("3150")), "Upphandlare": (Decimal("4"), Decimal("1868"))}
    assert (by_party["rjh"]["hours"], by_party["rjh"]["cost"]) == (Decimal("10"), Decimal("7000"))

    response = api(world.secretary).get("/api/v1/time-entries/invoicing/", {
        "committee": "GNS", "from": "2020-01-01", "to": "2020-06-30"})
    assert response.status_code == 200
    body = {r["party"]: r for r in response.json()}
    assert (body["are"]["hours"], body["are"]["cost"]) == ("8.50", "5018.00")
    assert (body["rjh"]["hours"], body["rjh"]["cost"]) == ("10.00", "7000.00")
    assert {r["resource"]: (r["hours"], r["cost"]) for r in body["are"]["by_resource"]} == {
        "Jurist": ("4.50", "3150.00"), "Upphandlare": ("4.00", "1868.00")}
    bad = api(world.secretary).get("/api/v1/time-entries/invoicing/", {
        "committee": "GNS", "from": "2020-13-01"})
    assert bad.status_code == 400 and "from" in bad.json()
    bad = api(world.secretary).get("/api/v1/time-entries/invoicing/", {"committee": "NOPE"})
    assert bad.status_code == 400 and "committee" in bad.json()


def test_hours_against_estimate_flags_a_project_over_its_estimate(world, rates):
    project = world.project(estimated_hours=Decimal("10"))
    unestimated = world.project(name="Utan uppskattning")

    def record(p, hours):
        time.record_time(committee=world.committee, party=world.are, resource="Jurist",
                         hours=Decimal(hours), date=D(2020, 2, 1), by=world.manager, project=p)

    record(project, "6")
    record(project, "4")
    assert time.hours_against_estimate(project) == {
        "used": Decimal("10"), "estimate": Decimal("10"), "over": False}
    record(project, "0.5")
    assert time.hours_against_estimate(project) == {
        "used": Decimal("10.5"), "estimate": Decimal("10"), "over": True}
    record(unestimated, "100")
    assert time.hours_against_estimate(unestimated)["over"] is False


def test_budget_page_shows_the_budget_and_the_allocation(world, client, budgeted):
    project, _ = budgeted
    client.force_login(world.owner)
    response = client.get(f"/portfolio/{project.pk}/budget/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Projektledare" in html and "Kommunerna" in html
    assert response.context["summary"]["per_party"] == {
        "rjh": Decimal(275000), "are": Decimal(108910), "berg": Decimal(66091)}


def test_time_page_records_time(world, client, rates):
    client.force_login(world.secretary)
    response = client.post("/portfolio/time/?committee=GNS", {
        "party": "berg", "resource": "Jurist", "hours": "2.5",
        "date": "2020-02-03", "note": "Avtalsgranskning"})
    assert response.status_code == 302
    entry = TimeEntry.objects.get()
    assert (entry.party, entry.rate, entry.cost) == (world.berg, Decimal("700"), Decimal("1750"))
    response = client.post("/portfolio/time/?committee=GNS", {
        "party": "berg", "resource": "Jurist", "hours": "-1", "date": "2020-02-03"})
    assert response.status_code == 400
    assert TimeEntry.objects.count() == 1


def test_budget_page_form_reads_swedish_amounts_and_names_a_bad_cell(world, client, budgeted):
    project, _ = budgeted
    before = _budget_state(project)
    client.force_login(world.owner)
    page = f"/portfolio/{project.pk}/budget/"
    response = client.post(page, {
        "activity-0": "Projektledare", "total-0": "400 000", "note-0": "",
        "share-0-region": "250\u00a0000", "share-0-kommunerna": "150 000",
        "activity-1": "Resor", "total-1": "12x", "share-1-region": "12", "note-1": "Tåg",
        "activity-2": "", "total-2": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Rad 2 – Totalt:" in html
    assert 'value="12x"' in html and 'value="Tåg"' in html
    assert _budget_state(project) == before
    response = client.post(page, {
        "activity-0": "Projektledare", "total-0": "400 000,50", "note-0": "",
        "share-0-region": "250 000,50", "share-0-kommunerna": "150 000",
        "activity-1": "", "total-1": ""})
    assert response.status_code == 302
    (line,) = BudgetLine.objects.filter(project=project)
    assert line.total == Decimal("400000.50")
    # Shares that do not add up: refused by the service, nothing changed.
    response = client.post(page, {"activity-0": "Resor", "total-0": "100",
                                  "share-0-region": "10", "share-0-kommunerna": "10"})
    assert response.status_code == 400
    assert BudgetLine.objects.get(project=project).total == Decimal("400000.50")


def test_time_for_a_hidden_project_answers_as_for_no_project(world, api, rates):
    """The answer for another committee's project that is not public must not differ from the
    answer for an id that does not exist: no existence oracle."""
    hidden = projects.create_project(committee=world.other_committee, by=world.other_secretary,
                                     name="Annan nämnds interna", parties=[world.region],
                                     case_year=2024)
    Project.objects.filter(pk=hidden.pk).update(state="submitted", is_public=False)
    missing = Project.objects.order_by("-pk").first().pk + 1000
    for user in (world.outsider, world.secretary, world.owner):
        for body in ({}, {"hours": "-1", "party": "berg", "resource": "Ingen"}, {"committee": None}):
            seen = post_time(api, user, project=hidden.pk, **body)
            unknown = post_time(api, user, project=missing, **body)
            assert seen.status_code == unknown.status_code, (user, body, seen.content)
            assert (seen.json() == unknown.json()
                    or seen.json()["project"][0].replace(str(hidden.pk), str(missing))
                    == unknown.json()["project"][0]), (user, body)
    assert TimeEntry.objects.count() == 0


def test_time_refused_before_field_errors(world, api, rates):
    # An outsider learns nothing about GNS's parties or price list from the errors.
    response = post_time(api, world.outsider, party="berg", resource="Ingen", hours="-1")
    assert response.status_code == 403, response.content
    with pytest.raises(NotAllowed):
        time.record_time(committee=world.committee, party=world.berg, resource="Ingen",
                         hours="-1", date=D(2019, 12, 31), by=world.outsider)
