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


def _database_hits(store: DatabaseCache, rows: list[tuple[str, float]], *,
                   alongside: str = "") -> tuple[dict[str, int], tuple | None]:
    """One UPSERT on the cache table for all ``(key, window end)`` rows: a counter starts at 1
    (a new key, or a row left from an earlier window: it expires before this one ends) or goes
    up by 1, and is read back. One row per key, reused window after window. The value is a
    plain number, not the pickled value ``DatabaseCache.get`` reads: these keys are only ever
    read here.

    ``alongside``, a SELECT of one row without parameters, rides in the same statement on
    PostgreSQL (the UPSERT as a CTE): the caller's own read costs no round trip of its own.
    Returns the counts by key and that row (None without ``alongside``)."""
    db = router.db_for_write(store.cache_model_class)
    connection = connections[db]
    table = connection.ops.quote_name(store.cache_model_class._meta.db_table)
    adapt = connection.ops.adapt_datetimefield_value
    values = ", ".join(["(%s, '1', %s)"] * len(rows))
    params: list = []
    for key, ends in rows:
        params += [key, adapt(_expiry(ends))]
    upsert = (
        f"INSERT INTO {table} (cache_key, value, expires) VALUES {values} "
        f"ON CONFLICT (cache_key) DO UPDATE SET "
        f"value = CASE WHEN {table}.expires < excluded.expires THEN '1' "
        f"ELSE CAST(CAST({table}.value AS INTEGER) + 1 AS TEXT) END, "
        f"expires = CASE WHEN {table}.expires < excluded.expires THEN excluded.expires "
        f"ELSE {table}.expires END RETURNING cache_key, value")
    if alongside:
        # Every UPSERT row comes back (ON CONFLICT DO UPDATE returns each one), so the cross
        # join always carries the row. The SELECT sees the statement's snapshot, as it would
        # on its own.
        upsert = (f"WITH counted AS ({upsert}) SELECT counted.cache_key, counted.value, "
                  f"alongside.* FROM counted CROSS JOIN ({alongside}) AS alongside")
    with _prepared_cursor(connection) as cursor:
        cursor.execute(upsert, params)
        fetched = cursor.fetchall()
    counts = {row[0]: int(row[1]) for row in fetched}
    return counts, (tuple(fetched[0][2:]) if alongside else None)


def _prepared_cursor(connection):
    """A cursor whose statements PostgreSQL prepares once per connection (psycopg 3 with
    server-side binding, after OPTIONS' ``prepare_threshold`` runs): the counters' statement is
    the same text on every request, and planning it cost more than running it. Elsewhere, and
    with ``prepare_threshold`` unset (poolers in transaction mode), Django's usual cursor."""
    if connection.vendor != "postgresql" \
            or connection.settings_dict["OPTIONS"].get("prepare_threshold") is None:
        return connection.cursor()
    # Here, not at the top: the backend's module needs psycopg, which SQLite setups may lack.
    from django.db.backends.postgresql.base import (  # noqa: PLC0415
        ServerBindingCursor,
        is_psycopg3,
    )

    if not is_psycopg3:
        return connection.cursor()
    # What connection.cursor() does before it makes its cursor.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = ServerBindingCursor(connection.connection)
    return (connection.make_debug_cursor(raw) if connection.queries_logged
            else connection.make_cursor(raw))


