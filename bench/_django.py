"""Set up Django on a throwaway SQLite database (unless DATABASE_URL is given) for a bench."""

import os
import secrets
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(seed_demo: bool = True) -> None:
    sys.path.insert(0, str(ROOT))
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='bench-')}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Production settings with a throwaway key, over plain HTTP on 127.0.0.1 (no TLS proxy).
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    for name in ("SECURE_SSL_REDIRECT", "TRUST_X_FORWARDED_PROTO", "SECURE_COOKIES", "NUM_PROXIES"):
        os.environ.setdefault(name, "0")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    if seed_demo:
        call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))
