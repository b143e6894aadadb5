"""Creating and editing projects. State never changes here: see services.lifecycle."""

from collections.abc import Iterable
from types import EllipsisType
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directives.selectors import default_directive_version
from portfolio import permissions
from portfolio.errors import NotAllowed, StateConflict
from portfolio.lifecycle import PLAN_OPEN_STATES
from portfolio.models import Case, Committee, Party, Project, SteeringGroupMember
from portfolio.public import FEED_OPTIONAL_FIELDS
from portfolio.services import steering
from portfolio.services.audit import diff, record_event, snapshot
from portfolio.services.case_numbers import allocate_case_number
from portfolio.services.versions import check_version

# Fields an owner or manager edits on the project itself.
EDITABLE_FIELDS = (
    "name", "kind", "parties", "owner_party", "recipient", "project_group", "reference_groups",
    "cost_object", "start_date", "planned_end_date", "cost_cap", "estimated_hours", "risks",
    "effect_goals", "is_public", "feed_hidden_fields",
)
# The plan is fixed once the establishment phase starts; later dates move by extension.
PLAN_FIELDS = ("start_date", "planned_end_date")
AUDITED_FIELDS = EDITABLE_FIELDS + ("manager", "end_date", "owner", "committee")


# Feed fields a project may keep out of the public feed (the case itself is always listed
# unless the whole project is not public).


