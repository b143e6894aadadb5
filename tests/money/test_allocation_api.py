from decimal import Decimal

from rest_framework.test import APIClient


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_split_any_amount_by_a_key(world):
    client = _client(world.outsider)
    rows = client.get("/api/v1/allocation/?amount=1000&key=equal&parties=rjh,are,berg").json()
    assert [r["amount"] for r in rows] == ["334.00", "333.00", "333.00"]
    rows = client.get("/api/v1/allocation/?amount=1000&key=percent&parties=rjh,are"
                      "&percentages=60,40").json()
    assert {r["party"]: r["amount"] for r in rows} == {"rjh": "600.00", "are": "400.00"}
    bad = client.get("/api/v1/allocation/?amount=1000&key=percent&parties=rjh,are"
                     "&percentages=60,30")
    assert bad.status_code == 400 and "percentages" in bad.json()
    bad = client.get("/api/v1/allocation/?amount=1000&key=population&parties=rjh,are&year=2024")
    assert bad.status_code == 400 and "population" in bad.json()
    bad = client.get("/api/v1/allocation/?amount=x&key=equal&parties=mars")
    assert bad.status_code == 400 and {"amount", "parties"} <= set(bad.json())


def test_base_fee_split_equally_among_the_year_members(world):
    world.committee.base_fee = Decimal(600000)
    world.committee.save()
    rows = _client(world.auditor).get("/api/v1/committees/GNS/base-fee/?year=2024").json()
    assert len(rows) == 3 and {r["amount"] for r in rows} == {"200000.00"}
    assert _client(world.auditor).get("/api/v1/committees/GNS/base-fee/?year=x").status_code == 400
    assert _client(world.auditor).get("/api/v1/committees/NOPE/base-fee/?year=2024") \
        .status_code == 404
