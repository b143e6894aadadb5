"""Settings for the portfolio tracker; every deployment knob comes from the environment."""

import datetime
import os
import secrets
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
# pytest sets PYTEST_VERSION for its run: tests get development defaults without DEBUG (which
# would change what they test). A server never runs under it.
TESTING = "PYTEST_VERSION" in os.environ
DEVELOPMENT = DEBUG or TESTING

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and env_bool("PORTFOLIO_THROWAWAY_SECRET", False):
    # manage.py's code-only commands (makemigrations, makemessages …): random, never known.
    SECRET_KEY = secrets.token_urlsafe(50)
if not SECRET_KEY:
    if not DEVELOPMENT:
        # A known key would let anyone forge sessions, password-reset links and signed data.
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (README: Running in production).")
    SECRET_KEY = "insecure-dev-key-do-not-use-in-production"

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# The intranet may read the portfolio feed without a token when this is on.
PUBLIC_FEED = env_bool("PUBLIC_FEED", DEBUG)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "portfolio",
    "directives",
    "api",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "portfolio.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "portfolio.middleware.NoStoreMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

if "DATABASE_URL" not in os.environ:
    # The embedded default lives in var/, which a fresh clone does not have yet.
    (BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Prepared statements for the cursors that ask for them (server-side binding: only the
    # throttle counters' statement, run on every API request, portfolio/throttling.py); every
    # other query keeps client-side binding. DATABASE_PREPARE_THRESHOLD=off for a pooler in
    # transaction mode that cannot keep prepared statements.
    _prepare = os.environ.get("DATABASE_PREPARE_THRESHOLD", "5")
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
        None if _prepare.lower() in ("", "off", "none") else int(_prepare))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    SQLITE_TIMEOUT = int(os.environ.get("SQLITE_TIMEOUT", "20"))
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        # A transaction takes the write lock when it begins, so a second writer waits its turn
        # (busy timeout) instead of failing with "database is locked" when a read lock it holds
        # cannot be upgraded; the loser then sees the winner's rows and gets a clean 409.
        "transaction_mode": "IMMEDIATE",
        "timeout": SQLITE_TIMEOUT,
        # WAL: readers never wait for the writer. NORMAL is durable with WAL except for the
        # last transactions on power loss, which is the usual trade for an embedded database.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                        f"PRAGMA busy_timeout={SQLITE_TIMEOUT * 1000}; PRAGMA foreign_keys=ON",
    })
    # Threads in the concurrency tests need a database file they all open: the default test
    # database (shared in-memory) allows only one writer without waiting.
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("SQLITE_TEST_NAME") or str(
        Path(tempfile.gettempdir()) / f"portfolio-test-{os.getpid()}.sqlite3")}


def cache_from_url(url: str) -> dict:
    """``CACHE_URL``: ``db://`` (the default: a table in the database, shared by every worker
    process), ``redis://host:6379/0`` (or ``rediss://``), or ``locmem://`` (one process only)."""
    scheme = url.split(":", 1)[0].lower()
    if scheme in ("redis", "rediss"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme in ("db", ""):
        # The table is made after every migrate (portfolio.deployment), nothing to run by hand.
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": CACHE_TABLE, "OPTIONS": {"MAX_ENTRIES": 20000}}
    raise ValueError(f"CACHE_URL: unknown scheme {scheme!r} (db://, redis://, locmem://)")


# Throttle counters live here: per-process memory would give every gunicorn worker its own.
CACHE_TABLE = "django_cache"
CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", "db://"))}
# Each worker process remembers a feed token it has looked up this many seconds (api/tokens.py):
# a revoked token is refused at once by the process that revoked it, by the others within this.
FEED_TOKEN_CACHE_SECONDS = float(os.environ.get("FEED_TOKEN_CACHE_SECONDS", "5"))
# ... and the feed pages it answered, while no project changed (api/feed.py), at most this long
# and this many of them.
FEED_PAGE_CACHE_SECONDS = float(os.environ.get("FEED_PAGE_CACHE_SECONDS", "30"))
FEED_PAGE_CACHE_ENTRIES = int(os.environ.get("FEED_PAGE_CACHE_ENTRIES", "64"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username+address before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded case documents; never served as static files: a view checks who may read them.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portfolio:list"
LOGOUT_REDIRECT_URL = "login"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PortfolioPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": True,
    "DEFAULT_THROTTLE_CLASSES": [
        # DRF's throttles counting with one atomic increment (portfolio/throttling.py).
        "portfolio.throttling.AnonCounterThrottle",
        "portfolio.throttling.UserCounterThrottle",
        "portfolio.throttling.ScopedCounterThrottle",
    ],
    # Per client and per scope; PDFs and reports cost a renderer process or a report run.
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("THROTTLE_ANON", "600/hour"),
        "user": os.environ.get("THROTTLE_USER", "6000/hour"),
        "feed": os.environ.get("THROTTLE_FEED", "3600/hour"),
        "pdf": os.environ.get("THROTTLE_PDF", "240/hour"),
        "reports": os.environ.get("THROTTLE_REPORTS", "600/hour"),
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Portföljen — REST API v1",
    "DESCRIPTION": "Project portfolio of joint committees (gemensam nämnd): projects, gates, "
    "decisions and the audit trail. See API.md for the stable contract.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ProjectStateEnum": "portfolio.lifecycle.State",
        "GateOutcomeEnum": "portfolio.lifecycle.Outcome",
        "AgendaItemOutcomeEnum": "portfolio.services.meetings.ITEM_OUTCOMES",
        "CaseKindEnum": "portfolio.models.cases.Case.Kind",
        "CaseDocumentKindEnum": "portfolio.models.cases.CaseDocument.Kind",
        "AgendaItemKindEnum": "portfolio.models.meetings.AgendaItem.Kind",
    },
}

# Background work (large imports, mail, reminders) is queued in the database and run by
# `manage.py db_worker`; the request only enqueues. TASKS_IMMEDIATE=1 runs tasks inline
# (a one-process installation without a worker). Tests run them inline too; a test that is
# about queueing opts out with the ``queued_tasks`` fixture (tests/conftest.py).
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env_bool("TASKS_IMMEDIATE", TESTING)
        else "django_tasks_db.DatabaseBackend",
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Production: TLS ends at the reverse proxy (README: Running in production) --------------
# Safe defaults when DEBUG is off; each can be turned off for a deliberate setup (e.g. a
# plain-HTTP benchmark on 127.0.0.1).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEVELOPMENT)
# The proxy sets X-Forwarded-Proto (and must overwrite one sent by the client).
if env_bool("TRUST_X_FORWARDED_PROTO", not DEVELOPMENT):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS",
                                         "0" if DEVELOPMENT else str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEVELOPMENT)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEVELOPMENT)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEVELOPMENT)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_REFERRER_POLICY = "same-origin"
