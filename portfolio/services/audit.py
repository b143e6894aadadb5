"""Writing the audit trail. Every service that changes data calls ``record_event`` inside
its own transaction, so a change and its audit row commit or roll back together."""

import datetime
import decimal
from collections.abc import Iterable
from typing import Any, cast

from axes.helpers import get_client_ip_address
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, User
from django.db import models, transaction
from django.http import HttpRequest

from notifications import rules, tasks
from portfolio.models import AuditEvent, Committee, Project


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The audit-relevant values of ``fields`` on ``instance`` as JSON-safe values."""
    values: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            if instance.pk is None:
                values[name] = []
            else:
                values[name] = sorted(str(o) for o in getattr(instance, name).all())
        elif field.is_relation:
            values[name] = _plain(getattr(instance, name))
        else:
            # Neither a relation nor many-to-many: a concrete field with a column.
            values[name] = _plain(getattr(instance, cast(models.Field[Any, Any], field).attname))
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for every field whose value changed."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def record_event(*, actor: User | AnonymousUser | None, action: str, obj: models.Model,
                 project: Project | None = None, committee: Committee | None = None,
                 changes: dict[str, Any] | None = None, summary: str = "") -> AuditEvent:
    if project is None and isinstance(obj, Project):
        project = obj
    if committee is None and project is not None:
        committee = project.committee
    event = AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=getattr(actor, "username", "") or "system",
        action=action,
        object_type=obj._meta.label,
        object_id=str(obj.pk or ""),
        project=project,
        committee=committee,
        changes={k: [_plain(a), _plain(b)] for k, (a, b) in (changes or {}).items()},
        summary=summary[:500],
    )
    _notify_after_commit(event)
    return event


def _notify_after_commit(event: AuditEvent) -> None:
    """Notifications are worked out and mailed by a background task, and only for an event
    that committed: a rolled-back change tells nobody, and the request never waits for mail."""
    if event.action in rules.NOTIFYING_ACTIONS:
        event_id = event.pk
        transaction.on_commit(lambda: tasks.notify_event.enqueue(event_id=event_id))


def _address(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return get_client_ip_address(request) or ""


def record_login(*, user: User, request: HttpRequest | None) -> AuditEvent:
    """A sign-in, with the address it came from; no project (the row is about the person)."""
    return AuditEvent.objects.create(
        actor=user, actor_name=user.get_username()[:150], action="auth.login",
        object_type=user._meta.label, object_id=str(user.pk),
        changes={"address": _address(request)},
        summary=f"{user.get_username()} signed in"[:500])


def record_login_failed(*, username: str, request: HttpRequest | None) -> AuditEvent:
    """A refused sign-in (wrong password, unknown name or locked out). The name typed is kept
    as typed: it may belong to nobody."""
    username = (username or "")[:150]
    user = get_user_model()._default_manager.filter(username=username).first()
    return AuditEvent.objects.create(
        actor=None, actor_name=username, action="auth.login_failed",
        object_type=get_user_model()._meta.label, object_id=str(user.pk) if user else "",
        changes={"address": _address(request)},
        summary=f"sign-in refused for {username!r}"[:500])
