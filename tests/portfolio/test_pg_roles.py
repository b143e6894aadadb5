"""PostgreSQL roles: the runtime role reads and writes the tables, may only add to the audit
trail, and — owning nothing — cannot TRUNCATE it or switch its append-only trigger off."""

import secrets

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles: PostgreSQL"),
]


@pytest.fixture
def runtime_role():
    role = f"portfolio_app_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" LOGIN NOINHERIT')
    yield role
    with connection.cursor() as cursor:
        cursor.execute(f'DROP OWNED BY "{role}"')
        cursor.execute(f'DROP ROLE "{role}"')


@pytest.fixture
def as_runtime(runtime_role):
    import psycopg

    call_command("grant_runtime_role", runtime_role, verbosity=0)
    conf = connection.settings_dict
    conn = psycopg.connect(host=conf["HOST"], port=conf["PORT"] or 5432, dbname=conf["NAME"],
                           user=runtime_role, autocommit=True)
    yield conn
    conn.close()


AUDIT_ROW = ("INSERT INTO portfolio_auditevent (actor_name, at, action, object_type, object_id, "
             "summary, changes) VALUES ('app', now(), 'test.insert', 'x', '1', 'ok', '{}') "
             "RETURNING id")


def refused(conn, sql):
    import psycopg

    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(sql)


def test_runtime_role_adds_to_the_audit_trail_and_nothing_else(as_runtime):
    event_id = as_runtime.execute(AUDIT_ROW).fetchone()[0]
    assert as_runtime.execute("SELECT action FROM portfolio_auditevent WHERE id = %s",
                              [event_id]).fetchone() == ("test.insert",)
    refused(as_runtime, "UPDATE portfolio_auditevent SET summary = 'changed'")
    refused(as_runtime, "DELETE FROM portfolio_auditevent")
    refused(as_runtime, "TRUNCATE portfolio_auditevent")
    refused(as_runtime, "ALTER TABLE portfolio_auditevent DISABLE TRIGGER ALL")
    refused(as_runtime, "ALTER TABLE portfolio_auditevent DISABLE TRIGGER "
                        "portfolio_auditevent_append_only")
    refused(as_runtime, "DROP TABLE portfolio_auditevent")
    # Granting itself more is a no-op (PostgreSQL only warns): still refused afterwards.
    as_runtime.execute("GRANT UPDATE, DELETE ON portfolio_auditevent TO PUBLIC")
    refused(as_runtime, "UPDATE portfolio_auditevent SET summary = 'changed'")
    assert as_runtime.execute("SELECT summary FROM portfolio_auditevent WHERE id = %s",
                              [event_id]).fetchone() == ("ok",)


def test_runtime_role_reads_and_writes_ordinary_tables_but_owns_none(as_runtime):
    as_runtime.execute("INSERT INTO portfolio_party (code, name, kind) "
                       "VALUES ('t1', 'Testkommun', 'municipality')")
    as_runtime.execute("UPDATE portfolio_party SET name = 'Ändrad' WHERE code = 't1'")
    assert as_runtime.execute("SELECT name FROM portfolio_party WHERE code = 't1'"
                              ).fetchone() == ("Ändrad",)
    as_runtime.execute("DELETE FROM portfolio_party WHERE code = 't1'")
    # The throttle counters in the database cache.
    as_runtime.execute("DELETE FROM django_cache")
    refused(as_runtime, "TRUNCATE portfolio_party")
    refused(as_runtime, "CREATE TABLE intruder (id int)")
    refused(as_runtime, "DELETE FROM django_migrations")


def test_grant_refuses_a_missing_role_or_a_role_that_owns_tables(runtime_role):
    with pytest.raises(CommandError, match="No role"):
        call_command("grant_runtime_role", "no_such_role_here", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE portfolio_auditevent OWNER TO "{runtime_role}"')
    try:
        with pytest.raises(CommandError, match="owns tables"):
            call_command("grant_runtime_role", runtime_role, verbosity=0)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE portfolio_auditevent OWNER TO CURRENT_USER")


def _psql():
    import glob
    import shutil

    found = shutil.which("psql") or sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"))
    return found if isinstance(found, str) else (found[-1] if found else None)


@pytest.mark.skipif(_psql() is None, reason="psql is not installed")
def test_the_documented_setup_roles_script_then_migrate_as_owner():
    """scripts/pg-roles.sql as a superuser, then migrate as the owner with DB_RUNTIME_ROLE:
    the service's role can work and cannot touch the audit trail."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    import psycopg

    root = Path(__file__).resolve().parents[2]
    conf = connection.settings_dict
    suffix = secrets.token_hex(3)
    db, owner, app = f"roles_{suffix}", f"owner_{suffix}", f"app_{suffix}"
    server = ["-h", conf["HOST"], "-p", str(conf["PORT"] or 5432), "-U", conf["USER"]]
    try:
        subprocess.run([_psql(), *server, "-d", "postgres", "-q", "-v", f"db={db}",
                        "-v", f"owner={owner}", "-v", f"app={app}", "-v", "owner_password=o",
                        "-v", "app_password=a", "-f", str(root / "scripts/pg-roles.sql")],
                       check=True, capture_output=True, text=True, timeout=60)
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(DATABASE_URL=f"postgres://{owner}:o@{conf['HOST']}:{conf['PORT']}/{db}",
                   DB_RUNTIME_ROLE=app)
        migrate = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
                                 cwd=root, env=env, capture_output=True, text=True, timeout=600)
        assert migrate.returncode == 0, migrate.stderr
        with psycopg.connect(host=conf["HOST"], port=conf["PORT"], dbname=db, user=app,
                             autocommit=True) as conn:
            conn.execute(AUDIT_ROW)
            assert conn.execute("SELECT count(*) FROM portfolio_project").fetchone() == (0,)
            assert conn.execute("SELECT count(*) FROM django_cache").fetchone() == (0,)
            refused(conn, "UPDATE portfolio_auditevent SET summary = 'x'")
            refused(conn, "TRUNCATE portfolio_auditevent")
            refused(conn, "ALTER TABLE portfolio_auditevent DISABLE TRIGGER ALL")
            refused(conn, "CREATE TABLE intruder (id int)")
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            cursor.execute(f'DROP ROLE IF EXISTS "{app}"')
            cursor.execute(f'DROP ROLE IF EXISTS "{owner}"')
