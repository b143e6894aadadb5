"""Writing documents: every save makes a new version; nothing earlier is ever changed."""

import datetime
import difflib
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from directives import content as kinds
from directives.models import (
    Document,
    DocumentVersion,
    GateChecklistItem,
    Template,
    TemplateVersion,
    clean_gate_deciders,
)
from portfolio import permissions
from portfolio.errors import NotAllowed, StateConflict
from portfolio.lifecycle import State
from portfolio.models import FinalReportRequirement, PriceListRate, Project
from portfolio.services.audit import record_event


def latest_template_version(kind: str) -> TemplateVersion | None:
    template = Template.objects.filter(kind=kind).order_by("id").first()
    return template.current_version if template else None


def sections_of(version: TemplateVersion) -> list[dict]:
    return list(version.sections)


def get_document(project: Project, kind: str = Template.Kind.DIRECTIVE) -> Document | None:
    return (Document.objects.filter(project=project, kind=kind, extension_request__isnull=True)
            .select_related("template_version__template").first())


def template_for(project: Project, kind: str) -> TemplateVersion:
    if kind == Template.Kind.DIRECTIVE and project.template_version is not None:
        return project.template_version
    version = latest_template_version(kind)
    if version is None:
        raise StateConflict(_("No template of this kind is installed."), code="no_template")
    return version


def document_view(document: Document | None, template_version: TemplateVersion,
                  version: DocumentVersion | None = None) -> dict:
    """Sections of a document version with their template data, for pages, API and PDFs."""
    version = version or (document.latest if document else None)
    values = version.content if version else {}
    sections = []
    for section in sections_of(template_version):
        value = values.get(section["key"])
        sections.append({**section, "content": value,
                         "empty": kinds.is_empty(section["kind"], value)})
    return {"version": version, "label": version.label if version else None,
            "template_version": template_version, "sections": sections}


def missing_required(project: Project, kind: str = Template.Kind.DIRECTIVE) -> list[dict]:
    """Required sections of the project's document that are empty, in template order."""
    document = get_document(project, kind)
    template_version = document.template_version if document else template_for(project, kind)
    view = document_view(document, template_version)
    return [{"key": s["key"], "title": s["title"]} for s in view["sections"]
            if s["required"] and s["empty"]]


def _price_resources(project: Project) -> set[str]:
    return set(PriceListRate.objects.filter(committee=project.committee_id)
               .values_list("resource", flat=True))


def _editable(project: Project, kind: str, by) -> None:
    if not permissions.can_edit_project(by, project):
        raise NotAllowed(_("Only the project owner and manager edit its documents."))
    if kind == Template.Kind.FINAL_REPORT and project.state != State.CLOSING:
        raise StateConflict(_("The final report is written while the project is closing."),
                            code="wrong_state")


