"""Shared cache and throttling: counters in a cache every worker process shares, one bucket per
feed token, and the page PDFs throttled with the API's ``pdf`` rate."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from api.models import FeedToken
from config.settings import cache_from_url
from portfolio.lifecycle import State
from portfolio.services import meetings
from tests.conftest import DAY, decide_and_confirm


@pytest.fixture(autouse=True)
def _fresh_throttles(db):
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def rates(monkeypatch):
    def set_rate(scope, rate):
        monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, rate)

    return set_rate


def test_default_cache_is_the_database_shared_by_every_worker_and_its_table_exists(db):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    table = settings.CACHES["default"]["LOCATION"]
    # Made by migrate (post_migrate), not by a step someone has to remember.
    assert table in connection.introspection.table_names()
    cache.set("shared", 42)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        assert cursor.fetchone()[0] >= 1
    assert cache.get("shared") == 42


@pytest.mark.parametrize("url, backend", [
    ("redis://cache.example:6379/1", "django.core.cache.backends.redis.RedisCache"),
    ("rediss://cache.example:6380/0", "django.core.cache.backends.redis.RedisCache"),
    ("db://", "django.core.cache.backends.db.DatabaseCache"),
    ("locmem://", "django.core.cache.backends.locmem.LocMemCache"),
])
def test_cache_url_picks_the_backend(url, backend):
    config = cache_from_url(url)
    assert config["BACKEND"] == backend
    if url.startswith("redis"):
        assert config["LOCATION"] == url


def test_unknown_cache_url_is_refused_by_name():
    with pytest.raises(ValueError, match="memcache"):
        cache_from_url("memcache://x")


@pytest.mark.parametrize("path", ["/api/v1/feed/", "/api/v1/feed/decisions.atom"])
def test_two_feed_tokens_have_separate_buckets(world, rates, path):
    rates("feed", "2/hour")
    world.project(State.EXECUTION)
    first, second = (FeedToken.objects.create(name=n) for n in ("Intranätet", "Kommunportalen"))

    def get(token):
        return APIClient().get(path, HTTP_AUTHORIZATION=f"Token {token.key}")

    assert [get(first).status_code for _ in range(3)] == [200, 200, 429]
    # The other system still has its whole allowance.
    assert [get(second).status_code for _ in range(3)] == [200, 200, 429]
    # A revoked or unknown key is not a way around the bucket: it is refused outright.
    assert APIClient().get(path, HTTP_AUTHORIZATION="Token nope").status_code in (401, 403)


def test_page_pdf_is_throttled_with_the_pdf_rate(world, rates, client):
    rates("pdf", "1/hour")
    project = world.project(State.EXECUTION)
    client.force_login(world.owner)
    url = f"/documents/{project.pk}/directive/pdf/"
    assert client.get(url).status_code == 200
    refused = client.get(url)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    # Other pages are not affected; another person has their own allowance.
    assert client.get(f"/portfolio/{project.pk}/").status_code == 200
    client.force_login(world.steering)
    assert client.get(url).status_code == 200


def test_page_and_api_pdfs_share_one_allowance(world, rates, client):
    rates("pdf", "1/hour")
    meeting = meetings.create_meeting(committee=world.committee, date=DAY, by=world.secretary)
    client.force_login(world.secretary)
    assert client.get(f"/portfolio/meetings/{meeting.pk}/agenda.pdf").status_code == 200
    api = APIClient()
    api.force_authenticate(world.secretary)
    assert api.get(f"/api/v1/meetings/{meeting.pk}/agenda.pdf").status_code == 429
    assert client.get(f"/portfolio/meetings/{meeting.pk}/agenda.pdf").status_code == 429


@pytest.mark.parametrize("url", ["/portfolio/economy/report/?committee=GNS&year=2019&period=T1",
                                 "/portfolio/meetings/{meeting}/items/{item}/extract.pdf"])
def test_every_page_pdf_is_throttled(world, rates, client, url):
    rates("pdf", "0/hour")
    meeting = meetings.create_meeting(committee=world.committee, date=DAY, by=world.secretary)
    item = meetings.add_item(meeting=meeting, by=world.secretary, heading="Information")
    decide_and_confirm(item=item, outcome="noted", by=world.secretary)
    client.force_login(world.secretary)
    assert client.get(url.format(meeting=meeting.pk, item=item.pk)).status_code == 429
