"""Database triggers that make the audit trail append-only for every client, raw SQL included.

PostgreSQL refuses UPDATE and DELETE. SQLite refuses UPDATE; DELETE stays possible there
because Django's test flush empties tables with DELETE (PostgreSQL flushes with TRUNCATE,
which row triggers do not see). The ORM and the admin refuse deletes on both.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION portfolio_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER portfolio_auditevent_append_only
    BEFORE UPDATE OR DELETE ON portfolio_auditevent
    FOR EACH ROW EXECUTE FUNCTION portfolio_audit_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS portfolio_auditevent_append_only ON portfolio_auditevent;
DROP FUNCTION IF EXISTS portfolio_audit_append_only();
"""
SQLITE_FORWARD = """
CREATE TRIGGER portfolio_auditevent_no_update BEFORE UPDATE ON portfolio_auditevent
BEGIN SELECT RAISE(ABORT, 'audit events are append-only (UPDATE refused)'); END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS portfolio_auditevent_no_update;"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # params=None: the SQL is sent as is; otherwise the "%" of RAISE EXCEPTION is taken
        # for a query placeholder and the migration fails.
        schema_editor.execute(PG_FORWARD, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("portfolio", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
