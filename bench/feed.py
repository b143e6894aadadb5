"""The intranet feed on generate_portfolio data (10 000 projects with decisions).

1. A 100-item feed page against the raw SQL that fetches the same rows (goal: within 4x).
2. A 304 answer against building the page.
3. A bounded load run on 127.0.0.1 against gunicorn: 32 concurrent clients for 30 s
   (keep-alive HTTP/1.1 from threads), no errors allowed, p50/p99 reported.
"""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from _django import ROOT, setup

PROJECTS = int(os.environ.get("BENCH_PROJECTS", "10000"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "32"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "30"))
ROUNDS = 15


def median_ms(fn) -> float:
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> int:
    os.environ["PUBLIC_FEED"] = "1"
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,testserver"
    for scope in ("ANON", "USER", "FEED"):
        os.environ[f"THROTTLE_{scope}"] = "10000000/hour"
    setup(seed_demo=False)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from api import feed

    call_command("generate_portfolio", projects=PROJECTS, months=1, verbosity=0)
    client = Client()
    url = "/api/v1/feed/?committee=BENCH&page_size=100&page=37"
    assert client.get(url).status_code == 200

    def build_page():
        # Building the page is what is measured here: the process's memory of answered pages
        # (api/feed.py) would otherwise answer from memory (bench/load.py measures that).
        feed._pages.clear()
        return client.get(url)

    # The baseline is the very SQL the page runs (committee, count, page rows, latest
    # decisions, budgets), sent straight to the database cursor: the floor of fetching the
    # same rows. The ratio is what the ORM, serialisation and the request cycle add to it.
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert build_page().status_code == 200
    statements = [q["sql"] for q in captured.captured_queries
                  if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))
                  and "django_cache" not in q["sql"]]  # throttle counters, not the page

    def raw_sql():
        rows = 0
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                rows += len(cursor.fetchall())
        return rows

    print(f"the page runs {len(statements)} SQL statements; raw they return {raw_sql()} rows")
    page_ms, sql_ms = median_ms(build_page), median_ms(raw_sql)
    etag = client.get(url)["ETag"]
    not_modified_ms = median_ms(lambda: client.get(url, HTTP_IF_NONE_MATCH=etag))
    ratio = page_ms / sql_ms
    print(f"100-item feed page:      {page_ms:7.1f} ms (median of {ROUNDS})")
    print(f"raw SQL, same statements:{sql_ms:7.1f} ms")
    print(f"ratio: {ratio:.2f}x (goal <= 4x) -> {'OK' if ratio <= 4 else 'MISSED'}")
    print(f"304 Not Modified:        {not_modified_ms:7.1f} ms "
          f"({not_modified_ms / page_ms:.0%} of building the page)")
    load_ok = load_run(url)
    return 0 if ratio <= 4 and load_ok else 1


def load_run(url: str) -> bool:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "config.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", "2", "--threads", "4", "--log-level", "warning"],
        cwd=ROOT, env=env)
    try:
        wait_for(port)
        latencies, errors, lock = [], [], threading.Lock()
        deadline = time.monotonic() + SECONDS

        def worker():
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            while time.monotonic() < deadline:
                start = time.perf_counter()
                try:
                    connection.request("GET", url)
                    response = connection.getresponse()
                    response.read()
                    ok = response.status == 200
                except (OSError, http.client.HTTPException) as exc:
                    ok = False
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    response = exc
                with lock:
                    (latencies if ok else errors).append(
                        time.perf_counter() - start if ok else repr(response))
            connection.close()

        threads = [threading.Thread(target=worker) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    print(f"load: {CLIENTS} clients x {SECONDS:.0f} s on 127.0.0.1 (gunicorn 2 workers x 4 "
          f"threads): {len(latencies)} requests, {len(errors)} errors, "
          f"{len(latencies) / SECONDS:.0f} req/s, p50 {p(0.5):.0f} ms, p99 {p(0.99):.0f} ms")
    return not errors


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


if __name__ == "__main__":
    raise SystemExit(main())
