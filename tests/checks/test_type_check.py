"""The type check `make lint` runs: clean today, strict on the services, lenient elsewhere."""

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
UNTYPED = "\n\ndef _probe(value):\n    return value\n"


def mypy(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mypy", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


def with_probe(tmp_path, module: str) -> list[str]:
    """mypy arguments that check ``module`` as if an untyped function were added to it."""
    source = ROOT / module
    shadow = tmp_path / source.name
    shadow.write_text(source.read_text() + UNTYPED)
    return ["--shadow-file", str(source), str(shadow)]


def test_the_code_type_checks_clean():
    result = mypy()
    assert result.returncode == 0, result.stdout


def test_an_untyped_function_fails_in_the_services_but_not_elsewhere(tmp_path):
    strict = mypy(*with_probe(tmp_path, "portfolio/services/time.py"))
    assert strict.returncode == 1
    assert "portfolio/services/time.py" in strict.stdout and "[no-untyped-def]" in strict.stdout
    lenient = mypy(*with_probe(tmp_path, "portfolio/selectors.py"))
    assert lenient.returncode == 0, lenient.stdout


def test_a_type_error_anywhere_fails(tmp_path):
    source = ROOT / "portfolio/selectors.py"
    shadow = tmp_path / "selectors.py"
    shadow.write_text(source.read_text() + "\n\ndef _probe() -> int:\n    return 'text'\n")
    result = mypy("--shadow-file", str(source), str(shadow))
    assert result.returncode == 1
    assert "[return-value]" in result.stdout


PROBES = {
    "arg-type": "\n\ndef _probe(value: int) -> int:\n    return value\n\n\n"
                "def _caller() -> int:\n    return _probe('text')\n",
    "index": "\n\ndef _probe() -> int:\n    return {1: 2}['text']\n",
    "union-attr": "\n\ndef _probe(value: int | None) -> int:\n    return value.bit_length()\n",
}


def test_the_modules_once_reworked_elsewhere_are_checked_in_full(tmp_path):
    """api.atom, api.reports and directives.rendering had these codes switched off."""
    for module, code in (("directives/rendering.py", "arg-type"), ("api/atom.py", "index"),
                         ("api/reports.py", "union-attr")):
        source = ROOT / module
        shadow = tmp_path / source.name
        shadow.write_text(source.read_text() + PROBES[code])
        result = mypy("--shadow-file", str(source), str(shadow))
        assert result.returncode == 1, (module, result.stdout)
        assert f"[{code}]" in result.stdout and module in result.stdout, result.stdout
