"""Accounts: people, groups of permissions, API tokens and sign-in lockouts.

Whoever holds ``is_superuser``, a group with ``add_project`` or another user's API token can do
anything that person can, so every change here is audited in the same transaction as the
change itself. Secrets never reach the audit trail: a password is recorded as "changed", a
token as "issued for <user>", never its hash or key. People are deactivated, never deleted,
so their decisions, grants and audit rows keep pointing at them.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from axes.models import AccessAttempt
from django.contrib.auth import password_validation
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from portfolio.errors import NotAllowed
from portfolio.services.audit import diff, record_event

USER_FIELDS = ("username", "first_name", "last_name", "email", "is_active", "is_staff",
               "is_superuser")
USER_RELATIONS = ("groups", "user_permissions")


def _require(by: User, *perms: str) -> None:
    if not (by.is_authenticated and (by.is_superuser or by.has_perms(perms))):
        raise NotAllowed(_("Only administrators manage accounts."))


def _require_over(by: User, user: User) -> None:
    # Otherwise anyone who may change users could take over a superuser's account.
    if user.is_superuser and not by.is_superuser:
        raise NotAllowed(_("Only a superuser changes a superuser's account."))


def _permission_names(permissions: Iterable[Permission]) -> list[str]:
    return sorted(f"{p.content_type.app_label}.{p.codename}" for p in permissions)


def _user_snapshot(user: User) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(user, name) for name in USER_FIELDS}
    if user.pk is None:
        values["groups"], values["user_permissions"] = [], []
    else:
        values["groups"] = sorted(g.name for g in user.groups.all())
        values["user_permissions"] = _permission_names(
            user.user_permissions.select_related("content_type"))
    return values


def _check_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc


@transaction.atomic
def create_user(*, username: str, password: str | None, by: User) -> User:
    """A new account; ``password=None`` makes one that cannot sign in with a password."""
    # Adding a user without changing users would let the adder make superusers (Django's rule).
    _require(by, "auth.add_user", "auth.change_user")
    user = User(username=username)
    user.full_clean(exclude=["password"])
    if password is None:
        user.set_unusable_password()
    else:
        _check_password(password, user)
        user.set_password(password)
    user.save()
    changes = diff({}, _user_snapshot(user))
    changes["password"] = [None, "set" if password is not None else "disabled"]
    record_event(actor=by, action="user.created", obj=user, changes=changes,
                 summary=f"{by.get_username()} created the account {user.username}")
    return user


@transaction.atomic
def update_user(*, user: User, by: User, changes: Mapping[str, Any]) -> User:
    """Change the account's details, flags (active, staff, superuser), groups and
    permissions. The password has its own service, ``set_password``."""
    _require(by, "auth.change_user")
    unknown = set(changes) - set(USER_FIELDS) - set(USER_RELATIONS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed here.")]
                               for name in sorted(unknown)})
    current = User.objects.select_for_update().get(pk=user.pk)
    _require_over(by, current)
    if changes.get("is_superuser", current.is_superuser) != current.is_superuser \
            and not by.is_superuser:
        raise ValidationError({"is_superuser": [_("Only a superuser grants or withdraws "
                                                  "superuser status.")]})
    before = _user_snapshot(current)
    for name in USER_FIELDS:
        if name in changes:
            setattr(current, name, changes[name])
    current.full_clean(exclude=["password"])
    current.save()
    for name in USER_RELATIONS:
        if name in changes:
            getattr(current, name).set(changes[name])
    changed = diff(before, _user_snapshot(current))
    if changed:
        record_event(actor=by, action="user.changed", obj=current, changes=changed,
                     summary=f"{by.get_username()} changed the account {current.username}")
    return current


@transaction.atomic
def set_password(*, user: User, password: str | None, by: User) -> User:
    """Set another person's password, or with ``password=None`` turn password sign-in off.
    The audit row says that it changed, never what to."""
    _require(by, "auth.change_user")
    current = User.objects.select_for_update().get(pk=user.pk)
    _require_over(by, current)
    had_password = current.has_usable_password()
    if password is None:
        current.set_unusable_password()
    else:
        _check_password(password, current)
        current.set_password(password)
    current.save(update_fields=["password"])
    after = "changed" if password is not None else "disabled"
    record_event(actor=by, action="user.password_changed", obj=current,
                 changes={"password": ["set" if had_password else "none", after]},
                 summary=f"{by.get_username()} {after} the password of {current.username}")
    return current


@transaction.atomic
def save_group(*, group: Group | None, name: str, permissions: Iterable[Permission],
               by: User) -> Group:
    """Add a group or change its name and permissions; every member gains what it grants."""
    _require(by, "auth.change_group" if group is not None else "auth.add_group")
    if group is None:
        current, before = Group(), {}
    else:
        current = Group.objects.select_for_update().get(pk=group.pk)
        before = {"name": current.name, "permissions": _permission_names(
            current.permissions.select_related("content_type"))}
    current.name = name
    current.full_clean()
    current.save()
    current.permissions.set(list(permissions))
    after = {"name": current.name, "permissions": _permission_names(
        current.permissions.select_related("content_type"))}
    changed = diff(before, after)
    if changed:
        record_event(actor=by, obj=current, changes=changed,
                     action="group.created" if group is None else "group.changed",
                     summary=f"{by.get_username()} saved the group {current.name}")
    return current


@transaction.atomic
def create_api_token(*, user: User, by: User) -> Token:
    """Issue an API token for ``user``: whoever holds it acts as that person in the API, so
    the audit row says who issued it for whom. The row is about the person: the token's
    primary key is the key itself and stays out of the trail."""
    _require(by, "authtoken.add_token")
    holder = User.objects.select_for_update().get(pk=user.pk)
    if Token.objects.filter(user=holder).exists():
        raise ValidationError({"user": [_("%(user)s already has an API token; revoke it "
                                          "first.") % {"user": holder.username}]})
    token = Token.objects.create(user=holder)
    record_event(actor=by, action="api_token.created", obj=holder,
                 changes={"api_token": [None, "issued"]},
                 summary=f"{by.get_username()} issued an API token for {holder.username}")
    return token


@transaction.atomic
def revoke_api_token(*, token: Token, by: User) -> None:
    _require(by, "authtoken.delete_token")
    current = Token.objects.select_for_update().select_related("user").get(key=token.key)
    record_event(actor=by, action="api_token.revoked", obj=current.user,
                 changes={"api_token": ["issued", None]},
                 summary=f"{by.get_username()} revoked the API token of {current.user.username}")
    current.delete()


@transaction.atomic
def clear_lockout(*, attempt: AccessAttempt, by: User) -> None:
    """Forget the failed sign-ins of one name and address, which lifts its lockout."""
    _require(by, "axes.delete_accessattempt")
    current = AccessAttempt.objects.select_for_update().get(pk=attempt.pk)
    # Recorded before the delete so the event keeps the attempt's id.
    record_event(actor=by, action="auth.lockout_cleared", obj=current,
                 changes={"failures": [current.failures_since_start, None],
                          "username": [current.username, None],
                          "address": [current.ip_address, None]},
                 summary=f"{by.get_username()} cleared the failed sign-ins of "
                         f"{current.username!r} from {current.ip_address}")
    current.delete()