@transaction.atomic
def save_document(*, project: Project, by, sections: dict, base_version: str | None,
                  kind: str = Template.Kind.DIRECTIVE, note: str = "",
                  dated: datetime.date | None = None) -> DocumentVersion:
    """Save changed sections as the next version. ``base_version`` is the version the writer
    started from; if someone else saved since, the save is refused and nothing is lost.
    ``dated`` is the date the version carries itself (the directive's "Datum")."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    _editable(project, kind, by)
    _check_dated(dated)
    document = get_document(project, kind)
    if document is None:
        document = Document.objects.create(project=project, kind=kind,
                                           template_version=template_for(project, kind))
    latest = document.latest
    if latest is not None and base_version != latest.label:
        raise StateConflict(
            _("Version %(latest)s was saved by %(who)s after the version %(base)s you started "
              "from. Your text has not been saved; compare and save again.")
            % {"latest": latest.label, "who": latest.created_by.get_full_name()
               or latest.created_by.username, "base": base_version or "–"},
            code="edit_conflict")
    template_sections = {s["key"]: s for s in sections_of(document.template_version)}
    errors = {}
    cleaned = {}
    resources = _price_resources(project)
    for key, value in sections.items():
        section = template_sections.get(key)
        if section is None:
            errors[f"sections.{key}"] = [_("No section %(key)s in this template.") % {"key": key}]
            continue
        try:
            cleaned[key] = kinds.clean(section["kind"], value, section["title"], resources)
        except kinds.ContentError as exc:
            errors[f"sections.{key}"] = [str(exc)]
    if errors:
        raise ValidationError(errors)
    before = dict(latest.content) if latest else {}
    after = {**before, **cleaned}
    changed = sorted(k for k in cleaned if before.get(k) != cleaned[k])
    if latest is not None and not changed:
        return latest
    major, minor = (latest.major, latest.minor + 1) if latest else (0, 1)
    version = DocumentVersion.objects.create(document=document, major=major, minor=minor,
                                             content=after, created_by=by, note=note[:300],
                                             dated=dated)
    project.save(update_fields=["updated_at"])
    record_event(actor=by, action=f"{kind}.saved", obj=version, project=project,
                 changes={k: [kinds.as_text(template_sections[k]["kind"], before.get(k))[:500],
                              kinds.as_text(template_sections[k]["kind"], after.get(k))[:500]]
                          for k in changed},
                 summary=f"{document.get_kind_display()} {version.label}")
    return version


@transaction.atomic
def answer_requirements(*, project: Project, by, answers: list[dict]) -> list[FinalReportRequirement]:
    """Answer the final report's requirements (``[{"id", "answer"}, …]``); only changed
    answers are saved and audited. Refused as a whole when any id is not the project's."""
    # The project row is the lock: a final-report save and an answer wait for each other.
    project = Project.objects.select_for_update().get(pk=project.pk)
    _editable(project, Template.Kind.FINAL_REPORT, by)
    requirements = {r.id: r for r in
                    FinalReportRequirement.objects.select_for_update().filter(project=project)}
    unknown = [f"requirements[{i}].id" for i, a in enumerate(answers)
               if a.get("id") not in requirements]
    if unknown:
        raise ValidationError({key: [_("No such requirement on this project.")] for key in unknown})
    changed = []
    for entry in answers:
        requirement = requirements[entry["id"]]
        before = requirement.answer
        requirement.answer = entry["answer"].strip()
        if before != requirement.answer:
            requirement.save(update_fields=["answer"])
            changed.append(requirement)
            record_event(actor=by, action="final_report.requirement_answered", obj=requirement,
                         project=project, changes={"answer": [before, requirement.answer]},
                         summary=requirement.text[:200])
    return changed


def _check_dated(dated: datetime.date | None) -> None:
    if dated is None:
        return
    if not isinstance(dated, datetime.date) or dated > timezone.localdate() \
            or dated < datetime.date(1990, 1, 1):
        raise ValidationError({"dated": [_("Give a date between 1990-01-01 and today.")]})


def approve_version(*, version: DocumentVersion, by, note: str,
                    dated: datetime.date | None = None) -> DocumentVersion:
    """Make the next major version (1.0, 2.0 …) of an approved draft, dated by the decision;
    called inside the gate decision's transaction."""
    approved = DocumentVersion.objects.create(
        document=version.document, major=version.major + 1, minor=0, content=version.content,
        created_by=by, note=note[:300], dated=dated)
    record_event(actor=by, action="directive.approved", obj=approved,
                 project=version.document.project,
                 summary=f"{version.label} → {approved.label}")
    return approved


@transaction.atomic
def use_template(*, project: Project, template_version: TemplateVersion, by) -> Project:
    """Write a draft's directive on another directive template version (whose gates may be
    decided by another body). Only before the directive is written: its text follows the
    template's sections."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    _editable(project, Template.Kind.DIRECTIVE, by)
    if template_version.template.kind != Template.Kind.DIRECTIVE:
        raise ValidationError({"template_version": [_("Choose a project directive template.")]})
    if project.state != State.DRAFT:
        raise StateConflict(_("The template is chosen while the project is a draft."),
                            code="wrong_state")
    document = get_document(project)
    if document is not None and document.versions.exists():
        raise StateConflict(_("The directive is already written on its template."),
                            code="wrong_state")
    before = project.template_version
    if document is not None:
        document.template_version = template_version
        document.save(update_fields=["template_version"])
    project.template_version = template_version
    project.save(update_fields=["template_version", "updated_at"])
    record_event(actor=by, action="project.updated", obj=project,
                 changes={"template_version": [str(before or "–"), str(template_version)]})
    return project


def find_version(document: Document, label: str) -> DocumentVersion | None:
    # ASCII digits and short: int() takes "١.٢" and a 30-digit number overflows the database.
    if not re.fullmatch(r"[0-9]{1,6}\.[0-9]{1,6}", label or ""):
        return None
    major, minor = (int(part) for part in label.split("."))
    return document.versions.filter(major=major, minor=minor).first()


_WORDS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> tuple[str, str]:
    """Two texts as HTML, the old with its removed words in ``<del>`` and the new with its
    added words in ``<ins>``; everything escaped, whitespace and line breaks kept."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    left: list[str] = []
    right: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        removed, added = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if op == "equal":
            left.append(removed)
            right.append(added)
            continue
        if removed:
            left.append(f'<del class="diff">{removed}</del>')
        if added:
            right.append(f'<ins class="diff">{added}</ins>')
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 - escaped above


