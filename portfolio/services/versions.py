"""Optimistic locking for projects and their budgets.

A project's version is its ``updated_at`` to the microsecond: every service that changes the
project or anything saved with it (budget, staffing, lifecycle) saves the project row, so the
version changes with every write. A writer passes the version it read as
``expected_version``; the service compares it after taking the row lock, so of two writers
holding the same version exactly one wins and the other is refused without changing anything.
"""

import datetime
from collections.abc import Iterable

from django.utils.translation import gettext as _

from portfolio.errors import PreconditionFailed
from portfolio.models import Project

ANY = "*"
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def version_of(project: Project) -> str:
    stamp = project.updated_at
    if stamp.tzinfo is None:  # USE_TZ off: naive UTC
        stamp = stamp.replace(tzinfo=datetime.UTC)
    return str((stamp - _EPOCH) // datetime.timedelta(microseconds=1))


def check_version(project: Project, expected: str | Iterable[str] | None) -> None:
    """Refuse unless ``expected`` names the project's current version. ``None`` means the
    writer stated no version (last write wins, as before versions existed); ``"*"`` matches
    any version."""
    if expected is None:
        return
    accepted = {expected} if isinstance(expected, str) else set(expected)
    if ANY in accepted or version_of(project) in accepted:
        return
    raise PreconditionFailed(
        _("The project was changed by someone else after you read it. Nothing has been saved; "
          "reload, check the changes and save again."))
