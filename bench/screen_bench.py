#!/usr/bin/env python
"""Big-screen benchmark (not a test): GET /api/v1/screen/<token>/data/ with many screens polling
at once. Results go to bench/RESULTS.md (written by hand from this output).

    .venv/bin/python bench/screen_bench.py --db postgres --size 1000000 --pg-url postgres://postgres@127.0.0.1:5432/sl_screen_bench
    .venv/bin/python bench/screen_bench.py --db sqlite --size 200000
    .venv/bin/python bench/screen_bench.py --db sqlite --size 200000 --reuse    # keep the data, measure again

Method: the cases benchmark's data (bench/cases_bench.py: same generator, same mix, the three-rates
roll-up rebuilt, ANALYZE), plus one Screen for 北碚区 (the district that holds every case).
gunicorn serves the site on 127.0.0.1 (`--workers`, `--worker-class`, DEBUG off, database cache).
First the cold cost: the panels computed once in-process with no cache (what one request pays
when the 30 s cache has just expired). Then `--pollers` client threads poll the data endpoint:
  * burst: all pollers fire at the same instant (a hall of screens switched on together), for
    `--rounds` rounds;
  * steady: each poller polls every `--period` seconds from a random phase for `--duration`
    seconds (screens poll every 60 s in production; a shorter period is the harsher test).
Latency is wall-clock per request at the client; every answer but 200 is an error. The cache
(`SHUANGLIAN_SCREEN_CACHE_SECONDS`, `--cache`) is what makes fifty screens cost one computation;
`--cache 0` measures without it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cases_bench  # noqa: E402  (the same data and server environment as the cases benchmark)

ROOT = cases_bench.ROOT


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    p.add_argument("--size", type=int, default=200_000, help="number of cases (default 200000)")
    p.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/sl_screen_bench")
    p.add_argument("--reuse", action="store_true", help="keep an existing database of this size")
    p.add_argument("--seed", type=int, default=20250422)
    p.add_argument("--pollers", type=int, default=50)
    p.add_argument("--rounds", type=int, default=10, help="burst rounds (all pollers at once)")
    p.add_argument("--period", type=float, default=5.0, help="steady polling period per poller, seconds")
    p.add_argument("--duration", type=float, default=60.0, help="steady phase length, seconds")
    p.add_argument("--cache", type=int, default=30, help="SHUANGLIAN_SCREEN_CACHE_SECONDS for the server")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    p.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    p.add_argument("--json", help="also write the results as JSON to this path")
    return p.parse_args()


def make_screen() -> tuple[str, float]:
    """A screen for 北碚区 (created once) and the cold cost of its panels, in-process."""
    from django.db import connection

    from shuanglian.core.models import User
    from shuanglian.regions.models import Region
    from shuanglian.screens.data import build
    from shuanglian.screens.models import Screen
    from shuanglian.screens.services import screen_create

    region = Region.objects.get(code="500109")
    screen = Screen.objects.filter(region=region, revoked_at__isnull=True).first()
    if screen is None:
        staff = User.objects.filter(role="staff", region=region).first()
        screen = screen_create(actor=staff, region=region, name="基准测试大屏")
    cold = []
    for _ in range(3):
        t = time.perf_counter()
        build(region)
        cold.append((time.perf_counter() - t) * 1000)
    connection.close()
    return screen.token, statistics.median(cold)


def start_server(args, port):
    env = cases_bench.server_env(args)
    env["SHUANGLIAN_SCREEN_CACHE_SECONDS"] = str(args.cache)
    cmd = [str(ROOT / ".venv" / "bin" / "gunicorn"), "shuanglian.wsgi:application", "--workers", str(args.workers),
           "--worker-class", args.worker_class, "--threads", str(args.threads), "--bind", f"127.0.0.1:{port}",
           "--log-level", "warning", "--timeout", "120", "--backlog", "256"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def get(port, path, lat, errors):
    client = cases_bench.Client(port)
    t = time.perf_counter()
    try:
        status, _ = client.request("GET", path)
    except OSError as exc:
        status = str(exc)
    lat.append((time.perf_counter() - t) * 1000)
    if status != 200:
        errors.append(status)


def burst(port, path, pollers, rounds):
    lat, errors = [], []
    for _ in range(rounds):
        gate = threading.Barrier(pollers)

        def one(gate):
            gate.wait()
            get(port, path, lat, errors)

        threads = [threading.Thread(target=one, args=(gate,)) for _ in range(pollers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    return lat, errors


def steady(port, path, pollers, period, duration):
    lat, errors = [], []
    end = time.monotonic() + duration

    def poller(phase):
        time.sleep(phase)
        while time.monotonic() < end:
            started = time.monotonic()
            get(port, path, lat, errors)
            time.sleep(max(0.0, period - (time.monotonic() - started)))

    threads = [threading.Thread(target=poller, args=(random.uniform(0, period),)) for _ in range(pollers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return lat, errors


def summary(lat, errors):
    return {"requests": len(lat), "median_ms": round(statistics.median(lat), 1),
            "p95_ms": round(cases_bench.pct(lat, 0.95), 1), "max_ms": round(max(lat), 1), "errors": len(errors),
            "error_sample": [str(e) for e in errors[:3]]}


def main():
    args = parse_args()
    cases_bench.prepare_database(args)
    t = time.monotonic()
    info = cases_bench.load(args)
    info["load_s"] = round(time.monotonic() - t, 1)
    token, cold_ms = make_screen()
    path = f"/api/v1/screen/{token}/data/"
    port = cases_bench.free_port()
    server = start_server(args, port)
    try:
        warm_lat, warm_err = [], []
        for _ in range(5):
            get(port, path, warm_lat, warm_err)
        if warm_err:
            raise SystemExit(f"the data endpoint failed: {warm_err[:3]}")
        load_before = os.getloadavg()
        results = {
            "db": args.db, "cases": info["cases"], "rollup_rows": info["rollup_rows"], "load": info,
            "cache_seconds": args.cache, "workers": f"{args.workers} {args.worker_class}",
            "pollers": args.pollers, "cold_build_ms": round(cold_ms, 1),
            "burst": summary(*burst(port, path, args.pollers, args.rounds)),
            "steady": summary(*steady(port, path, args.pollers, args.period, args.duration)),
            "loadavg_before": [round(x, 2) for x in load_before],
            "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        }
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
    print(json.dumps(results, ensure_ascii=False, indent=2, default=str))
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))


if __name__ == "__main__":
    main()
