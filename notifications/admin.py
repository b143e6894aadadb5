"""Notifications in the admin, for support: what was sent to whom and when. Read-only —
notifications come from the audit trail and people set their own preferences."""

from django.contrib import admin

from notifications.models import Notification, NotificationPreference
from portfolio.admin import ReadOnlyAdmin


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "project", "read_at", "mailed_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient", "project"]
    search_fields = ["recipient__username"]
    date_hierarchy = "created_at"


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdmin):
    list_display = ["user", "delivery", "language", "last_digest_on"]
    list_select_related = ["user"]
