"""The layering the architecture promises, checked on the source so it cannot drift."""

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
PACKAGES = ("portfolio", "directives", "config")


def _imports(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_nothing_outside_api_imports_the_api_package():
    offenders = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            found = sorted(n for n in _imports(path) if n == "api" or n.startswith("api."))
            if found:
                offenders[str(path.relative_to(ROOT))] = found
    assert offenders == {}


def _classes(path: pathlib.Path) -> dict[str, list[str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name: [ast.unparse(b) for b in node.bases]
            for node in tree.body if isinstance(node, ast.ClassDef)}


def test_api_serializers_live_in_the_serializers_package_by_area():
    for view_module in ("views", "documents", "governance", "money", "reports"):
        classes = _classes(ROOT / "api" / f"{view_module}.py")
        serializers = [name for name, bases in classes.items()
                       if any("Serializer" in b for b in bases)]
        assert serializers == [], view_module
    package = ROOT / "api" / "serializers"
    assert {p.stem for p in package.glob("*.py")} >= {"projects", "documents", "governance",
                                                      "money"}


def test_meeting_documents_are_rendered_by_the_portfolio():
    from directives import rendering
    from portfolio.reports import meeting_documents

    assert not hasattr(rendering, "agenda_html")
    assert not hasattr(rendering, "minutes_extract_html")
    assert callable(meeting_documents.agenda_html)
    assert callable(meeting_documents.minutes_extract_html)
