"""The economy page at scale (issue #12, h19): the page builds rows only for its page of cost
objects and sums the totals, chart and flag count in SQL over the whole committee. What it
shows must be exactly what the full report (the exports' and the API's) says."""

import datetime
from decimal import Decimal

from django.core.management import call_command
from django.test import Client
from django.utils import translation

from portfolio.models import (
    Committee,
    CostObject,
    FollowUpNarrative,
    Forecast,
    Project,
    TimeEntry,
)
from portfolio.reports import followup

ECONOMY = "/en/portfolio/economy/"


def _world_with_money(world):
    call_command("generate_portfolio", projects=120, months=24, verbosity=0)
    bench = Committee.objects.get(code="BENCH")
    objects = list(CostObject.objects.filter(committee=bench).order_by("code"))
    # Forecasts: several per object (the latest up to the period's end wins), one made after
    # the period and one for another year (both ignored), on objects on different pages.
    for obj in objects[3], objects[77]:
        for made_at, amount in ((datetime.date(2024, 4, 30), "-500000.10"),
                                (datetime.date(2024, 8, 31), "-123456.55"),
                                (datetime.date(2024, 9, 30), "-1.00")):
            Forecast.objects.create(cost_object=obj, year=2024, made_at=made_at,
                                    amount=Decimal(amount))
        Forecast.objects.create(cost_object=obj, year=2023, made_at=datetime.date(2023, 8, 31),
                                amount=Decimal("-9"))
    FollowUpNarrative.objects.create(cost_object=objects[60], year=2024, period="T2",
                                     text="Försenad upphandling", updated_by=world.admin)
    # Hours over the estimate, summed from fractions SQLite adds as floats.
    project = objects[5].project
    Project.objects.filter(pk=project.pk).update(estimated_hours=Decimal("0.3"))
    for hours in ("0.10", "0.20", "0.05"):
        TimeEntry.objects.create(committee=bench, project=project, party=world.region,
                                 resource="Projektledare", hours=Decimal(hours),
                                 date=datetime.date(2024, 3, 1), rate=Decimal("800"),
                                 cost=Decimal("80"), created_by=world.admin)
    # Exactly at the hour estimate: not a flag.
    at_estimate = objects[6].project
    Project.objects.filter(pk=at_estimate.pk).update(estimated_hours=Decimal("0.3"))
    for hours in ("0.10", "0.20"):
        TimeEntry.objects.create(committee=bench, project=at_estimate, party=world.region,
                                 resource="Projektledare", hours=Decimal(hours),
                                 date=datetime.date(2024, 3, 1), rate=Decimal("800"),
                                 cost=Decimal("80"), created_by=world.admin)
    return bench, project, at_estimate


def test_every_page_shows_what_the_full_report_says(world):
    bench, over_hours, at_estimate = _world_with_money(world)
    with translation.override("en"):  # the pages below are the English ones
        full = followup.build(year=2024, period="T2", committee=bench)
    client = Client()
    client.force_login(world.admin)
    params = {"committee": "BENCH", "year": "2024", "period": "T2"}
    shown = []
    for number in (1, 2, 3):
        response = client.get(ECONOMY, {**params, "rows_page": str(number)})
        assert response.status_code == 200
        report = response.context["report"]
        for key in ("total", "chart", "accumulated", "title", "base_fee", "carry_over_in"):
            assert report[key] == full[key], key
        assert report["flags"] == full["flags"][:50]
        assert report["flag_count"] == len(full["flags"]) > 50
        shown += report["rows"]
        assert response.context["rows_page"].object_list == response.context["ctx"]["rows"]
    assert shown == full["rows"]
    # The forecasts and the narrative really are in the rows compared.
    by_code = {row["cost_object"]: row for row in full["rows"]}
    assert by_code["B000004"]["annual_forecast"] == "-123457"
    assert by_code["B000061"]["narrative"] == "Försenad upphandling"
    flagged = {(f["project"], f["flag"]) for f in followup._flags(followup.Scope(bench))["flags"]}
    assert (over_hours.pk, "over_hours") in flagged
    assert (at_estimate.pk, "over_hours") not in flagged
    html = client.get(ECONOMY, params).content.decode()
    assert html.count('class="narrative"') == 50
    assert f'<span class="badge">{len(full["flags"])}</span>' in html
