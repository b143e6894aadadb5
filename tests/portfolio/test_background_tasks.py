"""Background work: tests run tasks inline unless they opt out; production queues them in the
database for ``db_worker``, which ``make demo`` runs beside the server."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus, task, task_backends

ROOT = Path(__file__).resolve().parents[2]
CALLS = []


@task()
def remember(value):
    CALLS.append(value)
    return value * 2


def test_tasks_run_inline_in_tests_by_default():
    CALLS.clear()
    result = remember.enqueue(21)
    assert result.status == TaskResultStatus.SUCCESSFUL and result.return_value == 42
    assert CALLS == [21]


@pytest.mark.django_db(transaction=True)
def test_a_test_can_opt_out_and_the_database_worker_runs_the_queue(queued_tasks):
    CALLS.clear()
    result = remember.enqueue(5)
    assert type(task_backends["default"]).__name__ == "DatabaseBackend"
    assert result.status == TaskResultStatus.READY and CALLS == []
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL and result.return_value == 10
    assert CALLS == [5]


def test_production_queues_tasks_in_the_database():
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTEST_VERSION", "DEBUG", "TASKS_IMMEDIATE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(SECRET_KEY=secrets.token_urlsafe(50), DATABASE_URL="sqlite:////tmp/unused.sqlite3")
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
                               "print(settings.TASKS['default']['BACKEND'])"],
        cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "django_tasks_db.DatabaseBackend", result.stderr


def test_make_demo_runs_the_worker_beside_the_server_and_stops_it():
    # -n prints the recipe without running it (nor the setup it depends on).
    recipe = subprocess.run(["make", "-n", "demo"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120).stdout
    script = recipe[recipe.index("db_worker") - 200:]
    assert re.search(r"manage\.py db_worker[^&\n]*&", script), recipe
    assert "trap" in script and "kill" in script
    assert script.index("db_worker") < script.index("runserver")
