# The part of django-fsm-2 this project uses; the package ships no type information.
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import models

_F = TypeVar("_F", bound=Callable[..., Any])

class TransitionNotAllowed(Exception): ...
class ConcurrentTransition(Exception): ...

class FSMField(models.CharField[str, str]):
    def __init__(self, *args: Any, protected: bool = ..., **kwargs: Any) -> None: ...

class ConcurrentTransitionMixin: ...

def transition(
    field: Any,
    source: str | Sequence[str] = ...,
    target: str | None = ...,
    on_error: str | None = ...,
    conditions: Sequence[Callable[..., bool]] = ...,
    permission: str | Callable[..., bool] | None = ...,
    custom: dict[str, Any] = ...,
) -> Callable[[_F], _F]: ...
def can_proceed(bound_method: Callable[..., Any], check_conditions: bool = ...) -> bool: ...
def has_transition_perm(bound_method: Callable[..., Any], user: Any) -> bool: ...

# Anything else of django-fsm-2 is untyped rather than missing.
def __getattr__(name: str) -> Any: ...
