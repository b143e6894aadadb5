from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portfolio.models import OutcomeImport
from portfolio.services.outcomes import ImportRefused, import_outcomes


class Command(BaseCommand):
    help = "Import the accounting system's monthly export (CSV or XLSX): all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", default=None,
                            help="Username recorded in the audit trail (default: first superuser).")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        users = get_user_model().objects
        user = (users.filter(username=options["user"]).first() if options["user"]
                else users.filter(is_superuser=True).order_by("id").first())
        if user is None:
            raise CommandError("No user to record the import as; give --user.")

        def progress(done, total):
            self.stdout.write(f"\r{done}/{total} rows", ending="")

        newest = OutcomeImport.objects.order_by("-id").values_list("id", flat=True).first() or 0
        try:
            batch = import_outcomes(filename=path.name, data=path.read_bytes(), by=user,
                                    progress=progress)
        except ImportRefused as exc:
            lines = [exc.messages[0]] + [f"  line {row['line']}: {'; '.join(row['errors'])}"
                                         for row in exc.rows]
            raise CommandError("\n".join(lines)) from exc
        self.stdout.write("")
        if batch.pk <= newest:
            self.stdout.write(self.style.WARNING(
                f"The same file was already imported (import {batch.pk}, {batch.rows} rows for "
                f"{', '.join(batch.periods)}); nothing changed."))
            return
        self.stdout.write(self.style.SUCCESS(
            f"Imported {batch.rows} rows for {', '.join(batch.periods)}"))
