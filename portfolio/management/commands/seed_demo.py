from django.core.management.base import BaseCommand

from portfolio.demo.load import load_demo


class Command(BaseCommand):
    help = "Load the GNS demo portfolio of 2018–2019 and the demo users (idempotent)."

    def handle(self, *args, **options):
        load_demo(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(" – demo data loaded"))
