"""Admin: a front door to the same services as the pages and the API, never around them.

Every admin here is one of two kinds. *Read-only*: the records have their own pages and API
(extensions, budgets, financiers, requirements, decisions, answers) or are never changed
(the audit trail); the admin shows them and offers no add, change or delete. *Through a
service*: the admin's form calls the service that the rest of the product uses, so the same
rules, row locks and audit rows apply, and a refusal is shown as a form error. Nothing that
would lose records (projects, decisions, memberships, rates) can be deleted here.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portfolio import permissions
from portfolio.errors import DomainError
from portfolio.models import (
    AgendaItem,
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
from portfolio.services import lifecycle, meetings, organisations, price_list, projects, roles


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never written: every field is displayed read-only and there are no buttons."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields or [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _form_errors(form, exc) -> None:
    """Put a service's refusal on the form: field errors where the form has the field."""
    error = _admin_error(exc)
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None,
                           errors if field in form.fields else
                           [f"{field}: {m}" for e in errors for m in e.messages])
    else:
        form.add_error(None, error)


class ServiceAdmin(admin.ModelAdmin):
    """Add and change through ``write(request, form, change)``, a call of a service.

    The service runs while the form is validated, in a savepoint, so a refusal becomes a form
    error and leaves nothing behind; the admin then saves nothing itself. Inlines are shown
    read-only, or (the steering group) saved through a service in ``save_related``; when an
    inline is refused after the service has run, the whole request is rolled back.
    """

    def write(self, request, form, change):
        """Call the service with ``form.cleaned_data``; return the saved object."""
        raise NotImplementedError

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class ThroughService(form_class):
            def _post_clean(self):
                super()._post_clean()
                if self.errors:
                    return
                try:
                    with transaction.atomic():
                        self.instance = model_admin.write(request, self, change)
                except (ValidationError, DomainError) as exc:
                    _form_errors(self, exc)

            def save(self, commit=True):
                return self.instance

            def save_m2m(self):
                pass

        return ThroughService

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        with transaction.atomic():
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if not getattr(request, "_saved_through_service", False):
                # The form or an inline was refused after the service ran: keep nothing.
                transaction.set_rollback(True)
            return response

    def save_model(self, request, obj, form, change):
        request._saved_through_service = True  # the service saved it during validation

    def save_related(self, request, form, formsets, change):
        _nothing_saved(formsets)


def _nothing_saved(formsets) -> None:
    # The admin's change message reads what each formset saved; inlines here save nothing.
    for formset in formsets:
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


class PopulationInline(ReadOnlyInline):
    model = PopulationFigure
    fields = ["as_of", "population", "source"]


@admin.register(Party)
class PartyAdmin(ServiceAdmin):
    list_display = ["name", "code", "kind"]
    search_fields = ["name", "code"]
    inlines = [PopulationInline]  # read-only; figures are kept under "Population figures"

    def write(self, request, form, change):
        instance, data = form.instance, form.cleaned_data
        return organisations.save_party(party=instance if change else None, by=request.user,
                                        code=data["code"], name=data["name"], kind=data["kind"])


@admin.register(PopulationFigure)
class PopulationFigureAdmin(ServiceAdmin):
    list_display = ["party", "as_of", "population", "source"]
    list_filter = ["party"]

    def get_readonly_fields(self, request, obj=None):
        return ["party"] if obj is not None else []

    def write(self, request, form, change):
        instance, data = form.instance, form.cleaned_data
        return organisations.save_population(
            figure=instance if change else None, party=instance.party, by=request.user,
            as_of=data["as_of"], population=data["population"], source=data.get("source", ""))


class MembershipInline(ReadOnlyInline):
    model = CommitteeMembership
    fields = ["party", "joined_on", "left_on"]


class CommitteeRoleInline(ReadOnlyInline):
    model = CommitteeRole
    fields = ["user", "role"]


@admin.register(Committee)
class CommitteeAdmin(ServiceAdmin):
    list_display = ["code", "name", "host_party"]
    # Shown here, granted under "Committee roles" and "Committee memberships" (audited).
    inlines = [MembershipInline, CommitteeRoleInline]

    def write(self, request, form, change):
        instance, data = form.instance, form.cleaned_data
        return organisations.save_committee(
            committee=instance if change else None, by=request.user, code=data["code"],
            name=data["name"], host_party=data["host_party"], base_fee=data["base_fee"])


