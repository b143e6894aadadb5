"""Templates and documents in the admin. A template is revised through ``revise_template``
(a new version, audited); documents are written on the project pages and the API only."""

from django.contrib import admin, messages

from directives.models import (
    Document,
    DocumentVersion,
    GateChecklistItem,
    Template,
    TemplateVersion,
)
from directives.services import revise_template
from portfolio.admin import ReadOnlyAdmin, ReadOnlyInline, ServiceAdmin


class ChecklistItemInline(ReadOnlyInline):
    model = GateChecklistItem
    fields = ["gate", "position", "key", "text", "mandatory"]


@admin.register(Template)
class TemplateAdmin(ReadOnlyAdmin):
    """Templates come with the installation; their content changes by new versions."""

    list_display = ["name", "key", "kind"]


@admin.register(TemplateVersion)
class TemplateVersionAdmin(ServiceAdmin):
    """Saving an edited version never changes it: documents point at it. The edited sections
    become the template's next version (``revise_template``)."""

    list_display = ["template", "number", "created_at", "note"]
    fields = ["template", "number", "sections", "gate_deciders", "note"]
    readonly_fields = ["template", "number"]
    inlines = [ChecklistItemInline]

    def has_add_permission(self, request):
        return False

    def write(self, request, form, change):
        old = form.instance
        new = revise_template(template=old.template, by=request.user,
                              sections=form.cleaned_data["sections"],
                              gate_deciders=form.cleaned_data.get("gate_deciders"),
                              note=form.cleaned_data.get("note", ""))
        messages.info(request, f"Sparat som version {new.number}; version {old.number} är "
                               "oförändrad.")
        return new


class DocumentVersionInline(ReadOnlyInline):
    model = DocumentVersion
    fields = ["major", "minor", "created_by", "created_at", "note"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    """Documents are written on the project pages or through the API."""

    list_display = ["project", "kind", "template_version"]
    inlines = [DocumentVersionInline]
