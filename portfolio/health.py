"""Health of a project in three dimensions — time, money, decisions waiting — each ``green``,
``amber``, ``red`` or ``unknown``; the overall health is the worst of the three.

Thresholds (the committee's follow-up reports look one month ahead and treat ten per cent
over budget as a deviation that must be reported to the committee):

- **Time** (current end date, after extensions): ``red`` when the end date has passed
  (end date before today) and the project is still running; ``amber`` when it falls
  within ``NEAR_END_DAYS`` (30) days from today, today and day 30 included; ``green``
  otherwise; ``unknown`` without an end date. Closed, rejected and cancelled projects are
  ``green``: nothing runs late any more.
- **Money**: the costs booked so far (negative outcomes of the project's cost objects, as in
  the follow-up report and internal control) against the budget (sum of its budget lines)
  and the cost cap. ``red`` when the costs exceed the cost cap, or exceed the budget by more
  than ``BUDGET_TOLERANCE`` (10 %); ``amber`` when they exceed the budget at all, reach
  ``CAP_WARNING`` (90 %) of the cost cap, or when the budget itself is above the cost cap;
  ``green`` otherwise; ``unknown`` with neither budget nor cost cap.
- **Decisions waiting**: gates whose checklist is complete (every mandatory item answered
  yes) but not yet decided, and extension requests submitted or recommended but not yet
  decided. ``amber`` when any waits; ``red`` when one has waited more than
  ``DECISION_WAIT_DAYS`` (30) days (since its last checklist answer or its last change);
  ``green`` when none waits.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from directives.models import GateChecklistItem
from directives.selectors import default_directive_version
from portfolio.lifecycle import END_STATES, GATE_RULES, State
from portfolio.models import ChecklistAnswer, ExtensionRequest, Outcome, Project

NEAR_END_DAYS = 30
BUDGET_TOLERANCE = Decimal("0.10")
CAP_WARNING = Decimal("0.90")
DECISION_WAIT_DAYS = 30

GREEN, AMBER, RED, UNKNOWN = "green", "amber", "red", "unknown"
_RANK = {UNKNOWN: 0, GREEN: 1, AMBER: 2, RED: 3}


def worst(*levels: str) -> str:
    return max(levels, key=lambda level: _RANK[level])


@dataclass
class Health:
    time: str
    money: str
    decisions: str
    budget: Decimal | None
    spent: Decimal
    cost_cap: Decimal | None
    waiting: list[str] = field(default_factory=list)

    @property
    def overall(self) -> str:
        return worst(self.time, self.money, self.decisions)


def time_health(end_date: datetime.date | None, state: str, today: datetime.date) -> str:
    if state in END_STATES:
        return GREEN
    if end_date is None:
        return UNKNOWN
    if end_date < today:
        return RED
    if end_date <= today + datetime.timedelta(days=NEAR_END_DAYS):
        return AMBER
    return GREEN


def money_health(spent: Decimal, budget: Decimal | None, cost_cap: Decimal | None) -> str:
    if budget is None and cost_cap is None:
        return UNKNOWN
    level = GREEN
    if cost_cap is not None:
        if spent > cost_cap:
            return RED
        if spent >= cost_cap * CAP_WARNING or (budget is not None and budget > cost_cap):
            level = AMBER
    if budget is not None:
        if spent > budget * (1 + BUDGET_TOLERANCE):
            return RED
        if spent > budget:
            level = AMBER
    return level


def decisions_health(waiting_since: list[datetime.date], today: datetime.date) -> str:
    if not waiting_since:
        return GREEN
    if min(waiting_since) < today - datetime.timedelta(days=DECISION_WAIT_DAYS):
        return RED
    return AMBER


def health_for(projects: list[Project], *, today: datetime.date) -> dict[int, Health]:
    """Health of each project, by id, in a fixed number of queries."""
    ids = [p.pk for p in projects]
    if not ids:
        return {}
    budgets = dict(Project.objects.filter(pk__in=ids, budget_lines__isnull=False)
                   .values_list("pk").annotate(t=Sum("budget_lines__total")).order_by())
    spent = dict(Outcome.objects.filter(cost_object__project__in=ids, amount__lt=0)
                 .values_list("cost_object__project").annotate(s=Sum("amount")).order_by())
    waiting = _waiting(projects)
    result = {}
    for project in projects:
        budget = budgets.get(project.pk)
        cost = -(spent.get(project.pk) or Decimal(0))
        since = [when for _label, when in waiting.get(project.pk, [])]
        result[project.pk] = Health(
            time=time_health(project.end_date, project.state, today),
            money=money_health(cost, budget, project.cost_cap),
            decisions=decisions_health(since, today),
            budget=budget, spent=cost, cost_cap=project.cost_cap,
            waiting=[label for label, _when in waiting.get(project.pk, [])])
    return result


def _waiting(projects: list[Project]) -> dict[int, list[tuple[str, datetime.date]]]:
    """Decisions waiting per project: (what, since when)."""
    running = [p for p in projects if p.state not in END_STATES]
    default = default_directive_version()
    versions = {p.template_version_id or (default.pk if default else None) for p in running}
    mandatory: dict[tuple[int | None, str], set[int]] = defaultdict(set)
    for item_id, template_id, gate in (GateChecklistItem.objects
                                   .filter(template_version__in=[v for v in versions if v],
                                           mandatory=True)
                                   .values_list("id", "template_version_id", "gate")):
        mandatory[(template_id, gate)].add(item_id)
    answers: dict[int, dict[int, tuple[str | None, datetime.datetime | None]]] = defaultdict(dict)
    for project_id, item_id, answer, at in ChecklistAnswer.objects.filter(
            project__in=[p.pk for p in running]).values_list("project_id", "item_id", "answer",
                                                             "answered_at"):
        answers[project_id][item_id] = (answer, at)
    out: dict[int, list[tuple[str, datetime.date]]] = defaultdict(list)
    for project in running:
        version = project.template_version_id or (default.pk if default else None)
        for gate, rule in GATE_RULES.items():
            items = mandatory.get((version, gate))
            if project.state not in rule.sources or not items:
                continue
            given = answers[project.pk]
            if all(given.get(i, (None, None))[0] == ChecklistAnswer.Answer.YES for i in items):
                stamps = [at for at in (given[i][1] for i in items) if at is not None]
                since = max(stamps).date() if stamps else project.updated_at.date()
                out[project.pk].append((gate, since))
    for project_id, state, updated in (ExtensionRequest.objects.filter(
            project__in=[p.pk for p in running],
            state__in=[ExtensionRequest.State.SUBMITTED, ExtensionRequest.State.RECOMMENDED])
            .values_list("project_id", "state", "updated_at")):
        out[project_id].append((f"extension:{state}", updated.date()))
    return out



def committee_overview(committee, *, today: datetime.date) -> dict:
    """The committee's portfolio at a glance, for the overview page and its API: projects
    per phase, and each project with its health, budget, costs booked and cost cap."""
    projects = list(Project.objects.filter(committee=committee).select_related("committee")
                    .order_by("case_year", "case_seq"))
    health = health_for(projects, today=today)
    counts = {state: 0 for state in State.values}
    for project in projects:
        counts[project.state] += 1
    return {
        "committee": committee, "as_of": today, "projects": projects,
        "counts": [{"state": s, "label": State(s).label, "count": counts[s]}
                   for s in State.values],
        "rows": [{"project": p, "health": health[p.pk]} for p in projects],
        "health": health,
    }
