"""HTML of documents for print; ``render_pdf`` turns it into PDF."""

from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directives import defaults
from directives import services as documents
from directives.models import DocumentVersion, Template
from portfolio.lifecycle import GATE_RULES, Body, State
from portfolio.models import Project
from portfolio.services import lifecycle


def _enrich(project: Project, view: dict) -> dict:
    on_date = project.start_date or timezone.localdate()
    for section in view["sections"]:
        if section["kind"] == defaults.BUDGET and not section["empty"]:
            section["total"] = sum((Decimal(r["total"]) for r in section["content"] if r["total"]),
                                   Decimal(0))
            # The split columns in the order the rows name the financiers.
            columns: list[str] = []
            for row in section["content"]:
                columns += [name for name in row.get("shares", {}) if name not in columns]
            section["columns"] = columns
            for row in section["content"]:
                row["split"] = [row.get("shares", {}).get(name, "") for name in columns]
            section["column_totals"] = [
                sum((Decimal(r["shares"][name]) for r in section["content"]
                     if r.get("shares", {}).get(name)), Decimal(0)) for name in columns]
        if section["kind"] == defaults.RESOURCE_HOURS and not section["empty"]:
            section["priced"] = documents.priced_hours(project, section["content"], on_date)
    return view


# The phase a gate starts, as the checklist names it (Swedish: "Etableringsfasen" …); the print
# layouts follow the language of the page they are asked from.
PHASES = {State.PRESTUDY: gettext_lazy("the pre-study"),
          State.ESTABLISHMENT: gettext_lazy("the establishment phase"),
          State.EXECUTION: gettext_lazy("the execution phase"),
          State.CLOSING: gettext_lazy("the closing phase")}


# The print layouts are Swedish only: who took a decision, in the definite form.
BODIES = {Body.COMMITTEE: "nämnden", Body.STEERING_GROUP: "styrgruppen"}


def approving_gate() -> str:
    """The gate whose decision approves the directive: its checklist is printed with it."""
    return next(gate for gate, rule in GATE_RULES.items() if rule.approves_directive)


def approving_decision(project: Project):
    """The latest decision at the gate that approves the directive, if any."""
    return (project.decisions.filter(gate=approving_gate())
            .select_related("recorded_by", "meeting", "directive_version")
            .order_by("-decided_on", "-id").first())


def directive_html(project: Project, version: DocumentVersion | None = None) -> str:
    document = documents.get_document(project)
    template_version = (document.template_version if document
                        else documents.template_for(project, Template.Kind.DIRECTIVE))
    view = _enrich(project, documents.document_view(document, template_version, version))
    gate = approving_gate()
    decision = approving_decision(project)
    checklist = decision.checklist_snapshot if decision else lifecycle.checklist(project, gate)
    target = GATE_RULES[gate].target
    phase = str(PHASES.get(State(target), State(target).label))
    return render_to_string("print/directive.html", {
        "project": project, "view": view, "checklist": checklist, "decision": decision,
        "gate": gate, "phase": phase, "approval": approval(decision)})


def approval(decision) -> dict | None:
    """Which version of the directive the approving decision approved, with its own date and
    who took the decision, for the print and the directive page."""
    if decision is None or decision.outcome != "start" or decision.directive_version is None:
        return None
    approved = decision.directive_version
    body = BODIES.get(decision.decided_by_body, decision.decided_by_body)
    return {"label": approved.label, "dated": approved.date, "decided_on": decision.decided_on,
            "body": body, "meeting": decision.meeting.date if decision.meeting else None,
            "paragraph": decision.paragraph}


def final_report_html(project: Project) -> str:
    document = documents.get_document(project, Template.Kind.FINAL_REPORT)
    template_version = (document.template_version if document
                        else documents.template_for(project, Template.Kind.FINAL_REPORT))
    view = _enrich(project, documents.document_view(document, template_version))
    return render_to_string("print/final_report.html", {
        "project": project, "view": view,
        "requirements": project.final_report_requirements.all()})


def _directive_reference(project: Project) -> str:
    """The directive as the case cites it: the version that was approved ("Projektdirektiv
    LINK2 0.5"), else the latest draft."""
    gate = approving_gate()
    decision = (project.decisions.filter(gate=gate, outcome="start")
                .select_related("directive_version").order_by("-decided_on", "-id").first())
    version: DocumentVersion | None
    if decision is not None and decision.directive_version is not None:
        version = decision.directive_version
    else:
        directive = documents.get_document(project)
        version = directive.latest if directive else None
    if version is None:
        return ""
    return f"version {version.label}" + (f" ({version.date:%Y-%m-%d})" if version.date else "")


def committee_case_html(request) -> str:
    """The extension request as a committee case (tjänsteskrivelse). A written committee-case
    document wins; otherwise the sections come from the request itself."""
    project = request.project
    # hasattr is False when the reverse one-to-one has no row.
    document = request.committee_case if hasattr(request, "committee_case") else None
    template_version = (document.template_version if document
                        else documents.template_for(project, Template.Kind.COMMITTEE_CASE))
    view = documents.document_view(document, template_version)
    fallback = {
        "case_description": request.reason,
        "proposed_decision": request.proposed_decision,
        "decision_basis": _("Committee case; project directive %(directive)s") % {"directive": _directive_reference(project)},
    }
    for section in view["sections"]:
        if section["empty"] and fallback.get(section["key"]):
            section["content"], section["empty"] = fallback[section["key"]], False
    return render_to_string("print/committee_case.html", {
        "project": project, "request": request, "sections": view["sections"]})
