"""What waits for a person: one definition for the "My work" page and ``GET /api/v1/me/work/``.

Kinds of waiting items and who they wait for:

- ``checklist``: an open gate the person may decide whose checklist still has a mandatory
  item not answered yes (answer it first);
- ``decision``: an open gate the person may decide, with its checklist complete;
- ``recommend``: a submitted extension request of a project whose (confirmed) steering group
  the person sits on;
- ``extension_decision``: an extension request the steering group has recommended, for the
  committee's chair or secretary (decided at a meeting);
- ``sections``: required sections of the directive (a draft) or of the final report (a
  project in closing) still empty, for the project's owner and manager;
- ``requirements``: final-report requirements not yet answered, for the owner and manager of
  a project in closing (the final report is written then);
- ``agenda``: undecided items on the agenda of a coming meeting, for the committee's chair,
  secretary and preparing officer;
- ``confirm``: decisions recorded at a meeting and not yet confirmed (and so not carried out
  in the register), for the committee's secretary;
- ``adjust``: meetings held whose minutes are not yet adjusted (justerade), for the
  committee's secretary.

Who may act is asked of ``portfolio.permissions`` (the same rules the services enforce), so
an item shows exactly when its button would work. The queries are a fixed number whatever
the number of projects: candidates, their steering groups, checklist items and answers,
documents and their latest versions, requirements and agenda items are each read once.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from directives import content as kinds
from directives.models import (
    Document,
    DocumentVersion,
    GateChecklistItem,
    Template,
    TemplateVersion,
)
from directives.selectors import default_directive_version
from directives.services import latest_template_version
from portfolio import permissions
from portfolio.lifecycle import END_STATES, GATE_RULES, Body, Gate, State
from portfolio.models import (
    AgendaItem,
    ChecklistAnswer,
    CommitteeRole,
    ExtensionRequest,
    FinalReportRequirement,
    Meeting,
    Minutes,
    Project,
    SteeringGroupMember,
)

KINDS = ("checklist", "decision", "recommend", "extension_decision", "sections",
         "requirements", "agenda", "confirm", "adjust")
# Committee roles that prepare the committee's meetings.
PREPARERS = (CommitteeRole.Role.CHAIR, CommitteeRole.Role.SECRETARY,
             CommitteeRole.Role.PREPARER)


@dataclass(frozen=True)
class WorkItem:
    kind: str
    title: str
    detail: str
    url: str
    project_id: int | None
    case_number: str
    project_name: str
    due: datetime.date | None
    # The object acted on (an extension request, an agenda item), for inline actions.
    object_id: int | None = None
    gate: str = ""


def _kind_labels() -> dict[str, str]:
    return {
        "checklist": _("Checklists to answer"),
        "decision": _("Decisions to take"),
        "recommend": _("Extension requests to recommend"),
        "extension_decision": _("Extension requests for the committee"),
        "sections": _("Sections to write"),
        "requirements": _("Final-report requirements due"),
        "agenda": _("Agenda items to prepare"),
        "confirm": _("Decisions waiting for your confirmation"),
        "adjust": _("Minutes waiting to be adjusted"),
    }


def kind_label(kind: str) -> str:
    return _kind_labels()[kind]


def waiting_for(user, *, today: datetime.date | None = None) -> list[WorkItem]:
    """Everything waiting for ``user`` now, oldest due first within each kind."""
    if not user.is_authenticated:
        return []
    today = today or datetime.date.today()
    projects = _candidates(user)
    items: list[WorkItem] = []
    items += _gates(user, projects)
    items += _extensions(user, projects)
    items += _documents(user, projects)
    items += _requirements(user, projects)
    items += _agenda(user, today)
    items += _minutes(user, today)
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(items, key=lambda i: (order[i.kind], i.due or datetime.date.max,
                                        i.case_number, i.gate))


def grouped(items: list[WorkItem]) -> list[dict[str, Any]]:
    """Items by kind, in the order of KINDS, leaving out kinds with nothing waiting."""
    by_kind: dict[str, list[WorkItem]] = defaultdict(list)
    for item in items:
        by_kind[item.kind].append(item)
    return [{"kind": kind, "label": kind_label(kind), "items": by_kind[kind]}
            for kind in KINDS if by_kind[kind]]


# Kinds decided on the project page: the link carries ``next`` so the page returns here.
RETURNING = ("checklist", "decision", "recommend")


def returning_here(item: WorkItem, back: str) -> str:
    """The item's link, asking the page where it is done to come back to ``back``."""
    if item.kind not in RETURNING:
        return item.url
    path, _sep, anchor = item.url.partition("#")
    return f"{path}?{urlencode({'next': back})}" + (f"#{anchor}" if anchor else "")


