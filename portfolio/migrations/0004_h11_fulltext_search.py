"""GIN indexes for the portfolio search's PostgreSQL full-text path (portfolio.search): the
project name and the directive versions' text, with the very expressions the search uses so
the planner picks them. Other databases search by substring and get no index."""

from django.db import migrations

INDEXES = [
    ("portfolio_project_name_fts", "portfolio_project", "to_tsvector('swedish'::regconfig, name)"),
    ("directives_version_content_fts", "directives_documentversion",
     "to_tsvector('swedish'::regconfig, content)"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, expression in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({expression})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _expression in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("portfolio", "0003_committee_role_user_protect"),
        ("directives", "0004_more_default_templates"),
    ]

    operations = [migrations.RunPython(create, drop)]
