"""Writing the audit trail. Every service that changes data calls ``record_event`` inside
its own transaction, so a change and its audit row commit or roll back together."""

import datetime
import decimal
from collections.abc import Iterable
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser, User
from django.db import models

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
    return AuditEvent.objects.create(
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
