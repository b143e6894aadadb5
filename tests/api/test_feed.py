import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from api.models import FeedToken
from api.services import revoke_feed_token
from portfolio.lifecycle import Gate, Outcome, State
from portfolio.services import extensions, projects

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def _fresh_throttles(db):
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def public(settings):
    settings.PUBLIC_FEED = True


def test_feed_is_public_and_holds_only_public_fields(world, public):
    project = world.project(State.EXECUTION, name="Cosmic LINK2", cost_object="6674")
    world.project(State.EXECUTION, name="Hemligt", is_public=False)
    world.project(name="Utkast")  # drafts are not published
    body = APIClient().get("/api/v1/feed/").json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["case_number"] == project.case_number and item["state_label"] == "Genomförande"
    assert set(item) == {"id", "case_number", "name", "kind", "kind_label", "state",
                         "state_label", "committee", "owner_party", "start_date",
                         "planned_end_date", "end_date", "budget", "latest_decision",
                         "updated_at"}
    assert item["latest_decision"]["gate"] == "BP2"
    text = str(body)
    for private in ("owner", "manager", "steering", "cost_object", "6674"):
        assert f"'{private}'" not in text


def test_a_field_can_be_kept_out_of_the_feed(world, public):
    project = world.project(State.EXECUTION)
    projects.update_project(project=project, by=world.owner,
                            changes={"feed_hidden_fields": ["budget", "latest_decision"]})
    item = APIClient().get("/api/v1/feed/").json()["results"][0]
    assert "budget" not in item and "latest_decision" not in item and "name" in item


def test_feed_needs_a_token_when_not_public(world, settings):
    settings.PUBLIC_FEED = False
    world.project(State.EXECUTION)
    client = APIClient()
    assert client.get("/api/v1/feed/").status_code in (401, 403)
    assert client.get("/api/v1/feed/decisions.atom").status_code in (401, 403)
    token = FeedToken.objects.create(name="Intranätet")
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/v1/feed/").json()["count"] == 1
    assert client.get("/api/v1/feed/decisions.atom").status_code == 200
    # A feed token opens the feeds and nothing else.
    assert client.get("/api/v1/projects/").status_code in (401, 403)
    revoke_feed_token(token=token, by=world.admin)
    assert client.get("/api/v1/feed/").status_code in (401, 403)


def test_filters(world, public):
    world.project(State.EXECUTION, name="A", kind="service", parties=[world.region, world.are])
    world.project(State.SUBMITTED, name="B", parties=[world.region, world.berg])
    client = APIClient()
    assert client.get("/api/v1/feed/?state=execution").json()["count"] == 1
    assert client.get("/api/v1/feed/?kind=service").json()["count"] == 1
    assert client.get("/api/v1/feed/?party=berg").json()["count"] == 1
    assert client.get("/api/v1/feed/?committee=GNS").json()["count"] == 2
    assert client.get("/api/v1/feed/?committee=GNU").json()["count"] == 0
    assert client.get("/api/v1/feed/?updated_since=2999-01-01T00:00:00Z").json()["count"] == 0
    assert client.get("/api/v1/feed/?state=nonsense").status_code == 400
    assert client.get("/api/v1/feed/?page_size=0").status_code == 400
    assert client.get("/api/v1/feed/?page=99").status_code == 404
    page = client.get("/api/v1/feed/?page_size=1").json()
    assert page["count"] == 2 and page["next"] and len(page["results"]) == 1


