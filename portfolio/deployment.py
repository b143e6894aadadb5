"""Wiring for running the service: the cache table after migrate, and sign-ins in the audit
trail. Connected in ``PortfolioConfig.ready``."""

from django.conf import settings
from django.core.management import call_command


def create_cache_table(sender, using="default", verbosity=1, **kwargs):
    """The database cache needs its table; making it after every migrate (and test database
    set-up) means nobody has to remember ``createcachetable``. Idempotent."""
    if any(conf["BACKEND"].endswith("DatabaseCache") for conf in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=0)
