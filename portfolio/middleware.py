"""Responses that must never sit in a browser's or a proxy's cache; the API's language."""

from django.utils import translation

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


class ApiLanguageMiddleware:
    """The API's messages in the language the client asks for (``Accept-Language``).

    LocaleMiddleware serves every path without a language prefix in the default language
    (``prefix_default_language=False``), so ``/api/…`` would answer in Swedish whatever the
    client asked. The API has no prefix, so here the header (or the language cookie) decides;
    without either it stays Swedish. Placed right after LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        language = translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
