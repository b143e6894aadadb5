"""Backup of a seeded database and restore into an empty one: every project, decision and
audit row comes back; a database that holds data is not overwritten without --force."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
CONTENT = {
    "projects": "SELECT id, case_year, case_seq, name, state FROM portfolio_project",
    "decisions": "SELECT id, project_id, gate, outcome, decided_on FROM portfolio_gatedecision",
    "audit": "SELECT id, action, object_type, object_id, summary FROM portfolio_auditevent",
}


def content_here() -> dict:
    with connection.cursor() as cursor:
        return {name: sorted(tuple(str(v) for v in row) for row in _rows(cursor, sql))
                for name, sql in CONTENT.items()}


def _rows(cursor, sql):
    cursor.execute(sql)
    return cursor.fetchall()


def restore_into(url, path, *extra):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DATABASE_URL"] = url
    return subprocess.run([sys.executable, "manage.py", "restore", str(path), *extra], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture
def seeded(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    before = content_here()
    assert all(before.values()), before
    return before


@pytest.fixture
def empty_database(tmp_path):
    """(url, read) for a new, empty database of the same kind as the test database."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        sqlite3.connect(str(path)).close()

        def read():
            with sqlite3.connect(str(path)) as db:
                return {name: sorted(tuple(str(v) for v in row) for row in db.execute(sql))
                        for name, sql in CONTENT.items()}

        yield f"sqlite:///{path}", read
        return
    import psycopg

    from portfolio.backups import BackupError, _tool

    try:
        _tool("pg_dump"), _tool("pg_restore")
    except BackupError as exc:
        pytest.skip(str(exc))
    conf = connection.settings_dict
    name = f"restore_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    params = dict(host=conf["HOST"], port=conf["PORT"], user=conf["USER"],
                  password=conf["PASSWORD"] or None, dbname=name)

    def read():
        with psycopg.connect(**params) as db:
            return {key: sorted(tuple(str(v) for v in row) for row in db.execute(sql))
                    for key, sql in CONTENT.items()}

    password = f":{conf['PASSWORD']}" if conf["PASSWORD"] else ""
    yield f"postgres://{conf['USER']}{password}@{conf['HOST']}:{conf['PORT']}/{name}", read
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_of_the_seeded_demo_restores_every_project_decision_and_audit_row(
        seeded, empty_database, tmp_path):
    url, read = empty_database
    out = tmp_path / "backups"
    call_command("backup", "--dir", str(out), stdout=open(os.devnull, "w"))
    [backup] = list(out.iterdir())
    assert backup.suffix == (".sqlite3" if connection.vendor == "sqlite" else ".dump")

    result = restore_into(url, backup)
    assert result.returncode == 0, result.stderr
    assert read() == seeded

    # Now it holds data: a second restore is refused and changes nothing ...
    again = restore_into(url, backup)
    assert again.returncode != 0 and "not empty" in again.stderr and "--force" in again.stderr
    assert read() == seeded
    # ... unless forced.
    forced = restore_into(url, backup, "--force")
    assert forced.returncode == 0, forced.stderr
    assert read() == seeded


def test_restore_refuses_the_live_database_and_a_file_that_is_not_a_backup(seeded, tmp_path):
    bogus = tmp_path / "not-a-backup.sqlite3"
    bogus.write_text("hello")
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(bogus))
    with pytest.raises(CommandError, match="No such file"):
        call_command("restore", str(tmp_path / "missing.dump"))
    assert content_here() == seeded


def test_sqlite_restore_refuses_a_file_that_is_not_a_sqlite_backup(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite file check")
    bogus = tmp_path / "not-a-backup.sqlite3"
    bogus.write_text("hello")
    result = restore_into(f"sqlite:///{tmp_path / 'new.sqlite3'}", bogus)
    assert result.returncode != 0 and "not a SQLite backup" in result.stderr
