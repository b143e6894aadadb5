"""Who may do what. Every rule is scoped to a committee or a project.

Services call these before acting; pages and the API use them to show only what a user
may do. The model transitions never check permissions themselves.
"""

from portfolio.lifecycle import END_STATES, GATE_RULES, PLAN_OPEN_STATES, Body
from portfolio.models import CommitteeRole, Project

# Committee roles that record the committee's decisions.
COMMITTEE_DECIDERS = (CommitteeRole.Role.CHAIR, CommitteeRole.Role.SECRETARY)
# Committee roles that can read everything of the committee, the audit trail included.
COMMITTEE_READERS = tuple(CommitteeRole.Role.values)


def _committee_roles(user, committee_id) -> set[str]:
    if not user.is_authenticated:
        return set()
    cache = getattr(user, "_committee_role_cache", None)
    if cache is None:
        cache = {}
        for committee, role in CommitteeRole.objects.filter(user=user).values_list(
            "committee_id", "role"
        ):
            cache.setdefault(committee, set()).add(role)
        user._committee_role_cache = cache
    return cache.get(committee_id, set())


def steering_role(user, project: Project) -> str | None:
    if not user.is_authenticated:
        return None
    for member in project.steering_group.all():
        if member.user_id == user.id:
            return member.role
    return None


def is_committee_decider(user, committee_id) -> bool:
    return user.is_superuser or bool(_committee_roles(user, committee_id) & set(COMMITTEE_DECIDERS))


def is_auditor(user, committee_id) -> bool:
    return CommitteeRole.Role.AUDITOR in _committee_roles(user, committee_id)


def can_decide_gate(user, project: Project, gate: str) -> bool:
    rule = GATE_RULES[gate]
    if user.is_superuser:
        return True
    if rule.decided_by == Body.COMMITTEE:
        return is_committee_decider(user, project.committee_id)
    return steering_role(user, project) is not None


def can_answer_checklist(user, project: Project, gate: str) -> bool:
    return can_decide_gate(user, project, gate)


def can_submit(user, project: Project) -> bool:
    return user.is_superuser or project.owner_id == user.id


def can_cancel(user, project: Project) -> bool:
    return is_committee_decider(user, project.committee_id)


def can_edit_project(user, project: Project) -> bool:
    if project.state in END_STATES:
        return False
    return user.is_superuser or user.id in (project.owner_id, project.manager_id)


def can_staff_project(user, project: Project) -> bool:
    """Setting manager and steering group: the owner, until the project is past BP1."""
    if project.state not in PLAN_OPEN_STATES:
        return False
    return user.is_superuser or project.owner_id == user.id


def can_read_audit(user, project: Project) -> bool:
    if user.is_superuser or user.id in (project.owner_id, project.manager_id):
        return True
    if _committee_roles(user, project.committee_id):
        return True
    return steering_role(user, project) is not None


# Committee roles that may open a case (draft a project) on behalf of the committee.
COMMITTEE_CASE_OPENERS = (CommitteeRole.Role.CHAIR, CommitteeRole.Role.SECRETARY,
                          CommitteeRole.Role.PREPARER, CommitteeRole.Role.REGISTRAR)


def can_create_project(user, committee) -> bool:
    """Project owners hold the model permission (group "Projektägare"); the committee's own
    officers may open a case too. Auditors and people without a role may not."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.has_perm("portfolio.add_project"):
        return True
    return bool(_committee_roles(user, committee.pk) & set(COMMITTEE_CASE_OPENERS))


def can_record_time(user, committee, project: Project | None) -> bool:
    """The committee records time on anything of its own; a project's owner and manager on
    their project."""
    if user.is_superuser or is_committee_decider(user, committee.pk):
        return True
    if project is not None:
        return user.id in (project.owner_id, project.manager_id)
    return False


def can_import_outcomes(user, committee) -> bool:
    """The committee's secretary or chair imports its outcomes (a superuser any)."""
    if user.is_superuser:
        return True
    return committee is not None and is_committee_decider(user, committee.pk)


def can_request_extension(user, project: Project) -> bool:
    return user.is_superuser or project.owner_id == user.id


def can_submit_extension(user, extension) -> bool:
    return can_request_extension(user, extension.project)


def can_recommend_extension(user, extension) -> bool:
    return user.is_superuser or steering_role(user, extension.project) is not None


def can_decide_extension(user, extension) -> bool:
    return is_committee_decider(user, extension.project.committee_id)


def can_revise_templates(user) -> bool:
    return user.is_superuser or user.has_perm("directives.add_templateversion")


def projects_visible_to(user):
    """Projects a user can open. Portfolio data is public record: every signed-in user reads
    it; only the audit trail is limited (see can_read_audit)."""
    return Project.objects.all()
