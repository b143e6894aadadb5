"""Follow-up reports (tertial T1 Jan–Apr, delår T2 Jan–Aug, year Y) built with pandas.

Sums are made in SQL (one row per cost object, one per month); pandas shapes the small
aggregated result. Amounts stay Decimal in the
database and in the API; pandas works in kronor as floats only for the pivot, and every
figure is converted back to whole kronor (Decimal) before it is shown.
"""

import calendar
import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd
from django.db.models import DecimalField, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Round
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portfolio.models import (
    CarryOver,
    CommitteeMonth,
    CostObject,
    CostObjectCosts,
    FollowUpNarrative,
    Forecast,
    MonthlyBudget,
    Outcome,
    Project,
    TimeEntry,
)
from portfolio.services.committee_money import base_fee_for

# English msgids; the Swedish texts are the committee's own report names (locale/sv).
PERIODS = {"T1": (4, gettext_lazy("Four-month report January–April")),
           "T2": (8, gettext_lazy("Interim report January–August")),
           "Y": (12, gettext_lazy("Annual accounts January–December"))}
COLUMNS = ["acc_outcome", "acc_budget", "deviation", "last_year_acc_outcome", "annual_budget",
           "annual_forecast", "forecast_deviation"]
LABELS = {"acc_outcome": gettext_lazy("Acc. outcome"), "acc_budget": gettext_lazy("Acc. budget"),
          "deviation": gettext_lazy("Deviation"),
          "last_year_acc_outcome": gettext_lazy("Acc. outcome last year"),
          "annual_budget": gettext_lazy("Annual budget"),
          "annual_forecast": gettext_lazy("Annual forecast"),
          "forecast_deviation": gettext_lazy("Forecast − budget")}


@dataclass
class Scope:
    committee: object = None
    project: object = None

    def objects(self) -> list[Mapping[str, Any]]:
        """The scope's cost objects as plain rows (10 000 model instances cost a second)."""
        return list(CostObject.objects.filter(self.objects_filter()).order_by("code")
                    .values("id", "code", "name", "project_id"))

    def objects_filter(self) -> Q:
        return Q(project=self.project) if self.project is not None else Q(committee=self.committee)

    def rows_filter(self) -> Q:
        """The same cost objects, as a filter on their outcomes, budgets and forecasts."""
        if self.project is not None:
            return Q(cost_object__project=self.project)
        return Q(cost_object__committee=self.committee)


def _per_object(model, scope: Q, ids, ranges: dict) -> pd.DataFrame:
    """One row per cost object with a SQL sum for each named date range."""
    sums = {name: Sum("amount", filter=Q(period__gte=first, period__lte=last))
            for name, (first, last) in ranges.items()}
    earliest = min(first for first, _ in ranges.values())
    latest = max(last for _, last in ranges.values())
    rows = (model.objects.filter(scope, period__gte=earliest, period__lte=latest)
            .values("cost_object_id").annotate(**sums).order_by())
    frame = pd.DataFrame.from_records(list(rows), columns=["cost_object_id", *ranges])
    frame = frame.set_index("cost_object_id").reindex(ids)
    return frame.astype(float).fillna(0.0)


def _per_month(model, scope: Q, first, last) -> pd.Series:
    """The total of all the cost objects per month, first..last, as a series by period."""
    rows = (model.objects.filter(scope, period__gte=first, period__lte=last)
            .values("period").annotate(total=Sum("amount")).order_by("period"))
    series = pd.Series({row["period"]: float(row["total"]) for row in rows}, dtype=float)
    return series.reindex(_per_month_index(first, last), fill_value=0.0)


