import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications import services


class Command(BaseCommand):
    help = ("Remind owners and managers of end dates ahead and of overdue final-report "
            "requirements, and send the daily digests. Run it daily (cron, systemd timer); "
            "running it again the same day sends nothing new.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to run for (YYYY-MM-DD); default today.")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"--date: {exc}") from exc
        counts = services.send_reminders(today=today)
        self.stdout.write(f"reminders: {counts['reminders']}, mails: {counts['mails']}, "
                          f"digests: {counts['digests']}")
