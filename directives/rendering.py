"""HTML of documents for print; ``render_pdf`` turns it into PDF."""

from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directives import defaults
from directives import services as documents
from directives.models import DocumentVersion, Template
from portfolio.lifecycle import GATE_RULES, State
from portfolio.models import Project
from portfolio.services import lifecycle


def _enrich(project: Project, view: dict) -> dict:
    on_date = project.start_date or timezone.localdate()
    for section in view["sections"]:
        if section["kind"] == defaults.BUDGET and not section["empty"]:
            section["total"] = sum((Decimal(r["total"]) for r in section["content"] if r["total"]),
                                   Decimal(0))
        if section["kind"] == defaults.RESOURCE_HOURS and not section["empty"]:
            section["priced"] = documents.priced_hours(project, section["content"], on_date)
    return view


# The phase a gate starts, as the checklist names it (Swedish: "Etableringsfasen" …); the print
# layouts follow the language of the page they are asked from.
PHASES = {State.PRESTUDY: gettext_lazy("the pre-study"),
          State.ESTABLISHMENT: gettext_lazy("the establishment phase"),
          State.EXECUTION: gettext_lazy("the execution phase"),
          State.CLOSING: gettext_lazy("the closing phase")}


def approving_gate() -> str:
    """The gate whose decision approves the directive: its checklist is printed with it."""
    return next(gate for gate, rule in GATE_RULES.items() if rule.approves_directive)


def directive_html(project: Project, version: DocumentVersion | None = None) -> str:
    document = documents.get_document(project)
    template_version = (document.template_version if document
                        else documents.template_for(project, Template.Kind.DIRECTIVE))
    view = _enrich(project, documents.document_view(document, template_version, version))
    gate = approving_gate()
    decision = (project.decisions.filter(gate=gate).select_related("recorded_by",
                                                                   "directive_version")
                .order_by("-decided_on", "-id").first())
    checklist = decision.checklist_snapshot if decision else lifecycle.checklist(project, gate)
    target = GATE_RULES[gate].target
    phase = str(PHASES.get(State(target), State(target).label))
    return render_to_string("print/directive.html", {
        "project": project, "view": view, "checklist": checklist, "decision": decision,
        "gate": gate, "phase": phase})


def final_report_html(project: Project) -> str:
    document = documents.get_document(project, Template.Kind.FINAL_REPORT)
    template_version = (document.template_version if document
                        else documents.template_for(project, Template.Kind.FINAL_REPORT))
    view = _enrich(project, documents.document_view(document, template_version))
    return render_to_string("print/final_report.html", {
        "project": project, "view": view,
        "requirements": project.final_report_requirements.all()})


def committee_case_html(request) -> str:
    """The extension request as a committee case (tjänsteskrivelse). A written committee-case
    document wins; otherwise the sections come from the request itself."""
    project = request.project
    # hasattr is False when the reverse one-to-one has no row.
    document = request.committee_case if hasattr(request, "committee_case") else None
    template_version = (document.template_version if document
                        else documents.template_for(project, Template.Kind.COMMITTEE_CASE))
    view = documents.document_view(document, template_version)
    directive = documents.get_document(project)
    fallback = {
        "case_description": request.reason,
        "proposed_decision": request.proposed_decision,
        "decision_basis": (_("Committee case; project directive version %(label)s")
                           % {"label": directive.latest.label}
                           if directive and directive.latest
                           else _("Committee case; project directive")),
    }
    for section in view["sections"]:
        if section["empty"] and fallback.get(section["key"]):
            section["content"], section["empty"] = fallback[section["key"]], False
    return render_to_string("print/committee_case.html", {
        "project": project, "request": request, "sections": view["sections"]})
