"""Issue #12 point 6 on PostgreSQL: an unchanged feed page costs one statement there — the
throttle counters' UPSERT with the projects' signature in the same statement — and the
shortcut keeps what the two statements meant."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from api import feed
from api.models import FeedToken
from portfolio import throttling
from portfolio.lifecycle import State
from portfolio.services import projects

FEED = "/api/v1/feed/?committee=GNS&page_size=2"
on_postgres = pytest.mark.skipif("connection.vendor != 'postgresql'",
                                 reason="the one-statement path is PostgreSQL's")


@pytest.fixture(autouse=True)
def _fresh(feed_memory_cleared):
    yield


@pytest.fixture
def reader(world):
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {FeedToken.objects.create(name='Intranätet').key}")
    return client


def _signature_on_its_own() -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(feed.signature_sql())
        return tuple(cursor.fetchone())


@on_postgres
def test_an_unchanged_page_costs_one_statement_on_postgresql(world, reader):
    for number in range(3):
        world.project(State.EXECUTION, name=f"P{number}")
    first = reader.get(FEED)
    with CaptureQueriesContext(connection) as captured:
        assert reader.get(FEED, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert len(captured) == 1
    statement = captured[0]["sql"]
    assert statement.startswith("WITH counted AS (INSERT")
    assert "django_cache" in statement and "portfolio_project" in statement
    with CaptureQueriesContext(connection) as captured:
        again = reader.get(FEED)
    assert again.status_code == 200 and again.json() == first.json() and len(captured) == 1


def test_a_change_shows_at_once_with_the_signature_read_alongside(world, reader):
    project = world.project(State.EXECUTION, name="Före")
    etag = reader.get(FEED)["ETag"]
    assert reader.get(FEED, HTTP_IF_NONE_MATCH=etag).status_code == 304
    projects.update_project(project=project, by=world.owner, changes={"name": "Efter"})
    after = reader.get(FEED, HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200 and after.json()["results"][0]["name"] == "Efter"
    # And the page built after the change is remembered: the next poll is one statement.
    with CaptureQueriesContext(connection) as captured:
        assert reader.get(FEED, HTTP_IF_NONE_MATCH=after["ETag"]).status_code == 304
    assert len(captured) == (1 if connection.vendor == "postgresql" else 2)


def test_counts_and_the_row_alongside_are_those_of_separate_statements(world):
    world.project(State.EXECUTION, name="Ett")
    now = 7200.0
    for expected in (1, 2):
        results, row = throttling.hits_and_select([("a", 3600), ("b", 60)], now=now,
                                                  alongside=feed.signature_sql(),
                                                  using=connection.alias)
        assert results == [(expected, 10800.0), (expected, 7260.0)]
        assert row == _signature_on_its_own()
    # They share the counters with hits(): the same buckets, whichever way they are counted.
    assert throttling.hits([("a", 3600)], now=now) == [(3, 10800.0)]


def test_the_same_key_twice_is_counted_twice_with_the_row(world):
    world.project(State.EXECUTION, name="Ett")
    results, row = throttling.hits_and_select([("c", 60), ("c", 60)], now=600.0,
                                              alongside=feed.signature_sql(),
                                              using=connection.alias)
    assert [count for count, _ in results] == [1, 2]
    assert row == _signature_on_its_own()


def test_a_cache_that_increments_itself_still_gets_the_row(world, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    world.project(State.EXECUTION, name="Ett")
    results, row = throttling.hits_and_select([("k", 60)], now=600.0,
                                              alongside=feed.signature_sql(),
                                              using=connection.alias)
    assert results == [(1, 660.0)] and row == _signature_on_its_own()


def test_a_refused_request_is_refused_before_the_page(world, reader, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    world.project(State.EXECUTION, name="Ett")
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "feed", "1/hour")
    etag = reader.get(FEED)["ETag"]
    refused = reader.get(FEED, HTTP_IF_NONE_MATCH=etag)
    assert refused.status_code == 429 and "ETag" not in refused


@on_postgres
def test_the_counters_statement_is_prepared_once_per_connection(world, reader):
    """Planning the statement cost more than running it: PostgreSQL keeps it prepared after
    OPTIONS' prepare_threshold runs; Django's other queries stay unprepared."""
    threshold = connection.settings_dict["OPTIONS"]["prepare_threshold"]
    assert threshold is not None
    world.project(State.EXECUTION, name="Ett")
    etag = reader.get(FEED)["ETag"]
    for _ in range(threshold + 1):
        assert reader.get(FEED, HTTP_IF_NONE_MATCH=etag).status_code == 304
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert [text for text in prepared if "django_cache" in text] != []
    assert all("django_cache" in text for text in prepared)


def test_the_prepared_statements_can_be_turned_off_for_a_pooler(monkeypatch):
    import importlib

    from config import settings as config_settings

    monkeypatch.setenv("DATABASE_URL", "postgres://u@127.0.0.1:1/x")
    monkeypatch.setenv("DATABASE_PREPARE_THRESHOLD", "off")
    assert importlib.reload(config_settings).DATABASES["default"]["OPTIONS"][
        "prepare_threshold"] is None
    monkeypatch.setenv("DATABASE_PREPARE_THRESHOLD", "3")
    assert importlib.reload(config_settings).DATABASES["default"]["OPTIONS"][
        "prepare_threshold"] == 3
    monkeypatch.undo()
    importlib.reload(config_settings)
