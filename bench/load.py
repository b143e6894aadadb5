"""The feed near the framework's floor: wrk against gunicorn, in one run.

Three scenarios, in turn for ``--rounds`` rounds (the median round of each counts), against
the same gunicorn (production settings: DEBUG
off, a throwaway SECRET_KEY, plain HTTP on 127.0.0.1) on a 10 000-project committee made by
``generate_portfolio``:

- ``floor``: ``GET /api/v1/ping/``, a trivial view through the same middleware;
- ``feed 304``: the feed page with the feed token and the page's ETag in If-None-Match;
- ``feed 200``: the same page without If-None-Match.

Each line gives requests/s and the p50/p99 latency wrk measured, and the ratio of its
throughput to the floor's. Goals (issue #12): the 304 at least 50 % of the floor, the 200 at
least 25 %. The exit status is 1 when a goal is missed or a request got an unexpected status
(a 429 means the throttle rates were not raised), 0 otherwise. Gunicorn is always stopped.

    .venv/bin/python bench/load.py                   # closed loop: -c 16 -t 2, 3 x 5 s
    .venv/bin/python bench/load.py --rate 400        # paced: about 400 req/s in total
    DATABASE_URL=postgres://… .venv/bin/python bench/load.py

Without DATABASE_URL the portfolio goes into a SQLite file of its own (a temporary directory);
with it, into that database (generated once: a committee BENCH that exists is reused).

wrk is closed-loop (a connection sends its next request when the previous one is answered).
``--rate`` paces every connection with wrk's ``delay()``, which keeps the offered load near the
rate while the server keeps up; it is not a true open loop (a late answer delays the next
request, so the tail is understated under overload).
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from _django import ROOT, setup

GOALS = {"feed 304": 0.50, "feed 200": 0.25}
FEED_URL = "/api/v1/feed/?committee=BENCH&page_size=100&page=37"
FLOOR_URL = "/api/v1/ping/"

# Per-thread status counts, summed in done(): wrk runs a Lua state per thread.
LUA = """
local threads = {}
local token = os.getenv("BENCH_TOKEN")
local etag = os.getenv("BENCH_ETAG")
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  expected, unexpected, other = 0, 0, ""
  wrk.headers["Authorization"] = "Token " .. token
  if etag ~= nil and etag ~= "" then
    wrk.headers["If-None-Match"] = etag
  end
end

if pause > 0 then
  function delay()
    return pause
  end
end

function response(status, headers, body)
  if status == tonumber(os.getenv("BENCH_STATUS")) then
    expected = expected + 1
  else
    unexpected = unexpected + 1
    other = tostring(status)
  end
end

function done(summary, latency, requests)
  local expected_total, unexpected_total, last = 0, 0, ""
  for _, thread in ipairs(threads) do
    expected_total = expected_total + thread:get("expected")
    unexpected_total = unexpected_total + thread:get("unexpected")
    if thread:get("other") ~= "" then last = thread:get("other") end
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"expected": %d, "unexpected": %d, "unexpected_status": "%s", "socket_errors": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    expected_total, unexpected_total, last,
    errors.connect + errors.read + errors.write + errors.timeout))
end
"""


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", default="5s",
                        help="wrk -d per scenario and round (default 5s)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of all scenarios; the median round counts (default 3)")
    parser.add_argument("--connections", type=int, default=16, help="wrk -c (default 16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk -t (default 2)")
    parser.add_argument("--rate", type=float, default=0,
                        help="paced load: about this many requests/s in total (default: "
                             "closed loop, as fast as answers come)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--worker-threads", type=int, default=4,
                        help="gunicorn threads per worker (default 4)")
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--only", choices=["floor", "feed 304", "feed 200"], action="append",
                        help="run only these scenarios (the floor always runs: it is the base)")
    return parser.parse_args()


def prepare(projects: int) -> str:
    """The portfolio and a feed token, on production settings; returns the token's key."""
    os.environ["DEBUG"] = "0"
    os.environ["PUBLIC_FEED"] = "0"  # the intranet's way in: a feed token
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1"
    # Persistent connections, as a deployment under load runs (the floor opens none at all).
    os.environ.setdefault("CONN_MAX_AGE", "60")
    # The throttle still runs on every request (its cost is part of the measure); only the
    # rates are raised so that the bench is not refused.
    for scope in ("ANON", "USER", "FEED"):
        os.environ[f"THROTTLE_{scope}"] = "100000000/hour"
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='bench-load-')}/db.sqlite3"
    create_database(os.environ["DATABASE_URL"])
    setup(seed_demo=False)
    from django.core.management import call_command

    from api.models import FeedToken

    call_command("generate_portfolio", projects=projects, months=1, verbosity=0)
    return FeedToken.objects.create(name="bench/load.py").key


