"""The follow-up report as HTML/PDF, XLSX and CSV: one table, the same numbers."""

import io

import pandas as pd
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from portfolio.reports import chart
from portfolio.reports.followup import COLUMNS, as_frame


def report_context(report: dict, heading: str) -> dict:
    return {
        "report": report, "heading": heading,
        "rows": [{"cost_object": r["cost_object"], "name": r["name"],
                  "values": [r["tkr"][c] for c in COLUMNS], "narrative": r.get("narrative", ""),
                  "deviation_tkr": r["tkr"]["deviation"]} for r in report["rows"]],
        "total": [report["total"]["tkr"][c] for c in COLUMNS],
        "chart": chart.svg(report["chart"], _("Budget deviation this year and last year, and "
                                              "forecast budget deviation (tkr)")),
        "chart_rows": chart.table_rows(report["chart"]),
        "chart_forecast": report["chart"]["forecast_deviation_tkr"],
    }


def html(report: dict, heading: str) -> str:
    return render_to_string("print/followup.html", report_context(report, heading))


def xlsx(report: dict) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        as_frame(report).to_excel(writer, sheet_name=report["period"], index=False)
    return buffer.getvalue()


def csv(report: dict) -> bytes:
    # Semicolons: Swedish Excel opens them without an import dialogue.
    return as_frame(report).to_csv(sep=";", index=False).encode("utf-8-sig")
