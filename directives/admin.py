from django.contrib import admin

from directives.models import GateChecklistItem, Template, TemplateVersion


class ChecklistItemInline(admin.TabularInline):
    model = GateChecklistItem
    extra = 0


@admin.register(Template)
class TemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "kind"]


@admin.register(TemplateVersion)
class TemplateVersionAdmin(admin.ModelAdmin):
    """Versions are immutable: documents point at them. Edit by creating a new version."""

    list_display = ["template", "number", "created_at", "note"]
    inlines = [ChecklistItemInline]

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.projects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