def create_database(url: str) -> None:
    """The PostgreSQL database the URL names, when it does not exist yet: the throwaway
    cluster of scripts/with-postgres.sh starts with only ``postgres``."""
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg
    from psycopg import sql

    name = urllib.parse.urlsplit(url).path.lstrip("/")
    maintenance = urllib.parse.urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, workers: int, threads: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "config.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
         "--log-level", "warning"], cwd=ROOT, env=env)


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def get(port: int, path: str, token: str, etag: str = "") -> tuple[int, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}",
                                     headers={"Authorization": f"Token {token}",
                                              **({"If-None-Match": etag} if etag else {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("ETag", "")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("ETag", "")


def wait_until_up(port: int, token: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited")
        try:
            if get(port, FLOOR_URL, token)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 60 s")


def run_wrk(args, port: int, path: str, token: str, etag: str, status: int,
            script: Path) -> dict:
    delay_ms = 0
    if args.rate:
        delay_ms = max(1, round(args.connections * 1000 / args.rate))
    env = {**os.environ, "BENCH_TOKEN": token, "BENCH_ETAG": etag, "BENCH_STATUS": str(status),
           "BENCH_DELAY_MS": str(delay_ms)}
    command = [shutil.which("wrk") or "/usr/bin/wrk", "--latency", "-t", str(args.threads),
               "-c", str(args.connections), "-d", args.duration, "--timeout", "10s",
               "-s", str(script), f"http://127.0.0.1:{port}{path}"]
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    match = re.search(r"^BENCH (\{.*\})$", output, re.MULTILINE)
    if not match:
        raise RuntimeError(f"wrk gave no summary:\n{output}")
    result = json.loads(match.group(1))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def main() -> int:
    args = arguments()
    if not (shutil.which("wrk") or Path("/usr/bin/wrk").exists()):
        print("wrk is not installed (scripts/system-deps.sh installs it)", file=sys.stderr)
        return 2
    token = prepare(args.projects)
    port = free_port()
    server = start_gunicorn(port, args.workers, args.worker_threads)
    # A TERM (a CI timeout) unwinds through the finally below: gunicorn never outlives us.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    results: dict[str, dict] = {}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(LUA)
        script = Path(handle.name)
    try:
        wait_until_up(port, token, server)
        status, etag = get(port, FEED_URL, token)
        if status != 200 or not etag:
            raise RuntimeError(f"the feed page answered {status} (ETag {etag!r})")
        if get(port, FEED_URL, token, etag)[0] != 304:
            raise RuntimeError("the feed page does not answer 304 to its own ETag")
        scenarios = [("floor", FLOOR_URL, "", 200), ("feed 304", FEED_URL, etag, 304),
                     ("feed 200", FEED_URL, "", 200)]
        scenarios = [s for s in scenarios if not args.only or s[0] == "floor" or s[0] in args.only]
        for _, path, if_none_match, expected in scenarios:  # warm-up
            run_wrk(args, port, path, token, if_none_match, expected, script)
        # Rounds of all scenarios in turn, the median round of each: the machine's other load
        # comes and goes, and then falls on every scenario alike.
        rounds: dict[str, list[dict]] = {name: [] for name, *_ in scenarios}
        for _ in range(args.rounds):
            for name, path, if_none_match, expected in scenarios:
                rounds[name].append(
                    run_wrk(args, port, path, token, if_none_match, expected, script))
        for name, runs in rounds.items():
            runs.sort(key=lambda run: run["rps"])
            median = runs[len(runs) // 2]
            median["unexpected"] = sum(run["unexpected"] for run in runs)
            median["socket_errors"] = sum(run["socket_errors"] for run in runs)
            results[name] = median
    finally:
        stop(server)
        script.unlink(missing_ok=True)
    return report(args, results)


def report(args, results: dict[str, dict]) -> int:
    from django.db import connection

    loop = f"paced at ~{args.rate:.0f} req/s" if args.rate else "closed loop"
    print(f"wrk -t {args.threads} -c {args.connections} -d {args.duration} ({loop}), median of "
          f"{args.rounds} rounds; gunicorn "
          f"{args.workers} workers x {args.worker_threads} threads; {connection.vendor}, "
          f"{args.projects} projects; CONN_MAX_AGE={os.environ['CONN_MAX_AGE']}")
    print(f"{'scenario':<10} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'of floor':>9} "
          f"{'goal':>6}  result")
    floor = results["floor"]["rps"]
    ok = True
    for name, result in results.items():
        ratio = result["rps"] / floor
        goal = GOALS.get(name)
        fine = (goal is None or ratio >= goal) and not result["unexpected"] \
            and not result["socket_errors"]
        ok = ok and fine
        verdict = "OK" if fine else "MISSED"
        if result["unexpected"]:
            verdict += f" ({result['unexpected']} answers {result['unexpected_status']})"
        if result["socket_errors"]:
            verdict += f" ({result['socket_errors']} socket errors)"
        print(f"{name:<10} {result['rps']:>9.0f} {result['p50_us'] / 1000:>8.1f} "
              f"{result['p99_us'] / 1000:>8.1f} {ratio:>9.0%} "
              f"{'' if goal is None else f'{goal:.0%}':>6}  {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