# How many proxies append to X-Forwarded-For: the client address for throttling and the
# sign-in lockout is the one the nearest trusted proxy saw. 0: REMOTE_ADDR only.
NUM_PROXIES = int(os.environ.get("NUM_PROXIES", "0" if DEVELOPMENT else "1"))
REST_FRAMEWORK["NUM_PROXIES"] = NUM_PROXIES

# --- Content-Security-Policy (django-csp 4) --------------------------------------------------
# Everything is served by the installation itself. Inline style attributes are used by the
# pages and Swagger UI (style only, no script). No inline script at all: the language menu
# changes on its button (WCAG 3.2.2), and Swagger UI's start script is a separate file
# (SpectacularSwaggerSplitView).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}


# --- Sign-in brute force (django-axes) -------------------------------------------------------
# Locked per username AND address: an attacker cannot lock a person out from everywhere, and
# the person can still sign in from their own computer. Failures are rows in the database
# (shared by every worker); a success resets them.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portfolio.deployment.lockout_response"  # a page in the user's language
# The client address as the throttles see it (NUM_PROXIES): behind the proxy, REMOTE_ADDR is
# the proxy's, and one lockout would then hold the username for everybody.
AXES_CLIENT_IP_CALLABLE = "portfolio.deployment.client_address"
# JSON bodies go through a parser that refuses nesting deeper than the API needs (400, not a
# RecursionError).
REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"] = [
    "api.parsers.SafeJSONParser",
    "rest_framework.parsers.FormParser",
    "rest_framework.parsers.MultiPartParser",
]

# Outcome imports (portfolio/services/outcomes.py): the limits a file is checked against
# before it is parsed, and the size above which it is imported by a background task.
OUTCOME_IMPORT_MAX_BYTES = int(os.environ.get("OUTCOME_IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
OUTCOME_IMPORT_MAX_ROWS = int(os.environ.get("OUTCOME_IMPORT_MAX_ROWS", "200000"))
OUTCOME_IMPORT_MAX_UNCOMPRESSED_BYTES = int(os.environ.get(
    "OUTCOME_IMPORT_MAX_UNCOMPRESSED_BYTES", str(60 * 1024 * 1024)))
OUTCOME_IMPORT_BACKGROUND_ROWS = int(os.environ.get("OUTCOME_IMPORT_BACKGROUND_ROWS", "5000"))

# Directive and final-report documents (directives/models.py): every save copies the whole
# document into a new version, so a document and each of its sections have a size cap.
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES", str(1024 * 1024)))
DOCUMENT_SECTION_MAX_BYTES = int(os.environ.get("DOCUMENT_SECTION_MAX_BYTES", str(256 * 1024)))

# --- Mail (notifications) ----------------------------------------------------------------------
# SMTP in production; `make demo` writes each mail as a file into var/mail/ instead
# (EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend), which the demo shows.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portfoljen@localhost")
# The address links in mails start with (the site as people reach it).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# How many days before a project's end date its owner and manager are reminded.
NOTIFICATION_REMINDER_DAYS = int(os.environ.get("NOTIFICATION_REMINDER_DAYS", "30"))
# A case's attachments (PDF or DOCX beslutsunderlag).
CASE_DOCUMENT_MAX_BYTES = int(os.environ.get("CASE_DOCUMENT_MAX_BYTES", str(20 * 1024 * 1024)))