def _months(scope: Scope, first, last) -> tuple[pd.Series, pd.Series]:
    """Outcome and budget per month of the whole scope. A committee's come from the monthly
    sums its writers keep (CommitteeMonth: two dozen rows instead of every outcome and budget
    of the committee); a project's few objects are summed from their rows."""
    where = scope.rows_filter()
    if not USE_SUMMARIES or scope.project is not None or scope.committee is None:
        return (_per_month(Outcome, where, first, last),
                _per_month(MonthlyBudget, where, first, last))
    rows = list(CommitteeMonth.objects.filter(Q(committee=scope.committee), period__gte=first,
                                              period__lte=last)
                .values_list("period", "outcome", "budget"))
    months = _per_month_index(first, last)
    outcome = pd.Series({p: float(o) for p, o, _b in rows}, dtype=float)
    budget = pd.Series({p: float(b) for p, _o, b in rows}, dtype=float)
    return outcome.reindex(months, fill_value=0.0), budget.reindex(months, fill_value=0.0)


# The raw rows are the reference the summaries must equal (tests build both ways).
USE_SUMMARIES = True


def _per_month_index(first, last) -> list[datetime.date]:
    return [datetime.date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1)
            for i in range((last.year - first.year) * 12 + last.month - first.month + 1)]


def _month_end(year: int, month: int) -> datetime.date:
    """The last day of the report period: the April forecast is made on 30 April."""
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def kr(value) -> Decimal:
    return Decimal(str(round(float(value), 2))).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def tkr(value) -> Decimal:
    return (Decimal(str(float(value))) / 1000).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def _scope_totals(where: Q, year: int, months: int, outcome_months: pd.Series,
                  budget_months: pd.Series) -> dict[str, float]:
    """The report's total row over the whole scope from the chart's monthly sums (year - 1
    and year, already summed in SQL), without a row per object: a page that shows 50 of
    10 000 objects still totals all of them, and no second pass over the outcomes."""
    d = datetime.date

    def between(series: pd.Series, first: datetime.date, last: datetime.date) -> float:
        return float(sum(v for period, v in series.items() if first <= period <= last))

    total = {"acc_outcome": between(outcome_months, d(year, 1, 1), d(year, months, 1)),
             "last_year_acc_outcome": between(outcome_months, d(year - 1, 1, 1),
                                              d(year - 1, months, 1)),
             "acc_budget": between(budget_months, d(year, 1, 1), d(year, months, 1)),
             "annual_budget": between(budget_months, d(year, 1, 1), d(year, 12, 1))}
    # An object's forecast replaces its annual budget; only objects with a forecast differ.
    forecasts: dict[int, float] = {}
    for object_id, amount in (Forecast.objects.filter(where, year=year,
                                                      made_at__lte=_month_end(year, months))
                              .order_by("made_at").values_list("cost_object_id", "amount")):
        forecasts[object_id] = float(amount)
    budgets = dict(MonthlyBudget.objects.filter(
        cost_object__in=list(forecasts), period__gte=d(year, 1, 1), period__lte=d(year, 12, 1))
        .values("cost_object_id").annotate(total=Sum("amount")).order_by()
        .values_list("cost_object_id", "total")) if forecasts else {}
    total["deviation"] = total["acc_outcome"] - total["acc_budget"]
    total["annual_forecast"] = total["annual_budget"] + sum(
        amount - float(budgets.get(object_id) or 0) for object_id, amount in forecasts.items())
    total["forecast_deviation"] = total["annual_forecast"] - total["annual_budget"]
    return total


