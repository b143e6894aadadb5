"""Read-only feed tokens: ``Authorization: Token <key>`` with a key from FeedToken opens the
feed views (and only those: no other view lists this authentication class).

An intranet polls: the same key arrives many times a second. Each process keeps the tokens it
has seen for ``FEED_TOKEN_CACHE_SECONDS`` (default 5) by the key's hash, so a poll costs no
token query and no write; ``last_used_at`` is written at most once a minute per token and
process. Revoking (api.services.revoke_feed_token) takes effect at once in the process that
revokes and within ``FEED_TOKEN_CACHE_SECONDS`` in every other worker process.
"""

import hashlib
import threading
import time

from django.conf import settings
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from api.models import FeedToken


class FeedClient:
    """The 'user' of a feed token: authenticated for the feeds, nobody anywhere else."""

    is_authenticated = True
    is_anonymous = False
    is_superuser = False
    is_staff = False
    pk = id = None

    def __init__(self, token: FeedToken):
        self.token = token
        self.token_id = token.pk
        self.username = f"feed:{token.name}"

    def has_perm(self, *args, **kwargs):
        return False


class FeedTokenAuthentication(BaseAuthentication):
    keyword = b"token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if len(parts) != 2 or parts[0].lower() != self.keyword:
            return None
        key = parts[1].decode("latin-1", errors="replace")
        token = lookup(key)
        if token is None:
            return None  # maybe a user's token: the next authenticator decides
        if not token.active:
            raise AuthenticationFailed("This feed token has been revoked.")
        _note_use(token)
        return FeedClient(token), token

    def authenticate_header(self, request):
        return "Token"


LAST_USED_RESOLUTION = 60.0  # seconds: "last used" is for people deciding what to revoke
_MAX_REMEMBERED = 10_000
_lock = threading.Lock()
_seen: dict[str, tuple[float, FeedToken]] = {}  # key's hash -> (valid until, token)
_noted: dict[str, float] = {}  # key's hash -> when this process last wrote last_used_at


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", errors="replace")).hexdigest()


def lookup(key: str) -> FeedToken | None:
    """The feed token with this key (revoked or not), or None: from this process's memory when
    it looked it up less than FEED_TOKEN_CACHE_SECONDS ago. Unknown keys are not remembered (a
    stream of made-up keys must not fill the memory; they cost the query they always did)."""
    digest, now = _digest(key), time.monotonic()
    entry = _seen.get(digest)
    if entry is not None and entry[0] > now:
        return entry[1]
    token = FeedToken.objects.filter(key=key).first()
    if token is not None:
        with _lock:
            if len(_seen) >= _MAX_REMEMBERED:
                _seen.clear()
            _seen[digest] = (now + settings.FEED_TOKEN_CACHE_SECONDS, token)
    return token


def forget(key: str) -> None:
    """Drop a token from this process's memory (on revoke): the next request reads it anew."""
    with _lock:
        _seen.pop(_digest(key), None)


def _note_use(token: FeedToken) -> None:
    now, digest = time.monotonic(), _digest(token.key)
    last = _noted.get(digest)
    if last is not None and now - last < LAST_USED_RESOLUTION:
        return
    with _lock:
        if len(_noted) >= _MAX_REMEMBERED:
            _noted.clear()
        _noted[digest] = now
    FeedToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())


class FeedTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.tokens.FeedTokenAuthentication"
    name = "feedToken"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "Read-only feed token: `Token <key>` (created in the admin)."}