def _candidates(user) -> list[Project]:
    """Projects, not ended, where something may wait for the user: theirs to run, their
    steering groups', and (for the committee's chair and secretary) their committee's."""
    mine = Q(owner=user) | Q(manager=user) | Q(steering_group__user=user)
    if user.is_superuser:
        scope = Q()
    else:
        deciding = [c for c, r in CommitteeRole.objects.filter(user=user)
                    .values_list("committee_id", "role") if r in permissions.COMMITTEE_DECIDERS]
        scope = mine | Q(committee_id__in=deciding)
    ids = Project.objects.filter(scope).exclude(state__in=END_STATES).values("pk")
    return list(Project.objects.filter(pk__in=ids).select_related("committee")
                .select_related("template_version")
                .prefetch_related(Prefetch("steering_group",
                                           SteeringGroupMember.objects.order_by("id")))
                .order_by("committee__code", "case_year", "case_seq"))


def _project_item(kind: str, project: Project, title: str, url: str, *, detail: str = "",
                  due: datetime.date | None = None, object_id: int | None = None,
                  gate: str = "") -> WorkItem:
    return WorkItem(kind=kind, title=title, detail=detail, url=url, project_id=project.pk,
                    case_number=project.case_number, project_name=project.name,
                    due=due, object_id=object_id, gate=gate)


def _gates(user, projects: list[Project]) -> list[WorkItem]:
    open_gates = [(p, gate) for p in projects for gate, rule in GATE_RULES.items()
                  if p.state in rule.sources and permissions.can_decide_gate(user, p, gate)
                  # A committee gate waits for the committee's deciders, not for a superuser
                  # who merely may; the same for a steering gate and its group.
                  and (not user.is_superuser or _bound(user, p, rule.decided_by))]
    if not open_gates:
        return []
    default = default_directive_version()
    versions = {p.template_version_id or (default.pk if default else None) for p, _g in open_gates}
    mandatory: dict[tuple[int | None, str], list[int]] = defaultdict(list)
    for item_id, template_id, gate in (GateChecklistItem.objects
                                   .filter(template_version__in=[v for v in versions if v],
                                           mandatory=True)
                                   .values_list("id", "template_version_id", "gate")):
        mandatory[(template_id, gate)].append(item_id)
    yes = set(ChecklistAnswer.objects.filter(project__in=[p.pk for p, _g in open_gates],
                                             answer=ChecklistAnswer.Answer.YES)
              .values_list("project_id", "item_id"))
    items = []
    for project, gate in open_gates:
        version = project.template_version_id or (default.pk if default else None)
        open_count = sum(1 for i in mandatory[(version, gate)] if (project.pk, i) not in yes)
        url = reverse("portfolio:detail", args=[project.pk]) + f"#gate-{gate}"
        label = str(Gate(gate).label)
        if open_count:
            items.append(_project_item(
                "checklist", project, label, url, gate=gate, due=project.end_date,
                detail=_("Checklist items not yet answered yes: %(n)s.")
                % {"n": open_count}))
        else:
            items.append(_project_item(
                "decision", project, label, url, gate=gate, due=project.end_date,
                detail=_("The checklist is complete; the decision can be taken.")))
    return items


def _bound(user, project: Project, body: str) -> bool:
    if body == Body.COMMITTEE:
        return bool(permissions._committee_roles(user, project.committee_id)
                    & set(permissions.COMMITTEE_DECIDERS))
    return permissions.steering_role(user, project) is not None


def _extensions(user, projects: list[Project]) -> list[WorkItem]:
    by_id = {p.pk: p for p in projects}
    rows = ExtensionRequest.objects.filter(
        project__in=list(by_id), state__in=[ExtensionRequest.State.SUBMITTED,
                                            ExtensionRequest.State.RECOMMENDED]).order_by("id")
    items = []
    for request in rows:
        project = by_id[request.project_id]
        url = reverse("portfolio:detail", args=[project.pk]) + "#extensions"
        detail = _("Until %(date)s: %(reason)s") % {
            "date": request.requested_end_date.isoformat(),
            "reason": request.reason[:200]}
        if request.state == ExtensionRequest.State.SUBMITTED:
            if permissions.steering_role(user, project) is None or \
                    permissions.extension_recommendation_refusal(user, project):
                continue
            items.append(_project_item("recommend", project, _("Recommend the extension"), url,
                                       detail=detail, due=project.end_date,
                                       object_id=request.pk))
        elif _bound(user, project, Body.COMMITTEE) \
                and permissions.extension_decision_refusal(user, project) is None:
            items.append(_project_item(
                "extension_decision", project, _("Put the extension on a meeting's agenda"),
                reverse("portfolio:meetings"), detail=detail, due=project.end_date,
                object_id=request.pk))
    return items


def _runs(user, project: Project) -> bool:
    return user.id in (project.owner_id, project.manager_id)


