from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portfolio.backups import BackupError, backup


class Command(BaseCommand):
    help = ("Back up the whole database while the service runs: var/backups/<timestamp>.sqlite3 "
            "(SQLite online backup) or <timestamp>.dump (pg_dump -Fc).")

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(Path(settings.BASE_DIR) / "var" / "backups"),
                            help="Where to write the backup (default: var/backups).")

    def handle(self, *args, **options):
        try:
            path = backup(directory=Path(options["dir"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(path))
