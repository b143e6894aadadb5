"""axe-core (bundled by axe-playwright-python) on the page as the browser shows it now.

Every browser test calls `assert_accessible(page)` on each page it visits and after each action;
only WCAG 2.0/2.1 level A and AA rules count (best-practice rules are advice, not law).
"""

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


def violations(page) -> list[dict]:
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA},
                                      "resultTypes": ["violations"]})
    return results.response["violations"]


def describe(found: list[dict]) -> str:
    lines = []
    for violation in found:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — "
                     f"{len(violation['nodes'])} node(s): {'; '.join(targets)}")
    return "\n".join(lines)


def assert_accessible(page, where: str = "") -> None:
    found = violations(page)
    assert not found, f"axe WCAG 2.1 AA violations on {where or page.url}:\n{describe(found)}"
