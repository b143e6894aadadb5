"""Issue #13 point 7: the project page says what comes next."""

import re

from django.urls import reverse

from portfolio.lifecycle import State


def next_step(client, project) -> str:
    html = client.get(reverse("portfolio:detail", args=[project.pk])).content.decode()
    found = re.search(r'data-testid="next-step">(.*?)</p>', html, re.DOTALL)
    assert found, "the page says nothing about what comes next"
    return " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split())


def test_each_state_says_what_comes_next(world, client):
    client.force_login(world.secretary)
    draft = world.project()
    assert next_step(client, draft) == ("Nästa steg: projektägaren gör klart projektdirektivet "
                                        "och lämnar in det till nämnden.")
    submitted = world.project(State.SUBMITTED)
    assert next_step(client, submitted) == ("Nästa steg: BP0 – beslut att starta förstudie, "
                                            "beslutas av Nämnd.")
    execution = world.project(State.EXECUTION)
    assert "BP3 – leveransen godkänd" in next_step(client, execution)
    assert "beslutas av Styrgrupp" in next_step(client, execution)


def test_an_ended_project_has_nothing_more(world, client):
    client.force_login(world.secretary)
    closed = world.project(State.CLOSED)
    assert next_step(client, closed) == "Nästa steg: inget mer: projektet är avslutat."


def test_english_next_step(world, client):
    client.force_login(world.secretary)
    draft = world.project()
    html = client.get("/en" + reverse("portfolio:detail", args=[draft.pk])).content.decode()
    assert "the owner completes the project directive and submits it to the committee." in html
