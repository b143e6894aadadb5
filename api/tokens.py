"""Read-only feed tokens: ``Authorization: Token <key>`` with a key from FeedToken opens the
feed views (and only those: no other view lists this authentication class)."""

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
        token = FeedToken.objects.filter(key=key).first()
        if token is None:
            return None  # maybe a user's token: the next authenticator decides
        if not token.active:
            raise AuthenticationFailed("This feed token has been revoked.")
        FeedToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return FeedClient(token), token

    def authenticate_header(self, request):
        return "Token"


class FeedTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.tokens.FeedTokenAuthentication"
    name = "feedToken"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "Read-only feed token: `Token <key>` (created in the admin)."}
