"""The public projection of the portfolio: which projects and which of their fields may leave
the committee — through the intranet feeds (api/feed.py, api/atom.py) and to signed-in readers
outside the committee (portfolio.selectors.public_projection). Everyone asks here, so no two
of them can disagree about what is public.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import override

from portfolio.lifecycle import Gate, Outcome, State
from portfolio.models import BudgetShare, ExtensionRequest, Financier, GateDecision, Project
from portfolio.validators import xml_safe

CENT = Decimal("0.01")
# The fields a project may keep out of the feeds (Project.feed_hidden_fields; the project is
# still listed unless it is not public at all). The dates are hidden one by one in the JSON
# feed, and any of them hides the dates in Atom titles.
FEED_OPTIONAL_FIELDS = ("owner_party", "start_date", "planned_end_date", "end_date", "budget",
                        "latest_decision")
HIDEABLE = FEED_OPTIONAL_FIELDS
DATE_FIELDS = ("start_date", "planned_end_date", "end_date")


# Public and past the draft (a draft is nobody's news yet).
PUBLIC = Q(is_public=True) & ~Q(state=State.DRAFT)


def public_projects(queryset: QuerySet[Project] | None = None) -> QuerySet[Project]:
    """Projects whose public fields may leave the committee."""
    queryset = Project.objects.all() if queryset is None else queryset
    return queryset.filter(PUBLIC)


def is_public(project) -> bool:
    return bool(project.is_public) and project.state != State.DRAFT


def hidden(project_or_row) -> frozenset:
    fields = (project_or_row.get("feed_hidden_fields") if isinstance(project_or_row, dict)
              else project_or_row.feed_hidden_fields)
    return frozenset(field for field in (fields or []) if field in HIDEABLE)


def project_item(item: dict, hidden_fields) -> dict:
    """A feed item without the fields the project keeps out: absent, not null."""
    return {key: value for key, value in item.items() if key not in hidden_fields}


def shows_decisions(hidden_fields) -> bool:
    """Decisions are the project's latest_decision field: hidden there, hidden in Atom too."""
    return "latest_decision" not in hidden_fields


def shows_dates(hidden_fields) -> bool:
    return not any(field in hidden_fields for field in DATE_FIELDS)


def shows_budget(hidden_fields) -> bool:
    return "budget" not in hidden_fields


def text(value) -> str:
    """Stored text as it may go out: without characters XML cannot carry (rows saved before
    input was checked must not take a whole feed down)."""
    return xml_safe(value or "")


# -- The feed item of a project: plain rows, labels once per page, details in three queries.

PAGE_FIELDS = ("id", "case_seq", "case_year", "name", "kind", "state", "committee__code",
               "owner_party__code", "start_date", "planned_end_date", "end_date", "updated_at",
               "feed_hidden_fields", "cancelled_on")


def labels() -> dict:
    """Swedish labels, looked up once per page rather than once per item."""
    with override("sv"):
        return {"state": {v: str(label) for v, label in State.choices},
                "kind": {v: str(label) for v, label in Project.Kind.choices},
                "gate": {v: str(label) for v, label in Gate.choices},
                "outcome": {v: str(label) for v, label in Outcome.choices}}


