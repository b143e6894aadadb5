"""Wiring for running the service: the cache table after migrate, and sign-ins in the audit
trail. Connected in ``PortfolioConfig.ready``."""

import os

from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.shortcuts import render
from rest_framework.throttling import BaseThrottle

from portfolio.services import audit


def create_cache_table(sender, using="default", verbosity=1, **kwargs):
    """The database cache needs its table; making it after every migrate (and test database
    set-up) means nobody has to remember ``createcachetable``. Idempotent."""
    if any(conf["BACKEND"].endswith("DatabaseCache") for conf in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=0)
    # The owner role migrates; tables a migration made are granted to the runtime role at once.
    role = os.environ.get("DB_RUNTIME_ROLE")
    if role and connections[using].vendor == "postgresql":
        grant_runtime_role(role, using=using)


# Append-only tables: the runtime role may read and add rows, never change or remove them.
APPEND_ONLY_TABLES = ("portfolio_auditevent",)
# Written by migrate (the owner) only.
READ_ONLY_TABLES = ("django_migrations",)


def grant_runtime_role(role: str, *, using: str = "default") -> list[str]:
    """Give the runtime role exactly what the running service needs on PostgreSQL, run by the
    owner role after migrate. The runtime role owns nothing: without ownership it cannot
    TRUNCATE, ALTER (DISABLE TRIGGER), DROP, or grant itself more. Returns the statements."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise ValueError("Database roles are a PostgreSQL feature; SQLite has none.")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            raise ValueError(f"No role {role!r}: create it first (scripts/pg-roles.sql).")
        cursor.execute("SELECT current_user, current_schema()")
        owner, schema = cursor.fetchone()
        if owner == role:
            raise ValueError("Run this as the owner role, not as the runtime role itself.")
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s AND tableowner = %s",
                       [schema, role])
        owned = [row[0] for row in cursor.fetchall()]
        if owned:
            raise ValueError(f"The runtime role {role!r} owns tables ({', '.join(owned)}); "
                             "make the owner role own them (ALTER TABLE … OWNER TO).")
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY tablename",
                       [schema])
        tables = [row[0] for row in cursor.fetchall()]
    r, s = quote(role), quote(schema)
    statements = [
        f"GRANT USAGE ON SCHEMA {s} TO {r}",
        f"REVOKE CREATE ON SCHEMA {s} FROM {r}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {r}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
    ]
    for table in tables:
        if table in APPEND_ONLY_TABLES:
            privileges = "SELECT, INSERT"
        elif table in READ_ONLY_TABLES:
            privileges = "SELECT"
        else:
            privileges = "SELECT, INSERT, UPDATE, DELETE"
        statements.append(f"GRANT {privileges} ON {s}.{quote(table)} TO {r}")
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return statements


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in: a page (429), in the visitor's language."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "registration/locked_out.html", {
        "failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}, status=429)


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or behind NUM_PROXIES proxies the entry the nearest
    trusted proxy added to X-Forwarded-For (DRF's rule, so throttles and lockouts agree)."""
    return BaseThrottle().get_ident(request) or ""


def on_login(sender, request, user, **kwargs):
    audit.record_login(user=user, request=request)


def on_login_failed(sender, credentials, request=None, **kwargs):
    audit.record_login_failed(username=credentials.get("username", ""), request=request)