def compare(document: Document, older: DocumentVersion, newer: DocumentVersion) -> list[dict]:
    """Per section of the template: its title, whether it changed and, when it did, the old
    and the new text side by side with the changed words marked (``word_diff``)."""
    rows = []
    for section in sections_of(document.template_version):
        a = kinds.as_text(section["kind"], older.content.get(section["key"]))
        b = kinds.as_text(section["kind"], newer.content.get(section["key"]))
        old_html, new_html = word_diff(a, b) if a != b else ("", "")
        rows.append({"title": section["title"], "changed": a != b,
                     "old": old_html, "new": new_html})
    return rows


def priced_hours(project: Project, rows: list[dict], on_date) -> list[dict]:
    """Resource hours priced at the committee's rate in force ``on_date``."""
    priced = []
    for row in rows or []:
        rate = (PriceListRate.objects.filter(committee=project.committee_id,
                                             resource=row.get("resource"), valid_from__lte=on_date)
                .order_by("-valid_from").values_list("hourly_rate", flat=True).first())
        hours = row.get("hours") or "0"
        cost = (Decimal(hours) * rate).quantize(Decimal("1")) if rate is not None else None
        priced.append({**row, "rate": rate, "cost": cost})
    return priced


@transaction.atomic
def revise_template(*, template: Template, by, sections: list[dict],
                    checklists: dict | None = None, note: str = "",
                    gate_deciders: dict | None = None) -> TemplateVersion:
    """Editing a template makes its next version; documents keep the version they were
    written on. ``checklists`` is ``{gate: [(key, text, mandatory), …]}``; omitted gates keep
    the current version's items."""
    if not permissions.can_revise_templates(by):
        raise NotAllowed(_("Only template administrators revise templates."))
    if not isinstance(sections, list) or not sections:
        raise ValidationError({"sections": [_("Expected a non-empty list of sections.")]})
    errors = {}
    keys = set()
    for index, section in enumerate(sections):
        if not isinstance(section, dict):
            errors[f"sections[{index}]"] = [_("Expected an object with key, title and kind.")]
            continue
        missing = {"key", "title", "kind"} - set(section)
        if missing:
            errors[f"sections[{index}]"] = [_("Missing: %(f)s") % {"f": ", ".join(sorted(missing))}]
            continue
        not_text = [f for f in ("key", "title", "kind")
                    if not isinstance(section[f], str) or not section[f].strip()]
        if not_text:
            # A list or number here would otherwise crash below (unhashable) with a 500.
            errors[f"sections[{index}]"] = [_("Must be non-empty text: %(f)s")
                                            % {"f": ", ".join(not_text)}]
            continue
        if section["kind"] not in kinds.ROW_FIELDS and section["kind"] not in (
                kinds.defaults.TEXT, kinds.defaults.DATE_RANGE):
            errors[f"sections[{index}].kind"] = [_("Unknown content kind.")]
        if section["key"] in keys:
            errors[f"sections[{index}].key"] = [_("Duplicate key.")]
        keys.add(section["key"])
    if errors:
        raise ValidationError(errors)
    current = Template.objects.select_for_update().get(pk=template.pk).current_version
    # Omitted, the new version keeps who decides each gate as the current one says.
    deciders = clean_gate_deciders(gate_deciders if gate_deciders is not None
                                   else (current.gate_deciders if current else {}))
    version = TemplateVersion.objects.create(
        template=template, number=(current.number + 1) if current else 1, created_by=by,
        gate_deciders=deciders,
        sections=[{"key": s["key"], "title": s["title"], "kind": s["kind"],
                   "required": bool(s.get("required")), "guidance": s.get("guidance", "")}
                  for s in sections], note=note[:300])
    previous = {}
    if current is not None:
        for item in current.checklist_items.all():
            previous.setdefault(item.gate, []).append((item.key, item.text, item.mandatory))
    merged = {**previous, **(checklists or {})}
    GateChecklistItem.objects.bulk_create(
        GateChecklistItem(template_version=version, gate=gate, position=position, key=key,
                          text=text, mandatory=mandatory)
        for gate, items in merged.items()
        for position, (key, text, mandatory) in enumerate(items, start=1))
    record_event(actor=by, action="template.revised", obj=version,
                 changes={"version": [current.number if current else None, version.number]},
                 summary=f"{template.name} {version.number}")
    return version
