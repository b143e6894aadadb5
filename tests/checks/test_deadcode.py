"""`make deadcode`: vulture over the code with the whitelist of names used implicitly."""

import pathlib
import subprocess
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[2]
PATHS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["vulture"]["paths"]


def vulture(*extra: pathlib.Path) -> subprocess.CompletedProcess:
    # Paths on the command line replace the configured ones, so name them all.
    return subprocess.run([sys.executable, "-m", "vulture", *PATHS, *map(str, extra)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_no_dead_code_today():
    result = vulture()
    assert result.returncode == 0, result.stdout


def test_an_unused_function_is_reported_but_framework_names_are_not(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from django.contrib import admin\n\n\n"
        "def never_called():\n    return 1\n\n\n"
        "class UnregisteredAdmin(admin.ModelAdmin):\n    pass\n\n\n"
        "@admin.register(object)\n"
        "class ProbeAdmin(admin.ModelAdmin):\n    list_display = ['name']\n"
        "    readonly_fields = ['name']\n\n    def has_add_permission(self, request):\n"
        "        return False\n\n    class Meta:\n        ordering = ['name']\n")
    result = vulture(probe)
    assert result.returncode == 3
    reported = [line.split("'")[1] for line in result.stdout.splitlines()]
    assert reported == ["never_called", "UnregisteredAdmin"], result.stdout
