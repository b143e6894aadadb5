"""Reads that are more than a filter: the project page (the portfolio list: portfolio.listing)."""

from decimal import Decimal, InvalidOperation

from django.db.models import Prefetch

from directives.models import Document, Template
from portfolio import permissions, public
from portfolio.lifecycle import END_STATES, GATE_RULES, State, gates_ahead, gates_open_in
from portfolio.models import ExtensionRequest, GateDecision, Project


def project_page(pk: int, user) -> Project:
    """The project page's project, if the user may know of it (else DoesNotExist)."""
    return (permissions.projects_visible_to(user).with_related()
            .select_related("owner_party", "template_version__template")
            .prefetch_related(
                Prefetch("decisions", GateDecision.objects.select_related("meeting", "recorded_by")
                         .order_by("-decided_on", "-id")),
                Prefetch("extension_requests", ExtensionRequest.objects.select_related("meeting")
                         .order_by("-created_at")),
                "final_report_requirements", "checklist_answers")
            .get(pk=pk))


def lifecycle_overview(project: Project) -> dict:
    return {
        "open_gates": [GATE_RULES[g] for g in gates_open_in(project.state)],
        "gates_ahead": gates_ahead(project.state),
    }


def public_projection(ids) -> dict[int, dict]:
    """What the public feed shows of these projects, by id: all that a reader outside their
    committee sees of them. Deliberately the feed's own projection (api.feed) so the two never
    drift; this is the one place that depends on it."""
    return public.project_items(ids)
def available_actions(user, project: Project) -> list[str]:
    """What ``user`` may do to ``project`` now, in the API's words: ``submit``, the gates
    they may decide (``BP0`` … ``BP4``) and ``cancel``. The project page shows its buttons
    from the same list."""
    names = []
    if project.state == State.DRAFT and permissions.can_submit(user, project):
        names.append("submit")
    for gate, rule in GATE_RULES.items():
        if project.state in rule.sources and permissions.can_decide_gate(user, project, gate):
            names.append(gate)
    if project.state not in END_STATES and permissions.can_cancel(user, project):
        names.append("cancel")
    return names


def directive_facts(project: Project) -> dict | None:
    """What the project's directive says about goals, risks, budget and steering group, read
    from its latest version each time (never copied onto the project), for the project and
    budget pages; None before a directive is written."""
    document = (Document.objects.filter(project=project, kind=Template.Kind.DIRECTIVE,
                                        extension_request__isnull=True).first())
    version = document.latest if document else None
    if version is None:
        return None
    content = version.content or {}

    def rows(key: str) -> list[dict]:
        value = content.get(key)
        return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []

    budget = rows("budget")
    total = Decimal(0)
    for row in budget:
        try:
            amount = Decimal(str(row.get("total") or 0))
        except InvalidOperation:
            continue
        if amount.is_finite():
            total += amount
    return {"version": version.label, "goals": rows("goals"), "risks": rows("risks"),
            "budget": budget, "budget_total": total, "steering_group": rows("steering_group")}
