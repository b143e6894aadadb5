"""The economy's summary tables (issue #12 point 1, h22): CommitteeMonth (outcome and budget
per committee and month) and CostObjectCosts (all costs per cost object) are kept by every
writer of outcomes and budgets, and the follow-up report read from them is exactly the report
summed from the raw rows — on varied data, after re-imports, across committees, and when two
imports run at once (SQLite and PostgreSQL)."""

import datetime
import importlib
from collections import defaultdict
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.models import Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portfolio.models import (
    Committee,
    CommitteeMonth,
    CommitteeRole,
    CostObject,
    CostObjectCosts,
    MonthlyBudget,
    Outcome,
    OutcomeImport,
    Project,
)
from portfolio.reports import control, followup
from portfolio.services.outcomes import import_outcomes, refresh_sums
from tests.portfolio.test_concurrency import run_at_once

D = datetime.date
ZERO = Decimal(0)


def raw_months() -> dict:
    sums: dict = defaultdict(lambda: [ZERO, ZERO])
    for index, model in enumerate((Outcome, MonthlyBudget)):
        for row in (model.objects.values("cost_object__committee_id", "period")
                    .annotate(total=Sum("amount")).order_by()):
            sums[(row["cost_object__committee_id"], row["period"])][index] = row["total"]
    return {key: tuple(value) for key, value in sums.items()}


def raw_costs() -> dict:
    costs = dict(Outcome.objects.filter(amount__lt=0).values("cost_object_id")
                 .annotate(total=Sum("amount")).order_by()
                 .values_list("cost_object_id", "total"))
    return {pk: costs.get(pk, ZERO) for pk in CostObject.objects.values_list("pk", flat=True)}


def assert_summaries_match_raw():
    kept = {(m.committee_id, m.period): (m.outcome, m.budget)
            for m in CommitteeMonth.objects.all()}
    expected = raw_months()
    # A month whose rows were all replaced away keeps a zero row; no other row may differ.
    assert {k: v for k, v in kept.items() if v != (ZERO, ZERO)} == {
        k: v for k, v in expected.items() if v != (ZERO, ZERO)}
    assert set(expected) <= set(kept)
    assert dict(CostObjectCosts.objects.values_list("cost_object_id", "costs")) == raw_costs()


def csv(*lines: str) -> bytes:
    return "\n".join(["cost_object;period;category;amount", *lines]).encode()


def reports(committee, **kwargs) -> list:
    """Every report variant the pages, exports and API build for a committee."""
    out = []
    for year in (2023, 2024, 2025):
        for period in followup.PERIODS:
            out.append(followup.build(year=year, period=period, committee=committee, **kwargs))
            objects = followup.Scope(committee=committee).objects()
            for page in (objects[:7], objects[7:14]):
                out.append(followup.build(year=year, period=period, committee=committee,
                                          objects=page, **kwargs))
    return out


def both_ways(monkeypatch, make):
    """The report made from the summaries and from the raw rows."""
    from_summaries = make()
    monkeypatch.setattr(followup, "USE_SUMMARIES", False)
    from_raw = make()
    monkeypatch.setattr(followup, "USE_SUMMARIES", True)
    return from_summaries, from_raw


@pytest.fixture
def money(world):
    """Two committees: a generated one (bulk written) and GNS with imported outcomes in öre,
    budgets and cost caps some projects pass."""
    call_command("generate_portfolio", projects=30, months=24, verbosity=0)
    bench = Committee.objects.get(code="BENCH")
    gns = world.committee
    capped = world.project(name="Tak")
    Project.objects.filter(pk=capped.pk).update(cost_cap=Decimal("1000.00"))
    other = world.project(name="Utan tak")
    objects = [CostObject.objects.create(committee=gns, code="6674", name="LINK2",
                                         project=capped),
               CostObject.objects.create(committee=gns, code="6675", name="LINK2 drift",
                                         project=capped),
               CostObject.objects.create(committee=gns, code="6663", name="Serverdrift",
                                         project=other),
               CostObject.objects.create(committee=gns, code="6600", name="Nämnden")]
    budgets = [MonthlyBudget(cost_object=obj, period=D(year, month, 1),
                             amount=Decimal(f"-{100 + i * 37 + month}.{month:02d}"))
               for i, obj in enumerate(objects) for year in (2023, 2024) for month in range(1, 13)]
    MonthlyBudget.objects.bulk_create(budgets)
    # A direct bulk write of budgets is followed by the maintenance call (as the demo does).
    refresh_sums(committee_ids=[gns.pk], periods=sorted({b.period for b in budgets}),
                 cost_object_ids=[o.pk for o in objects])
    return bench, gns, objects


