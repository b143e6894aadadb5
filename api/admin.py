from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from api import services as feed_tokens
from api.models import FeedToken
from portfolio.admin import ServiceAdmin


@admin.register(FeedToken)
class FeedTokenAdmin(ServiceAdmin):
    """Create a token for an intranet system here; revoke it when the system is retired.
    Users' own API tokens are under "Auth Token" (Django REST framework). Issuing and revoking
    are audited; a token is never edited or deleted, so it stays known which system had
    access."""

    list_display = ["name", "key", "created_at", "last_used_at", "revoked_at"]
    fields = ["name", "key", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["key", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_change_permission(self, request, obj=None):
        return False

    def write(self, request, form, change):
        return feed_tokens.create_feed_token(name=form.cleaned_data["name"], by=request.user)

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            feed_tokens.revoke_feed_token(token=token, by=request.user)
        messages.success(request, _("Revoked."))
