"""Deployment settings: no start without a secret in production, ``check --deploy`` clean with
the production defaults, a Content-Security-Policy, and ``no-store`` on API answers and PDFs."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from portfolio.lifecycle import State

ROOT = Path(__file__).resolve().parents[2]


def production_env(**extra) -> dict:
    """The environment of a production server: no DEBUG, not under pytest (pytest's marker
    variable would give development defaults)."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"DEBUG", "PYTEST_VERSION", "SECRET_KEY", "SECURE_SSL_REDIRECT",
                        "SECURE_COOKIES", "SECURE_HSTS_SECONDS", "TRUST_X_FORWARDED_PROTO",
                        "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    # Checks never open the database; the name only has to parse.
    env.update(ALLOWED_HOSTS="portfolj.example.se",
               DATABASE_URL="postgres://portfolio@127.0.0.1:5432/portfolio")
    env.update(extra)
    return env


def manage(*args, env):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_the_production_defaults():
    result = manage("check", "--deploy", "--fail-level", "WARNING",
                    env=production_env(SECRET_KEY=secrets.token_urlsafe(50)))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_check_deploy_warns_when_the_protections_are_switched_off():
    # The same check notices, so the clean run above means something.
    result = manage("check", "--deploy", env=production_env(
        SECRET_KEY=secrets.token_urlsafe(50), SECURE_SSL_REDIRECT="0", SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0"))
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stdout + result.stderr, check


def test_code_only_commands_need_no_secret_key():
    """makemigrations and the like sign nothing: a developer (or a hook) runs them bare."""
    result = manage("makemigrations", "--check", "--dry-run", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


@pytest.mark.parametrize("command", [
    [sys.executable, "manage.py", "check"],
    [sys.executable, "-c", "from config.wsgi import application"],
])
def test_server_refuses_to_start_without_secret_key_when_debug_is_off(command):
    result = subprocess.run(command, cwd=ROOT, env=production_env(), capture_output=True,
                            text=True, timeout=120)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY must be set" in result.stderr
    # The old escape hatch is gone.
    result = subprocess.run(command, cwd=ROOT, env=production_env(ALLOW_INSECURE_SECRET="1"),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_debug_runs_without_a_secret_key():
    assert manage("check", env=production_env(DEBUG="1")).returncode == 0


def csp(response) -> dict:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_pages_carry_a_content_security_policy_without_inline_script(client, world):
    client.force_login(world.owner)
    policy = csp(client.get("/portfolio/"))
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]


def test_swagger_ui_works_under_the_policy(client, world):
    client.force_login(world.owner)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    policy = csp(response)
    html = response.content.decode()
    # Every script is a file from the installation itself: allowed by script-src 'self'.
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all('src="' in attrs and not body.strip() for attrs, body in scripts)
    start = re.findall(r'<script src="([^"]+)"', html)[-1].replace("&amp;", "&")
    assert start.startswith("/api/docs/?")
    script = client.get(start)
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()
    assert "'self'" in policy["script-src"]


def test_api_json_is_no_store(world):
    client = APIClient()
    client.force_authenticate(world.owner)
    response = client.get("/api/v1/projects/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_pdfs_are_no_store(world, client):
    project = world.project(State.EXECUTION)
    client.force_login(world.owner)
    page_pdf = client.get(f"/documents/{project.pk}/directive/pdf/")
    assert page_pdf["Content-Type"] == "application/pdf"
    assert page_pdf["Cache-Control"] == "no-store"
    api = APIClient()
    api.force_authenticate(world.owner)
    api_pdf = api.get(f"/api/v1/projects/{project.pk}/directive.pdf")
    assert api_pdf.status_code == 200 and api_pdf["Cache-Control"] == "no-store"


def test_feed_keeps_its_own_revalidation_caching(world, settings):
    settings.PUBLIC_FEED = True
    response = APIClient().get("/api/v1/feed/")
    assert response["Cache-Control"] == "no-cache"
