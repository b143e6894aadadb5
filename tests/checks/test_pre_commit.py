"""The pre-commit hooks are local: they run the project's own tools and download nothing."""

import pathlib
import shlex

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]


def hooks() -> list[dict]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    assert [repo["repo"] for repo in config["repos"]] == ["local"] * len(config["repos"])
    return [hook for repo in config["repos"] for hook in repo["hooks"]]


def command(entry: str) -> list[str]:
    """The command of a hook's entry, without an ``env VAR=…`` prefix (development settings
    for tools that import Django)."""
    words = shlex.split(entry)
    if words[0] == "env":
        words = words[1:]
        while "=" in words[0]:
            words = words[1:]
    return words


def test_hooks_run_ruff_mypy_vulture_and_the_migrations_check_from_the_venv():
    entries = {hook["id"]: command(hook["entry"]) for hook in hooks()}
    assert {"ruff", "mypy", "deadcode", "migrations"} <= set(entries)
    assert entries["ruff"][:2] == [".venv/bin/ruff", "check"]
    assert entries["mypy"] == [".venv/bin/mypy"]
    assert entries["deadcode"] == [".venv/bin/vulture"]
    assert entries["migrations"][1:] == ["manage.py", "makemigrations", "--check", "--dry-run"]
    for hook in hooks():
        assert hook["language"] == "system"
        assert (ROOT / command(hook["entry"])[0]).is_file(), hook["id"]
