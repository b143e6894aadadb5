"""A Gantt-like timeline of a committee's projects, drawn on the server as SVG.

One bar per project from its start date to its current end date (a thin mark at the
originally planned end when an extension moved it), and a marker for each gate passed
(BP0–BP4 "start"), placed at the decision date. The SVG is an image for assistive
technology (``role="img"`` with ``<title>`` and ``<desc>``); the page shows the same rows as a
table (``rows``), which is the accessible alternative.

Only presentation attributes are used (no ``style``), so the strict CSP lets it render.
"""

import datetime
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from portfolio.lifecycle import Outcome
from portfolio.models import GateDecision, Project

WIDTH = 960
LABEL = 240  # left column with the case numbers
ROW = 26
TOP = 30
COLOURS = {"green": "#1a7f37", "amber": "#9a6700", "red": "#cf222e", "unknown": "#57606a"}


@dataclass
class Row:
    project_id: int
    case_number: str
    name: str
    start: datetime.date | None
    end: datetime.date | None
    planned_end: datetime.date | None
    health: str = "unknown"
    gates: list[tuple[str, datetime.date]] = field(default_factory=list)


def rows_for(projects: list[Project], health: dict[int, str] | None = None) -> list[Row]:
    """The timeline's rows, with the gates each project has passed (one query)."""
    health = health or {}
    gates: dict[int, list[tuple[str, datetime.date]]] = {}
    for project_id, gate, on in (GateDecision.objects
                                 .filter(project__in=[p.pk for p in projects],
                                         outcome=Outcome.START)
                                 .order_by("decided_on", "id")
                                 .values_list("project_id", "gate", "decided_on")):
        gates.setdefault(project_id, []).append((gate, on))
    return [Row(project_id=p.pk, case_number=p.case_number, name=p.name, start=p.start_date,
                end=p.end_date or p.planned_end_date, planned_end=p.planned_end_date,
                health=health.get(p.pk, "unknown"), gates=gates.get(p.pk, []))
            for p in projects]


def _span(rows: list[Row]) -> tuple[datetime.date, datetime.date]:
    dates = [d for r in rows for d in (r.start, r.end, r.planned_end) if d]
    dates += [on for r in rows for _g, on in r.gates]
    first, last = min(dates), max(dates)
    # Whole years, so the ticks fall on 1 January.
    return datetime.date(first.year, 1, 1), datetime.date(last.year + 1, 1, 1)


def svg(rows: list[Row], *, title: str) -> str:
    """The timeline as an SVG document fragment (valid XML); bars only for dated rows."""
    dated = [r for r in rows if r.start and r.end]
    height = TOP + ROW * max(len(dated), 1) + 10
    root = ET.Element("svg", {
        "xmlns": "http://www.w3.org/2000/svg", "role": "img", "class": "timeline",
        "viewBox": f"0 0 {WIDTH} {height}", "width": "100%",
        "aria-labelledby": "timeline-title timeline-desc", "focusable": "false"})
    ET.SubElement(root, "title", {"id": "timeline-title"}).text = title
    desc = ET.SubElement(root, "desc", {"id": "timeline-desc"})
    desc.text = _("%(n)s projects from start to current end date, with the gates passed; "
                  "the table below gives the same dates.") % {"n": len(dated)}
    if not dated:
        return ET.tostring(root, encoding="unicode")
    first, last = _span(dated)
    days = (last - first).days or 1
    scale = (WIDTH - LABEL - 10) / days

    def x(on: datetime.date) -> float:
        return round(LABEL + (on - first).days * scale, 1)

    axis = ET.SubElement(root, "g", {"class": "axis", "aria-hidden": "true"})
    for year in range(first.year, last.year + 1):
        left = x(datetime.date(year, 1, 1))
        ET.SubElement(axis, "line", {"x1": str(left), "x2": str(left), "y1": "18",
                                     "y2": str(height - 5), "stroke": "#d0d7de"})
        if year < last.year:
            ET.SubElement(axis, "text", {"x": str(left + 4), "y": "14", "font-size": "12",
                                         "fill": "#24292f"}).text = str(year)
    for index, row in enumerate(dated):
        top = TOP + index * ROW
        assert row.start and row.end  # noqa: S101 — filtered above; narrows for the checker
        group = ET.SubElement(root, "g", {"class": "project", "data-project": str(row.project_id)})
        ET.SubElement(group, "text", {"x": "4", "y": str(top + 15), "font-size": "12",
                                      "fill": "#24292f"}).text = f"{row.case_number} {row.name}"[:34]
        bar = ET.SubElement(group, "rect", {
            "class": f"bar health-{row.health}", "x": str(x(row.start)), "y": str(top + 4),
            "width": str(max(x(row.end) - x(row.start), 2)), "height": str(ROW - 10),
            "rx": "3", "fill": COLOURS.get(row.health, COLOURS["unknown"]),
            "fill-opacity": "0.35", "stroke": COLOURS.get(row.health, COLOURS["unknown"])})
        ET.SubElement(bar, "title").text = (f"{row.case_number} {row.name}: "
                                            f"{row.start.isoformat()} – {row.end.isoformat()}")
        if row.planned_end and row.planned_end != row.end:
            ET.SubElement(group, "line", {
                "class": "planned-end", "x1": str(x(row.planned_end)),
                "x2": str(x(row.planned_end)), "y1": str(top + 2), "y2": str(top + ROW - 4),
                "stroke": "#24292f", "stroke-dasharray": "3 2"})
        for gate, on in row.gates:
            cx, cy = x(on), top + ROW / 2 - 1
            marker = ET.SubElement(group, "path", {
                "class": "gate", "data-gate": gate,
                "d": f"M{cx} {cy - 6} L{cx + 6} {cy} L{cx} {cy + 6} L{cx - 6} {cy} Z",
                "fill": "#0550ae", "stroke": "#ffffff"})
            ET.SubElement(marker, "title").text = f"{gate} {on.isoformat()}"
    return ET.tostring(root, encoding="unicode")
