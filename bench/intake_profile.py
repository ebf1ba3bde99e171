#!/usr/bin/env python
"""In-process profile of one public submission (not a test, not a throughput figure).

    .venv/bin/python bench/intake_profile.py                       # SQLite file under bench/out/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shuanglian_intake_prof .venv/bin/python bench/intake_profile.py
    REDIS_URL=redis://127.0.0.1:6379/1 .venv/bin/python bench/intake_profile.py --pyinstrument

Builds a small world with cases_bench.setup_world (fresh database), then posts distinct JSON
submissions to POST /api/v1/intake/{token}/ through Django's test client (the whole middleware
stack, DEBUG off) and prints: the SQL of one submission, queries per submission, and CPU and wall
time per submission over `--n` submissions. With --pyinstrument, a call-tree profile of the run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=300)
    p.add_argument("--pyinstrument", action="store_true")
    p.add_argument("--sql", action="store_true", help="print the SQL of one submission")
    p.add_argument("--cprofile", action="store_true", help="CPU-time cProfile of the run (cumulative, top 45)")
    args = p.parse_args()
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{out / 'intake_profile.sqlite3'}"
    if url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    else:
        import psycopg

        parts = urllib.parse.urlparse(url)
        with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{parts.path.lstrip("/")}"')
    os.environ.update({
        "DATABASE_URL": url, "DJANGO_DEBUG": "0", "DJANGO_SECURE": "0",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1", "DJANGO_SETTINGS_MODULE": "shuanglian.settings",
        "SHUANGLIAN_INTAKE_RATE_IP": "1000000/min", "SHUANGLIAN_INTAKE_RATE_STATION": "1000000/min",
    })
    import random

    import django

    django.setup()
    import cases_bench
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    cache.clear()
    world = cases_bench.setup_world(random.Random(1))
    token = world["stations"][0].intake_token
    client = Client()
    payload = {"enterprise_name": "重庆压测科技有限公司", "contact_name": "张经理", "contact_phone": "13912345678",
               "category": "energy", "consent": True, "enterprise_uscc": "91500109MA5U8XXX3B"}
    from shuanglian.lib.uscc import uscc_error

    if uscc_error(payload["enterprise_uscc"]):
        payload.pop("enterprise_uscc")

    def one(i):
        body = {**payload, "title": f"压测诉求{i}", "description": f"第{i}条压测诉求：园区道路需要维修。"}
        r = client.post(f"/api/v1/intake/{token}/", json.dumps(body), content_type="application/json",
                        REMOTE_ADDR=f"10.0.{i % 200}.{i % 250 + 1}")
        assert r.status_code == 201, (r.status_code, r.content[:300])

    for i in range(20):
        one(-i - 1)
    with CaptureQueriesContext(connection) as ctx:
        one(10_000_000)
    print(f"queries per submission: {len(ctx.captured_queries)}")
    if args.sql:
        for q in ctx.captured_queries:
            print("  ", q["time"], q["sql"][:150])
    profiler = None
    if args.pyinstrument:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
    cprof = None
    if args.cprofile:
        import cProfile

        cprof = cProfile.Profile(time.process_time)
        cprof.enable()
    t, c = time.perf_counter(), time.process_time()
    for i in range(args.n):
        one(i)
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    if cprof is not None:
        import pstats

        cprof.disable()
        pstats.Stats(cprof).sort_stats("cumulative").print_stats(45)
    if profiler is not None:
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    print(f"{args.n} submissions: {wall / args.n * 1000:.2f} ms wall, {cpu / args.n * 1000:.2f} ms CPU each "
          f"(db {connection.vendor}, cache {type(cache).__name__})")


if __name__ == "__main__":
    main()
