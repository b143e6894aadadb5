"""The public projection of the portfolio: which projects and which of their fields may leave
the committee — through the intranet feeds (api/feed.py, api/atom.py) and to signed-in readers
outside the committee (portfolio.selectors.public_projection). Everyone asks here, so no two
of them can disagree about what is public.

What a decision may say when it leaves (the Atom feed's entries, built here by
``decision_news``; api/atom.py only writes them as XML):

- public: the project's name, the gate or extension outcome in Swedish, the date it was
  decided, and — for a decision taken at a committee meeting — the meeting's date and the
  minutes' §, which are public record once the committee has decided;
- never: the free comment on a gate decision, an extension request's reason and proposed
  decision (approved or not), the reason for a cancellation. They are internal case material
  written before or beside the decision, not the decision itself;
- a project that keeps ``latest_decision`` out of the feeds has no decision entries at all;
  one that keeps any of its dates out gets no extension end date in a title. The JSON feed's
  ``latest_decision`` and the Atom entries come from the same three sources (gate decisions,
  decided extension requests, cancellations), so a project is in both or in neither.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import override

from portfolio.lifecycle import GATE_RULES, Gate, Outcome, State
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


def text(value) -> str:
    """Stored text as it may go out: without characters XML cannot carry (rows saved before
    input was checked must not take a whole feed down)."""
    return xml_safe(value or "")


# -- Decisions as news (the Atom feed): what an entry may show, see the module docstring.

NEWS_ITEMS = 50
GATE_OUTCOMES = {Outcome.START: "beslut att starta", Outcome.NOT_START: "beslut att inte starta",
                 Outcome.TABLE: "bordlagt"}


@dataclass(frozen=True)
class DecisionNews:
    key: str
    project: Project
    title: str
    summary: str
    on: datetime.date
    updated: datetime.datetime


def closes_project(gate: str) -> bool:
    """Whether starting through this gate closes the project (BP4 in the default rules)."""
    rule = GATE_RULES.get(gate)
    return rule is not None and rule.target == State.CLOSED


def _at_meeting(meeting, paragraph) -> str:
    return f" ({meeting.date:%Y-%m-%d} § {paragraph})" if meeting and paragraph else ""


def gate_news(decision: GateDecision) -> DecisionNews | None:
    hidden_fields = hidden(decision.project)
    if not shows_decisions(hidden_fields):
        return None
    name = decision.project.name
    if closes_project(decision.gate) and decision.outcome == Outcome.START:
        title = f"{name}: projektet avslutat ({decision.gate})"
    else:
        title = f"{name}: {decision.gate} {GATE_OUTCOMES[Outcome(decision.outcome)]}"
    with override("sv"):
        summary = (f"{Gate(decision.gate).label}: {Outcome(decision.outcome).label}"
                   + _at_meeting(decision.meeting, decision.paragraph))
    return DecisionNews(key=f"gate-{decision.pk}", project=decision.project, title=title,
                        summary=summary, on=decision.decided_on, updated=decision.created_at)


def extension_news(request: ExtensionRequest) -> DecisionNews | None:
    hidden_fields = hidden(request.project)
    if not shows_decisions(hidden_fields) or request.decided_on is None:
        return None
    name = request.project.name
    if request.state != ExtensionRequest.State.APPROVED:
        outcome = "förlängning avslagen"
    elif shows_dates(hidden_fields):
        outcome = f"förlängning beviljad till {request.requested_end_date:%Y-%m-%d}"
    else:
        outcome = "förlängning beviljad"
    summary = f"Nämndens beslut: {outcome}" + _at_meeting(request.meeting, request.paragraph)
    return DecisionNews(key=f"extension-{request.pk}", project=request.project,
                        title=f"{name}: {outcome}", summary=summary, on=request.decided_on,
                        updated=request.updated_at)


def cancellation_news(project: Project) -> DecisionNews | None:
    if not shows_decisions(hidden(project)) or project.cancelled_on is None:
        return None
    return DecisionNews(key=f"cancelled-{project.pk}", project=project,
                        title=f"{project.name}: projektet avbrutet",
                        summary="Nämndens beslut: projektet avbrutet", on=project.cancelled_on,
                        updated=project.updated_at)


def decision_news(limit: int = NEWS_ITEMS) -> list[DecisionNews]:
    """The newest decisions of public projects, newest first, as the projection allows."""
    # Fetch more than the limit: projects that keep their decisions out are skipped in Python
    # (a JSON containment query is not portable to SQLite).
    fetch = limit * 4
    gates = (GateDecision.objects.filter(project__in=public_projects())
             .select_related("project__committee", "meeting")
             .order_by("-decided_on", "-id")[:fetch])
    extensions = (ExtensionRequest.objects.filter(project__in=public_projects(),
                                                  decided_on__isnull=False)
                  .select_related("project__committee", "meeting")
                  .order_by("-decided_on", "-id")[:fetch])
    cancellations = (public_projects().filter(state=State.CANCELLED, cancelled_on__isnull=False)
                     .select_related("committee").order_by("-cancelled_on", "-id")[:fetch])
    news = [gate_news(d) for d in gates] + [extension_news(e) for e in extensions] \
        + [cancellation_news(p) for p in cancellations]
    entries = [entry for entry in news if entry is not None]
    entries.sort(key=lambda entry: (entry.on, entry.updated), reverse=True)
    return entries[:limit]


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
            # A decision voided by a correction of the minutes is no decision (h21).
            f"WHERE project_id IN ({marks}) AND voided_at IS NULL "
            f"ORDER BY project_id, decided_on DESC, id DESC", ids)
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
