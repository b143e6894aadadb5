"""Who may do what. Every rule is scoped to a committee or a project.

Services call these before acting; pages and the API use them to show only what a user
may do. The model transitions never check permissions themselves.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Value
from django.http import Http404
from django.utils.translation import gettext as _

from portfolio import public
from portfolio.errors import NotAllowed
from portfolio.lifecycle import END_STATES, PLAN_OPEN_STATES, Body, State, project_decider
from portfolio.models import Committee, CommitteeRole, Project, SteeringGroupMember

# Committee roles that record the committee's decisions.
COMMITTEE_DECIDERS = (CommitteeRole.Role.CHAIR, CommitteeRole.Role.SECRETARY)


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


def can_decide_gate(user, project: Project, gate: str) -> bool:
    return gate_refusal(user, project, gate) is None


def can_submit(user, project: Project) -> bool:
    return user.is_superuser or project.owner_id == user.id


def can_cancel(user, project: Project) -> bool:
    return cancel_refusal(user, project) is None


def cancel_refusal(user, project: Project) -> str | None:
    """Why the user may not cancel the project, or None: the committee's chair or secretary
    cancels, never the one who owns or manages the project (separation of duties)."""
    conflict = duty_conflict(user, project, action=_("cancel it"))
    if conflict:
        return conflict
    if is_committee_decider(user, project.committee_id):
        return None
    return _("Cancelling a project is a committee decision.")


def require_canceller(user, project: Project) -> None:
    reason = cancel_refusal(user, project)
    if reason:
        raise NotAllowed(reason, code=_conflict_code(user, project))


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
    return can_read_internals(user, project)


# Committee roles that may open a case (draft a project) on behalf of the committee.
COMMITTEE_CASE_OPENERS = (CommitteeRole.Role.CHAIR, CommitteeRole.Role.SECRETARY,
                          CommitteeRole.Role.PREPARER, CommitteeRole.Role.REGISTRAR)


def can_create_project(user, committee) -> bool:
    """Who may open a case (draft a project) in ``committee``.

    - superusers, anywhere;
    - the committee's own officers (chair, secretary, preparing officer, registrar);
    - holders of the model permission ``portfolio.add_project`` (group "Projektägare"), but
      only in a committee they already belong to: they hold a committee role there other than
      auditor, or they own, manage or sit on the steering group of one of its projects that
      is past its draft. A draft of their own does not count, so nobody joins a committee
      (and reads its internals, see committees_readable_by) by drafting a case in it.

    Auditors and people without a link to the committee may not.
    """
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    roles = _committee_roles(user, committee.pk)
    if roles & set(COMMITTEE_CASE_OPENERS):
        return True
    if not user.has_perm("portfolio.add_project"):
        return False
    if roles - {CommitteeRole.Role.AUDITOR}:
        return True
    return _runs_a_project_of(user, committee.pk)


def _runs_a_project_of(user, committee_id) -> bool:
    return Project.objects.filter(
        Q(owner=user) | Q(manager=user) | Q(steering_group__user=user),
        committee_id=committee_id).exclude(state=State.DRAFT).exists()


def can_record_time(user, committee, project: Project | None) -> bool:
    """The committee records time on anything of its own; a project's owner and manager on
    their project."""
    if user.is_superuser or is_committee_decider(user, committee.pk):
        return True
    if project is not None:
        return user.id in (project.owner_id, project.manager_id)
    return False


def time_recordable_projects(user, committee):
    """The committee's projects ``user`` may record time on, or None when they may record no
    time there at all (auditors, readers): the page then offers no time form."""
    if committee is None or not user.is_authenticated:
        return None
    projects = Project.objects.filter(committee=committee)
    if user.is_superuser or is_committee_decider(user, committee.pk):
        return projects
    own = projects.filter(Q(owner=user) | Q(manager=user))
    return own if own.exists() else None


def can_import_outcomes(user, committee) -> bool:
    """The committee's secretary or chair imports its outcomes (a superuser any)."""
    if user.is_superuser:
        return True
    return committee is not None and is_committee_decider(user, committee.pk)


def can_request_extension(user, project: Project) -> bool:
    return user.is_superuser or project.owner_id == user.id


def can_submit_extension(user, extension) -> bool:
    return can_request_extension(user, extension.project)


def extension_decision_refusal(user, project: Project) -> str | None:
    """Why the user may not decide (or table) the project's extension request, or None: the
    committee's chair or secretary, unless they own or manage the project."""
    conflict = duty_conflict(user, project, action=_("decide its extension request"))
    if conflict:
        return conflict
    if is_committee_decider(user, project.committee_id):
        return None
    return _("Extension requests are decided, and tabled, by the committee's chair or "
             "secretary.")


