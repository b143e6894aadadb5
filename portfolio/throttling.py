"""Throttling outside DRF: the page PDFs (each one a wkhtmltopdf process) get the API's ``pdf``
rate, in the same bucket as the API's PDFs, so a person has one PDF budget however they ask."""

import functools

from django.http import HttpResponse
from django.utils.translation import gettext as _
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle


class PagePdfThrottle(SimpleRateThrottle):
    scope = "pdf"
    # ScopedRateThrottle's key (user id, else the address): the API's PDF bucket.
    get_cache_key = ScopedRateThrottle.get_cache_key


def throttle_pdf(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        throttle = PagePdfThrottle()
        if not throttle.allow_request(request, None):
            wait = int(throttle.wait() or 1)
            response = HttpResponse(
                _("Too many PDFs in a short time. Try again in %(s)s seconds.") % {"s": wait},
                status=429, content_type="text/plain; charset=utf-8")
            response["Retry-After"] = str(wait)
            return response
        return view(request, *args, **kwargs)

    return wrapped