def test_every_write_keeps_the_summaries_equal_to_the_rows(world, money, monkeypatch):
    bench, gns, objects = money
    assert_summaries_match_raw()
    assert CommitteeMonth.objects.filter(committee=bench).count() == 24

    # Several imports into GNS: incomes and costs in öre, several rows per object and month.
    lines = []
    for month in range(1, 9):
        lines += [f"6674;2024-{month:02d};Intäkter;{month * 10}.10",
                  f"6674;2024-{month:02d};Kostnader;-{300 + month}.35",
                  f"6675;2024-{month:02d};Kostnader;-0.{month}5",
                  f"6663;2024-{month:02d};Kostnader;-{month * 111}.01"]
    import_outcomes(filename="gns-2024.csv", data=csv(*lines), by=world.secretary, committee=gns)
    assert_summaries_match_raw()
    import_outcomes(filename="gns-2023.csv", by=world.secretary, committee=gns, data=csv(
        *[f"6600;2023-{m:02d};Kostnader;-{m}9.99" for m in range(1, 13)]))
    assert_summaries_match_raw()

    # A re-import of May replaces its rows (6663 has none in the new file and keeps its own:
    # the import replaces only the file's objects); 6674's May costs go up, its income goes.
    before = CommitteeMonth.objects.get(committee=gns, period=D(2024, 5, 1)).outcome
    import_outcomes(filename="gns-2024-05.csv", by=world.secretary, committee=gns,
                    data=csv("6674;2024-05;Kostnader;-2000.00", "6675;2024-05;Kostnader;-0.01"))
    after = CommitteeMonth.objects.get(committee=gns, period=D(2024, 5, 1)).outcome
    # May was 50.10 − 305.35 (6674) − 0.55 (6675); now −2 000.00 and −0.01.
    assert after - before == Decimal("-1744.21")
    assert_summaries_match_raw()

    # An import over both committees (the admin's, no committee named), re-importing the
    # generated data's March and adding a month after it.
    import_outcomes(filename="alla.csv", by=world.admin, data=csv(
        "B000001;2024-03;Kostnader;-1.25", "B000002;2024-03;Intäkter;99999.99",
        "B000030;2026-01;Kostnader;-7", "6674;2024-03;Kostnader;-3.33",
        "6600;2026-01;Kostnader;-4.44"))
    assert_summaries_match_raw()
    assert CommitteeMonth.objects.get(committee=bench, period=D(2026, 1, 1)).outcome \
        == Decimal("-7.00")

    for committee in (bench, gns):
        summed, raw = both_ways(monkeypatch, lambda c=committee: reports(c))
        assert summed == raw
    project = objects[0].project
    summed, raw = both_ways(monkeypatch, lambda: [
        followup.build(year=y, period=p, project=project)
        for y in (2023, 2024) for p in followup.PERIODS])
    assert summed == raw
    # The cap check found the capped project over (1 000 kr) from the kept costs.
    assert any(f["project"] == project.pk and f["flag"] == "over_cost_cap"
               for f in summed[0]["flags"])


def test_the_committee_report_reads_the_summaries(world, money):
    """Not the raw rows: a summary changed behind the writers' back shows in the report."""
    bench, _gns, _objects = money
    page = followup.Scope(committee=bench).objects()[:10]

    def build():
        return followup.build(year=2024, period="T2", committee=bench, objects=page)

    before = build()
    CommitteeMonth.objects.filter(committee=bench, period=D(2024, 2, 1)).update(
        outcome=Decimal("-99000000"))
    over = before["flags"][0]["project"]
    CostObjectCosts.objects.filter(cost_object__project=over).update(costs=ZERO)
    after = build()
    assert after["accumulated"]["outcome_tkr"] < before["accumulated"]["outcome_tkr"] - 90000
    assert after["chart"]["monthly_deviation_tkr"][1] < -90000
    flagged = {f["project"] for f in before["flags"]} - {f["project"] for f in after["flags"]}
    assert flagged == {over}
    assert after["flag_count"] == before["flag_count"] - 1


