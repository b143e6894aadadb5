"""Throttling: request counters in the shared cache, and the page PDFs throttled with the
API's ``pdf`` rate.

DRF's ``SimpleRateThrottle`` keeps each client's history (a list of times) in the cache: a read
and a write of the whole list on every request, which on the database cache is about nine
statements per throttle and a list that grows with the rate. ``CounterThrottle`` counts instead:
one atomic increment per request (``hit``) in a fixed window of the rate's length — one UPSERT
on the database cache, one ``INCR`` on Redis. A client gets at most ``num_requests`` in each
window, also when its requests arrive at the same time in several workers (the increment is
atomic in the database or Redis). Unlike the sliding history, a client may use one window's
allowance at its end and the next one's at the start of the next.

The page PDFs (each one a wkhtmltopdf process) get the API's ``pdf`` rate, in the same bucket
as the API's PDFs, so a person has one PDF budget however they ask."""

import datetime
import functools

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.http import HttpResponse
from django.utils.translation import gettext as _
from rest_framework.throttling import (
    AnonRateThrottle,
    ScopedRateThrottle,
    SimpleRateThrottle,
    UserRateThrottle,
)


def _expiry(at: float) -> datetime.datetime:
    if settings.USE_TZ:
        return datetime.datetime.fromtimestamp(at, tz=datetime.UTC)
    return datetime.datetime.fromtimestamp(at)


def _database_hit(store: DatabaseCache, key: str, starts_at: float, expires_at: float) -> int:
    """One UPSERT on the cache table: the counter starts at 1 (a new key, or a row left from an
    earlier window) or goes up by 1, and is read back. One row per key, reused window after
    window. The value is a plain number, not the pickled value ``DatabaseCache.get`` reads:
    these keys are only ever read here."""
    db = router.db_for_write(store.cache_model_class)
    connection = connections[db]
    table = connection.ops.quote_name(store.cache_model_class._meta.db_table)
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, '1', %s) "
            f"ON CONFLICT (cache_key) DO UPDATE SET "
            f"value = CASE WHEN {table}.expires <= %s THEN '1' "
            f"ELSE CAST(CAST({table}.value AS INTEGER) + 1 AS TEXT) END, "
            f"expires = CASE WHEN {table}.expires <= %s THEN excluded.expires "
            f"ELSE {table}.expires END RETURNING value",
            [key, adapt(_expiry(expires_at)), adapt(_expiry(starts_at)),
             adapt(_expiry(starts_at))])
        return int(cursor.fetchone()[0])


def hit(key: str, *, window: int, now: float) -> tuple[int, float]:
    """Count one request for ``key`` in the current ``window`` (seconds); returns the count so
    far in this window and the time the window ends."""
    start = int(now // window) * window
    ends = float(start + window)
    cache = caches["default"]
    if isinstance(cache, DatabaseCache):
        return _database_hit(cache, cache.make_and_validate_key(f"{key}:n"), start, ends), ends
    full_key = f"{key}:{start}"
    # Redis (INCR) and the in-process cache increment atomically; add() only starts a counter
    # nobody started yet. The timeout outlives the window a little, for slow clocks.
    cache.add(full_key, 0, timeout=window + 5)
    try:
        return cache.incr(full_key), ends
    except ValueError:  # expired between add() and incr()
        cache.add(full_key, 0, timeout=window + 5)
        return cache.incr(full_key), ends


class CounterThrottle(SimpleRateThrottle):
    """A DRF throttle with ``hit`` instead of the history list: same rates (``THROTTLE_*``),
    same keys, ``wait()`` is the time until the window ends."""

    window_ends: float = 0.0
    # Set by SimpleRateThrottle.__init__ from the rate (the stubs do not declare them).
    duration: int
    num_requests: int

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        count, self.window_ends = hit(self.key, window=self.duration, now=self.now)
        return count <= self.num_requests

    def wait(self) -> float:
        return max(1.0, self.window_ends - self.now)


# The API's throttles (settings: DEFAULT_THROTTLE_CLASSES) with the counter. DRF's class comes
# first: ScopedRateThrottle picks the view's scope in allow_request before counting.
class AnonCounterThrottle(AnonRateThrottle, CounterThrottle):
    pass


class UserCounterThrottle(UserRateThrottle, CounterThrottle):
    pass


class ScopedCounterThrottle(ScopedRateThrottle, CounterThrottle):
    pass


class PagePdfThrottle(CounterThrottle):
    scope = "pdf"
    # ScopedRateThrottle's key (user id, else the address): the API's PDF bucket.
    get_cache_key = ScopedRateThrottle.get_cache_key


def throttle_pdf(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        throttle = PagePdfThrottle()
        if not throttle.allow_request(request, None):
            wait = int(throttle.wait() or 1)
            response = HttpResponse(
                _("Too many PDFs in a short time. Try again in %(s)s seconds.") % {"s": wait},
                status=429, content_type="text/plain; charset=utf-8")
            response["Retry-After"] = str(wait)
            return response
        return view(request, *args, **kwargs)

    return wrapped
