"""The list pages on generate_portfolio data (issue #12: 10 000 projects).

For each page: the median time of ROUNDS requests through Django's test client, the bytes
sent and the SQL statements run, and the ratio against a trivial page (the login form)
measured in the same run. Each page is also requested for a committee of SMALL projects: the
number of statements must be the same at both sizes (the small portfolio is built and counted
in a child process on its own throwaway SQLite database: generate_portfolio's cost-object
codes are the same in every committee).

Goals: every page <= 150 ms median and <= 200 KB at 10 000 projects, and a query count that
does not grow with the portfolio. Exits 1 when one is missed.
"""

import datetime
import json
import os
import statistics
import subprocess
import sys
import time

from _django import setup

PROJECTS = int(os.environ.get("BENCH_PROJECTS", "10000"))
SMALL = int(os.environ.get("BENCH_SMALL_PROJECTS", "50"))
MONTHS = int(os.environ.get("BENCH_MONTHS", "24"))
MEETINGS = int(os.environ.get("BENCH_MEETINGS", "500"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))
GOAL_MS, GOAL_BYTES = 150.0, 200 * 1024
# e.g. BENCH_ONLY=portfolio,meetings: only the pages whose names start so.
ONLY = [p for p in os.environ.get("BENCH_ONLY", "").split(",") if p]

PAGES = [
    ("portfolio", "/portfolio/"),
    ("portfolio, page 100", "/portfolio/?page=100"),
    ("portfolio, search", "/portfolio/?q=Benchprojekt+1"),
    ("portfolio, sorted by name", "/portfolio/?sort=-name&state=execution"),
    ("internal control", "/portfolio/control/?committee=BENCH"),
    ("economy", "/portfolio/economy/?committee=BENCH&year=2024&period=T2"),
    ("meetings", "/portfolio/meetings/"),
]


def median_ms(fn) -> float:
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> int:
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,testserver"
    for scope in ("ANON", "USER", "FEED", "PDF", "REPORTS"):
        os.environ[f"THROTTLE_{scope}"] = "10000000/hour"
    setup(seed_demo=False)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portfolio.models import Committee, CommitteeRole, Meeting

    counting = os.environ.get("BENCH_COUNT_ONLY") == "1"
    if ONLY:
        PAGES[:] = [(name, url) for name, url in PAGES if name.startswith(tuple(ONLY))]
    call_command("generate_portfolio", projects=PROJECTS, months=MONTHS, verbosity=0)
    # A secretary of the committee: the permission checks a real reader goes through.
    reader = get_user_model().objects.create_user("bench-secretary")
    committee = Committee.objects.get(code="BENCH")
    CommitteeRole.objects.create(user=reader, committee=committee, role="secretary")
    today = datetime.date.today()
    Meeting.objects.bulk_create(
        Meeting(committee=committee, date=today + datetime.timedelta(days=14 * n - 7000))
        for n in range(MEETINGS))
    client = Client(HTTP_ACCEPT_LANGUAGE="sv")
    client.force_login(reader)
    anonymous = Client()

    def fetch(url, who=client):
        response = who.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    def queries(url) -> int:
        fetch(url)  # warm: session, translations
        with CaptureQueriesContext(connection) as captured:
            fetch(url)
        return len(captured)

    if counting:
        print(json.dumps({name: queries(url) for name, url in PAGES}))
        return 0
    small = small_counts()
    baseline_url = "/accounts/login/"
    fetch(baseline_url, anonymous)
    baseline = median_ms(lambda: fetch(baseline_url, anonymous))
    print(f"{PROJECTS} projects x {MONTHS} months, {MEETINGS} meetings; median of {ROUNDS}; "
          f"baseline (login page): {baseline:.1f} ms")
    print(f"{'page':28} {'ms':>8} {'x base':>7} {'KB':>7} {'queries':>8} {'at ' + str(SMALL):>7}")
    missed = []
    for name, url in PAGES:
        count = queries(url)
        size = len(fetch(url).content)
        ms = median_ms(lambda url=url: fetch(url))
        ok = ms <= GOAL_MS and size <= GOAL_BYTES and count == small[name]
        print(f"{name:28} {ms:8.1f} {ms / baseline:7.1f} {size / 1024:7.1f} {count:8d} "
              f"{small[name]:7d}  {'OK' if ok else 'MISSED'}")
        if not ok:
            missed.append(name)
    print(f"goals: <= {GOAL_MS:.0f} ms median, <= {GOAL_BYTES // 1024} KB, queries constant -> "
          + ("all met" if not missed else "MISSED: " + ", ".join(missed)))
    return 1 if missed else 0


def small_counts() -> dict[str, int]:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(BENCH_COUNT_ONLY="1", BENCH_PROJECTS=str(SMALL), BENCH_MEETINGS="5")
    result = subprocess.run([sys.executable, __file__], env=env, check=True,
                            capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])

if __name__ == "__main__":
    raise SystemExit(main())
