"""The committee's meeting documents as print HTML: the agenda (kallelse/föredragningslista),
the minutes (protokoll) and a minutes extract (protokollsutdrag).
``directives.http.pdf_response`` makes the PDF."""

from django.template.loader import render_to_string

from portfolio import record
from portfolio.models import AgendaItem, Attendance, DecisionPoint, Meeting, Minutes


def _with_points(meeting: Meeting) -> list[AgendaItem]:
    items = list(record.items_with_points(meeting))
    for item in items:
        points = list(item.points.all())
        # The template's two lists; set as attributes so it reads them like fields.
        setattr(item, "proposal", [p for p in points if p.stage == DecisionPoint.Stage.PROPOSAL])  # noqa: B010
        setattr(item, "decision", [p for p in points if p.stage == DecisionPoint.Stage.DECISION])  # noqa: B010
    return items


def agenda_html(meeting: Meeting) -> str:
    """Kallelse/föredragningslista, like the GNS agenda of 2019-06-03: who is summoned
    (members and substitutes), then each item's description, proposal and documents."""
    summoned = list(Attendance.objects.filter(minutes__meeting=meeting).select_related("party"))
    return render_to_string("print/agenda.html", {
        "meeting": meeting, "items": _with_points(meeting),
        "members": [a for a in summoned if a.role == Attendance.Role.MEMBER],
        "substitutes": [a for a in summoned if a.role == Attendance.Role.SUBSTITUTE]})


def minutes_html(minutes: Minutes) -> str:
    """The full protokoll: attendance, chair, secretary, adjusters, every § in agenda order
    with its decision points, and once adjusted the notice (anslag/bevis)."""
    meeting = minutes.meeting
    return render_to_string("print/minutes.html", {
        "meeting": meeting, "minutes": minutes, "items": _with_points(meeting),
        "paragraphs": record.paragraph_span(minutes),
        "attendance": minutes.attendance.select_related("party")})


def minutes_extract_html(item: AgendaItem) -> str:
    """Protokollsutdrag: one decided agenda item."""
    minutes = Minutes.objects.filter(meeting=item.meeting_id).first()
    return render_to_string("print/minutes_extract.html", {
        "meeting": item.meeting, "item": item, "minutes": minutes,
        "approved": minutes is not None and minutes.is_approved,
        "decision_points": item.points.filter(stage=DecisionPoint.Stage.DECISION)})
