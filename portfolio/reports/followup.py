"""Follow-up reports (tertial T1 Jan–Apr, delår T2 Jan–Aug, year Y) built with pandas.

Sums are made in SQL; pandas pivots the small aggregated result. Amounts stay Decimal in the
database and in the API; pandas works in kronor as floats only for the pivot, and every
figure is converted back to whole kronor (Decimal) before it is shown.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from django.db.models import Sum
from django.db.models.functions import ExtractMonth, ExtractYear

from portfolio.models import CostObject, Forecast, MonthlyBudget, Outcome
from portfolio.services.time import hours_against_estimate

PERIODS = {"T1": (4, "Tertialrapport januari–april"), "T2": (8, "Delårsrapport januari–augusti"),
           "Y": (12, "Årsbokslut januari–december")}
COLUMNS = ["acc_outcome", "acc_budget", "deviation", "last_year_acc_outcome", "annual_budget",
           "annual_forecast", "forecast_deviation"]
LABELS = {"acc_outcome": "Ack utfall", "acc_budget": "Ack budget", "deviation": "Avvikelse",
          "last_year_acc_outcome": "Ack utfall fg år", "annual_budget": "Årsbudget",
          "annual_forecast": "Årsprognos", "forecast_deviation": "Prognos − budget"}


@dataclass
class Scope:
    committee: object = None
    project: object = None

    def objects(self):
        objects = CostObject.objects.select_related("project")
        if self.project is not None:
            return objects.filter(project=self.project)
        return objects.filter(committee=self.committee)


def _monthly(queryset, year_field="period") -> pd.DataFrame:
    rows = (queryset.annotate(year=ExtractYear(year_field), month=ExtractMonth(year_field))
            .values("cost_object_id", "year", "month").annotate(amount=Sum("amount"))
            .order_by())
    frame = pd.DataFrame.from_records(list(rows), columns=["cost_object_id", "year", "month",
                                                           "amount"])
    frame["amount"] = frame["amount"].astype(float)
    return frame


def kr(value) -> Decimal:
    return Decimal(str(round(float(value), 2))).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def tkr(value) -> Decimal:
    return (Decimal(str(float(value))) / 1000).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def build(*, year: int, period: str, committee=None, project=None) -> dict:
    months, title = PERIODS[period]
    scope = Scope(committee, project)
    objects = list(scope.objects())
    ids = [o.pk for o in objects]
    outcomes = _monthly(Outcome.objects.filter(cost_object_id__in=ids,
                                               period__year__in=[year - 1, year]))
    budgets = _monthly(MonthlyBudget.objects.filter(cost_object_id__in=ids,
                                                    period__year__in=[year - 1, year]))
    period_end = datetime.date(year, months, 28)
    forecasts = {}
    for forecast in (Forecast.objects.filter(cost_object_id__in=ids, year=year,
                                             made_at__lte=period_end).order_by("made_at")):
        forecasts[forecast.cost_object_id] = float(forecast.amount)

    def pivot(frame, wanted_year):
        part = frame[frame["year"] == wanted_year]
        table = part.pivot_table(index="cost_object_id", columns="month", values="amount",
                                 aggfunc="sum", fill_value=0.0)
        return table.reindex(index=ids, columns=range(1, 13), fill_value=0.0).fillna(0.0)

    outcome_now, outcome_last = pivot(outcomes, year), pivot(outcomes, year - 1)
    budget_now, budget_last = pivot(budgets, year), pivot(budgets, year - 1)
    first = list(range(1, months + 1))
    table = pd.DataFrame(index=ids)
    table["acc_outcome"] = outcome_now[first].sum(axis=1)
    table["acc_budget"] = budget_now[first].sum(axis=1)
    table["deviation"] = table["acc_outcome"] - table["acc_budget"]
    table["last_year_acc_outcome"] = outcome_last[first].sum(axis=1)
    table["annual_budget"] = budget_now.sum(axis=1)
    table["annual_forecast"] = [forecasts.get(i, table.at[i, "annual_budget"]) for i in ids]
    table["forecast_deviation"] = table["annual_forecast"] - table["annual_budget"]
    total = table.sum(axis=0)

    monthly_deviation = (outcome_now[first] - budget_now[first]).sum(axis=0)
    accumulated = monthly_deviation.cumsum()
    accumulated_last = (outcome_last - budget_last).sum(axis=0).cumsum()
    by_id = {o.pk: o for o in objects}
    rows = [{"cost_object": by_id[i].code, "name": by_id[i].name,
             "project": by_id[i].project_id,
             **{c: str(kr(table.at[i, c])) for c in COLUMNS},
             "tkr": {c: int(tkr(table.at[i, c])) for c in COLUMNS}} for i in ids]
    return {
        "year": year, "period": period, "title": f"{title} {year}", "months": months,
        "scope": {"committee": getattr(committee, "code", None),
                  "project": getattr(project, "pk", None)},
        "columns": [{"key": c, "label": LABELS[c]} for c in COLUMNS],
        "rows": rows,
        "total": {**{c: str(kr(total[c])) for c in COLUMNS},
                  "tkr": {c: int(tkr(total[c])) for c in COLUMNS}},
        "chart": {
            "monthly_deviation_tkr": [int(tkr(v)) for v in monthly_deviation.tolist()],
            "accumulated_deviation_tkr": [int(tkr(v)) for v in accumulated.tolist()],
            "accumulated_deviation_last_year_tkr": [int(tkr(v)) for v in accumulated_last.tolist()],
            "forecast_deviation_tkr": int(tkr(total["forecast_deviation"])),
        },
        "flags": _flags(objects),
    }


def _flags(objects) -> list[dict]:
    flags = []
    projects = {o.project for o in objects if o.project is not None}
    spent = dict(Outcome.objects.filter(cost_object__project__in=projects, amount__lt=0)
                 .values_list("cost_object__project").annotate(s=Sum("amount")).order_by())
    for project in sorted(projects, key=lambda p: p.pk):
        cost = -(spent.get(project.pk) or Decimal(0))
        if project.cost_cap is not None and cost > project.cost_cap:
            flags.append({"project": project.pk, "case_number": project.case_number,
                          "flag": "over_cost_cap",
                          "detail": f"{cost:.0f} kr > {project.cost_cap:.0f} kr"})
        hours = hours_against_estimate(project)
        if hours["over"]:
            flags.append({"project": project.pk, "case_number": project.case_number,
                          "flag": "over_hours",
                          "detail": f"{hours['used']} h > {hours['estimate']} h"})
    return flags


def as_frame(report: dict) -> pd.DataFrame:
    """The report table in tkr, one row per cost object and a total row, for XLSX and CSV."""
    records = [{"Objekt": r["cost_object"], "Namn": r["name"],
                **{LABELS[c]: r["tkr"][c] for c in COLUMNS}} for r in report["rows"]]
    records.append({"Objekt": "", "Namn": "Summa",
                    **{LABELS[c]: report["total"]["tkr"][c] for c in COLUMNS}})
    return pd.DataFrame.from_records(records)
