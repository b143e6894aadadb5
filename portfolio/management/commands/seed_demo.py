from django.core.management.base import BaseCommand

from portfolio.demo.load import load_demo


class Command(BaseCommand):
    help = "Load the GNS demo portfolio of 2018–2019 and the demo users (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--replay", action="store_true",
                            help="Stop LINK2 before its 2019 extension, to replay it in the browser.")

    def handle(self, *args, **options):
        load_demo(stdout=self.stdout, replay=options["replay"])
        self.stdout.write(self.style.SUCCESS(" – demo data loaded"))
