"""The feed near the floor (issue #12 point 6): the floor endpoint, what an unchanged page
costs in queries, and that the shortcuts keep the contract — a change shows at once, a revoked
token is refused, the throttle still counts every request."""

import datetime
import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from api import feed, tokens
from api.models import FeedToken
from api.services import revoke_feed_token
from portfolio import throttling
from portfolio.lifecycle import State
from portfolio.models import Project
from portfolio.services import projects

FEED = "/api/v1/feed/?committee=GNS&page_size=2"


@pytest.fixture(autouse=True)
def _fresh(feed_memory_cleared):
    yield


@pytest.fixture
def token(world):
    return FeedToken.objects.create(name="Intranätet")


@pytest.fixture
def reader(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def clock(monkeypatch):
    """time.monotonic as the token and page memories see it, moved by hand."""
    now = [time.monotonic()]
    monkeypatch.setattr(tokens.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(feed.time, "monotonic", lambda: now[0])
    return now


# -- The floor: GET /api/v1/ping/ ------------------------------------------------------------

@pytest.mark.parametrize("role", ["owner", "manager", "steering", "secretary", "chair",
                                  "auditor", "outsider", "other_secretary", "admin", None])
def test_ping_answers_everyone_the_same_and_shows_no_data(world, role,
                                                          django_assert_num_queries):
    world.project(State.EXECUTION, name="Hemligt namn")
    client = APIClient()
    if role:
        client.force_authenticate(getattr(world, role))
    with django_assert_num_queries(0):  # no session, no user, no cache, no data
        response = client.get("/api/v1/ping/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ping_goes_through_the_same_middleware(db):
    response = APIClient().get("/api/v1/ping/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store"


def test_ping_is_never_throttled(db, monkeypatch, settings):
    from rest_framework.throttling import SimpleRateThrottle

    settings.PUBLIC_FEED = True
    for scope in ("anon", "user", "feed"):
        monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, "0/hour")
    assert [APIClient().get("/api/v1/ping/").status_code for _ in range(3)] == [200] * 3
    assert APIClient().get("/api/v1/feed/").status_code == 429  # the rates do apply elsewhere


# -- Query counts ----------------------------------------------------------------------------

def test_an_unchanged_page_costs_two_queries(world, reader, django_assert_max_num_queries):
    for number in range(5):
        world.project(State.EXECUTION, name=f"P{number}")
    first = reader.get(FEED)  # builds the page (and looks the token up once)
    assert first.status_code == 200
    # The throttle counters (the token's user and feed buckets, one statement) and the
    # projects' signature.
    with django_assert_max_num_queries(2):
        assert reader.get(FEED, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    with django_assert_max_num_queries(2):
        again = reader.get(FEED)
    assert again.status_code == 200 and again.json() == first.json()
    assert again["ETag"] == first["ETag"] and again["Content-Type"] == "application/json"


def test_a_token_request_does_not_read_the_session(world, reader,
                                                  django_assert_max_num_queries):
    world.project(State.EXECUTION)
    reader.force_login(world.outsider)  # a session cookie too: the token decides, unread
    etag = reader.get(FEED)["ETag"]
    with django_assert_max_num_queries(2):
        assert reader.get(FEED, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_page_built_anew_costs_a_bounded_number_of_queries(world, reader,
                                                             django_assert_max_num_queries):
    for number in range(5):
        world.project(State.EXECUTION, name=f"P{number}")
    reader.get("/api/v1/ping/")
    tokens.lookup(FeedToken.objects.get().key)
    # Throttles 1, token use 1, signature 1, committee 1, count 1, rows 1, details 3.
    with django_assert_max_num_queries(10):
        assert reader.get(FEED).status_code == 200


def test_the_token_is_not_written_on_every_poll(world, reader, token, clock,
                                                django_assert_max_num_queries):
    reader.get(FEED)
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    reader.get(FEED)
    token.refresh_from_db()
    assert token.last_used_at == first_use
    clock[0] += tokens.LAST_USED_RESOLUTION + 1
    reader.get(FEED)
    token.refresh_from_db()
    assert token.last_used_at > first_use


# -- The page memory keeps the contract --------------------------------------------------------

def test_a_change_through_a_service_shows_at_once(world, reader):
    project = world.project(State.EXECUTION, name="Före")
    before = reader.get(FEED)
    assert reader.get(FEED, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304
    projects.update_project(project=project, by=world.owner, changes={"name": "Efter"})
    after = reader.get(FEED, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert after.json()["results"][0]["name"] == "Efter"
    # Without If-None-Match too: the remembered body is not served after the change.
    assert reader.get(FEED).json()["results"][0]["name"] == "Efter"


def test_a_new_project_shows_at_once(world, reader):
    world.project(State.EXECUTION, name="Ett")
    assert reader.get(FEED).json()["count"] == 1
    world.project(State.EXECUTION, name="Två")
    assert reader.get(FEED).json()["count"] == 2


def test_a_change_behind_the_services_back_shows_within_the_bound(world, reader, clock,
                                                                  settings):
    settings.FEED_PAGE_CACHE_SECONDS = 30
    project = world.project(State.EXECUTION, name="Före")
    etag = reader.get(FEED)["ETag"]
    # A raw update that leaves updated_at (and so the signature) as it was.
    Project.objects.filter(pk=project.pk).update(is_public=False)
    assert reader.get(FEED, HTTP_IF_NONE_MATCH=etag).status_code == 304
    clock[0] += 31
    response = reader.get(FEED, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response.json()["count"] == 0


def test_each_page_and_query_is_remembered_on_its_own(world, reader):
    for number in range(3):
        world.project(State.EXECUTION, name=f"P{number}")
    first = reader.get(FEED)
    second = reader.get(FEED + "&page=2")
    assert first["ETag"] != second["ETag"]
    assert reader.get(FEED + "&page=2", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    assert [i["name"] for i in reader.get(FEED).json()["results"]] != \
        [i["name"] for i in reader.get(FEED + "&page=2").json()["results"]]
    # Bad input is still refused by name, remembered page or not.
    assert "page_size" in reader.get("/api/v1/feed/?page_size=²").json()
    assert reader.get(FEED + "&page=99").status_code == 404


# -- Revocation ------------------------------------------------------------------------------

def test_revoking_takes_effect_at_once_in_this_process(world, reader, token):
    assert reader.get(FEED).status_code == 200  # the token is now remembered
    revoke_feed_token(token=token, by=world.admin)
    assert reader.get(FEED).status_code == 401


def test_revoked_in_another_process_is_refused_within_the_documented_seconds(
        world, reader, token, clock, settings):
    settings.FEED_TOKEN_CACHE_SECONDS = 5
    assert reader.get(FEED).status_code == 200
    # Another worker revokes: this process's memory does not hear of it.
    FeedToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    clock[0] += 4
    assert reader.get(FEED).status_code == 200
    clock[0] += 2
    assert reader.get(FEED).status_code == 401


def test_unknown_keys_are_not_remembered(world):
    for number in range(3):
        response = APIClient().get(FEED, HTTP_AUTHORIZATION=f"Token made-up-{number}")
        assert response.status_code in (401, 403)
    assert tokens._seen == {}


# -- The counter ------------------------------------------------------------------------------

def test_the_counter_starts_again_in_the_next_window(db):
    start = 3600 * 1000.0
    assert [throttling.hit("k", window=3600, now=start + i)[0] for i in range(3)] == [1, 2, 3]
    count, ends = throttling.hit("k", window=3600, now=start + 3600)
    assert (count, ends) == (1, start + 7200)


def test_the_counter_works_on_a_cache_that_increments_itself(db, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [throttling.hit("k", window=60, now=600.0)[0] for _ in range(3)] == [1, 2, 3]
    assert throttling.hit("k", window=60, now=660.0)[0] == 1


def test_a_throttled_feed_token_is_told_when_to_come_back(world, reader, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "feed", "2/hour")
    assert [reader.get(FEED).status_code for _ in range(3)] == [200, 200, 429]
    refused = reader.get(FEED)
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 3600


@pytest.mark.django_db(transaction=True)
def test_the_limit_holds_when_requests_arrive_at_once():
    """Every increment counts, whatever the interleaving: 8 threads x 10 hits on one key give
    the counts 1..80 exactly once each (SQLite: the write lock; PostgreSQL: the row lock of
    INSERT … ON CONFLICT). So a limit of N lets exactly N through."""
    cache.clear()
    threads, hits = 8, 10
    barrier = threading.Barrier(threads, timeout=30)
    counts: list[int] = []
    lock = threading.Lock()
    errors: list[BaseException] = []
    now = time.time()

    def worker():
        try:
            connection.ensure_connection()
            barrier.wait()
            mine = [throttling.hit("throttle_feed_race", window=3600, now=now)[0]
                    for _ in range(hits)]
            with lock:
                counts.extend(mine)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    assert not errors
    assert sorted(counts) == list(range(1, threads * hits + 1))
    cache.clear()


def test_feed_throttles_count_in_one_statement(world, reader):
    from django.test.utils import CaptureQueriesContext

    reader.get(FEED)
    with CaptureQueriesContext(connection) as captured:
        reader.get(FEED)
    cache_statements = [q["sql"] for q in captured if "django_cache" in q["sql"]]
    assert len(cache_statements) == 1
    # On PostgreSQL the UPSERT is a CTE of the statement that also reads the signature.
    assert cache_statements[0].startswith(("INSERT", "WITH counted AS (INSERT"))
    assert "ON CONFLICT" in cache_statements[0]


def test_both_buckets_of_a_feed_token_still_hold(world, reader, monkeypatch):
    """Counted together, each bucket keeps its own rate: the stricter one refuses first."""
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "feed", "100/hour")
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", "2/hour")
    assert [reader.get(FEED).status_code for _ in range(3)] == [200, 200, 429]


def test_many_counters_in_one_statement_count_each_key(db):
    now = 7200.0
    first = throttling.hits([("a", 3600), ("b", 60)], now=now)
    second = throttling.hits([("a", 3600), ("b", 60)], now=now + 60)
    assert [count for count, _ in first] == [1, 1]
    # "b" has a new minute; "a" is still in its hour.
    assert second == [(2, 10800.0), (1, 7320.0)]
    # The same key twice is counted twice, not refused by the database.
    assert [count for count, _ in throttling.hits([("c", 60), ("c", 60)], now=now)] == [1, 2]


def test_date_sanity(world, reader):
    # The page's Last-Modified is the newest update in it, as before.
    world.project(State.EXECUTION, name="Ett")
    response = reader.get(FEED)
    modified = datetime.datetime.strptime(response["Last-Modified"], "%a, %d %b %Y %H:%M:%S GMT")
    assert abs(modified.replace(tzinfo=datetime.UTC) - timezone.now()) < datetime.timedelta(
        minutes=5)
    assert reader.get(FEED, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304