def details(ids) -> tuple[dict, dict, dict]:
    """Latest gate decision, latest extension decision and budget per financier for the page's
    projects: three queries, whatever the page size.

    Plain SQL on the hot path: the ORM spends more time preparing a 100-id IN list three times
    than the database spends answering (measured in bench/feed.py).
    """
    gates, extensions, budgets = {}, {}, {}
    if not ids:
        return gates, extensions, budgets
    marks = ", ".join(["%s"] * len(ids))
    decision = GateDecision._meta.db_table
    extension = ExtensionRequest._meta.db_table
    financier, share = Financier._meta.db_table, BudgetShare._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT project_id, gate, outcome, decided_on FROM {decision} "
            f"WHERE project_id IN ({marks}) ORDER BY project_id, decided_on DESC, id DESC", ids)
        for project_id, gate, outcome, decided_on in cursor.fetchall():
            gates.setdefault(project_id, {"gate": gate, "outcome": outcome,
                                          "decided_on": _as_date(decided_on)})
        cursor.execute(
            f"SELECT project_id, state, decided_on, requested_end_date FROM {extension} "
            f"WHERE project_id IN ({marks}) AND decided_on IS NOT NULL "
            f"ORDER BY project_id, decided_on DESC, id DESC", ids)
        for project_id, state, decided_on, end in cursor.fetchall():
            extensions.setdefault(project_id, {"state": state, "decided_on": _as_date(decided_on),
                                               "requested_end_date": _as_date(end)})
        cursor.execute(
            f"SELECT f.project_id, f.code, f.name, COALESCE(SUM(s.amount), 0) FROM {financier} f "
            f"LEFT JOIN {share} s ON s.financier_id = f.id WHERE f.project_id IN ({marks}) "
            f"GROUP BY f.project_id, f.id, f.code, f.name, f.position "
            f"ORDER BY f.project_id, f.position, f.id", ids)
        for project_id, code, name, amount in cursor.fetchall():
            budgets.setdefault(project_id, []).append(
                {"code": code, "name": name, "amount": Decimal(str(amount)).quantize(CENT)})
    return gates, extensions, budgets


def _as_date(value):
    # SQLite hands back ISO strings, PostgreSQL dates.
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def latest_decision(row, gate, extension, labels) -> dict | None:
    candidates = []
    if gate:
        candidates.append((gate["decided_on"], 0, {
            "kind": "gate", "gate": gate["gate"], "outcome": gate["outcome"],
            "outcome_label": f"{labels['gate'][gate['gate']]}: {labels['outcome'][gate['outcome']]}",
            "decided_on": gate["decided_on"]}))
    if extension:
        approved = extension["state"] == ExtensionRequest.State.APPROVED
        candidates.append((extension["decided_on"], 1, {
            "kind": "extension", "gate": None,
            "outcome": "approved" if approved else "rejected",
            "outcome_label": (f"förlängning beviljad till {extension['requested_end_date']}"
                              if approved else "förlängning avslagen"),
            "decided_on": extension["decided_on"]}))
    if row["state"] == State.CANCELLED and row["cancelled_on"]:
        candidates.append((row["cancelled_on"], 2, {
            "kind": "cancellation", "gate": None, "outcome": "cancelled",
            "outcome_label": "projektet avbrutet", "decided_on": row["cancelled_on"]}))
    return max(candidates, key=lambda c: (c[0], c[1]))[2] if candidates else None


def feed_item(row, gate, extension, financiers, labels) -> dict:
    code = row["committee__code"]
    item = {
        "id": row["id"], "case_number": f"{code}/{row['case_seq']}/{row['case_year']}",
        "name": row["name"], "kind": row["kind"], "kind_label": labels["kind"][row["kind"]],
        "state": row["state"], "state_label": labels["state"][row["state"]],
        "committee": code, "owner_party": row["owner_party__code"],
        "start_date": row["start_date"], "planned_end_date": row["planned_end_date"],
        "end_date": row["end_date"],
        "budget": {
            "total": f"{sum((f['amount'] for f in financiers), 0):.2f}",
            "by_financier": [{"code": f["code"], "name": f["name"], "amount": f"{f['amount']:.2f}"}
                             for f in financiers]},
        "latest_decision": latest_decision(row, gate, extension, labels),
        "updated_at": row["updated_at"],
    }
    return project_item(item, hidden(row))


def project_items(ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The feed items of these projects by id (only those that are public)."""
    ids = list(ids)
    if not ids:
        return {}
    rows = public_projects().filter(pk__in=ids).values(*PAGE_FIELDS)
    names = labels()
    gates, extensions, budgets = details(ids)
    return {row["id"]: feed_item(row, gates.get(row["id"]), extensions.get(row["id"]),
                                 budgets.get(row["id"], []), names) for row in rows}
