"""The public projection of the portfolio: which projects and which of their fields may leave
through the intranet feeds. The JSON feed (api/feed.py) and the Atom feed (api/atom.py) both
ask here, so the two cannot disagree about what is public.
"""

from django.db.models import QuerySet

from portfolio.lifecycle import State
from portfolio.models import Project
from portfolio.services.projects import FEED_OPTIONAL_FIELDS
from portfolio.validators import xml_safe

# The fields a project may keep out of the feeds (Project.feed_hidden_fields); the dates are
# hidden one by one in the JSON feed, and any of them hides the dates in Atom titles.
HIDEABLE = FEED_OPTIONAL_FIELDS
DATE_FIELDS = ("start_date", "planned_end_date", "end_date")


def public_projects(queryset: QuerySet | None = None) -> QuerySet:
    """Projects that are public and past the draft (a draft is nobody's news yet)."""
    queryset = Project.objects.all() if queryset is None else queryset
    return queryset.filter(is_public=True).exclude(state=State.DRAFT)


def public_project_filter(prefix: str = "project__") -> dict:
    """The same condition for querysets of things that belong to a project."""
    return {f"{prefix}is_public": True}


def is_public(project) -> bool:
    return bool(project.is_public) and project.state != State.DRAFT


def hidden(project_or_row) -> frozenset:
    fields = (project_or_row.get("feed_hidden_fields") if isinstance(project_or_row, dict)
              else project_or_row.feed_hidden_fields)
    return frozenset(field for field in (fields or []) if field in HIDEABLE)


def project_item(item: dict, hidden_fields) -> dict:
    """A feed item without the fields the project keeps out: absent, not null."""
    return {key: value for key, value in item.items() if key not in hidden_fields}


def shows_decisions(hidden_fields) -> bool:
    """Decisions are the project's latest_decision field: hidden there, hidden in Atom too."""
    return "latest_decision" not in hidden_fields


def shows_dates(hidden_fields) -> bool:
    return not any(field in hidden_fields for field in DATE_FIELDS)


def shows_budget(hidden_fields) -> bool:
    return "budget" not in hidden_fields


def text(value) -> str:
    """Stored text as it may go out: without characters XML cannot carry (rows saved before
    input was checked must not take a whole feed down)."""
    return xml_safe(value or "")
