"""Follow-up report for a whole committee (10 000 projects, 24 months of outcomes each)
against only fetching the same rows from the database, in the same run.

Goal: the report within 2x the fetch, and under 3 s on the 2-core machine.
"""

import datetime
import statistics
import sys
import time

from _django import setup

PROJECTS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
ROUNDS = 5


def median(fn) -> float:
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    setup(seed_demo=False)
    from django.core.management import call_command

    from portfolio.models import Committee, MonthlyBudget, Outcome
    from portfolio.reports.followup import build

    start = time.perf_counter()
    call_command("generate_portfolio", projects=PROJECTS, months=24, verbosity=0)
    print(f"generated {PROJECTS} projects x 24 months in {time.perf_counter() - start:.1f} s")
    committee = Committee.objects.get(code="BENCH")

    def fetch():
        rows = list(Outcome.objects.filter(cost_object__committee=committee,
                                           period__gte=datetime.date(2024, 1, 1), period__lte=datetime.date(2025, 12, 1))
                    .values_list("cost_object_id", "period", "amount"))
        rows += list(MonthlyBudget.objects.filter(cost_object__committee=committee,
                                                  period__gte=datetime.date(2024, 1, 1), period__lte=datetime.date(2025, 12, 1))
                     .values_list("cost_object_id", "period", "amount"))
        return rows

    def report():
        return build(year=2025, period="Y", committee=committee)

    fetched = len(fetch())
    result = report()
    assert len(result["rows"]) == PROJECTS
    fetch_s, report_s = median(fetch), median(report)
    ratio = report_s / fetch_s
    ok = ratio <= 2.0 and report_s < 3.0
    print(f"fetch {fetched} rows:         {fetch_s * 1000:8.1f} ms (median of {ROUNDS})")
    print(f"follow-up report (Y 2025):  {report_s * 1000:8.1f} ms (median of {ROUNDS})")
    print(f"ratio: {ratio:.2f}x the fetch (goal <= 2x), absolute goal < 3 s -> "
          f"{'OK' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
