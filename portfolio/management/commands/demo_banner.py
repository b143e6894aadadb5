from django.core.management.base import BaseCommand

from portfolio.demo.people import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Print the demo address and logins."

    def handle(self, *args, **options):
        self.stdout.write("\nPortföljen körs på http://127.0.0.1:8000/  (admin: /admin/, API: /api/docs/)")
        self.stdout.write(f"Demoinloggningar (lösenord '{DEMO_PASSWORD}'):")
        for username, first, last, _ in DEMO_USERS:
            self.stdout.write(f"  {username:24} {first} {last}")
        self.stdout.write("")
