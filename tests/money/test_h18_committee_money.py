"""The committee's money as it reports it (issue #11 point 6): the base fee per year, carry-over
of remaining funds, a narrative per object in each follow-up report, and the accumulated
figures; services, API (read per role) and the report."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from portfolio.errors import NotAllowed
from portfolio.models import AuditEvent, BaseFee, CarryOver, CostObject, FollowUpNarrative
from portfolio.reports import exports
from portfolio.reports.followup import build
from portfolio.services import allocation, committee_money
from portfolio.services.outcomes import import_outcomes

READERS = ("secretary", "chair", "auditor", "admin")
OUTSIDERS = ("outsider", "other_secretary")


@pytest.fixture
def objects(world):
    made = {code: CostObject.objects.create(committee=world.committee, code=code, name=name)
            for code, name in (("6660", "Basarvode"), ("6663", "Serverdrift Åre"))}
    lines = ["cost_object;period;category;amount",
             "6660;2019-01;Kostnader;-100000", "6663;2019-02;Kostnader;-50000",
             "6660;2018-03;Kostnader;30000"]
    import_outcomes(filename="utfall.csv", data="\n".join(lines).encode(), by=world.admin,
                    committee=world.committee)
    return made


# -- base fee per year --------------------------------------------------------------------

def test_each_year_has_its_own_base_fee_and_the_split_follows_it(world):
    world.committee.base_fee = Decimal(300000)
    world.committee.save()
    committee_money.set_base_fee(committee=world.committee, year=2019, amount=Decimal(900000),
                                 decision_reference="Verksamhetsplan 2019", by=world.secretary)
    committee_money.set_base_fee(committee=world.committee, year=2020, amount=Decimal(1200000),
                                 by=world.chair)
    assert sum(allocation.base_fee_split(world.committee, 2019).values()) == 900000
    assert sum(allocation.base_fee_split(world.committee, 2020).values()) == 1200000
    # A year without its own row keeps the standing base fee.
    assert sum(allocation.base_fee_split(world.committee, 2021).values()) == 300000
    # Setting a year again changes that year only, and is audited.
    committee_money.set_base_fee(committee=world.committee, year=2019, amount=Decimal(950000),
                                 by=world.secretary)
    assert BaseFee.objects.get(year=2019).amount == 950000
    assert BaseFee.objects.get(year=2020).amount == 1200000
    assert AuditEvent.objects.filter(action="base_fee.set").count() == 3


@pytest.mark.parametrize("field, kwargs", [
    ("year", {"year": 1989}), ("year", {"year": "2019"}), ("year", {"year": 99999999999}),
    ("amount", {"amount": "Infinity"}), ("amount", {"amount": "NaN"}),
    ("amount", {"amount": "²"}), ("amount", {"amount": Decimal("1e40")}),
    ("amount", {"amount": Decimal(-1)}), ("amount", {"amount": "1.001"}),
])
def test_bad_base_fee_input_names_the_field_and_changes_nothing(world, field, kwargs):
    values = {"year": 2019, "amount": Decimal(1000), **kwargs}
    with pytest.raises(ValidationError) as error:
        committee_money.set_base_fee(committee=world.committee, by=world.secretary, **values)
    assert field in error.value.message_dict
    assert not BaseFee.objects.exists()


@pytest.mark.parametrize("who", ["owner", "steering", "auditor", "outsider", "other_secretary"])
def test_only_the_committees_chair_or_secretary_keeps_its_money(world, objects, who):
    user = world.users[who]
    with pytest.raises(NotAllowed):
        committee_money.set_base_fee(committee=world.committee, year=2019, amount=1, by=user)
    with pytest.raises(NotAllowed):
        committee_money.record_carry_over(committee=world.committee, from_year=2018,
                                          to_year=2019, amount=1, decision_reference="x",
                                          by=user)
    with pytest.raises(NotAllowed):
        committee_money.save_narrative(cost_object=objects["6660"], year=2019, period="T1",
                                       text="x", by=user)
    assert not (BaseFee.objects.exists() or CarryOver.objects.exists()
                or FollowUpNarrative.objects.exists())


# -- carry-over -----------------------------------------------------------------------------

def test_carry_over_goes_to_a_later_year_with_its_decision(world):
    with pytest.raises(ValidationError) as error:
        committee_money.record_carry_over(committee=world.committee, from_year=2019,
                                          to_year=2019, amount=Decimal(745000),
                                          decision_reference="", by=world.secretary)
    assert {"to_year", "decision_reference"} <= set(error.value.message_dict)
    row = committee_money.record_carry_over(
        committee=world.committee, from_year=2018, to_year=2019, amount=Decimal(745000),
        decision_reference="Årsbokslut 2018", by=world.secretary)
    assert (row.from_year, row.to_year, row.amount) == (2018, 2019, 745000)
    report = build(year=2019, period="T1", committee=world.committee)
    assert report["carry_over_in"] == [{"from_year": 2018, "amount": "745000.00",
                                        "amount_tkr": 745, "decision_reference":
                                        "Årsbokslut 2018", "note": ""}]
    assert build(year=2020, period="T1", committee=world.committee)["carry_over_in"] == []


# -- narratives and accumulated figures -----------------------------------------------------

def test_narrative_per_object_and_period_in_the_report_and_its_pdf_html(world, objects):
    committee_money.save_narrative(cost_object=objects["6663"], year=2019, period="T1",
                                   text="Serverdrift Åre ska vid årets slut gå ±0.",
                                   by=world.secretary)
    report = build(year=2019, period="T1", committee=world.committee)
    by_code = {r["cost_object"]: r for r in report["rows"]}
    assert by_code["6663"]["narrative"] == "Serverdrift Åre ska vid årets slut gå ±0."
    assert by_code["6660"]["narrative"] == ""
    # Another period has its own narrative.
    assert build(year=2019, period="T2", committee=world.committee)["rows"][1]["narrative"] == ""
    html = exports.html(report, world.committee.name)
    assert "Objekt 6663: Serverdrift Åre -50 tkr." in html
    assert "ska vid årets slut gå ±0." in html
    # Empty text removes it.
    assert committee_money.save_narrative(cost_object=objects["6663"], year=2019, period="T1",
                                          text="  ", by=world.secretary) is None
    assert not FollowUpNarrative.objects.exists()


def test_accumulated_figures_lead_the_report(world, objects):
    report = build(year=2019, period="T1", committee=world.committee)
    assert report["accumulated"] == {"month_name": "april", "outcome_tkr": -150,
                                     "budget_tkr": 0, "deviation_tkr": -150,
                                     "last_year_tkr": 30}
    html = exports.html(report, world.committee.name)
    assert "Ackumulerat utfall per april 2019: <strong>-150 tkr</strong>" in html


# -- API ------------------------------------------------------------------------------------

@pytest.mark.parametrize("who", READERS + OUTSIDERS + ("anonymous",))
def test_reading_base_fees_carry_overs_and_narratives_per_role(world, objects, api, who):
    committee_money.set_base_fee(committee=world.committee, year=2019, amount=Decimal(900000),
                                 by=world.secretary)
    committee_money.record_carry_over(committee=world.committee, from_year=2018, to_year=2019,
                                      amount=Decimal(745000), decision_reference="Bokslut",
                                      by=world.secretary)
    committee_money.save_narrative(cost_object=objects["6660"], year=2019, period="T1",
                                   text="Enligt plan.", by=world.secretary)
    client = api(None if who == "anonymous" else world.users[who])
    urls = ["/api/v1/committees/GNS/base-fees/", "/api/v1/committees/GNS/base-fees/2019/",
            "/api/v1/committees/GNS/carry-overs/",
            "/api/v1/reports/follow-up/narratives/?committee=GNS&year=2019&period=T1",
            "/api/v1/committees/GNS/base-fee/?year=2019"]
    for url in urls:
        response = client.get(url)
        # Outside the committee its money is not there to know of (as require_committee_read).
        expected = (200,) if who in READERS else (401, 403) if who == "anonymous" else (403, 404)
        assert response.status_code in expected, url
        if who not in READERS:
            assert "900000" not in response.content.decode()
    if who in READERS:
        assert client.get(urls[0]).json()["results"] == [
            {"year": 2019, "amount": "900000.00", "decision_reference": ""}]
        assert client.get(urls[2]).json()["results"][0]["amount"] == "745000.00"
        narratives = client.get(urls[3]).json()["results"]
        assert [(n["cost_object"], n["text"]) for n in narratives] == [
            ("6660", "Enligt plan."), ("6663", "")]
        rows = client.get(urls[4]).json()
        assert {r["base_fee"] for r in rows} == {"900000.00"} and rows[0]["year"] == 2019
        assert sum(Decimal(r["amount"]) for r in rows) == 900000


def test_writing_through_the_api(world, objects, api):
    client = api(world.secretary)
    response = client.put("/api/v1/committees/GNS/base-fees/2020/",
                          {"amount": "1200000", "decision_reference": "VP 2020"}, format="json")
    assert response.status_code == 200 and response.json()["amount"] == "1200000.00"
    response = client.post("/api/v1/committees/GNS/carry-overs/", {
        "from_year": 2018, "to_year": 2019, "amount": "745000",
        "decision_reference": "Årsbokslut 2018"}, format="json")
    assert response.status_code == 201
    response = client.put("/api/v1/reports/follow-up/narratives/", {
        "committee": "GNS", "cost_object": "6663", "year": 2019, "period": "T2",
        "text": "−69 tkr"}, format="json")
    assert response.status_code == 200 and response.json()["text"] == "−69 tkr"
    # Refused for others, and bad input names the field.
    assert api(world.auditor).put("/api/v1/committees/GNS/base-fees/2020/", {
        "amount": "1"}, format="json").status_code == 403
    for url, body, field in [
        ("/api/v1/committees/GNS/base-fees/2020/", {"amount": "Infinity"}, "amount"),
        ("/api/v1/committees/GNS/base-fees/2020/", {"amount": "1", "state": "x"}, "state"),
        ("/api/v1/committees/GNS/carry-overs/", {"from_year": 2019, "to_year": 2018,
                                                 "amount": "1", "decision_reference": "x"},
         "to_year"),
        ("/api/v1/reports/follow-up/narratives/", {"committee": "GNS", "cost_object": "9999",
                                                   "year": 2019, "period": "T1", "text": "x"},
         "cost_object"),
        ("/api/v1/reports/follow-up/narratives/", {"committee": "GNS", "cost_object": "6663",
                                                   "year": 2019, "period": "T9", "text": "x"},
         "period"),
    ]:
        method = client.post if url.endswith("carry-overs/") else client.put
        response = method(url, body, format="json")
        assert response.status_code == 400 and field in response.json(), (url, body)
    assert client.get("/api/v1/committees/GNS/base-fees/99999999999999999999/").status_code == 400
    assert client.get("/api/v1/committees/GNS/base-fees/2031/").status_code == 404
    assert BaseFee.objects.get().amount == 1200000 and CarryOver.objects.count() == 1


def test_the_follow_up_json_carries_narratives_and_accumulated(world, objects, api):
    committee_money.save_narrative(cost_object=objects["6660"], year=2019, period="T1",
                                   text="Enligt plan.", by=world.secretary)
    body = api(world.auditor).get("/api/v1/reports/follow-up/?committee=GNS&year=2019"
                                  "&period=T1").json()
    assert body["rows"][0]["narrative"] == "Enligt plan."
    assert body["accumulated"]["outcome_tkr"] == -150
    assert body["base_fee"] == "0.00"


def test_economy_page_shows_and_saves_narratives(world, objects, client):
    client.force_login(world.secretary)
    url = "/portfolio/economy/?committee=GNS&year=2019&period=T1"
    html = client.get(url).content.decode()
    assert "Ackumulerat utfall" in html or "Accumulated" in html
    response = client.post("/portfolio/economy/narrative/", {
        "committee": "GNS", "year": "2019", "period": "T1", "cost_object": "6663",
        "text": "Serverdrift enligt plan."})
    assert response.status_code == 302
    assert FollowUpNarrative.objects.get().text == "Serverdrift enligt plan."
    assert "Serverdrift enligt plan." in client.get(url).content.decode()
    # Bad input: a form error naming the field, nothing saved.
    response = client.post("/portfolio/economy/narrative/", {
        "committee": "GNS", "year": "²", "period": "T1", "cost_object": "6663", "text": "x"})
    assert response.status_code == 400
    assert FollowUpNarrative.objects.get().text == "Serverdrift enligt plan."
    client.force_login(world.auditor)
    response = client.post("/portfolio/economy/narrative/", {
        "committee": "GNS", "year": "2019", "period": "T1", "cost_object": "6663",
        "text": "Ändrat"})
    assert response.status_code == 403
    assert FollowUpNarrative.objects.get().text == "Serverdrift enligt plan."

