"""Follow-up reports (T1, T2, Y) on the demo money of 2019: JSON, XLSX, CSV, PDF and the page."""

import csv
import datetime
import io
import json
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from portfolio.models import Committee, CostObject, Forecast, PriceListRate
from portfolio.reports import followup
from portfolio.reports.followup import COLUMNS, LABELS, build
from portfolio.services import time
from portfolio.services.outcomes import import_outcomes

D = datetime.date
URL = "/api/v1/reports/follow-up/"
HEADER = ["Objekt", "Namn"] + [LABELS[c] for c in COLUMNS]


@pytest.fixture
def demo(world):
    call_command("seed_demo", stdout=io.StringIO())
    return Committee.objects.get(code="GNS")


def deviations(report) -> dict:
    return {row["cost_object"]: row["tkr"]["deviation"] for row in report["rows"]}


def tkr_table(report) -> list[list]:
    """The report as the exports show it: one row per cost object and the total, in tkr."""
    rows = [[r["cost_object"], r["name"], *(r["tkr"][c] for c in COLUMNS)] for r in report["rows"]]
    return rows + [["", "Summa", *(report["total"]["tkr"][c] for c in COLUMNS)]]


def test_t1_2019_deviation_is_minus_219_tkr(demo):
    report = build(year=2019, period="T1", committee=demo)
    assert report["title"] == "Tertialrapport januari–april 2019" and report["months"] == 4
    assert report["total"]["tkr"]["deviation"] == -219
    assert deviations(report) == {"6660": 16, "6663": 23, "6674": -258, "6676": 0}
    assert report["total"]["deviation"] == "-219000"
    assert report["total"]["tkr"]["annual_budget"] == -101
    # Last year's Jan–Apr: 6660 +15 750/month, 6674 −2 000/month on a budget of 0 ± income.
    by_code = {r["cost_object"]: r for r in report["rows"]}
    assert by_code["6674"]["acc_outcome"] == "-258000"
    assert by_code["6674"]["last_year_acc_outcome"] == "-8000"
    assert report["chart"]["monthly_deviation_tkr"] == [-55, -55, -55, -55]
    assert report["chart"]["accumulated_deviation_tkr"] == [-55, -110, -164, -219]
    assert len(report["chart"]["accumulated_deviation_last_year_tkr"]) == 12


def test_t2_and_year(demo):
    t2 = build(year=2019, period="T2", committee=demo)
    assert t2["title"].startswith("Delårsrapport januari–augusti")
    assert t2["total"]["tkr"]["deviation"] == -424
    assert deviations(t2) == {"6660": 38, "6663": -69, "6674": -393, "6676": 0}
    year = build(year=2019, period="Y", committee=demo)
    assert year["months"] == 12 and year["title"].startswith("Årsbokslut")
    # No outcomes after August: September–December count as the budget not spent
    # (−424 tkr and the −32 tkr budgeted for September–December).
    assert year["total"]["tkr"]["deviation"] == -392
    assert year["total"]["tkr"]["acc_budget"] == year["total"]["tkr"]["annual_budget"] == -101
    assert len(year["chart"]["accumulated_deviation_tkr"]) == 12


def test_forecast_made_on_the_last_day_of_the_period_counts(demo):
    """The April forecast (made 30 April) belongs to the T1 report."""
    Forecast.objects.filter(cost_object__code="6674", year=2019,
                            made_at=D(2019, 4, 30)).update(amount=Decimal(-300000))
    report = build(year=2019, period="T1", committee=demo)
    row = {r["cost_object"]: r for r in report["rows"]}["6674"]
    assert row["tkr"]["annual_forecast"] == -300 and row["tkr"]["forecast_deviation"] == -300
    assert report["chart"]["forecast_deviation_tkr"] == -300
    # A forecast made after the period is not used.
    Forecast.objects.create(cost_object=CostObject.objects.get(code="6674"), year=2019,
                            made_at=D(2019, 5, 1), amount=Decimal(-1000))
    assert {r["cost_object"]: r for r in build(year=2019, period="T1", committee=demo)["rows"]}[
        "6674"]["tkr"]["annual_forecast"] == -300
    t2 = build(year=2019, period="T2", committee=demo)
    assert {r["cost_object"]: r for r in t2["rows"]}["6674"]["tkr"]["annual_forecast"] == -1


