import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from portfolio.lifecycle import Body, Gate


class Template(models.Model):
    """A document template (project directive, final report, committee case)."""

    class Kind(models.TextChoices):
        DIRECTIVE = "directive", _("Project directive")
        FINAL_REPORT = "final_report", _("Final report")
        COMMITTEE_CASE = "committee_case", _("Committee case (tjänsteskrivelse)")

    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("template")
        verbose_name_plural = _("templates")

    def __str__(self):
        return self.name

    @property
    def current_version(self) -> "TemplateVersion | None":
        return self.versions.order_by("-number").first()


class TemplateVersion(models.Model):
    """An immutable version of a template; editing a template makes a new version."""

    template = models.ForeignKey(Template, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    sections = models.JSONField(
        _("sections"), default=list,
        help_text=_("Ordered sections: key, title, guidance, required, content kind."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    # Who decides each gate under this template, e.g. {"BP1": {"decided_by": "committee",
    # "meeting_required": true}}; a gate not named keeps the lifecycle rule's default body.
    gate_deciders = models.JSONField(
        # db_default: rows written by older (frozen) data migrations get "no settings" too.
        _("gate deciders"), default=dict, db_default=models.Value({}, models.JSONField()),
        blank=True,
        help_text=_("Per gate: decided_by (committee or steering_group) and meeting_required."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="template_version_once"),
        ]
        verbose_name = _("template version")
        verbose_name_plural = _("template versions")

    def __str__(self):
        return f"{self.template.name} v{self.number}"


def clean_gate_deciders(value) -> dict:
    """The gate settings in their stored form; a ValidationError naming the gate otherwise."""
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        raise ValidationError({"gate_deciders": [
            _("Expected an object: gate → {decided_by, meeting_required}.")]})
    errors: dict[str, list] = {}
    cleaned = {}
    for gate, entry in value.items():
        field = f"gate_deciders.{gate}"
        if gate not in Gate.values:
            errors[field] = [_("Unknown gate; use one of %(gates)s.")
                             % {"gates": ", ".join(Gate.values)}]
            continue
        if not isinstance(entry, dict) or entry.get("decided_by") not in Body.values:
            errors[field] = [_("decided_by must be one of %(bodies)s.")
                             % {"bodies": ", ".join(Body.values)}]
            continue
        required = entry.get("meeting_required", False)
        if not isinstance(required, bool):
            errors[field] = [_("meeting_required must be true or false.")]
            continue
        if required and entry["decided_by"] != Body.COMMITTEE:
            errors[field] = [_("Only the committee decides at a meeting.")]
            continue
        cleaned[gate] = {"decided_by": entry["decided_by"], "meeting_required": required}
    if errors:
        raise ValidationError(errors)
    return cleaned


class GateChecklistItem(models.Model):
    """One question of a gate's checklist, as written in a template version."""

    template_version = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT,
                                         related_name="checklist_items")
    gate = models.CharField(_("gate"), max_length=3, choices=Gate.choices)
    position = models.PositiveIntegerField(_("position"))
    key = models.SlugField(_("key"), max_length=60)
    text = models.CharField(_("text"), max_length=500)
    mandatory = models.BooleanField(_("mandatory"), default=True)

    class Meta:
        ordering = ["template_version", "gate", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template_version", "gate", "key"],
                                    name="checklist_item_key_once"),
        ]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self):
        return f"{self.gate}: {self.text}"


class Document(models.Model):
    """A document written on a template version: a project's directive, its final report, or
    the committee case of an extension request. Its text lives in versions."""

    project = models.ForeignKey("portfolio.Project", on_delete=models.PROTECT,
                                related_name="documents", verbose_name=_("project"))
    kind = models.CharField(_("kind"), max_length=20, choices=Template.Kind.choices)
    template_version = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT,
                                         related_name="documents",
                                         verbose_name=_("template version"))
    extension_request = models.OneToOneField("portfolio.ExtensionRequest", on_delete=models.PROTECT,
                                             null=True, blank=True, related_name="committee_case")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "kind"],
                                    condition=models.Q(extension_request__isnull=True),
                                    name="one_document_of_a_kind_per_project"),
        ]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return f"{self.get_kind_display()} {self.project.case_number}"

    @property
    def latest(self) -> "DocumentVersion | None":
        return self.versions.order_by("-major", "-minor").first()


def _size(value) -> int:
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())


def validate_document_size(content: dict, titles: dict | None = None) -> None:
    """Every save copies the whole document into a new version: a section is capped at
    DOCUMENT_SECTION_MAX_BYTES and the document at DOCUMENT_MAX_BYTES (as compact UTF-8
    JSON), so one paste cannot make each later save copy megabytes. Errors name the section
    (``sections.<key>``, as the service's other section errors)."""
    titles = titles or {}
    section_max, document_max = settings.DOCUMENT_SECTION_MAX_BYTES, settings.DOCUMENT_MAX_BYTES
    errors = {}
    for key, value in (content or {}).items():
        size = _size(value)
        if size > section_max:
            errors[f"sections.{key}"] = [
                _("The section %(title)s is %(size)s kB; a section holds at most %(max)s kB "
                  "(DOCUMENT_SECTION_MAX_BYTES). Shorten it or attach the material elsewhere.")
                % {"title": titles.get(key, key), "size": -(-size // 1024),
                   "max": section_max // 1024}]
    if errors:
        raise ValidationError(errors)
    size = _size(content or {})
    if size > document_max:
        largest = max(content, key=lambda key: _size(content[key]))
        raise ValidationError({"sections": [
            _("The document is %(size)s kB; a document holds at most %(max)s kB "
              "(DOCUMENT_MAX_BYTES). The largest section is %(title)s.")
            % {"size": -(-size // 1024), "max": document_max // 1024,
               "title": titles.get(largest, largest)}]})


class DocumentVersion(models.Model):
    """One saved state of a document: 0.1, 0.2 … while drafted; 1.0 when a gate approves it.
    Versions are never edited: a save makes the next one."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    major = models.PositiveIntegerField(default=0)
    minor = models.PositiveIntegerField(default=1)
    content = models.JSONField(_("content"), default=dict)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # The date the document itself carries (a directive "Datum 2018-08-13"); the save time
    # is only when it was typed in.
    dated = models.DateField(_("dated"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("written by"))
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        ordering = ["document", "major", "minor"]
        constraints = [
            models.UniqueConstraint(fields=["document", "major", "minor"],
                                    name="document_version_once"),
        ]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")

    def __str__(self):
        return f"{self.document} v{self.label}"

    def save(self, *args, **kwargs):
        if self._state.adding:
            template_version = self.document.template_version
            titles = {s.get("key"): s.get("title") for s in (template_version.sections or [])
                      if isinstance(s, dict)} if template_version else {}
            validate_document_size(self.content, titles)
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        return f"{self.major}.{self.minor}"

    @property
    def date(self):
        """The version's own date, else the day it was saved."""
        return self.dated or (self.created_at.date() if self.created_at else None)