@admin.register(CommitteeMembership)
class CommitteeMembershipAdmin(ServiceAdmin):
    list_display = ["committee", "party", "joined_on", "left_on"]
    list_filter = ["committee"]

    def get_readonly_fields(self, request, obj=None):
        return ["committee", "party"] if obj is not None else []

    def write(self, request, form, change):
        instance, data = form.instance, form.cleaned_data
        return roles.save_membership(
            membership=instance if change else None, committee=instance.committee,
            party=instance.party, joined_on=data["joined_on"], left_on=data.get("left_on"),
            by=request.user)


@admin.register(CommitteeRole)
class CommitteeRoleAdmin(ServiceAdmin):
    """A grant is added or revoked, never edited: a different role is a new grant."""

    list_display = ["user", "committee", "role"]
    list_filter = ["committee", "role"]
    autocomplete_fields = ["user"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return super(ServiceAdmin, self).has_delete_permission(request, obj)

    def write(self, request, form, change):
        data = form.cleaned_data
        return roles.grant_committee_role(committee=data["committee"], user=data["user"],
                                          role=data["role"], by=request.user)

    def delete_model(self, request, obj):
        roles.revoke_committee_role(grant=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for grant in queryset:
            roles.revoke_committee_role(grant=grant, by=request.user)


class SteeringGroupFormSet(forms.BaseInlineFormSet):
    """The steering group's own rules, checked before anything is saved (the service checks
    them again under its lock)."""

    def _rows(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("user")]

    def clean(self):
        super().clean()
        rows = self._rows()
        if sum(1 for r in rows if r.get("role") == SteeringGroupMember.Role.CHAIR) > 1:
            raise ValidationError(_("A steering group has exactly one chair."))
        users = [r["user"].pk for r in rows]
        if len(set(users)) != len(users):
            raise ValidationError(_("A person can sit only once in the steering group."))

    def members(self) -> list[dict]:
        return [{"user": r["user"], "role": r.get("role") or SteeringGroupMember.Role.MEMBER,
                 "responsibility": r.get("responsibility", "")} for r in self._rows()]


class SteeringGroupInline(admin.TabularInline):
    model = SteeringGroupMember
    formset = SteeringGroupFormSet
    fields = ["user", "role", "responsibility"]
    extra = 0
    autocomplete_fields = ["user"]

    # The owner sets the steering group until the project is past BP1 (staff_project).
    def _may_staff(self, request, obj):
        return obj is None or permissions.can_staff_project(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return self._may_staff(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_staff(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_staff(request, obj)


@admin.register(Project)
class ProjectAdmin(ServiceAdmin):
    """Projects are created, edited and staffed through the project services and never
    deleted; the state changes only by decisions and transitions."""

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

    def has_change_permission(self, request, obj=None):
        # An ended project is shown, not offered for an edit that update_project refuses.
        if obj is not None and not permissions.can_edit_project(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += ["committee", "owner"]
            if obj.state not in projects.PLAN_OPEN_STATES:
                fields += list(projects.PLAN_FIELDS)
            if not permissions.can_staff_project(request.user, obj):
                fields.append("manager")
        return fields

    def write(self, request, form, change):
        data = form.cleaned_data
        if change:
            changes = {f: data[f] for f in form.changed_data if f in projects.EDITABLE_FIELDS}
            saved = projects.update_project(project=form.instance, by=request.user,
                                            changes=changes)
            if "manager" in form.changed_data:
                saved = projects.staff_project(project=saved, by=request.user,
                                               manager=data["manager"])
            return saved
        fields = {f: data[f] for f in projects.EDITABLE_FIELDS
                  if f in data and f not in ("parties", "name", "kind")}
        return projects.create_and_staff_project(
            committee=data["committee"], name=data["name"], kind=data["kind"],
            parties=data.get("parties") or [], by=request.user, owner=data["owner"],
            manager=data.get("manager"), **fields)

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            if isinstance(formset, SteeringGroupFormSet) and formset.has_changed():
                projects.staff_project(project=form.instance, by=request.user,
                                       steering_group=formset.members())
        _nothing_saved(formsets)


@admin.register(GateDecision)
class GateDecisionAdmin(ServiceAdmin):
    """Decisions are added through ``decide_gate`` and never edited or deleted."""

    list_display = ["project", "gate", "outcome", "decided_on", "meeting", "paragraph",
                    "recorded_by"]
    list_filter = ["gate", "outcome"]
    autocomplete_fields = ["project"]
    fields = ["project", "gate", "outcome", "decided_on", "meeting", "paragraph", "comment"]

    def has_change_permission(self, request, obj=None):
        return False

    def write(self, request, form, change):
        data = form.cleaned_data
        return lifecycle.decide_gate(
            project=data["project"], gate=data["gate"], outcome=data["outcome"],
            by=request.user, decided_on=data["decided_on"], meeting=data.get("meeting"),
            paragraph=data.get("paragraph"), comment=data.get("comment", ""))


def _admin_error(exc) -> ValidationError:
    if isinstance(exc, ValidationError):
        return exc
    items = getattr(exc, "failing_items", [])
    detail = exc.detail
    if items:
        detail += " " + "; ".join(str(i.get("text") or i.get("field")) for i in items)
    return ValidationError(detail)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Nobody changes or deletes the audit trail, superusers included."""

    list_display = ["at", "actor_name", "action", "object_type", "project", "summary"]
    list_filter = ["action", "object_type"]
    search_fields = ["summary", "actor_name"]


@admin.register(ChecklistAnswer)
class ChecklistAnswerAdmin(ReadOnlyAdmin):
    """Answered on the project page or through the API (answer_checklist)."""

    list_display = ["project", "item", "answer", "answered_by", "answered_at"]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ReadOnlyAdmin):
    """Requested, recommended and decided on the project and meeting pages and the API."""

    list_display = ["project", "requested_end_date", "state", "decided_on", "meeting", "paragraph"]


@admin.register(FinalReportRequirement)
class FinalReportRequirementAdmin(ReadOnlyAdmin):
    """Set by the committee's extension decisions; answered in the final report."""

    list_display = ["project", "text", "source"]


class AgendaItemInline(ReadOnlyInline):
    model = AgendaItem
    fk_name = "meeting"
    fields = ["position", "kind", "heading", "case_number", "decided_paragraph", "decision_text"]


@admin.register(Meeting)
class MeetingAdmin(ServiceAdmin):
    """Created and changed through the meeting service; the agenda is built and decided on
    the meeting page."""

    list_display = ["committee", "date", "start_time", "place"]
    fields = ["committee", "date", "start_time", "end_time", "place", "chair"]
    inlines = [AgendaItemInline]

    def get_readonly_fields(self, request, obj=None):
        return ["committee"] if obj is not None else []

    def write(self, request, form, change):
        data = form.cleaned_data
        details = {k: data.get(k) for k in ("start_time", "end_time", "chair")}
        if change:
            return meetings.update_meeting(meeting=form.instance, by=request.user,
                                           date=data["date"], place=data.get("place", ""),
                                           **details)
        return meetings.create_meeting(committee=data["committee"], date=data["date"],
                                       by=request.user, place=data.get("place", ""), **details)


class BudgetShareInline(ReadOnlyInline):
    model = BudgetShare


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyAdmin):
    """Edited on the budget page or with PUT .../budget/ (set_budget)."""

    list_display = ["project", "activity", "total", "note"]
    inlines = [BudgetShareInline]


@admin.register(Financier)
class FinancierAdmin(ReadOnlyAdmin):
    """Set with the budget (set_budget)."""

    list_display = ["project", "name", "allocation_key"]


admin.site.site_header = _("Portfolio of the joint committees")
admin.site.site_title = _("Portfolio")


@admin.register(PriceListRate)
class PriceListRateAdmin(ServiceAdmin):
    list_display = ["committee", "resource", "hourly_rate", "valid_from", "decision_reference"]
    list_filter = ["committee"]

    def get_readonly_fields(self, request, obj=None):
        return ["committee"] if obj is not None else []

    def write(self, request, form, change):
        data = form.cleaned_data
        return price_list.save_rate(
            rate=form.instance if change else None,
            committee=form.instance.committee if change else data["committee"],
            resource=data["resource"], hourly_rate=data["hourly_rate"],
            valid_from=data["valid_from"], decision_reference=data.get("decision_reference", ""),
            by=request.user)


# Users, groups and lockouts: Django's and axes' own admins replaced by audited ones.
from portfolio import admin_accounts, admin_record  # noqa: E402, F401
