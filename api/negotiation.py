"""Content negotiation for the endpoints that answer with a file (PDF, Atom) rather than
through a DRF renderer.

No renderer offers ``application/pdf``, so DRF's negotiation refused ``Accept:
application/pdf`` with 406 while ``application/json`` got the PDF. These endpoints accept
what they produce (and ``*/*``, ``application/*``), and JSON, the format of their error bodies
(clients that always send it got the file before); anything else is 406.
"""

from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.utils.mediatypes import _MediaType


class FileNegotiation(DefaultContentNegotiation):
    produces: tuple[str, ...] = ()

    def select_renderer(self, request, renderers, format_suffix=None):
        offered = [_MediaType(media) for media in (*self.produces, "application/json")]
        for accepted in self.get_accept_list(request):
            wanted = _MediaType(accepted)
            if wanted.params.get("q") in ("0", "0.0", "0.00", "0.000"):
                continue
            if any(wanted.match(media) for media in offered):
                # The renderer only ever renders an error body (JSON); the file itself is an
                # HttpResponse with its own content type.
                return renderers[0], renderers[0].media_type
        raise NotAcceptable(available_renderers=[renderers[0]])


class PdfNegotiation(FileNegotiation):
    produces = ("application/pdf",)


class AtomNegotiation(FileNegotiation):
    produces = ("application/atom+xml", "application/xml", "text/xml")
