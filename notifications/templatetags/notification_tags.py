from django import template

from notifications.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The header's count: one query, and only on pages that show the header signed in."""
    request = context.get("request")
    return unread_count(getattr(request, "user", None))
