from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from directives.models import (
    Document,
    DocumentVersion,
    GateChecklistItem,
    Template,
    TemplateVersion,
)
from directives.services import revise_template
from portfolio.errors import DomainError


class ChecklistItemInline(admin.TabularInline):
    model = GateChecklistItem
    extra = 0
    readonly_fields = ["gate", "position", "key", "text", "mandatory"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Template)
class TemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "kind"]


@admin.register(TemplateVersion)
class TemplateVersionAdmin(admin.ModelAdmin):
    """Saving an edited version never changes it: documents point at it. The edited sections
    become the template's next version (``revise_template``)."""

    list_display = ["template", "number", "created_at", "note"]
    fields = ["template", "number", "sections", "note"]
    readonly_fields = ["template", "number"]
    inlines = [ChecklistItemInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            new = revise_template(template=obj.template, by=request.user,
                                  sections=form.cleaned_data["sections"],
                                  note=form.cleaned_data.get("note", ""))
        except (ValidationError, DomainError) as exc:
            messages.error(request, str(getattr(exc, "detail", None) or exc))
            return
        messages.info(request, f"Sparat som version {new.number}; version {obj.number} är oförändrad.")

    def save_related(self, request, form, formsets, change):
        for formset in formsets:  # the items stay with the old version; nothing to save
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    fields = readonly_fields = ("major", "minor", "created_by", "created_at", "note")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Read-only here: documents are written on the project pages or through the API."""

    list_display = ["project", "kind", "template_version"]
    readonly_fields = ["project", "kind", "template_version", "extension_request"]
    inlines = [DocumentVersionInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