def build(*, year: int, period: str, committee=None, project=None,
          objects: list[Mapping[str, Any]] | None = None) -> dict:
    """Sum in SQL (one row per cost object, one per month for the chart), shape in pandas.

    ``objects`` (rows of ``Scope.objects()``, e.g. one page of them) limits the report's rows
    to those objects and its flags to the first FLAGS_SHOWN (with ``flag_count``); the
    totals, chart and accumulated figures stay the whole scope's."""
    months, title = PERIODS[period]
    scope = Scope(committee, project)
    paged = objects is not None
    objects = scope.objects() if objects is None else objects
    ids = [o["id"] for o in objects]
    where = scope.rows_filter()
    # The per-object sums only for the objects shown; the filter keeps the scope.
    object_rows = where & Q(cost_object__in=ids) if paged else where
    d = datetime.date
    outcome = _per_object(Outcome, object_rows, ids, {
        "acc_outcome": (d(year, 1, 1), d(year, months, 1)),
        "last_year_acc_outcome": (d(year - 1, 1, 1), d(year - 1, months, 1))})
    budget = _per_object(MonthlyBudget, object_rows, ids, {
        "acc_budget": (d(year, 1, 1), d(year, months, 1)),
        "annual_budget": (d(year, 1, 1), d(year, 12, 1))})
    forecasts = {}
    for object_id, amount in (Forecast.objects.filter(object_rows, year=year,
                                                      made_at__lte=_month_end(year, months))
                              .order_by("made_at").values_list("cost_object_id", "amount")):
        forecasts[object_id] = float(amount)
    table = outcome.join(budget)
    table["deviation"] = table["acc_outcome"] - table["acc_budget"]
    table["annual_forecast"] = [forecasts.get(i, budget_value)
                                for i, budget_value in zip(ids, table["annual_budget"], strict=True)]
    table["forecast_deviation"] = table["annual_forecast"] - table["annual_budget"]
    table = table[COLUMNS]
    outcome_months, budget_months = _months(scope, d(year - 1, 1, 1), d(year, 12, 1))
    total = (_scope_totals(where, year, months, outcome_months, budget_months) if paged
             else table.sum(axis=0))

    deviation_months = (outcome_months - budget_months).tolist()
    last_year, this_year = deviation_months[:12], deviation_months[12:12 + months]
    monthly_deviation = pd.Series(this_year)
    by_id = {o["id"]: o for o in objects}
    values = table.to_dict("index")
    narratives = dict(FollowUpNarrative.objects.filter(cost_object__in=ids, year=year,
                                                       period=period)
                      .values_list("cost_object_id", "text"))
    rows = [{"cost_object": by_id[i]["code"], "name": by_id[i]["name"],
             "project": by_id[i]["project_id"], "narrative": narratives.get(i, ""),
             **{c: str(kr(values[i][c])) for c in COLUMNS},
             "tkr": {c: int(tkr(values[i][c])) for c in COLUMNS}} for i in ids]
    return {
        "year": year, "period": period, "title": f"{title} {year}", "months": months,
        "scope": {"committee": getattr(committee, "code", None),
                  "project": getattr(project, "pk", None)},
        "columns": [{"key": c, "label": str(LABELS[c])} for c in COLUMNS],
        "rows": rows,
        "total": {**{c: str(kr(total[c])) for c in COLUMNS},
                  "tkr": {c: int(tkr(total[c])) for c in COLUMNS}},
        "chart": {
            "monthly_deviation_tkr": [int(tkr(v)) for v in monthly_deviation.tolist()],
            "accumulated_deviation_tkr": [int(tkr(v)) for v in monthly_deviation.cumsum().tolist()],
            "accumulated_deviation_last_year_tkr": [
                int(tkr(v)) for v in pd.Series(last_year).cumsum().tolist()],
            "forecast_deviation_tkr": int(tkr(total["forecast_deviation"])),
        },
        **_flags(scope, FLAGS_SHOWN if paged else None),
        # The accumulated figures the committee's report leads with ("Ackumulerat utfall per
        # augusti 2019: −493 tkr"), beside the deviation.
        "accumulated": {"month_name": MONTH_NAMES[months],
                        "outcome_tkr": int(tkr(total["acc_outcome"])),
                        "budget_tkr": int(tkr(total["acc_budget"])),
                        "deviation_tkr": int(tkr(total["deviation"])),
                        "last_year_tkr": int(tkr(total["last_year_acc_outcome"]))},
        **_committee_money(committee, year),
    }


MONTH_NAMES = {4: "april", 8: "augusti", 12: "december"}


def _committee_money(committee, year: int) -> dict:
    """The year's base fee and the remaining funds carried into it (committee scope only)."""
    if committee is None:
        return {"base_fee": None, "carry_over_in": []}
    carried = CarryOver.objects.filter(committee=committee, to_year=year).order_by("from_year",
                                                                                   "id")
    return {
        "base_fee": str(base_fee_for(committee, year).quantize(Decimal("0.01"))),
        "carry_over_in": [{"from_year": c.from_year, "amount": str(c.amount),
                           "amount_tkr": int(tkr(c.amount)),
                           "decision_reference": c.decision_reference, "note": c.note}
                          for c in carried],
    }


