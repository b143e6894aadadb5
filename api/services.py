"""API-side services: feed tokens for intranet systems (who opened the feed to which system,
and who closed it). They live with the token model in `api`; portfolio never depends on api."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api import tokens
from api.models import FeedToken
from portfolio import permissions
from portfolio.errors import NotAllowed
from portfolio.services.audit import record_event


def _require(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed(_("Only administrators issue and revoke feed tokens."))


@transaction.atomic
def create_feed_token(*, name: str, by) -> FeedToken:
    _require(permissions.can_issue_feed_token(by))
    token = FeedToken(name=(name or "").strip())
    token.full_clean()
    token.save()
    # The key itself stays out of the audit trail: the trail is read more widely than tokens.
    record_event(actor=by, action="feed_token.created", obj=token, summary=token.name,
                 changes={"name": [None, token.name]})
    return token


@transaction.atomic
def revoke_feed_token(*, token: FeedToken, by) -> FeedToken:
    _require(permissions.can_revoke_feed_token(by))
    token = FeedToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    # This process stops accepting it at once (and again after the commit, in case a request
    # read the old row meanwhile); other workers when their memory of it expires
    # (api.tokens: FEED_TOKEN_CACHE_SECONDS).
    key = token.key
    tokens.forget(key)
    transaction.on_commit(lambda: tokens.forget(key))
    record_event(actor=by, action="feed_token.revoked", obj=token, summary=token.name,
                 changes={"revoked_at": [None, token.revoked_at]})
    return token
