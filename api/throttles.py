"""Throttles for the feed views: a feed token is its own client. Its ``FeedClient`` has no user
id, so DRF's user and scope throttles would put every token of every intranet in one bucket."""

from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle

from api.tokens import FeedClient


def _feed_token_key(throttle, request):
    if isinstance(request.user, FeedClient):
        return throttle.cache_format % {"scope": throttle.scope,
                                        "ident": f"feedtoken-{request.user.token.pk}"}
    return None


class FeedUserRateThrottle(UserRateThrottle):
    def get_cache_key(self, request, view):
        return _feed_token_key(self, request) or super().get_cache_key(request, view)


class FeedScopedRateThrottle(ScopedRateThrottle):
    def get_cache_key(self, request, view):
        return _feed_token_key(self, request) or super().get_cache_key(request, view)


FEED_THROTTLES = [AnonRateThrottle, FeedUserRateThrottle, FeedScopedRateThrottle]
