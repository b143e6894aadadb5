"""One error format for the whole API (API.md, Conventions)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from portfolio.errors import REFUSALS, status_for
from portfolio.models import AuditTrailIsAppendOnly


def _validation_body(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for e in errors for m in e.messages]
                for field, errors in exc.error_dict.items()}
    return {"non_field_errors": [str(m) for m in exc.messages]}


def exception_handler(exc, context):
    if isinstance(exc, REFUSALS):
        if isinstance(exc, DjangoValidationError):
            body = _validation_body(exc)
        else:
            body = {"detail": exc.detail, "code": exc.code}
            if getattr(exc, "failing_items", None):
                body["failing_items"] = exc.failing_items
        return Response(body, status=status_for(exc))
    if isinstance(exc, AuditTrailIsAppendOnly):
        return Response({"detail": str(exc), "code": "append_only"},
                        status=status.HTTP_405_METHOD_NOT_ALLOWED)
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" in response.data:
        code = getattr(exc, "default_code", None)
        if hasattr(exc, "get_codes"):
            codes = exc.get_codes()
            code = codes if isinstance(codes, str) else code
        response.data.setdefault("code", code)
    return response
