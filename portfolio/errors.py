"""Domain errors raised by services, and the one mapping from them to HTTP status codes that
pages and the API share (a refusal is 403, a state conflict 409, bad input 400)."""

from django.core.exceptions import ValidationError


class DomainError(Exception):
    code = "error"

    def __init__(self, detail: str, *, code: str | None = None):
        super().__init__(detail)
        self.detail = detail
        if code:
            self.code = code


class NotAllowed(DomainError):
    """The user's role does not allow this (HTTP 403)."""

    code = "permission_denied"


class StateConflict(DomainError):
    """Valid request, but not allowed in the object's current state (HTTP 409)."""

    code = "invalid_state"

    def __init__(self, detail: str, *, code: str | None = None, failing_items=None):
        super().__init__(detail, code=code)
        self.failing_items = list(failing_items or [])


def describe(exc) -> str:
    """One line for a page's message: the detail and failing items of a domain error, or the
    field messages of a validation error."""
    if isinstance(exc, DomainError):
        text = exc.detail
        for item in getattr(exc, "failing_items", []) or []:
            text += f"\n• {item.get('text') or item.get('field')}"
        return text
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    return " ".join(exc.messages)


class PreconditionFailed(DomainError):
    """The writer's version is no longer the current one (HTTP 412): someone saved in between."""

    code = "precondition_failed"
# What a page or API view catches around a service call: every refusal a service makes.
REFUSALS = (DomainError, ValidationError)


def status_for(exc) -> int:
    """The HTTP status of a refusal, the same for pages and the API."""
    if isinstance(exc, NotAllowed):
        return 403
    if isinstance(exc, PreconditionFailed):
        return 412
    if isinstance(exc, DomainError):
        return 409
    if isinstance(exc, ValidationError):
        return 400
    raise TypeError(f"{type(exc).__name__} is not a domain refusal")
