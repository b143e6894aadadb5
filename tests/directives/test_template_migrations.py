"""The default templates come from frozen data migrations: a fresh database gets the same
templates as the live defaults give today, and changing the live defaults later never changes
what those migrations install."""

import ast
import importlib
import pathlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from directives import defaults, templates_data
from directives.models import GateChecklistItem, Template, TemplateVersion

MIGRATIONS = pathlib.Path(__file__).resolve().parents[2].glob("*/migrations/0*.py")
# A callable field default is referenced by its import path; Django itself writes that import.
SCHEMA_REFERENCES = {"api.models"}
DATA_MIGRATIONS = [("0003_default_templates", "0002_initial"),
                   ("0004_more_default_templates", "0003_default_templates"),
                   ("0005_h18_gate_deciders_and_dated", "0005_h18_gate_deciders_and_dated")]


def installed() -> dict:
    """Every template with its versions and checklist items, without database ids."""
    return {
        t.key: (t.name, t.kind, [
            (v.number, v.sections, v.note, v.gate_deciders, sorted(
                (i.gate, i.position, i.key, i.text, i.mandatory)
                for i in GateChecklistItem.objects.filter(template_version=v)))
            for v in TemplateVersion.objects.filter(template=t).order_by("number")])
        for t in Template.objects.all()
    }


def live_defaults() -> dict:
    return {
        key: (name, kind, [(1, sections, note, templates_data.GATE_DECIDERS.get(key, {}), sorted(
            (str(gate), position, item_key, text, mandatory)
            for gate, items in checklists.items()
            for position, (item_key, text, mandatory) in enumerate(items, start=1)))])
        for key, name, kind, sections, checklists, note in templates_data.DEFAULT_TEMPLATES
    }


def test_migrations_import_no_live_code():
    for path in MIGRATIONS:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = ([node.module] if isinstance(node, ast.ImportFrom)
                         else [alias.name for alias in node.names])
                for name in names:
                    assert name.split(".")[0] in {"django", "django_fsm"} or name in \
                        SCHEMA_REFERENCES, f"{path.name} imports {name}"


@pytest.mark.django_db
def test_a_fresh_database_has_the_live_default_templates():
    assert installed() == live_defaults()
    assert set(installed()) == {defaults.DIRECTIVE_TEMPLATE_KEY,
                                defaults.FINAL_REPORT_TEMPLATE_KEY,
                                defaults.COMMITTEE_CASE_TEMPLATE_KEY,
                                defaults.COMMITTEE_DIRECTIVE_TEMPLATE_KEY}


@pytest.mark.django_db
def test_changing_the_live_defaults_does_not_change_what_the_migrations_install(monkeypatch):
    migrated = installed()
    changed = [(key, f"{name} (ny)", kind, [{**s, "title": "Ändrad"} for s in sections],
                {gate: items[:1] for gate, items in checklists.items()}, "ändrad")
               for key, name, kind, sections, checklists, note in templates_data.DEFAULT_TEMPLATES]
    monkeypatch.setattr(templates_data, "DEFAULT_TEMPLATES", changed)
    monkeypatch.setattr(defaults, "DIRECTIVE_SECTIONS", changed[0][3])
    monkeypatch.setattr(defaults, "CHECKLISTS", changed[0][4])
    GateChecklistItem.objects.all().delete()
    TemplateVersion.objects.all().delete()
    Template.objects.all().delete()
    loader = MigrationLoader(connection)
    for name, before in DATA_MIGRATIONS:
        migration = importlib.import_module(f"directives.migrations.{name}")
        migration.install(loader.project_state(("directives", before)).apps, None)
    assert installed() == migrated