def _validate(values: dict[str, Any], project: Project | None = None) -> None:
    errors: dict[str, list[str]] = {}
    hidden = values.get("feed_hidden_fields")
    if hidden is not None and (not isinstance(hidden, list)
                               or any(f not in FEED_OPTIONAL_FIELDS for f in hidden)):
        errors["feed_hidden_fields"] = [_("Use only: %(f)s.") % {"f": ", ".join(FEED_OPTIONAL_FIELDS)}]
    start = values.get("start_date", project.start_date if project else None)
    end = values.get("planned_end_date", project.planned_end_date if project else None)
    if start and end and end < start:
        errors["planned_end_date"] = [_("The end date cannot be before the start date.")]
    for name in ("cost_cap", "estimated_hours"):
        value = values.get(name)
        if value is not None and value < 0:
            errors[name] = [_("Must be zero or more.")]
    if "name" in values and not str(values["name"]).strip():
        errors["name"] = [_("This field is required.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_project(*, committee: Committee, name: str, by: User,
                   kind: str = Project.Kind.PROJECT, parties: Iterable[Party] = (),
                   case_year: int | None = None, case_seq: int | None = None,
                   owner: User | None = None, **fields: Any) -> Project:
    """Create a draft project with the next case number; the creator owns it by default."""
    if not permissions.can_create_project(by, committee):
        raise NotAllowed(_("You may not create projects in this committee."))
    unknown = set(fields) - set(EDITABLE_FIELDS) - {"manager"}
    if unknown:
        raise ValidationError({f: [_("Unknown field.")] for f in sorted(unknown)})
    _validate({"name": name, **fields})
    year = case_year or timezone.localdate().year
    number = allocate_case_number(committee=committee, year=year, number=case_seq)
    project: Project = Project(
        committee=committee, name=name.strip(), kind=kind, owner=owner or by,
        case_year=year, case_seq=number, template_version=default_directive_version(), **fields,
    )
    project.end_date = project.planned_end_date
    project.full_clean(exclude=["template_version", "state"])
    project.save()
    project.parties.set(parties)
    # A project is one of the committee's cases (issue #11), under the same number.
    Case.objects.create(committee=committee, year=year, seq=number, kind=Case.Kind.PROJECT,
                        title=project.name[:300], project=project)
    record_event(actor=by, action="project.created", obj=project,
                 changes=diff({}, snapshot(project, AUDITED_FIELDS)),
                 summary=f"{project.case_number} {project.name}")
    return project


@transaction.atomic
def update_project(*, project: Project, by: User, changes: dict[str, Any],
                   expected_version: str | None = None) -> Project:
    """Apply ``changes`` (field → value) to a project and record before → after.
    ``expected_version``: the project version the writer read (see services.versions)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not permissions.can_edit_project(by, project):
        raise NotAllowed(_("You may not edit this project."))
    check_version(project, expected_version)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({f: [_("This field cannot be changed here.")] for f in sorted(unknown)})
    if project.state not in PLAN_OPEN_STATES:
        locked = {f: [_("Fixed once the establishment phase has started; request an extension.")]
                  for f in PLAN_FIELDS if f in changes and changes[f] != getattr(project, f)}
        if locked:
            raise ValidationError(locked)
    _validate(changes, project)
    before = snapshot(project, AUDITED_FIELDS)
    for field, value in changes.items():
        if field == "parties":
            continue
        if field == "planned_end_date" and project.end_date == project.planned_end_date:
            project.end_date = value
        setattr(project, field, value)
    project.full_clean(exclude=["template_version", "state"])
    project.save()
    if "parties" in changes:
        project.parties.set(changes["parties"])
    after = snapshot(project, AUDITED_FIELDS)
    changed = diff(before, after)
    if changed:
        record_event(actor=by, action="project.updated", obj=project, changes=changed,
                     summary=", ".join(sorted(changed)))
    return project


@transaction.atomic
def staff_project(*, project: Project, by: User, manager: User | None | EllipsisType = ...,
                  steering_group: list[dict[str, Any]] | None = None,
                  expected_version: str | None = None) -> Project:
    """Set the manager and/or the steering group (list of dicts: user, role, responsibility)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not permissions.can_staff_project(by, project):
        if project.state not in PLAN_OPEN_STATES:
            raise StateConflict(
                _("The manager and steering group are set before the project is past BP1."),
                code="staffing_closed",
            )
        raise NotAllowed(_("Only the project owner sets the manager and steering group."))
    check_version(project, expected_version)
    _apply_staffing(project, by, manager=manager, steering_group=steering_group)
    return project


@transaction.atomic
def create_and_staff_project(*, committee: Committee, name: str, by: User,
                             manager: User | None = None,
                             steering_group: list[dict[str, Any]] | None = None,
                             **fields: Any) -> Project:
    """Open a case with its manager and steering group in one transaction: a refused member
    list leaves no half-staffed draft behind. Whoever may open the case staffs it at opening,
    also when it is opened on behalf of another owner (the admin does that)."""
    project = create_project(committee=committee, name=name, by=by, **fields)
    if manager is not None or steering_group is not None:
        project = Project.objects.select_for_update().get(pk=project.pk)
        _apply_staffing(project, by, manager=manager if manager is not None else ...,
                        steering_group=steering_group)
    return project


def _apply_staffing(project: Project, by: User, *, manager: User | None | EllipsisType = ...,
                    steering_group: list[dict[str, Any]] | None = None) -> None:
    if manager is not ...:
        before = snapshot(project, ["manager"])
        project.manager = manager
        project.save(update_fields=["manager", "updated_at"])
        changed = diff(before, snapshot(project, ["manager"]))
        if changed:
            record_event(actor=by, action="project.manager_set", obj=project, changes=changed)
    if steering_group is not None:
        _replace_steering_group(project, steering_group, by)


def _replace_steering_group(project: Project, members: list[dict[str, Any]], by: User) -> None:
    chairs = [m for m in members if m.get("role") == SteeringGroupMember.Role.CHAIR]
    errors = {}
    if len(chairs) > 1:
        errors["steering_group"] = [_("A steering group has exactly one chair.")]
    users = [m["user"].pk for m in members]
    if len(set(users)) != len(users):
        errors["steering_group"] = [_("A person can sit only once in the steering group.")]
    if errors:
        raise ValidationError(errors)
    before = [f"{m.user.username}:{m.role}:{m.responsibility}" for m in project.steering_group.all()]
    project.steering_group.all().delete()
    SteeringGroupMember.objects.bulk_create(
        SteeringGroupMember(project=project, user=m["user"], role=m.get("role", "member"),
                            responsibility=m.get("responsibility", "")) for m in members
    )
    after = [f"{m['user'].username}:{m.get('role', 'member')}:{m.get('responsibility', '')}"
             for m in members]
    if sorted(before) != sorted(after):
        project.save(update_fields=["updated_at"])
        record_event(actor=by, action="project.steering_group_set", obj=project,
                     changes={"steering_group": [before, after]})
        steering.unconfirm(project=project, by=by)
