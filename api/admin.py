from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from api.models import FeedToken


@admin.register(FeedToken)
class FeedTokenAdmin(admin.ModelAdmin):
    """Create a token for an intranet system here; revoke it when the system is retired.
    Users' own API tokens are under "Auth Token" (Django REST framework)."""

    list_display = ["name", "key", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["key", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            token.revoke()
        messages.success(request, _("Revoked."))

    def has_delete_permission(self, request, obj=None):
        return False  # revoked tokens stay, so it is known which system had access
