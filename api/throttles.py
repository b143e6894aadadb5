"""Throttles for the feed views: a feed token is its own client. Its ``FeedClient`` has no user
id, so DRF's user and scope throttles would put every token of every intranet in one bucket.
They count with one atomic increment per request (portfolio/throttling.py)."""

from api.tokens import FeedClient
from portfolio.throttling import AnonCounterThrottle, ScopedCounterThrottle, UserCounterThrottle


def _feed_token_key(throttle, request):
    if isinstance(request.user, FeedClient):
        return throttle.cache_format % {"scope": throttle.scope,
                                        "ident": f"feedtoken-{request.user.token_id}"}
    return None


class FeedUserRateThrottle(UserCounterThrottle):
    def get_cache_key(self, request, view):
        return _feed_token_key(self, request) or super().get_cache_key(request, view)


class FeedScopedRateThrottle(ScopedCounterThrottle):
    def get_cache_key(self, request, view):
        return _feed_token_key(self, request) or super().get_cache_key(request, view)


FEED_THROTTLES = [AnonCounterThrottle, FeedUserRateThrottle, FeedScopedRateThrottle]
