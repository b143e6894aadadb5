"""Reads of the committee's record (issue #11): cases, minutes and the notice board.
Who may read follows portfolio.permissions; writes are in services.cases and .minutes."""

from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, Http404

from portfolio import permissions
from portfolio.models import AgendaItem, Case, CaseDocument, DecisionPoint, Meeting, Minutes


def cases_readable_by(user) -> QuerySet[Case]:
    """The cases of the committees the user reads; a project's case only where its project
    is readable too (a draft is its own people's)."""
    committees = permissions.committees_readable_by(user).values("pk")
    visible = permissions.projects_visible_to(user).filter(internals_visible=True).values("pk")
    return (Case.objects.filter(committee__in=committees)
            .filter(Q(project__isnull=True) | Q(project__in=visible))
            .select_related("committee", "project"))


def case_for(user, pk) -> Case:
    try:
        return cases_readable_by(user).get(pk=pk)
    except (Case.DoesNotExist, ValueError, OverflowError) as exc:
        raise Http404 from exc


def documents_of(case: Case) -> QuerySet[CaseDocument]:
    return case.documents.order_by("dated", "id")


def decisions_of(case: Case) -> QuerySet[AgendaItem]:
    """Where the case has been on an agenda, with the decision's points."""
    return (AgendaItem.objects.filter(case=case).select_related("meeting__committee")
            .prefetch_related(_points()).order_by("meeting__date", "position"))


def _points() -> Prefetch:
    return Prefetch("points", queryset=DecisionPoint.objects.order_by("stage", "number"))


def items_with_points(meeting: Meeting) -> QuerySet[AgendaItem]:
    return (meeting.items.select_related("project", "extension_request", "tabled_from", "case")
            .prefetch_related(_points(), "case__documents").order_by("position"))


def meeting_for_minutes(user, pk) -> Meeting:
    """A meeting whose minutes the user reads: the committee's own, or anyone signed in once
    the minutes are adjusted (they are a public record)."""
    readable = Q(committee__in=permissions.committees_readable_by(user).values("pk"))
    if user.is_authenticated:
        readable |= Q(minutes__state=Minutes.State.APPROVED)
    try:
        return Meeting.objects.select_related("committee").get(readable, pk=pk)
    except (Meeting.DoesNotExist, ValueError, OverflowError) as exc:
        raise Http404 from exc


def announcements() -> QuerySet[Minutes]:
    """The notice board: adjusted minutes, the latest notice first."""
    return (Minutes.objects.filter(state=Minutes.State.APPROVED)
            .select_related("meeting__committee")
            .order_by("-notice_posted_on", "-meeting__date", "-pk"))


def paragraph_span(minutes: Minutes) -> str:
    numbers = sorted(p for p in minutes.meeting.items.values_list("decided_paragraph", flat=True)
                     if p)
    if not numbers:
        return ""
    return f"§ {numbers[0]}" if len(numbers) == 1 else f"§ {numbers[0]}–{numbers[-1]}"


def document_response(document: CaseDocument) -> FileResponse:
    extension = document.stored_name.rsplit(".", 1)[-1]
    try:
        handle = document.file.open("rb")
    except OSError as exc:  # the row survived a restore that left the media behind
        raise Http404 from exc
    response = FileResponse(handle, content_type=document.content_type,
                            as_attachment=True,
                            filename=f"{document.case.number.replace('/', '-')}-"
                                     f"{document.pk}.{extension}")
    response["X-Content-Type-Options"] = "nosniff"
    return response
