"""Admin: every model, with state read-only and lifecycle writes through the services."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portfolio.errors import DomainError
from portfolio.models import (
    AuditEvent,
    BudgetLine,
    BudgetShare,
    ChecklistAnswer,
    Committee,
    CommitteeMembership,
    CommitteeRole,
    ExtensionRequest,
    FinalReportRequirement,
    Financier,
    GateDecision,
    Meeting,
    Party,
    PopulationFigure,
    PriceListRate,
    Project,
    SteeringGroupMember,
)
from portfolio.services import lifecycle, projects
from portfolio.services.audit import record_event


class PopulationInline(admin.TabularInline):
    model = PopulationFigure
    extra = 0


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind"]
    search_fields = ["name", "code"]
    inlines = [PopulationInline]


class MembershipInline(admin.TabularInline):
    model = CommitteeMembership
    extra = 0


class CommitteeRoleInline(admin.TabularInline):
    model = CommitteeRole
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "host_party"]
    inlines = [MembershipInline, CommitteeRoleInline]


@admin.register(CommitteeRole)
class CommitteeRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "committee", "role"]
    list_filter = ["committee", "role"]


class SteeringGroupInline(admin.TabularInline):
    model = SteeringGroupMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["case_number", "name", "kind", "state", "owner", "start_date", "end_date"]
    list_filter = ["committee", "state", "kind"]
    search_fields = ["name", "case_seq"]
    readonly_fields = ["state", "case_number", "end_date", "cancel_reason", "created_at",
                       "updated_at"]
    autocomplete_fields = ["owner", "manager"]
    filter_horizontal = ["parties"]
    inlines = [SteeringGroupInline]
    fields = ["case_number", "committee", "name", "kind", "state", "parties", "owner",
              "owner_party", "manager", "recipient", "project_group", "reference_groups",
              "cost_object", "start_date", "planned_end_date", "end_date", "cost_cap",
              "estimated_hours", "risks", "effect_goals", "is_public", "cancel_reason",
              "created_at", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += ["committee", "owner"]
        return fields

    def save_model(self, request, obj, form, change):
        # Writes go through the same services as the pages and the API, so they are audited.
        data = form.cleaned_data
        if change:
            changes = {f: data[f] for f in form.changed_data if f in projects.EDITABLE_FIELDS}
            manager_changed = "manager" in form.changed_data
            try:
                saved = projects.update_project(project=obj, by=request.user, changes=changes)
                if manager_changed:
                    projects.staff_project(project=saved, by=request.user, manager=data["manager"])
            except (ValidationError, DomainError) as exc:
                raise _admin_error(exc) from exc
            form.instance = saved
        else:
            fields = {f: data[f] for f in projects.EDITABLE_FIELDS if f in data and f != "parties"}
            fields.pop("name", None)
            fields.pop("kind", None)
            form.instance = projects.create_and_staff_project(
                committee=data["committee"], name=data["name"], kind=data["kind"],
                parties=data.get("parties") or [], by=request.user, owner=data["owner"],
                manager=data.get("manager"), **fields)
        obj.pk = form.instance.pk

    def save_related(self, request, form, formsets, change):
        # Parties were saved (and audited) by the service; only the inlines remain.
        for formset in formsets:
            before = [str(m) for m in formset.queryset]
            self.save_formset(request, form, formset, change=change)
            after = [str(m) for m in formset.model.objects.filter(project=form.instance)]
            if before != after:
                record_event(actor=request.user, action="project.steering_group_set",
                             obj=form.instance, changes={"steering_group": [before, after]})


class GateDecisionAdminForm(forms.ModelForm):
    class Meta:
        model = GateDecision
        fields = ["project", "gate", "outcome", "decided_on", "meeting", "paragraph", "comment"]


@admin.register(GateDecision)
class GateDecisionAdmin(admin.ModelAdmin):
    """Decisions are added through ``decide_gate`` and never edited or deleted."""

    form = GateDecisionAdminForm
    list_display = ["project", "gate", "outcome", "decided_on", "meeting", "paragraph",
                    "recorded_by"]
    list_filter = ["gate", "outcome"]
    autocomplete_fields = ["project"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)

        class DecideThroughService(form_class):
            def clean(self):
                data = super().clean()
                if self.errors:
                    return data
                try:
                    # The admin view wraps this in its transaction; the service is atomic.
                    self.instance = lifecycle.decide_gate(
                        project=data["project"], gate=data["gate"], outcome=data["outcome"],
                        by=request.user, decided_on=data["decided_on"], meeting=data.get("meeting"),
                        paragraph=data.get("paragraph"), comment=data.get("comment", ""))
                except (ValidationError, DomainError) as exc:
                    raise _admin_error(exc) from exc
                return data

            def save(self, commit=True):
                return self.instance

            def save_m2m(self):
                pass

        return DecideThroughService

    def save_model(self, request, obj, form, change):
        pass  # decide_gate saved it in the form's clean()

    def save_related(self, request, form, formsets, change):
        pass


def _admin_error(exc) -> ValidationError:
    if isinstance(exc, ValidationError):
        return exc
    items = getattr(exc, "failing_items", [])
    detail = exc.detail
    if items:
        detail += " " + "; ".join(str(i.get("text") or i.get("field")) for i in items)
    return ValidationError(detail)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: nobody changes or deletes the audit trail, superusers included."""

    list_display = ["at", "actor_name", "action", "object_type", "project", "summary"]
    list_filter = ["action", "object_type"]
    search_fields = ["summary", "actor_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}


@admin.register(ChecklistAnswer)
class ChecklistAnswerAdmin(admin.ModelAdmin):
    list_display = ["project", "item", "answer", "answered_by", "answered_at"]
    readonly_fields = ["project", "item", "answer", "comment", "answered_by", "answered_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(admin.ModelAdmin):
    list_display = ["project", "requested_end_date", "state", "decided_on", "meeting", "paragraph"]
    readonly_fields = ["state"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FinalReportRequirement)
class FinalReportRequirementAdmin(admin.ModelAdmin):
    list_display = ["project", "text", "source"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["committee", "date", "start_time", "place"]


class BudgetShareInline(admin.TabularInline):
    model = BudgetShare
    extra = 0


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["project", "activity", "total", "note"]
    inlines = [BudgetShareInline]


@admin.register(Financier)
class FinancierAdmin(admin.ModelAdmin):
    list_display = ["project", "name", "allocation_key"]


admin.site.site_header = _("Portfolio of the joint committees")
admin.site.site_title = _("Portfolio")


@admin.register(PriceListRate)
class PriceListRateAdmin(admin.ModelAdmin):
    list_display = ["committee", "resource", "hourly_rate", "valid_from", "decision_reference"]
    list_filter = ["committee"]
