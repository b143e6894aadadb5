"""Domain errors raised by services; pages and the API translate them to messages and codes."""


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
