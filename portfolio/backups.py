"""Backups of the whole database and restoring one: SQLite through its online backup API (a
consistent copy while the service runs), PostgreSQL through pg_dump/pg_restore (custom
format). Used by ``manage.py backup`` / ``restore`` and ``make backup`` / ``make restore``."""

import datetime
import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections

from portfolio.deployment import grant_runtime_role

# Filled by migrate itself: a freshly migrated database still counts as empty.
BOOKKEEPING_TABLES = {"django_migrations", "django_content_type", "auth_permission",
                      "django_cache", "sqlite_sequence"}


class BackupError(Exception):
    pass


def _tool(name: str) -> str:
    """The newest client tool: pg_dump must be at least as new as the server."""
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    found = candidates[-1] if candidates else shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return found


def _pg_args(conf) -> tuple[list[str], dict]:
    args = ["-h", conf["HOST"] or "localhost", "-p", str(conf["PORT"] or 5432)]
    if conf["USER"]:
        args += ["-U", conf["USER"]]
    env = dict(os.environ)
    if conf["PASSWORD"]:
        env["PGPASSWORD"] = conf["PASSWORD"]
    return args, env


def backup(*, directory: Path, using: str = "default") -> Path:
    connection = connections[using]
    conf = connection.settings_dict
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    if connection.vendor == "sqlite":
        target = directory / f"{stamp}.sqlite3"
        source = sqlite3.connect(str(conf["NAME"]))
        destination = sqlite3.connect(str(target))
        try:
            with destination:
                source.backup(destination)
        finally:
            destination.close()
            source.close()
        return target
    if connection.vendor == "postgresql":
        target = directory / f"{stamp}.dump"
        args, env = _pg_args(conf)
        result = subprocess.run([_tool("pg_dump"), "-Fc", *args, "-f", str(target), conf["NAME"]],
                                env=env, capture_output=True, text=True)
        if result.returncode != 0:
            target.unlink(missing_ok=True)
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return target
    raise BackupError(f"No backup for {connection.vendor}.")


def tables_with_data(using: str = "default") -> list[str]:
    connection = connections[using]
    quote = connection.ops.quote_name
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in BOOKKEEPING_TABLES:
                continue
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")
            if cursor.fetchone():
                found.append(table)
    return found


def restore(*, path: Path, force: bool = False, using: str = "default") -> None:
    connection = connections[using]
    conf = connection.settings_dict
    if not path.is_file():
        raise BackupError(f"No such file: {path}")
    filled = tables_with_data(using)
    if filled and not force:
        raise BackupError(
            f"The database is not empty ({len(filled)} tables hold rows, e.g. "
            f"{', '.join(filled[:3])}); restoring would replace them. Use --force (FORCE=1).")
    connection.close()
    if connection.vendor == "sqlite":
        with open(path, "rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise BackupError(f"{path} is not a SQLite backup.")
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            source.close()
            raise BackupError(f"{path} is damaged (integrity check failed).")
        destination = sqlite3.connect(str(conf["NAME"]))
        try:
            # Page by page into the live file: the database is replaced as a whole.
            source.backup(destination)
        finally:
            destination.close()
            source.close()
        return
    if connection.vendor == "postgresql":
        args, env = _pg_args(conf)
        # Objects belong to whoever restores (the owner role); the runtime role's grants are
        # given again below, as after a migrate. One transaction: all or nothing.
        command = [_tool("pg_restore"), *args, "-d", conf["NAME"], "--no-owner", "--no-acl",
                   "--single-transaction", "--exit-on-error"]
        if filled:
            command += ["--clean", "--if-exists"]
        result = subprocess.run([*command, str(path)], env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        role = os.environ.get("DB_RUNTIME_ROLE")
        if role:
            grant_runtime_role(role, using=using)
        return
    raise BackupError(f"No restore for {connection.vendor}.")
