"""Wiring for running the service: the cache table after migrate, and sign-ins in the audit
trail. Connected in ``PortfolioConfig.ready``."""

from django.conf import settings
from django.core.management import call_command
from django.shortcuts import render

from portfolio.services import audit


def create_cache_table(sender, using="default", verbosity=1, **kwargs):
    """The database cache needs its table; making it after every migrate (and test database
    set-up) means nobody has to remember ``createcachetable``. Idempotent."""
    if any(conf["BACKEND"].endswith("DatabaseCache") for conf in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=0)


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in: a page (429), in the visitor's language."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "registration/locked_out.html", {
        "failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}, status=429)


def on_login(sender, request, user, **kwargs):
    audit.record_login(user=user, request=request)


def on_login_failed(sender, credentials, request=None, **kwargs):
    audit.record_login_failed(username=credentials.get("username", ""), request=request)