def hits(counters: list[tuple[str, int]], *, now: float) -> list[tuple[int, float]]:
    """Count one request for each ``(key, window in seconds)``; returns, in the same order, the
    count so far in the current window and the time that window ends. On the database cache
    all of them in one statement."""
    windows = [int(now // window) * window for _, window in counters]
    ends = [float(start + window) for start, (_, window) in zip(windows, counters, strict=True)]
    cache = caches["default"]
    if isinstance(cache, DatabaseCache):
        keys = [cache.make_and_validate_key(f"{key}:n") for key, _ in counters]
        if len(set(keys)) == len(keys):  # one statement may not update a row twice
            counted, _ = _database_hits(cache, list(zip(keys, ends, strict=True)))
            return [(counted[key], end) for key, end in zip(keys, ends, strict=True)]
        return [(_database_hits(cache, [(key, end)])[0][key], end)
                for key, end in zip(keys, ends, strict=True)]
    results = []
    for (key, window), start, end in zip(counters, windows, ends, strict=True):
        full_key = f"{key}:{start}"
        # Redis (INCR) and the in-process cache increment atomically; add() only starts a
        # counter nobody started yet. The timeout outlives the window a little, for slow clocks.
        cache.add(full_key, 0, timeout=window + 5)
        try:
            count = cache.incr(full_key)
        except ValueError:  # expired between add() and incr()
            cache.add(full_key, 0, timeout=window + 5)
            count = cache.incr(full_key)
        results.append((count, end))
    return results


def hits_and_select(counters: list[tuple[str, int]], *, now: float, alongside: str,
                    using: str) -> tuple[list[tuple[int, float]], tuple]:
    """``hits`` and the one row of ``alongside`` (a SELECT without parameters on the database
    ``using``): in one statement when the counters live in that same PostgreSQL database,
    otherwise the SELECT after the count (SQLite has no INSERT in a CTE, and is in-process:
    a second statement costs no round trip there)."""
    cache = caches["default"]
    if isinstance(cache, DatabaseCache) and connections[using].vendor == "postgresql" \
            and router.db_for_write(cache.cache_model_class) == using:
        windows = [int(now // window) * window for _, window in counters]
        ends = [float(start + window) for start, (_, window) in zip(windows, counters,
                                                                     strict=True)]
        keys = [cache.make_and_validate_key(f"{key}:n") for key, _ in counters]
        if len(set(keys)) == len(keys):
            counted, row = _database_hits(cache, list(zip(keys, ends, strict=True)),
                                          alongside=alongside)
            if row is not None:
                return [(counted[key], end) for key, end in zip(keys, ends, strict=True)], row
    results = hits(counters, now=now)
    with connections[using].cursor() as cursor:
        cursor.execute(alongside)
        return results, tuple(cursor.fetchone())


def hit(key: str, *, window: int, now: float) -> tuple[int, float]:
    """Count one request for ``key`` in the current ``window`` (seconds)."""
    return hits([(key, window)], now=now)[0]


class CounterThrottle(SimpleRateThrottle):
    """A DRF throttle with ``hit`` instead of the history list: same rates (``THROTTLE_*``),
    same keys, ``wait()`` is the time until the window ends."""

    window_ends: float = 0.0
    now: float = 0.0
    # Set by SimpleRateThrottle.__init__ from the rate (the stubs do not declare them).
    duration: int
    num_requests: int
    # check_throttles_at_once: only find the key here, the view counts them all in one go.
    deferred = False
    pending: str | None = None

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        if self.deferred:
            self.pending = self.key
            return True
        count, self.window_ends = hit(self.key, window=self.duration, now=self.now)
        return count <= self.num_requests

    def wait(self) -> float:
        return max(1.0, self.window_ends - self.now)


def check_throttles_at_once(view, request, *, alongside: str = "",
                            using: str = "default") -> tuple | None:
    """``APIView.check_throttles`` with every counter of the view in one statement (the
    feed's token has two buckets: its user bucket and the feed scope's). With ``alongside``
    (see ``hits_and_select``) returns its row when a counter was counted, else None."""
    row: tuple | None = None
    waits: list[float | None] = []
    counted: list[CounterThrottle] = []
    for throttle in view.get_throttles():
        if isinstance(throttle, CounterThrottle):
            throttle.deferred = True
        if not throttle.allow_request(request, view):
            waits.append(throttle.wait())
        elif isinstance(throttle, CounterThrottle) and throttle.pending is not None:
            counted.append(throttle)
    if counted:
        now = counted[0].timer()
        buckets = [(t.pending or "", t.duration) for t in counted]
        if alongside:
            results, row = hits_and_select(buckets, now=now, alongside=alongside, using=using)
        else:
            results = hits(buckets, now=now)
        for throttle, (count, ends) in zip(counted, results, strict=True):
            throttle.now, throttle.window_ends = now, ends
            if count > throttle.num_requests:
                waits.append(throttle.wait())
    if waits:
        known = [wait for wait in waits if wait is not None]
        view.throttled(request, max(known, default=None))
    return row


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
