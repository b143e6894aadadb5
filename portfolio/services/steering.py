"""Confirming a project's steering group: the owner proposes it (staffing), the committee
confirms it, and only a confirmed group decides gates and recommends extensions."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portfolio import permissions
from portfolio.errors import NotAllowed, StateConflict
from portfolio.lifecycle import END_STATES
from portfolio.models import Project
from portfolio.services.audit import record_event


@transaction.atomic
def confirm_steering_group(*, project: Project, by: User) -> Project:
    """A committee decider (chair or secretary) confirms the group the owner proposed."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not permissions.can_confirm_steering_group(by, project):
        raise NotAllowed(permissions.duty_conflict(by, project) or _(
            "The steering group is confirmed by the committee's chair or secretary."))
    if project.state in END_STATES:
        raise StateConflict(_("The project has ended; its steering group is not confirmed."),
                            code="wrong_state")
    if not project.steering_group.exists():
        raise StateConflict(_("The project has no steering group to confirm yet."),
                            code="no_steering_group")
    if project.steering_group_confirmed_at is not None:
        raise StateConflict(_("The steering group is already confirmed."),
                            code="already_confirmed")
    mark_confirmed(project=project, by=by, summary=_("Steering group confirmed by the committee"))
    return project


def mark_confirmed(*, project: Project, by: User | None, summary: str) -> None:
    """Record the confirmation on a project the caller holds locked, with its audit row."""
    members = [f"{m.user.username}:{m.role}" for m in
               project.steering_group.select_related("user").order_by("role", "id")]
    project.steering_group_confirmed_at = timezone.now()
    project.steering_group_confirmed_by = by if by is not None and by.is_authenticated else None
    Project.objects.filter(pk=project.pk).update(
        steering_group_confirmed_at=project.steering_group_confirmed_at,
        steering_group_confirmed_by=project.steering_group_confirmed_by)
    record_event(actor=by, action="project.steering_group_confirmed", obj=project,
                 changes={"steering_group_confirmed": [False, True]},
                 summary=f"{summary}: {', '.join(members)}")


def unconfirm(*, project: Project, by: User) -> bool:
    """A changed group is a new proposal: it waits for the committee again."""
    if project.steering_group_confirmed_at is None:
        return False
    project.steering_group_confirmed_at = None
    project.steering_group_confirmed_by = None
    Project.objects.filter(pk=project.pk).update(steering_group_confirmed_at=None,
                                                 steering_group_confirmed_by=None)
    record_event(actor=by, action="project.steering_group_unconfirmed", obj=project,
                 changes={"steering_group_confirmed": [True, False]},
                 summary=_("The steering group changed and waits for the committee's "
                           "confirmation"))
    return True
