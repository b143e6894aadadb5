"""PDF responses for pages and the API alike, next to the renderer they wrap."""

from django.http import HttpResponse

from directives.pdf import PdfEngineMissing, PdfRenderError, render_pdf


def pdf_response(html: str, filename: str) -> HttpResponse:
    """The rendered PDF inline; a missing engine is a 503 (the service is down, not the
    request wrong) and a failed render a 500, both as plain text a person can read."""
    try:
        pdf = render_pdf(html)
    except PdfEngineMissing as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    except PdfRenderError as exc:
        return HttpResponse(str(exc), status=500, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
