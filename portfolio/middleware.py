"""Responses that must never sit in a browser's or a proxy's cache."""

NO_STORE_TYPES = ("application/json", "application/pdf", "text/csv",
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on API answers and documents (PDF, exports): they hold
    case data for one signed-in person, and a shared computer or proxy must not keep them.
    A view that chose its own caching (the feed's ``no-cache`` for ETag polling) keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" in response:
            return response
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if (content_type in NO_STORE_TYPES or request.path.startswith("/api/v")
                or "attachment" in response.get("Content-Disposition", "")):
            response["Cache-Control"] = "no-store"
        return response
