from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy

from api import services as feed_tokens
from api.models import FeedToken
from portfolio.admin import ServiceAdmin
from portfolio.services import accounts


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


class ApiTokenAdmin(ServiceAdmin, TokenAdmin):
    """Users' own API tokens. Whoever holds one acts as its user, so issuing and revoking go
    through the accounts service, which records who did it for whom (never the key). A token
    is never moved to another user: revoke it and issue a new one."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return super(ServiceAdmin, self).has_delete_permission(request, obj)

    def write(self, request, form, change):
        token = accounts.create_api_token(user=form.cleaned_data["user"], by=request.user)
        return TokenProxy.objects.get(key=token.key)

    def delete_model(self, request, obj):
        accounts.revoke_api_token(token=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for token in queryset:
            accounts.revoke_api_token(token=token, by=request.user)


if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)
admin.site.register(TokenProxy, ApiTokenAdmin)