def require_extension_decider(user, project: Project) -> bool:
    reason = extension_decision_refusal(user, project)
    if reason:
        raise NotAllowed(reason, code=_conflict_code(user, project))
    return True


def _conflict_code(user, project: Project) -> str:
    return "separation_of_duties" if duty_conflict(user, project) else NotAllowed.code


def can_revise_templates(user) -> bool:
    return user.is_superuser or user.has_perm("directives.add_templateversion")


def projects_visible_to(user):
    """Projects a user can open: every project of the committees they belong to (see
    committees_readable_by), their own projects (owner, manager, steering group; this is how
    the owner of a draft reads it), and otherwise only what the public feed shows.

    Each project carries ``internals_visible``: whether the user reads everything under it or
    only its public projection. One query with subqueries, whatever the number of projects.
    """
    if getattr(user, "is_superuser", False):
        return Project.objects.annotate(internals_visible=Value(True))
    if not user.is_authenticated:
        return public.public_projects().annotate(internals_visible=Value(False))
    member = (Q(committee__in=committees_readable_by(user).values("pk")) | Q(owner=user)
              | Q(manager=user)
              | Exists(SteeringGroupMember.objects.filter(project=OuterRef("pk"), user=user)))
    return (Project.objects.annotate(internals_visible=ExpressionWrapper(
        member, output_field=BooleanField())).filter(Q(internals_visible=True) | _PUBLIC))


# -- Who may read (issue #10). A committee's members read everything of its projects: its
# committee roles, the owners and managers of its projects past their draft, their steering
# groups, and superusers; a draft's own people read that draft only. Everyone else reads only what the public feed shows.

# What leaves the committee (portfolio.public): marked public and past its draft.
_PUBLIC = public.PUBLIC


def committees_readable_by(user):
    """Committees whose projects, meetings, money, time and internal control the user reads."""
    if getattr(user, "is_superuser", False):
        return Committee.objects.all()
    if not user.is_authenticated:
        return Committee.objects.none()
    here = OuterRef("pk")
    return Committee.objects.filter(
        Exists(CommitteeRole.objects.filter(committee=here, user=user))
        | Exists(Project.objects.filter(Q(owner=user) | Q(manager=user), committee=here)
                 .exclude(state=State.DRAFT))
        | Exists(SteeringGroupMember.objects.filter(project__committee=here, user=user)
                 .exclude(project__state=State.DRAFT)))


def can_read_committee(user, committee_id) -> bool:
    return committees_readable_by(user).filter(pk=committee_id).exists()


def can_read_project(user, project: Project) -> bool:
    """Whether the user may know of the project at all (else 404)."""
    if project.is_public and project.state != State.DRAFT and user.is_authenticated:
        return True
    return can_read_internals(user, project)


def can_read_internals(user, project: Project) -> bool:
    """Budget, time, directive and final report (drafts and PDFs), extension requests,
    decisions, checklists and the audit trail: the committee's members only."""
    visible = getattr(project, "internals_visible", None)
    if visible is not None:
        return bool(visible)
    if _runs(user, project):
        return True
    return can_read_committee(user, project.committee_id)


def _runs(user, project: Project) -> bool:
    """The project's own people read it whatever its state, a draft included."""
    if not user.is_authenticated:
        return False
    return (user.id in (project.owner_id, project.manager_id)
            or project.steering_group.filter(user=user).exists())


def require_read(user, project: Project, *, internals: bool = True) -> None:
    """404 for a project the user may not know of (its existence is not revealed), 403 for the
    internal parts of a project the user reads only as the public does."""
    if not can_read_project(user, project):
        raise Http404
    if internals and not can_read_internals(user, project):
        raise PermissionDenied(_("Only the committee's members read this part of the project."))


def require_committee_read(user, committee) -> None:
    if committee is not None and not can_read_committee(user, committee.pk):
        raise Http404


# -- Separation of duties (issue #10): who runs a project does not approve it, and a steering
# group proposed by the owner acts only once the committee has confirmed it.

def duty_conflict(user, project: Project, gate: str | None = None, *,
                  action: str | None = None) -> str | None:
    """Why the user's own role in the project bars them from approving it, or None.
    ``action`` names what is refused when it is neither a gate nor a recommendation."""
    if not user.is_authenticated:
        return None
    what = action or (_("decide %(gate)s or answer its checklist") % {"gate": gate} if gate
                      else _("recommend its extension request"))
    if user.id == project.owner_id:
        return _("Separation of duties: the project owner may not %(what)s.") % {"what": what}
    if user.id == project.manager_id:
        return _("Separation of duties: the project manager may not %(what)s.") % {"what": what}
    return None