def test_api_json_matches_build(world, api, demo):
    for period in ("T1", "T2", "Y"):
        response = api(world.auditor).get(URL, {"committee": "GNS", "year": "2019",
                                                 "period": period, "format": "json"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        expected = json.loads(json.dumps(build(year=2019, period=period, committee=demo)))
        assert response.json() == expected
    body = api(world.auditor).get(URL, {"committee": "gns", "year": "2019",
                                         "period": "T1"}).json()
    assert body["total"]["tkr"]["deviation"] == -219


def test_xlsx_holds_the_same_tkr_as_json(world, api, demo):
    for period in ("T1", "T2"):
        params = {"committee": "GNS", "year": "2019", "period": period}
        report = api(world.auditor).get(URL, params).json()
        response = api(world.auditor).get(URL, {**params, "format": "xlsx"})
        assert response.status_code == 200
        assert response["Content-Type"] == (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        assert f"uppfoljning-GNS-2019-{period}.xlsx" in response["Content-Disposition"]
        sheet = load_workbook(io.BytesIO(response.content))[period]
        cells = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
        assert cells[0] == HEADER
        assert cells[1:] == tkr_table(report)
        assert cells[-1][2 + COLUMNS.index("deviation")] == report["total"]["tkr"]["deviation"]
    assert cells[-1][2 + COLUMNS.index("deviation")] == -424


def test_csv_holds_the_same_tkr_as_json(world, api, demo):
    params = {"committee": "GNS", "year": "2019", "period": "T1"}
    report = api(world.auditor).get(URL, params).json()
    response = api(world.auditor).get(URL, {**params, "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == HEADER
    parsed = [[r[0], r[1], *(int(v) for v in r[2:])] for r in rows[1:]]
    assert parsed == tkr_table(report)
    assert parsed[-1][2 + COLUMNS.index("deviation")] == -219


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_pdf_report_has_title_and_chart(world, api, demo):
    response = api(world.auditor).get(URL, {"committee": "GNS", "year": "2019", "period": "T1",
                                             "format": "pdf"})
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Tertialrapport" in text
    assert "Ackumulerad budgetavvikelse" in text
    assert "-219" in text or "\u2212219" in text


@pytest.mark.parametrize("params, named", [
    ({"year": "abc"}, ["year"]),
    ({"period": "T9"}, ["period"]),
    ({"committee": "XYZ"}, ["committee"]),
    ({"project": "abc"}, ["project"]),
    ({"project": "999999"}, ["project"]),
    ({"format": "doc"}, ["format"]),
    ({"year": "1800", "period": "", "committee": ""}, ["year", "period", "committee"]),
])
def test_bad_parameters_are_named(world, api, demo, params, named):
    query = {"committee": "GNS", "year": "2019", "period": "T1", **params}
    response = api(world.auditor).get(URL, query)
    assert response.status_code == 400
    assert sorted(response.json()) == sorted(named)


def test_report_needs_a_signed_in_user(demo, api):
    assert api().get(URL, {"committee": "GNS", "year": "2019", "period": "T1"}).status_code in (
        401, 403)


def import_text(committee, user, text):
    import_outcomes(filename="utfall.csv", data=text.encode(), by=user, committee=committee)


def test_flags_and_project_scope(world, api):
    capped = world.project(name="Förstudie med kostnadstak", cost_cap=Decimal("100000"),
                           estimated_hours=Decimal("5"))
    under = world.project(name="Inom ramen", cost_cap=Decimal("100000"))
    CostObject.objects.create(committee=world.committee, code="7001", name="Tak", project=capped)
    CostObject.objects.create(committee=world.committee, code="7002", name="Ram", project=under)
    CostObject.objects.create(committee=world.committee, code="7000", name="Gemensamt")
    # 7001: costs 110 000 kr in all (income does not count against the cap), 2023 included.
    import_text(world.committee, world.secretary,
                "cost_object;period;category;amount\n"
                "7001;2023-12;Kostnader;-20000\n"
                "7001;2024-01;Kostnader;-60000\n"
                "7001;2024-02;Kostnader;-30000\n"
                "7001;2024-02;Intäkter;50000\n"
                "7002;2024-01;Kostnader;-100000\n"
                "7000;2024-01;Kostnader;-5000\n")
    PriceListRate.objects.create(committee=world.committee, resource="Jurist",
                                 hourly_rate=Decimal(645), valid_from=D(2024, 1, 1))
    time.record_time(committee=world.committee, party=world.are, resource="Jurist",
                     hours=Decimal(6), date=D(2024, 2, 1), by=world.manager, project=capped)

    report = build(year=2024, period="T1", committee=world.committee)
    flags = {(f["project"], f["flag"]): f for f in report["flags"]}
    assert set(flags) == {(capped.pk, "over_cost_cap"), (capped.pk, "over_hours")}
    assert flags[(capped.pk, "over_cost_cap")]["detail"] == "110000 kr > 100000 kr"
    assert flags[(capped.pk, "over_cost_cap")]["case_number"] == capped.case_number
    assert [r["cost_object"] for r in report["rows"]] == ["7000", "7001", "7002"]

    scoped = build(year=2024, period="T1", project=capped)
    assert [r["cost_object"] for r in scoped["rows"]] == ["7001"]
    assert scoped["scope"] == {"committee": None, "project": capped.pk}
    assert scoped["total"]["acc_outcome"] == "-40000"
    assert scoped["total"]["last_year_acc_outcome"] == "0"
    assert {f["flag"] for f in scoped["flags"]} == {"over_cost_cap", "over_hours"}

    response = api(world.auditor).get(URL, {"project": str(capped.pk), "year": "2024",
                                             "period": "T1"})
    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(scoped))
    # A project without cost objects gives an empty report, not an error.
    empty = build(year=2024, period="T1", project=world.project(name="Utan objekt"))
    assert empty["rows"] == [] and empty["total"]["tkr"]["deviation"] == 0
    assert empty["flags"] == []


def test_economy_page_renders_the_table_and_chart(world, client, demo):
    client.force_login(world.auditor)
    response = client.get("/portfolio/economy/", {"committee": "GNS", "year": "2019",
                                                  "period": "T1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html
    assert "Tertialrapport januari–april 2019" in html
    assert re.search(r"[-\u2212]\s?219\b", html)
    assert response.context["ctx"]["total"][COLUMNS.index("deviation")] == -219
    rows = {r["cost_object"]: r["values"] for r in response.context["ctx"]["rows"]}
    assert rows["6663"][COLUMNS.index("deviation")] == 23
    assert rows["6674"][COLUMNS.index("deviation")] == -258
    # The same page's export link gives the same XLSX numbers.
    export = client.get("/portfolio/economy/report/", {"committee": "GNS", "year": "2019",
                                                       "period": "T1", "format": "csv"})
    assert export.status_code == 200
    assert export.content.decode("utf-8-sig").splitlines()[-1].split(";")[2 + COLUMNS.index(
        "deviation")] == "-219"


def test_periods_are_the_three_report_kinds():
    assert {k: v[0] for k, v in followup.PERIODS.items()} == {"T1": 4, "T2": 8, "Y": 12}
