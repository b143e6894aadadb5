from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portfolio.backups import BackupError, restore


class Command(BaseCommand):
    help = ("Restore a backup made by `manage.py backup` into the configured database. Refuses a "
            "database that holds data unless --force. Stop the service (and db_worker) first.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--force", action="store_true",
                            help="Replace a database that holds data.")

    def handle(self, *args, **options):
        try:
            restore(path=Path(options["file"]), force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {options['file']}.")