def _unconfirmed(project: Project) -> str | None:
    if project.steering_group_confirmed_at is None:
        return _("The steering group has not been confirmed by the committee yet; its members "
                 "act once the committee's chair or secretary has confirmed it (or BP0 has "
                 "started the project).")
    return None


def gate_refusal(user, project: Project, gate: str) -> str | None:
    """Why the user may not decide the gate (or answer its checklist), or None if they may.
    The deciding body is the project's template's word for the gate (lifecycle.gate_decider)."""
    body = project_decider(project, gate).body
    conflict = duty_conflict(user, project, gate)
    if conflict:
        return conflict
    if user.is_superuser:
        return None
    if body == Body.COMMITTEE:
        if is_committee_decider(user, project.committee_id):
            return None
    elif steering_role(user, project) is not None:
        return _unconfirmed(project)
    return (_("%(gate)s is decided by the %(body)s of the project.")
            % {"gate": gate, "body": body.label.lower()})


def require_gate_decider(user, project: Project, gate: str) -> None:
    reason = gate_refusal(user, project, gate)
    if reason:
        raise NotAllowed(reason, code=_refusal_code(user, project))


def extension_recommendation_refusal(user, project: Project) -> str | None:
    conflict = duty_conflict(user, project)
    if conflict:
        return conflict
    if user.is_superuser:
        return None
    if steering_role(user, project) is None:
        return _("Extension requests are recommended by the project's steering group.")
    return _unconfirmed(project)


def require_extension_recommender(user, project: Project) -> bool:
    reason = extension_recommendation_refusal(user, project)
    if reason:
        raise NotAllowed(reason, code=_refusal_code(user, project))
    return True


def _refusal_code(user, project: Project) -> str:
    if duty_conflict(user, project):
        return "separation_of_duties"
    if steering_role(user, project) is not None and _unconfirmed(project):
        return "steering_group_unconfirmed"
    return NotAllowed.code


def can_confirm_steering_group(user, project: Project) -> bool:
    """The committee's chair or secretary confirms the group the owner proposed; never the
    project's own owner or manager."""
    return duty_conflict(user, project) is None and is_committee_decider(user,
                                                                         project.committee_id)


# -- Administration: reference data, role grants and feed tokens are an administrator's task
# (Django model permissions, given in the admin), never the committee's own roles.

def _holds(user, perm: str) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.has_perm(perm)))


def can_grant_committee_role(user) -> bool:
    return _holds(user, "portfolio.add_committeerole")


def can_revoke_committee_role(user) -> bool:
    return _holds(user, "portfolio.delete_committeerole")


def can_keep_membership(user, *, adding: bool) -> bool:
    """Adding a party's membership of a committee, or changing its dates."""
    return _holds(user, f"portfolio.{'add' if adding else 'change'}_committeemembership")


# The reference data that cost keys, base fees and case numbers are computed from.
REFERENCE_MODELS = ("party", "populationfigure", "committee")


def can_keep_reference_data(user, model: str, *, adding: bool) -> bool:
    """Adding or changing a party, a population figure or a committee."""
    if model not in REFERENCE_MODELS:
        raise ValueError(model)
    return _holds(user, f"portfolio.{'add' if adding else 'change'}_{model}")


def can_issue_feed_token(user) -> bool:
    return _holds(user, "api.add_feedtoken")


def can_revoke_feed_token(user) -> bool:
    return _holds(user, "api.change_feedtoken")


# -- The committee's record (issue #11): cases, their documents, decisions and minutes.

def can_keep_cases(user, committee_id) -> bool:
    """Opening a case and attaching its documents: the committee's officers (the registrar
    and the preparing officer too: they keep the register)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(_committee_roles(user, committee_id)
                                     & set(COMMITTEE_CASE_OPENERS))


def can_keep_minutes(user, committee_id) -> bool:
    """Recording decisions, attendance and approving the minutes: the chair and secretary."""
    return bool(user.is_authenticated) and is_committee_decider(user, committee_id)


def can_confirm_decision(user, committee_id) -> bool:
    """The secretary confirms what was recorded before it stands in the minutes."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or CommitteeRole.Role.SECRETARY in _committee_roles(user,
                                                                                   committee_id)
