"""The print and the Atom feed read the gates from portfolio.lifecycle.GATE_RULES: the
checklist printed with the directive is the approving gate's, and the closing gate's start is
news that the project closed."""

import dataclasses
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from directives import rendering
from portfolio.lifecycle import GATE_RULES, Gate, Outcome, State

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_directive_prints_the_approving_gates_checklist(world, monkeypatch):
    project = world.project(State.ESTABLISHMENT)
    html = rendering.directive_html(project)
    assert "Checklista inför beslut, BP1" in html
    assert "Beslut att starta Etableringsfasen, BP1" in html
    monkeypatch.setitem(GATE_RULES, Gate.BP1,
                        dataclasses.replace(GATE_RULES[Gate.BP1], approves_directive=False))
    monkeypatch.setitem(GATE_RULES, Gate.BP2,
                        dataclasses.replace(GATE_RULES[Gate.BP2], approves_directive=True))
    html = rendering.directive_html(project)
    assert "Checklista inför beslut, BP2" in html
    assert "Beslut att starta Genomförandefasen, BP2" in html
    assert "BP1" not in html


@pytest.fixture
def public_feed(settings):
    settings.PUBLIC_FEED = True
    cache.clear()
    yield
    cache.clear()


def _titles():
    root = ET.fromstring(APIClient().get("/api/v1/feed/decisions.atom").content)
    return [e.text for e in root.findall(f"{ATOM}entry/{ATOM}title")]


def test_the_atom_feed_names_the_closing_gate_from_the_rules(world, public_feed, monkeypatch):
    project = world.project(State.EXECUTION, name="Avslutat")
    world.pass_gate(project, Gate.BP3)
    assert "Avslutat: BP3 beslut att starta" in _titles()
    monkeypatch.setitem(GATE_RULES, Gate.BP3,
                        dataclasses.replace(GATE_RULES[Gate.BP3], target=State.CLOSED))
    cache.clear()
    assert "Avslutat: projektet avslutat (BP3)" in _titles()


def test_the_default_closing_gate_is_bp4(world, public_feed):
    project = world.project(State.CLOSED, name="Stängt")
    titles = _titles()
    assert "Stängt: projektet avslutat (BP4)" in titles, titles
    assert project.decisions.filter(gate=Gate.BP4, outcome=Outcome.START).exists()
