"""Swedish numbers (issue #13 point 4): a decimal comma is read and shown everywhere, and a
pasted "200,5" never becomes 2005 — on the pages, in the API and on display."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils.translation import override

from portfolio.models import PriceListRate, Project, TimeEntry
from portfolio.numbers import NotANumber, format_decimal, format_input, parse_decimal


@pytest.mark.parametrize("text, value", [
    ("2,5", "2.5"), ("200,5", "200.5"), ("200.5", "200.5"), ("150 000,50", "150000.50"),
    ("150 000", "150000"), ("150\u00a0000,50", "150000.50"), ("1\u202f234,5", "1234.5"),
    ("\u22123,25", "-3.25"), ("-3", "-3"), (" 7 ", "7"), (",5", "0.5"), ("12,", "12"),
])
def test_parse_reads_what_swedes_type(text, value):
    assert parse_decimal(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "två", "1.234,5", "1,234.5", "2,5,5", "Infinity", "NaN",
                                  "²", "١٢", "1e5", "--1", "12 kr"])
def test_parse_refuses_anything_else(text):
    with pytest.raises(NotANumber):
        parse_decimal(text)


def test_display_uses_decimal_comma_and_space_thousands_in_swedish_only():
    with override("sv"):
        assert format_decimal(Decimal("150000.5"), 2) == "150\u00a0000,50"
        rendered = Template("{% load form_help %}{{ v|kr:2 }} {{ h|num }}").render(
            Context({"v": Decimal("150000.5"), "h": Decimal("2.5")}))
        assert rendered == "150\u00a0000,50\u00a0kr 2,5"
    with override("en"):
        assert format_decimal(Decimal("150000.5"), 2) == "150,000.50"
    assert format_input(Decimal("400000.00")) == "400000"
    assert format_input(Decimal("2.50")) == "2,5"
    assert format_input("12x") == "12x"


@pytest.fixture
def jurist(world):
    PriceListRate.objects.create(committee=world.committee, resource="Jurist",
                                 hourly_rate=Decimal("645"), valid_from=datetime.date(2018, 1, 1))


@pytest.mark.parametrize("typed, hours", [("2,5", "2.5"), ("200,5", "200.5")])
def test_time_page_reads_a_decimal_comma(world, client, jurist, typed, hours):
    client.force_login(world.secretary)
    response = client.post("/portfolio/time/?committee=GNS", {
        "party": "rjh", "resource": "Jurist", "hours": typed, "date": "2024-02-03"})
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = TimeEntry.objects.get()
    assert entry.hours == Decimal(hours)
    page = client.get("/portfolio/time/?committee=GNS&from=2024-01-01&to=2024-12-31")
    assert f"{typed}0 h" in page.content.decode() or f"{typed} h" in page.content.decode()


def test_new_assignment_reads_swedish_amounts(world, client):
    client.force_login(world.owner)
    response = client.post("/portfolio/new/", {
        "committee": world.committee.pk, "name": "Förstudie e-arkiv", "kind": "prestudy",
        "cost_cap": "150 000,50", "estimated_hours": "200,5"})
    assert response.status_code == 302
    project = Project.objects.get(name="Förstudie e-arkiv")
    assert project.cost_cap == Decimal("150000.50")
    assert project.estimated_hours == Decimal("200.5")


def test_budget_page_shows_amounts_with_space_thousands_and_kr(world, client):
    project = world.project()
    Project.objects.filter(pk=project.pk).update(cost_cap=Decimal("360000"))
    client.force_login(world.owner)
    html = client.get(f"/portfolio/{project.pk}/budget/").content.decode()
    assert "360\u00a0000\u00a0kr" in html


@pytest.mark.parametrize("typed, hours", [("2,5", "2.50"), ("200,5", "200.50"),
                                          ("1 0,5", "10.50")])
def test_api_accepts_a_decimal_comma_in_strings_and_answers_with_a_dot(world, api, jurist,
                                                                      typed, hours):
    response = api(world.secretary).post("/api/v1/time-entries/", {
        "committee": "GNS", "party": "rjh", "resource": "Jurist", "hours": typed,
        "date": "2024-02-03"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["hours"] == hours


def test_api_messages_follow_accept_language(world, api, jurist):
    body = {"committee": "GNS", "party": "rjh", "resource": "Jurist", "hours": "abc",
            "date": "2024-02-03"}
    english = api(world.secretary).post("/api/v1/time-entries/", body, format="json",
                                        HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400
    assert english.json()["hours"] == ["A valid number is required."]
    assert english["Content-Language"] == "en"
    swedish = api(world.secretary).post("/api/v1/time-entries/", body, format="json")
    assert swedish.json()["hours"] == ["Ett giltigt nummer krävs."]
    # A service's own refusal follows the header too.
    refused = api(world.secretary).post("/api/v1/time-entries/", {**body, "hours": "0"},
                                        format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400
    assert refused.json()["hours"] == ["Hours must be more than zero."]
    assert TimeEntry.objects.count() == 0
