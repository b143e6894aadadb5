"""GET /api/v1/projects/: the portfolio page's search, owner, mine, year and ordering, next
to every parameter it had (issue #12)."""

import pytest

from portfolio.lifecycle import State
from portfolio.models import Project
from tests.portfolio.test_h11_find import write_directive

URL = "/api/v1/projects/"


def case_numbers(response):
    assert response.status_code == 200, response.content
    return [row["case_number"] for row in response.json()["results"]]


@pytest.fixture
def found(world):
    a = world.project(State.EXECUTION, name="Utskrivningsstöd", case_year=2019, is_public=True)
    b = world.project(State.SUBMITTED, name="Löneförstudie", case_year=2018, kind="prestudy",
                      parties=[world.are, world.berg], is_public=False)
    write_directive(world, b, "Bakgrund: gemensam lönehantering.")
    c = world.project(State.SUBMITTED, name="Serverdrift", kind="service", case_year=2019)
    Project.objects.filter(pk=c.pk).update(owner=world.chair)
    return {"a": a, "b": b, "c": c}


def test_search_reaches_directive_text_for_insiders_only(world, found, api):
    assert case_numbers(api(world.auditor).get(URL, {"search": "lönehantering"})) == [
        found["b"].case_number]
    assert case_numbers(api(world.auditor).get(URL, {"search": found["a"].case_number})) == [
        found["a"].case_number]
    write_directive(world, found["a"], "Intern plan för omställning.")
    assert case_numbers(api(world.auditor).get(URL, {"search": "omställning"})) == [
        found["a"].case_number]
    assert case_numbers(api(world.outsider).get(URL, {"search": "omställning"})) == []
    assert case_numbers(api(world.outsider).get(URL, {"search": "Utskrivning"})) == [
        found["a"].case_number]


def test_owner_mine_year_and_ordering(world, found, api):
    auditor = api(world.auditor)
    assert case_numbers(auditor.get(URL, {"owner": "chair"})) == [found["c"].case_number]
    assert case_numbers(api(world.outsider).get(URL, {"owner": "owner"})) == []
    assert case_numbers(api(world.chair).get(URL, {"mine": "true"})) == [found["c"].case_number]
    assert case_numbers(auditor.get(URL, {"year": "2018"})) == [found["b"].case_number]
    assert case_numbers(auditor.get(URL, {"ordering": "name"})) == [
        found[k].case_number for k in ("b", "c", "a")]
    assert case_numbers(auditor.get(URL, {"ordering": "-name", "kind": "service"})) == [
        found["c"].case_number]
    # Without ordering, the order it always had: newest case first.
    assert case_numbers(auditor.get(URL)) == [found[k].case_number for k in ("c", "a", "b")]


@pytest.mark.parametrize("params, field", [
    ({"year": "99999"}, "year"), ({"year": "²"}, "year"), ({"year": "Infinity"}, "year"),
    ({"ordering": "password"}, "ordering"),
    ({"search": "x" * 500}, "search"), ({"state": "flying"}, "state"),
])
def test_bad_parameters_are_400_naming_them(world, found, api, params, field):
    response = api(world.auditor).get(URL, params)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("role, sees", [
    ("owner", "abc"), ("manager", "abc"), ("steering", "abc"), ("secretary", "abc"),
    ("chair", "abc"), ("auditor", "abc"), ("admin", "abc"), ("outsider", "a"),
    ("other_secretary", "a"),
])
def test_search_never_finds_past_the_reader(world, found, api, role, sees):
    for query in ("Löneförstudie", "lönehantering", found["b"].case_number):
        expected = [found["b"].case_number] if "b" in sees else []
        assert case_numbers(api(world.users[role]).get(URL, {"search": query})) == expected


def test_anonymous_is_refused(world, found, api):
    assert api().get(URL, {"search": "Utskrivning"}).status_code in (401, 403)