def test_the_economy_page_shows_the_report_of_the_summaries(world, money):
    bench, _gns, _objects = money
    reader = world.secretary
    CommitteeRole.objects.create(user=reader, committee=bench, role="secretary")
    client = Client()
    client.force_login(reader)
    url = "/en/portfolio/economy/?committee=BENCH&year=2024&period=T2"
    CommitteeMonth.objects.filter(committee=bench).update(outcome=Decimal("-123456789"))
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["report"]["accumulated"]["outcome_tkr"] == -987654  # 8 months of it


def test_the_migration_backfills_the_summaries(world, money):
    bench, _gns, _objects = money
    kept_months = sorted(CommitteeMonth.objects.values_list("committee_id", "period", "outcome",
                                                            "budget"))
    kept_costs = sorted(CostObjectCosts.objects.values_list("cost_object_id", "costs"))
    CommitteeMonth.objects.all().delete()
    CostObjectCosts.objects.all().delete()
    migration = importlib.import_module("portfolio.migrations.0008_h22_monthly_sums")
    migration.backfill(apps, None)
    assert sorted(CommitteeMonth.objects.values_list("committee_id", "period", "outcome",
                                                     "budget")) == kept_months
    assert sorted(CostObjectCosts.objects.values_list("cost_object_id", "costs")) == kept_costs
    assert_summaries_match_raw()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("same_period", [True, False])
def test_two_imports_at_once_keep_the_sums_right(world, same_period):
    """Two imports of the same objects at once — the same month (they queue on the import
    lock, the later replaces) or different months (only the summary rows they share, the
    objects' costs, are contended)."""
    gns = world.committee
    for code in ("6674", "6663"):
        CostObject.objects.create(committee=gns, code=code, name=code)
    months = ("2024-03", "2024-03") if same_period else ("2024-03", "2024-04")

    def act(i, _prepared):
        return import_outcomes(
            filename=f"u{i}.csv", by=world.secretary, committee=gns,
            data=csv(f"6674;{months[i]};Kostnader;-{i + 1}00.10",
                     f"6663;{months[i]};Kostnader;-{i + 1}.05",
                     f"6663;{months[i]};Intäkter;{i + 7}"))

    results = run_at_once(2, lambda i: None, act)
    assert [kind for kind, _value in results] == ["ok", "ok"], results
    assert OutcomeImport.objects.count() == 2
    assert_summaries_match_raw()
    costs = dict(CostObjectCosts.objects.values_list("cost_object__code", "costs"))
    if same_period:
        assert Outcome.objects.count() == 3  # the later import replaced the earlier
        assert costs["6674"] in (Decimal("-100.10"), Decimal("-200.10"))
    else:
        assert costs == {"6674": Decimal("-300.20"), "6663": Decimal("-3.10")}


def test_internal_control_resolves_the_read_scope_once(world, money):
    """The reader's committees are one query, not a subquery inside each check's COUNT and
    page (SQLite re-ran the scope's EXISTS tests in all twelve)."""
    bench, _gns, _objects = money
    CommitteeRole.objects.create(user=world.secretary, committee=bench, role="secretary")
    client = Client()
    client.force_login(world.secretary)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/en/portfolio/control/?committee=BENCH")
    assert response.status_code == 200
    scoped = [q["sql"] for q in captured.captured_queries
              if "portfolio_project" in q["sql"] and "portfolio_committeerole" in q["sql"]]
    checks = [q["sql"] for q in captured.captured_queries if "COUNT(*)" in q["sql"]]
    assert len(checks) >= 6
    assert not any(sql in scoped for sql in checks)


def test_unminuted_committee_decisions_are_found_by_their_index(world, money):
    """The check reads the partial index of such decisions, not every decision's project."""
    bench, _gns, _objects = money
    _today, found = control.checks(committee=bench)
    check = next(c for c in found if c.key == "decision_without_meeting")
    sql, params = check.rows.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "gate_decision_unminuted" in plan
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "gate_decision_unminuted" in plan


def test_generated_data_has_planner_statistics_on_postgresql(db):
    """A bulk load leaves PostgreSQL planning for empty tables until autovacuum runs; the
    generator analyses at once, so benchmarks measure the plans production gets."""
    if connection.vendor != "postgresql":
        pytest.skip("planner statistics: PostgreSQL")
    call_command("generate_portfolio", projects=20, months=2, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'portfolio_outcome'")
        assert cursor.fetchone()[0] == 40