def test_etag_and_last_modified_change_exactly_when_the_page_changes(world, public):
    first = world.project(State.EXECUTION, name="Ett")
    second = world.project(State.SUBMITTED, name="Två")
    client = APIClient()
    url = "/api/v1/feed/?committee=GNS&state=execution"
    response = client.get(url)
    etag, modified = response["ETag"], response["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    # A change outside the page (another state) leaves it as it was.
    world.decide(second, Gate.BP1, Outcome.TABLE, decided_on=datetime.date(2024, 3, 2))
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    # A decision on a project in the page changes the ETag.
    world.decide(first, Gate.BP3, Outcome.TABLE, decided_on=datetime.date(2024, 3, 2))
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert changed.json()["results"][0]["latest_decision"]["gate"] == "BP3"


def test_extension_decision_shows_in_the_feed_and_the_atom_feed(world, public):
    project = world.project(State.EXECUTION, name="Cosmic LINK2")
    request = extensions.request_extension(
        project=project, by=world.owner, requested_end_date=datetime.date(2025, 10, 31),
        reason="Försenad inloggning", today=datetime.date(2024, 5, 1))
    extensions.submit_extension(request=request, by=world.owner)
    extensions.recommend_extension(request=request, by=world.steering)
    etag = APIClient().get("/api/v1/feed/")["ETag"]
    extensions.decide_extension(request=request, by=world.secretary, approve=True,
                                decided_on=datetime.date(2024, 6, 3))
    response = APIClient().get("/api/v1/feed/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    decision = response.json()["results"][0]["latest_decision"]
    assert decision["kind"] == "extension" and decision["decided_on"] == "2024-06-03"
    atom = APIClient().get("/api/v1/feed/decisions.atom", HTTP_ACCEPT="application/atom+xml")
    assert atom.status_code == 200
    assert atom["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(atom.content)
    assert root.tag == f"{ATOM}feed" and root.find(f"{ATOM}id") is not None
    entries = root.findall(f"{ATOM}entry")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert titles[0] == "Cosmic LINK2: förlängning beviljad till 2025-10-31"
    published = [e.find(f"{ATOM}published").text for e in entries]
    assert published == sorted(published, reverse=True)
    for entry in entries:
        assert entry.find(f"{ATOM}id").text.startswith("urn:portfolio:decision:")
        assert entry.find(f"{ATOM}updated") is not None


def test_cancellation_is_an_atom_entry(world, public):
    from portfolio.services import lifecycle

    project = world.project(State.PRESTUDY, name="Digital transformation")
    lifecycle.cancel_project(project=project, by=world.secretary, reason="Ingen förankring",
                             decided_on=datetime.date(2024, 9, 6))
    root = ET.fromstring(APIClient().get("/api/v1/feed/decisions.atom").content)
    assert root.find(f"{ATOM}entry/{ATOM}title").text == \
        "Digital transformation: projektet avbrutet"
    item = APIClient().get("/api/v1/feed/").json()["results"][0]
    assert item["latest_decision"]["kind"] == "cancellation"


def test_queries_per_page_are_constant_whatever_the_page_size(world, public):
    for number in range(12):
        world.project(State.EXECUTION, name=f"P{number}")
    client = APIClient()

    def queries(size):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/api/v1/feed/?page_size={size}").status_code == 200
        return len(captured)

    assert queries(2) == queries(12) == queries(500)


def test_not_modified_is_answered_without_building_the_page(world, public):
    world.project(State.EXECUTION)
    client = APIClient()
    etag = client.get("/api/v1/feed/")["ETag"]
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/v1/feed/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    # The throttle counters (database cache, in savepoints of their own) are not the page.
    page_queries = [q for q in captured if "django_cache" not in q["sql"]
                    and not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(page_queries) <= 2  # count and the page's ids/update times only


def test_pdf_scope_is_throttled_more_strictly(world, monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "pdf", "1/hour")
    project = world.project(State.EXECUTION)
    client = APIClient()
    client.force_authenticate(world.owner)
    assert client.get(f"/api/v1/projects/{project.pk}/directive.pdf").status_code == 200
    assert client.get(f"/api/v1/projects/{project.pk}/directive.pdf").status_code == 429
    assert client.get(f"/api/v1/projects/{project.pk}/").status_code == 200


def test_schema_validates_as_openapi_3(tmp_path):
    from django.core.management import call_command

    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    assert text.startswith("openapi: 3")
    for path in ("/api/v1/feed/", "/api/v1/feed/decisions.atom", "/api/v1/reports/follow-up/",
                 "/api/v1/meetings/{id}/build-agenda/", "/api/v1/outcomes/import/",
                 "/api/v1/projects/{id}/budget/", "/api/v1/extension-requests/{id}.pdf"):
        assert f"{path}:" in text, path