FLAGS_SHOWN = 50
MONEY = DecimalField(max_digits=16, decimal_places=2)


def _flags(scope: Scope, limit: int | None = None) -> dict[str, Any]:
    """Projects over their cost cap (all costs booked so far) or their hour estimate. Each
    check is one grouped pass in SQL that returns only the projects over (a correlated sum
    per project made SQLite scan every outcome per project). With ``limit``: the first
    ``limit`` flags and ``flag_count``, all of them."""
    where = scope.rows_filter()
    in_scope = CostObject.objects.filter(scope.objects_filter())
    # Rounded to öre: SQLite sums decimals as floats (0.10 + 0.20 > 0.30 there).
    # The costs per object are kept summed (CostObjectCosts): one row per object, not one
    # per outcome.
    model, amount = (CostObjectCosts, "costs") if USE_SUMMARIES else (Outcome, "amount")
    over_cap = (model.objects.filter(where, **{f"{amount}__lt": 0},
                                     cost_object__project__cost_cap__isnull=False)
                .values("cost_object__project", "cost_object__project__cost_cap")
                .annotate(s=Round(Sum(amount), 2, output_field=MONEY)).order_by()
                .filter(cost_object__project__cost_cap__lt=-F("s")))
    # EXISTS per time entry, not IN over every project of the committee: the entries are
    # few, the committee's projects 10 000 (the IN list was built on every request).
    over_hours = (TimeEntry.objects.filter(Exists(in_scope.filter(project=OuterRef("project"))),
                                           project__estimated_hours__isnull=False)
                  .values("project", "project__estimated_hours")
                  .annotate(h=Round(Sum("hours"), 2, output_field=MONEY)).order_by()
                  .filter(project__estimated_hours__lt=F("h")))
    if limit is None:
        spent = dict(over_cap.values_list("cost_object__project", "s"))
        used = dict(over_hours.values_list("project", "h"))
        flagged = sorted(set(spent) | set(used))
    else:
        # Thousands of projects can be over: all of them are counted from their ids (plain
        # integers), and only the shown ones' sums are fetched (each a Decimal made per row).
        spent_ids = set(over_cap.values_list("cost_object__project", flat=True))
        used_ids = set(over_hours.values_list("project", flat=True))
        flag_count = len(spent_ids) + len(used_ids)
        flagged = sorted(spent_ids | used_ids)[:limit]
        spent = dict(over_cap.filter(cost_object__project__in=flagged)
                     .values_list("cost_object__project", "s"))
        used = dict(over_hours.filter(project__in=flagged).values_list("project", "h"))
    projects = {p["pk"]: p for p in Project.objects.filter(pk__in=flagged).values(
        "pk", "case_seq", "case_year", "committee__code", "cost_cap", "estimated_hours")}
    flags = []
    for pk in flagged:
        project = projects[pk]
        case_number = f"{project['committee__code']}/{project['case_seq']}/{project['case_year']}"
        if pk in spent:
            flags.append({"project": pk, "case_number": case_number, "flag": "over_cost_cap",
                          "detail": f"{-spent[pk]:.0f} kr > {project['cost_cap']:.0f} kr"})
        if pk in used:
            flags.append({"project": pk, "case_number": case_number, "flag": "over_hours",
                          "detail": f"{used[pk]} h > {project['estimated_hours']} h"})
    if limit is None:
        return {"flags": flags}
    return {"flags": flags[:limit], "flag_count": flag_count}


def as_frame(report: dict) -> pd.DataFrame:
    """The report table in tkr, one row per cost object and a total row, for XLSX and CSV."""
    item, name = _("Object"), _("Name")
    records = [{item: r["cost_object"], name: r["name"],
                **{str(LABELS[c]): r["tkr"][c] for c in COLUMNS}} for r in report["rows"]]
    records.append({item: "", name: _("Sum"),
                    **{str(LABELS[c]): report["total"]["tkr"][c] for c in COLUMNS}})
    return pd.DataFrame.from_records(records)
