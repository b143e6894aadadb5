"""The committee's meeting documents as print HTML: the agenda (kallelse/föredragningslista)
and a minutes extract (protokollsutdrag). ``directives.http.pdf_response`` makes the PDF."""

from django.template.loader import render_to_string

from portfolio.models import AgendaItem, Meeting


def agenda_html(meeting: Meeting) -> str:
    """Kallelse/föredragningslista, like the GNS agenda of 2019-06-03."""
    return render_to_string("print/agenda.html", {
        "meeting": meeting, "items": meeting.items.select_related("project").order_by("position")})


def minutes_extract_html(item: AgendaItem) -> str:
    """Protokollsutdrag: one decided agenda item."""
    return render_to_string("print/minutes_extract.html", {"meeting": item.meeting, "item": item})
