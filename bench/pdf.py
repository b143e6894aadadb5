"""Median time to render the LINK2 directive PDF against a one-line page in the same run.

The one-line page is wkhtmltopdf's floor (process start, Qt, font loading); the goal is the
directive within 2x that floor.
"""

import statistics
import time

from _django import setup

ROUNDS = 9
GOAL = 2.0


def median_seconds(render, html: str) -> float:
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        render(html)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    setup()
    from directives.pdf import render_pdf
    from directives.rendering import directive_html
    from portfolio.models import Project

    link2 = Project.objects.get(committee__code="GNS", case_seq=8, case_year=2018)

    def directive_pdf(_html):
        # The whole operation a request makes: read the project, build the HTML, render.
        return render_pdf(directive_html(Project.objects.get(pk=link2.pk)))

    directive_pdf(None)  # warm: template compilation, binary and fonts in the page cache
    floor = median_seconds(render_pdf, "<!doctype html><meta charset=utf-8><p>En rad.</p>")
    directive = median_seconds(directive_pdf, None)
    ratio = directive / floor
    print(f"one-line page (floor): {floor * 1000:7.1f} ms (median of {ROUNDS})")
    print(f"LINK2 directive PDF:   {directive * 1000:7.1f} ms (queries + HTML + PDF, median)")
    print(f"ratio: {ratio:.2f}x the floor (goal <= {GOAL}x) -> {'OK' if ratio <= GOAL else 'MISSED'}")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
