"""The admins of accounts: users, groups and sign-in lockouts, through ``services.accounts``.

Django's own admins for these write without an audit row, and a superuser flag, a group
granting ``add_project`` or a new password for someone else is as powerful as any decision in
the product. So they are replaced here: users and groups are added and changed through the
accounts service (audited), never deleted (a person is deactivated, which keeps their records
and grants; a group is emptied instead); a lockout is cleared through the service, the
sign-in logs are read-only. API tokens are in ``api/admin.py``.
"""

from contextvars import ContextVar

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters

from portfolio.admin import ServiceAdmin
from portfolio.errors import NotAllowed
from portfolio.services import accounts

# Who is changing a password: Django's view builds the form with the user and the data only.
_password_changed_by: ContextVar[User] = ContextVar("password_changed_by")


class AuditedPasswordChangeForm(AdminPasswordChangeForm):
    def save(self, commit=True):
        password = (self.cleaned_data["password1"] if self.cleaned_data["set_usable_password"]
                    else None)
        # The session hash of the admin's own account is refreshed from this user.
        self.user = accounts.set_password(user=self.user, password=password,
                                          by=_password_changed_by.get())
        return self.user


class AccountUserAdmin(ServiceAdmin, UserAdmin):
    change_password_form = AuditedPasswordChangeForm
    # When someone signed in and joined is the system's record, not the admin's to set.
    readonly_fields = ["last_login", "date_joined"]
    actions = []

    def write(self, request, form, change):
        data = form.cleaned_data
        if not change:
            password = data["password1"] if data.get("set_usable_password") else None
            return accounts.create_user(username=data["username"], password=password,
                                        by=request.user)
        fields = accounts.USER_FIELDS + accounts.USER_RELATIONS
        return accounts.update_user(user=form.instance, by=request.user,
                                    changes={f: data[f] for f in form.changed_data
                                             if f in fields})

    @method_decorator(sensitive_post_parameters())
    def user_change_password(self, request, id, form_url=""):
        reset = _password_changed_by.set(request.user)
        try:
            with transaction.atomic():
                return super().user_change_password(request, id, form_url)
        except NotAllowed as exc:
            raise PermissionDenied(exc.detail) from exc
        finally:
            _password_changed_by.reset(reset)


class AccountGroupAdmin(ServiceAdmin, GroupAdmin):
    actions = []

    def write(self, request, form, change):
        data = form.cleaned_data
        return accounts.save_group(group=form.instance if change else None, name=data["name"],
                                   permissions=data.get("permissions") or [], by=request.user)


class ReadOnlyLogAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LockoutAdmin(admin.ModelAdmin):
    """Failed sign-ins; deleting one (alone or selected) lifts its lockout, audited."""

    list_display = ["attempt_time", "username", "ip_address", "failures_since_start"]
    search_fields = ["username", "ip_address"]
    fields = ("username", "ip_address", "path_info", "attempt_time", "failures_since_start")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        accounts.clear_lockout(attempt=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for attempt in queryset:
            accounts.clear_lockout(attempt=attempt, by=request.user)


def _replace(model, model_admin) -> None:
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)


_replace(User, AccountUserAdmin)
_replace(Group, AccountGroupAdmin)
_replace(AccessAttempt, LockoutAdmin)
_replace(AccessLog, ReadOnlyLogAdmin)
_replace(AccessFailureLog, ReadOnlyLogAdmin)
