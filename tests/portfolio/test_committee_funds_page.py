"""The base fee per year and carried-over funds on a page of their own (issue #11 point 6):
who reads it (a test per role), who keeps it, and bad input named beside its field with
nothing changed and nothing typed lost."""

from decimal import Decimal

import pytest

from portfolio.lifecycle import State
from portfolio.models import AuditEvent, BaseFee, CarryOver
from portfolio.services import committee_money

READERS = {"owner", "manager", "steering", "member", "secretary", "chair", "auditor", "admin"}
KEEPERS = {"secretary", "chair", "admin"}
ROLES = sorted(READERS | {"outsider", "other_secretary", "other_steering", "anonymous"})
PAGE = "/portfolio/economy/funds/?committee=GNS"


@pytest.fixture
def funds(world):
    world.project(State.EXECUTION, name="Löpande projekt")  # its people read GNS
    committee_money.set_base_fee(committee=world.committee, year=2019, amount=Decimal("1500000"),
                                 by=world.secretary, decision_reference="GNS § 25/2018")
    committee_money.record_carry_over(committee=world.committee, from_year=2018, to_year=2019,
                                      amount=Decimal("745000"), by=world.secretary,
                                      decision_reference="GNS § 12/2019",
                                      note="Reserverat för LINK2")
    return world


def _as(client, world, role):
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_funds_page_per_role(funds, client, role):
    response = _as(client, funds, role).get(PAGE)
    if role == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
        return
    if role not in READERS:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    html = response.content.decode().replace("\u00a0", " ")
    assert "1 500 000" in html and "GNS § 25/2018" in html
    assert "745 000" in html and "Reserverat för LINK2" in html
    forms_shown = 'action="/portfolio/economy/funds/base-fee/"' in html
    assert forms_shown == (role in KEEPERS)


@pytest.mark.parametrize("role", sorted(READERS - KEEPERS | {"outsider", "other_secretary"}))
def test_only_the_chair_and_secretary_keep_the_money(funds, client, role):
    client = _as(client, funds, role)
    before = (list(BaseFee.objects.values_list("year", "amount")), CarryOver.objects.count(),
              AuditEvent.objects.count())
    fee = client.post("/portfolio/economy/funds/base-fee/",
                      {"committee": "GNS", "fee-year": "2020", "fee-amount": "1 600 000"})
    carry = client.post("/portfolio/economy/funds/carry-over/",
                        {"committee": "GNS", "carry-from_year": "2019", "carry-to_year": "2020",
                         "carry-amount": "10", "carry-decision_reference": "GNS § 1/2020"})
    expected = 403 if role in READERS else 404
    assert fee.status_code == carry.status_code == expected
    assert (list(BaseFee.objects.values_list("year", "amount")), CarryOver.objects.count(),
            AuditEvent.objects.count()) == before


def test_secretary_sets_a_years_base_fee_typed_the_swedish_way(funds, client):
    client.force_login(funds.secretary)
    response = client.post("/portfolio/economy/funds/base-fee/",
                           {"committee": "GNS", "fee-year": "2020",
                            "fee-amount": "1 650 000,50", "fee-decision_reference": "GNS § 40/2019"})
    assert response.status_code == 302
    assert response["Location"] == PAGE
    fee = BaseFee.objects.get(committee=funds.committee, year=2020)
    assert fee.amount == Decimal("1650000.50") and fee.decision_reference == "GNS § 40/2019"
    assert AuditEvent.objects.filter(action="base_fee.set").count() == 2
    page = client.get(PAGE).content.decode().replace("\u00a0", " ")
    assert "Basarvodet har sparats." in page and "1 650 000,50" in page


def test_secretary_records_a_carry_over(funds, client):
    client.force_login(funds.chair)
    response = client.post("/portfolio/economy/funds/carry-over/",
                           {"committee": "GNS", "carry-from_year": "2019",
                            "carry-to_year": "2020", "carry-amount": "120 000",
                            "carry-decision_reference": "GNS § 41/2019", "carry-note": ""})
    assert response.status_code == 302
    row = CarryOver.objects.get(from_year=2019)
    assert (row.to_year, row.amount, row.created_by) == (2020, Decimal("120000"), funds.chair)


@pytest.mark.parametrize("posted,field,label", [
    ({"fee-year": "2020", "fee-amount": "Infinity"}, "fee-amount", "Basarvode (kr)"),
    ({"fee-year": "²⁰²⁰", "fee-amount": "10"}, "fee-year", "År"),
    ({"fee-year": "99999", "fee-amount": "10"}, "fee-year", "År"),
    ({"fee-year": "2020", "fee-amount": "-5"}, "fee-amount", "Basarvode (kr)"),
    ({"fee-year": "2020", "fee-amount": "1,234"}, "fee-amount", "Basarvode (kr)"),
])
def test_a_bad_base_fee_is_named_beside_its_field(funds, client, posted, field, label):
    client.force_login(funds.secretary)
    before = list(BaseFee.objects.values_list("year", "amount"))
    response = client.post("/portfolio/economy/funds/base-fee/", {"committee": "GNS", **posted})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'href="#id_{field}"' in html  # the summary links to the field
    assert f'id="id_{field}-error"' in html and f'aria-describedby="id_{field}-error"' in html
    assert f"{label}:" in html  # named by its Swedish label
    for value in posted.values():  # nothing typed is lost
        assert f'value="{value}"' in html
    assert list(BaseFee.objects.values_list("year", "amount")) == before


def test_a_carry_over_to_an_earlier_year_is_refused_beside_the_to_year(funds, client):
    client.force_login(funds.secretary)
    count = CarryOver.objects.count()
    response = client.post("/portfolio/economy/funds/carry-over/",
                           {"committee": "GNS", "carry-from_year": "2020",
                            "carry-to_year": "2019", "carry-amount": "5",
                            "carry-decision_reference": "GNS § 3/2020",
                            "carry-note": "Min anteckning"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_carry-to_year"' in html and "Till år:" in html
    assert 'aria-describedby="id_carry-to_year-error"' in html
    assert 'value="Min anteckning"' in html and 'value="GNS § 3/2020"' in html
    assert CarryOver.objects.count() == count


def test_a_carry_over_without_its_decision_is_refused(funds, client):
    client.force_login(funds.secretary)
    response = client.post("/portfolio/economy/funds/carry-over/",
                           {"committee": "GNS", "carry-from_year": "2019",
                            "carry-to_year": "2020", "carry-amount": "5"})
    assert response.status_code == 400
    assert 'href="#id_carry-decision_reference"' in response.content.decode()
    assert not CarryOver.objects.filter(from_year=2019).exists()


def test_another_committee_is_not_a_hint(funds, client):
    client.force_login(funds.secretary)
    assert client.get("/portfolio/economy/funds/?committee=GNU").status_code == 404
    assert client.post("/portfolio/economy/funds/base-fee/",
                       {"committee": "GNU", "fee-year": "2020",
                        "fee-amount": "1"}).status_code == 404


def test_a_write_that_names_no_committee_changes_none(funds, client):
    client.force_login(funds.secretary)
    response = client.post("/portfolio/economy/funds/base-fee/",
                           {"fee-year": "2020", "fee-amount": "1"})
    assert response.status_code == 404
    assert not BaseFee.objects.filter(year=2020).exists()
