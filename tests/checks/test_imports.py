"""Imports sit at the top of a module (ruff PLC0415 in `make lint`), outside tests and bench."""

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
LATE_IMPORT = "def f():\n    from decimal import Decimal\n\n    return Decimal(1)\n"


def ruff(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format", "concise",
                           *args], cwd=ROOT, input=stdin, capture_output=True, text=True,
                          timeout=120)


def test_the_application_has_no_function_level_imports():
    result = ruff("--select", "PLC0415", "portfolio", "directives", "api", "config")
    assert result.returncode == 0, result.stdout


def test_a_function_level_import_is_a_finding_in_the_application_but_not_in_tests():
    flagged = ruff("--stdin-filename", "portfolio/probe.py", "-", stdin=LATE_IMPORT)
    assert flagged.returncode == 1 and "PLC0415" in flagged.stdout
    allowed = ruff("--stdin-filename", "tests/probe.py", "-", stdin=LATE_IMPORT)
    assert allowed.returncode == 0, allowed.stdout


def test_the_api_modules_once_reworked_are_no_longer_exempt():
    for module in ("api/documents.py", "api/governance.py", "api/money.py", "api/reports.py"):
        flagged = ruff("--stdin-filename", module, "-", stdin=LATE_IMPORT)
        assert flagged.returncode == 1 and "PLC0415" in flagged.stdout, module
