"""The portfolio search's PostgreSQL full-text path (run with scripts/with-postgres.sh)."""

import pytest
from django.db import connection
from django.test import Client

from portfolio.lifecycle import State
from tests.portfolio.test_h11_find import listed, write_directive

pytestmark = pytest.mark.postgres
URL = "/en/portfolio/"


@pytest.fixture
def on_postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL full-text search: run under scripts/with-postgres.sh")


def test_full_text_finds_word_forms_in_name_and_directive(on_postgres, world):
    project = world.project(State.SUBMITTED, name="Gemensam lönehantering", case_year=2019)
    other = world.project(State.SUBMITTED, name="Serverdrift", case_year=2019)
    write_directive(world, other, "Kommunerna behöver säkrare servrar för utskrivningar.")
    client = Client()
    client.force_login(world.secretary)
    # Swedish stemming: the definite form finds the indefinite one, and the other way round.
    assert listed(client.get(URL, {"q": "lönehanteringen"})) == [project.case_number]
    assert listed(client.get(URL, {"q": "kommun"})) == [other.case_number]
    # websearch syntax: both words, in any order.
    assert listed(client.get(URL, {"q": "servrar kommunernas"})) == [other.case_number]
    assert listed(client.get(URL, {"q": "servrar -kommun"})) == []
    # Syntax a person types by mistake is a search, not a 500.
    for odd in ('"', "!", "a & | b", "-", "(((", "\\", "²"):
        assert client.get(URL, {"q": odd}).status_code == 200
    outsider = Client()
    outsider.force_login(world.outsider)
    assert listed(outsider.get(URL, {"q": "servrar"})) == []


def test_the_search_indexes_exist(on_postgres):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", ["%_fts"])
        names = {row[0] for row in cursor.fetchall()}
    assert names == {"portfolio_project_name_fts", "directives_version_content_fts"}
