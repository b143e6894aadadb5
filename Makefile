# Two commands on a fresh machine: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
export QT_QPA_PLATFORM := offscreen
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Maintenance commands run with development settings when no SECRET_KEY is set (the demo);
# they serve nothing, so DEBUG changes nothing for them.
maint_env = $(if $(SECRET_KEY),,DEBUG=1)

.PHONY: backup restore translations demo test test-sqlite test-postgres fuzz setup system-deps lint deadcode bench clean

# The demo runs with DEBUG on (a development key, plain HTTP); production: README.
demo: export DEBUG := 1
demo: export PUBLIC_FEED := 1
# Mails are written to var/mail/ (shown at /portfolio/notifications/mail/), never sent.
demo: export EMAIL_BACKEND := django.core.mail.backends.filebased.EmailBackend
demo: setup
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py send_reminders
	@$(PY) manage.py demo_banner
	@# The background worker (imports, mail) runs beside the server and stops with it.
	$(PY) manage.py db_worker --no-startup-delay --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	  $(PY) manage.py runserver 127.0.0.1:8000

# var/backups/<timestamp>.sqlite3 (SQLite online backup) or .dump (pg_dump -Fc) of DATABASE_URL.
backup: setup
	$(maint_env) $(PY) manage.py backup

# make restore FILE=var/backups/….sqlite3 — refuses a database that holds data unless FORCE=1.
restore: setup
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/<backup> [FORCE=1]" >&2; exit 2; }
	$(maint_env) $(PY) manage.py restore "$(FILE)" $(if $(filter 1 yes true,$(FORCE)),--force)

test: setup
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres
	$(MAKE) --no-print-directory fuzz

# Schemathesis against the seeded demo behind gunicorn on 127.0.0.1 (bounded, fixed seed).
fuzz: setup
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-10} FUZZ_SECONDS=$${FUZZ_SECONDS:-300} scripts/fuzz.sh

test-sqlite: setup
	env -u DATABASE_URL $(PY) -m pytest -p no:cacheprovider

test-postgres: setup
	scripts/with-postgres.sh $(PY) -m pytest -p no:cacheprovider

setup: system-deps $(VENV)/.installed

system-deps:
	@scripts/system-deps.sh

$(VENV)/.installed: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --require-hashes -r requirements.lock
	touch $@

# Regenerate the lock after changing pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 -o requirements.lock

# Style and type checks; any finding fails (mypy is configured in pyproject.toml).
lint: setup
	$(VENV)/bin/ruff check .
	$(maint_env) $(VENV)/bin/mypy
	$(MAKE) --no-print-directory deadcode

# Unused code (vulture; paths and settings in pyproject.toml). Names Django or the templates use
# implicitly go in vulture_whitelist.py.
deadcode: setup
	$(VENV)/bin/vulture

bench: setup
	@for b in bench/*.py; do [ -e "$$b" ] || continue; echo "== $$b"; $(PY) "$$b" || exit 1; done

clean:
	rm -rf $(VENV) var

# Collect new strings, fill Swedish from scripts/sv_translations*.py, compile (needs gettext).
translations: export DEBUG := 1
translations: setup
	$(maint_env) $(PY) manage.py makemessages -l sv -l en --ignore=.venv --ignore=var --ignore=tests --no-obsolete
	$(PY) scripts/fill_translations.py
	$(maint_env) $(PY) manage.py compilemessages --ignore=.venv
