import os

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portfolio.deployment import grant_runtime_role


class Command(BaseCommand):
    help = ("PostgreSQL: grant the runtime role SELECT/INSERT/UPDATE/DELETE on the tables and "
            "only SELECT/INSERT on the audit trail. Run as the owner role, after migrate "
            "(migrate does it by itself when DB_RUNTIME_ROLE is set).")

    def add_arguments(self, parser):
        parser.add_argument("role", nargs="?", default=os.environ.get("DB_RUNTIME_ROLE"),
                            help="The runtime role (default: DB_RUNTIME_ROLE).")
        parser.add_argument("--database", default="default")

    def handle(self, *args, role=None, database="default", **options):
        if not role:
            raise CommandError("Name the runtime role (or set DB_RUNTIME_ROLE).")
        try:
            with transaction.atomic(using=database):
                statements = grant_runtime_role(role, using=database)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] > 1:
            self.stdout.write("\n".join(statements))
        self.stdout.write(f"Granted the runtime role {role!r} on {len(statements) - 4} tables.")
