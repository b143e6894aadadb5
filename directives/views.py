"""Pages for writing documents: one form per section, versions, comparison and PDF."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from directives import content as kinds
from directives import defaults, rendering
from directives import services as documents
from directives.forms import FIELD_LABELS, first_input, section_errors, section_form
from directives.http import pdf_response
from directives.models import Template
from portfolio import permissions
from portfolio.errors import REFUSALS, StateConflict, describe, status_for
from portfolio.forms import ErrorSummary, RequirementAnswersForm
from portfolio.lifecycle import State
from portfolio.models import PriceListRate, Project
from portfolio.throttling import throttle_pdf

KINDS = {"directive": Template.Kind.DIRECTIVE, "final-report": Template.Kind.FINAL_REPORT}
BLANK_ROWS = 3


def _context(pk, slug, user):
    if slug not in KINDS:
        raise Http404
    try:
        project = permissions.projects_visible_to(user).select_related(
            "committee", "template_version").get(pk=pk)
    except Project.DoesNotExist as exc:
        raise Http404 from exc
    permissions.require_read(user, project)
    kind = KINDS[slug]
    document = documents.get_document(project, kind)
    template_version = (document.template_version if document
                        else documents.template_for(project, kind))
    return project, kind, document, template_version


def _template_required(view):
    """A document whose kind has no template installed (and none chosen yet) is refused with a
    page saying so (409), not a server error: an administrator has removed the templates."""

    @functools.wraps(view)
    def refusing(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except StateConflict as exc:
            if exc.code != "no_template":
                raise
            messages.error(request, describe(exc))
            return render(request, "base.html", status=status_for(exc))

    return refusing


def _can_edit(user, project, kind) -> bool:
    if not permissions.can_edit_project(user, project):
        return False
    return kind != Template.Kind.FINAL_REPORT or project.state == State.CLOSING


@login_required
@_template_required
def document_page(request, pk, slug, *, status=200, form_errors=None, typed=None):
    project, kind, document, template_version = _context(pk, slug, request.user)
    view = rendering._enrich(project, documents.document_view(document, template_version))
    return render(request, "directives/document.html", {
        "project": project, "slug": slug, "kind_label": Template.Kind(kind).label, "view": view,
        "labels": FIELD_LABELS, "can_edit": _can_edit(request.user, project, kind),
        "missing": [s for s in view["sections"] if s["required"] and s["empty"]],
        "requirements": _requirements(project, typed)
        if kind == Template.Kind.FINAL_REPORT else None,
        "form_errors": form_errors, "typed": typed,
        "approval": rendering.approval(rendering.approving_decision(project))
        if kind == Template.Kind.DIRECTIVE else None,
    }, status=status)


def _requirements(project, typed) -> list:
    """The final-report requirements, each with the answer to show: what was typed when a
    save was refused, else the saved one."""
    requirements = list(project.final_report_requirements.all())
    for requirement in requirements:
        requirement.shown = (typed or {}).get(f"requirement-{requirement.pk}", requirement.answer)
    return requirements


def value_before(latest, key):
    return latest.content.get(key) if latest else None


def _form_rows(kind, value):
    if kind not in kinds.ROW_FIELDS:
        return []
    rows = list(value or [])
    fields = kinds.ROW_FIELDS[kind]
    rows += [dict.fromkeys(fields, "") for _ in range(BLANK_ROWS)]
    return [[(f, row.get(f, ""), i) for f in fields] for i, row in enumerate(rows)]


@login_required
@_template_required
def edit_section(request, pk, slug, key):
    project, kind, document, template_version = _context(pk, slug, request.user)
    section = next((s for s in template_version.sections if s["key"] == key), None)
    if section is None:
        raise Http404
    latest = document.latest if document else None
    value = latest.content.get(key) if latest else None
    base_version = latest.label if latest else ""
    status = 200
    summary = ErrorSummary()
    if request.method == "POST":
        form = section_form(request.POST, section)
        value = form.typed()
        base_version = request.POST.get("base_version", "")
        if not form.is_valid():
            status = 400
            summary = section_errors(form, section)
        else:
            try:
                content = form.content()
                if section["kind"] == defaults.BUDGET:
                    # The form edits activity, total and note; each row keeps its split
                    # between financiers (the directive's own columns) by its activity.
                    content = kinds.keep_shares(content, value_before(latest, key))
                documents.save_document(project=project, by=request.user, kind=kind,
                                        base_version=base_version or None,
                                        sections={key: content})
            except REFUSALS as exc:
                status = status_for(exc)
                if isinstance(exc, ValidationError):
                    # The service says "sections.<key>"; its message starts with the title.
                    summary.add_service_error(exc, keys={f"sections.{key}": first_input(section)})
                else:
                    # Not about a field (someone saved in between, the role, the state): at the
                    # top of the form, with what was typed still in it.
                    summary.add_service_error(exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("documents:page", pk=project.pk, slug=slug)
    elif not _can_edit(request.user, project, kind):
        messages.error(request, _("Only the project owner and manager edit its documents."))
        return redirect("documents:page", pk=project.pk, slug=slug)
    if section["kind"] == defaults.DATE_RANGE:
        value = value or {"start": "", "end": ""}
    return render(request, "directives/edit_section.html", {
        "project": project, "slug": slug, "section": section, "value": value,
        "rows": _form_rows(section["kind"], value if isinstance(value, list) else None),
        "labels": FIELD_LABELS, "base_version": base_version, "form_errors": summary,
        "resources": PriceListRate.objects.filter(committee=project.committee)
        .values_list("resource", flat=True).distinct(),
    }, status=status)


@login_required
@_template_required
def versions(request, pk, slug):
    project, kind, document, template_version = _context(pk, slug, request.user)
    all_versions = list(document.versions.select_related("created_by")
                        .prefetch_related("gate_decisions").order_by("-major", "-minor")) \
        if document else []
    comparison = None
    summary = ErrorSummary()
    a, b = request.GET.get("a"), request.GET.get("b")
    if document and a and b:
        older, newer = documents.find_version(document, a), documents.find_version(document, b)
        for name, found, label in (("a", older, _("Compare version")),
                                    ("b", newer, _("with version"))):
            if found is None:
                summary.add(_("No such version."), key=f"compare-{name}", label=label)
        if not summary:
            comparison = {"a": older, "b": newer,
                          "sections": documents.compare(document, older, newer)}
    return render(request, "directives/versions.html", {
        "project": project, "slug": slug, "versions": all_versions, "comparison": comparison,
        "a": a or (all_versions[1].label if len(all_versions) > 1 else ""),
        "b": b or (all_versions[0].label if all_versions else ""),
        "form_errors": summary,
    }, status=400 if summary else 200)


@login_required
@_template_required
def show_version(request, pk, slug, label):
    project, kind, document, template_version = _context(pk, slug, request.user)
    version = documents.find_version(document, label) if document else None
    if version is None:
        raise Http404
    view = rendering._enrich(project, documents.document_view(document, template_version, version))
    return render(request, "directives/document.html", {
        "project": project, "slug": slug, "kind_label": Template.Kind(kind).label, "view": view,
        "labels": FIELD_LABELS, "can_edit": False, "missing": [], "old_version": True,
    })


@login_required
@throttle_pdf
@_template_required
def document_pdf(request, pk, slug):
    project, kind, document, template_version = _context(pk, slug, request.user)
    if kind == Template.Kind.DIRECTIVE:
        html, name = rendering.directive_html(project), "projektdirektiv"
    else:
        html, name = rendering.final_report_html(project), "slutrapport"
    return pdf_response(html, f"{name}-{project.committee.code}-{project.case_seq}-"
                              f"{project.case_year}.pdf")


@login_required
@_template_required
def answer_requirement(request, pk, slug):
    project, kind, document, template_version = _context(pk, slug, request.user)
    if request.method != "POST":
        return redirect("documents:page", pk=pk, slug=slug)
    form = RequirementAnswersForm(request.POST,
                                  requirements=project.final_report_requirements.all())
    if not form.is_valid():
        return document_page(request, pk, slug, status=400,
                             form_errors=ErrorSummary().add_form(form), typed=form.data)
    try:
        documents.answer_requirements(project=project, by=request.user, answers=form.answers())
    except REFUSALS as exc:
        return document_page(request, pk, slug, status=status_for(exc), typed=form.data,
                             form_errors=ErrorSummary().add_service_error(exc, form=form))
    messages.success(request, _("Saved."))
    return redirect("documents:page", pk=pk, slug=slug)
