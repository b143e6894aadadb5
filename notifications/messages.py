"""The texts of notifications, rendered in the reader's language from the stored values."""

from typing import Any

from django.utils.translation import gettext as _

from notifications.models import Notification
from portfolio.lifecycle import Outcome

Kind = Notification.Kind


def _decision(params: dict[str, Any]) -> str:
    what = params.get("what")
    if what == "gate":
        try:
            outcome = str(Outcome(str(params.get("outcome"))).label)
        except ValueError:
            outcome = str(params.get("outcome", ""))
        return _("%(gate)s: %(outcome)s") % {"gate": params.get("gate", ""), "outcome": outcome}
    if what == "extension_approved":
        return _("extension to %(date)s granted") % {"date": params.get("date", "")}
    if what == "extension_rejected":
        return _("extension request rejected")
    if what == "extension_tabled":
        return _("extension request tabled")
    if what == "cancelled":
        return _("the project is cancelled")
    return str(params.get("summary", ""))


def render(kind: str, params: dict[str, Any]) -> str:
    values = {k: v for k, v in params.items() if isinstance(v, str | int)}
    values.setdefault("project", "")
    if kind == Kind.WAITING_GATE:
        return _("%(project)s waits for your decision on %(gate)s.") % {
            "project": values["project"], "gate": values.get("gate", "")}
    if kind == Kind.WAITING_RECOMMENDATION:
        return _("An extension request for %(project)s (to %(date)s) waits for the steering "
                 "group's recommendation.") % {"project": values["project"],
                                                "date": values.get("date", "")}
    if kind == Kind.WAITING_EXTENSION_DECISION:
        return _("An extension request for %(project)s (to %(date)s) is recommended and waits "
                 "for the committee's decision.") % {"project": values["project"],
                                                      "date": values.get("date", "")}
    if kind == Kind.DECISION:
        return _("Decision on %(project)s: %(decision)s.") % {"project": values["project"],
                                                             "decision": _decision(params)}
    if kind == Kind.AGENDA:
        return _("New item on the agenda of %(meeting)s: %(heading)s.") % {
            "meeting": values.get("meeting", ""), "heading": values.get("heading", "")}
    if kind == Kind.REQUIREMENT:
        return _("The final report of %(project)s must answer: %(text)s") % {
            "project": values["project"], "text": values.get("text", "")}
    if kind == Kind.END_DATE:
        return _("%(project)s ends on %(date)s: finish the work, or request an extension in "
                 "time.") % {"project": values["project"], "date": values.get("date", "")}
    if kind == Kind.OVERDUE_REQUIREMENT:
        return _("Overdue: the final report of %(project)s (end date %(date)s) has not answered "
                 "\"%(text)s\".") % {"project": values["project"], "date": values.get("date", ""),
                                     "text": values.get("text", "")}
    return str(params.get("summary", ""))


def subject(kind: str, params: dict[str, Any]) -> str:
    """A mail subject: the kind and the project."""
    label = str(Kind(kind).label) if kind in Kind.values else kind
    project = params.get("project")
    return f"{label}: {project}" if project else label