def _documents(user, projects: list[Project]) -> list[WorkItem]:
    """Required sections still empty: the directive of a draft, the final report in closing."""
    wanted = {p.pk: (p, Template.Kind.DIRECTIVE if p.state == State.DRAFT
                     else Template.Kind.FINAL_REPORT)
              for p in projects if _runs(user, p) and p.state in (State.DRAFT, State.CLOSING)}
    if not wanted:
        return []
    latest = DocumentVersion.objects.filter(document=OuterRef("pk")).order_by("-major", "-minor")
    documents = {(d.project_id, d.kind): d for d in Document.objects.filter(
        project__in=list(wanted), extension_request__isnull=True,
        kind__in=[Template.Kind.DIRECTIVE, Template.Kind.FINAL_REPORT])
        .select_related("template_version")
        .annotate(latest_id=Subquery(latest.values("pk")[:1]))}
    contents = dict(DocumentVersion.objects.filter(
        pk__in=[d.latest_id for d in documents.values() if d.latest_id])
        .values_list("pk", "content"))
    fallback: dict[str, Any] = {}
    items = []
    for project, kind in wanted.values():
        document = documents.get((project.pk, kind))
        template: TemplateVersion | None
        if document is not None:
            template = document.template_version
        elif kind == Template.Kind.DIRECTIVE and project.template_version_id:
            template = project.template_version
        else:
            if kind not in fallback:
                fallback[kind] = latest_template_version(kind)
            template = fallback[kind]
        if template is None:
            continue
        values = contents.get(document.latest_id, {}) if document is not None else {}
        missing = [s["title"] for s in template.sections
                   if s.get("required") and kinds.is_empty(s["kind"], values.get(s["key"]))]
        if not missing:
            continue
        slug = "directive" if kind == Template.Kind.DIRECTIVE else "final-report"
        title = (_("Write the directive") if kind == Template.Kind.DIRECTIVE
                 else _("Write the final report"))
        items.append(_project_item(
            "sections", project, title, reverse("documents:page", args=[project.pk, slug]),
            detail=_("Required sections still empty: %(sections)s")
            % {"sections": ", ".join(missing)}, due=project.end_date))
    return items


def _requirements(user, projects: list[Project]) -> list[WorkItem]:
    # Answered in the final report, which is written while the project is closing.
    runs = {p.pk: p for p in projects if _runs(user, p) and p.state == State.CLOSING}
    open_ = defaultdict(list)
    for requirement in FinalReportRequirement.objects.filter(project__in=list(runs), answer="") \
            .order_by("id"):
        open_[requirement.project_id].append(requirement.text)
    items = []
    for pk, texts in open_.items():
        project = runs[pk]
        items.append(_project_item(
            "requirements", project, _("Answer the final-report requirements"),
            reverse("documents:page", args=[project.pk, "final-report"]),
            detail="; ".join(t[:200] for t in texts), due=project.end_date))
    return items


def _agenda(user, today: datetime.date) -> list[WorkItem]:
    committees = [c for c, r in CommitteeRole.objects.filter(user=user)
                  .values_list("committee_id", "role") if r in PREPARERS]
    if not committees:
        return []
    rows = (AgendaItem.objects.filter(meeting__committee__in=committees, meeting__date__gte=today,
                                      outcome="")
            .select_related("meeting__committee", "project__committee")
            .order_by("meeting__date", "position"))
    return [_meeting_item_work(row, "agenda", f"{row.position}. {row.heading}") for row in rows]


def _meeting_detail(meeting) -> str:
    return _("Meeting of %(committee)s on %(date)s") % {
        "committee": meeting.committee.code, "date": meeting.date.isoformat()}


def _meeting_item_work(row: AgendaItem, kind: str, title: str) -> WorkItem:
    """An agenda item waiting for someone, linked to its place on the meeting page."""
    project = row.project
    return WorkItem(
        kind=kind, title=title, detail=_meeting_detail(row.meeting),
        url=reverse("portfolio:meeting", args=[row.meeting_id]) + f"#item-{row.pk}",
        project_id=project.pk if project else None,
        case_number=project.case_number if project else row.case_number,
        project_name=project.name if project else "", due=row.meeting.date, object_id=row.pk)


def _minutes(user, today: datetime.date) -> list[WorkItem]:
    """The secretary's part of the minutes: decisions to confirm (confirming carries them out)
    and held meetings whose minutes wait to be adjusted."""
    committees = list(CommitteeRole.objects.filter(user=user, role=CommitteeRole.Role.SECRETARY)
                      .values_list("committee_id", flat=True))
    if not committees:
        return []
    adjusted = Minutes.objects.filter(state=Minutes.State.APPROVED).values("meeting_id")
    rows = (AgendaItem.objects.filter(meeting__committee__in=committees,
                                      decided_paragraph__isnull=False, confirmed_at__isnull=True)
            .exclude(meeting__in=adjusted)
            .select_related("meeting__committee", "project__committee")
            .order_by("meeting__date", "position"))
    items = [_meeting_item_work(row, "confirm", f"§ {row.decided_paragraph} {row.heading}")
             for row in rows]
    meetings = (Meeting.objects.filter(committee__in=committees, date__lte=today)
                .exclude(pk__in=adjusted).filter(items__isnull=False).distinct()
                .select_related("committee").order_by("date"))
    for meeting in meetings:
        items.append(WorkItem(
            kind="adjust", title=str(meeting), detail=_meeting_detail(meeting),
            url=reverse("portfolio:minutes", args=[meeting.pk]), project_id=None,
            case_number="", project_name="", due=meeting.date, object_id=meeting.pk))
    return items
