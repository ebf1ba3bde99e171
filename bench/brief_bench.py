#!/usr/bin/env python
"""Monthly brief benchmark (not a test): the time to generate one district's brief for a month —
read every section through the selectors and render the Word document with its charts — the work
of `brief_generate` without the file write. Results go to bench/RESULTS.md (written by hand).

    .venv/bin/python bench/brief_bench.py --database-url sqlite:////tmp/demo.sqlite3 --region 北碚区 --month 2026-11
    .venv/bin/python bench/brief_bench.py --database-url sqlite:///bench/out/cases_100000.sqlite3 --region 北碚区
    .venv/bin/python bench/brief_bench.py --database-url postgres://postgres@127.0.0.1:5432/sl_screen_bench

The cases benchmark's databases (bench/cases_bench.py, also built by screen_bench.py) hold every case
in 北碚区; the demo database (`manage.py demo`) holds the seed-sized data of several districts.
Each run is timed in-process (wall clock, and this process's CPU time, which a loaded machine
inflates less), `--runs` times after one warm-up (the first also pays imports,
matplotlib's font cache and the panorama cache); median and p95 (the largest of few runs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--database-url", required=True)
    p.add_argument("--region", default="北碚区")
    p.add_argument("--month", default="", help="YYYY-MM (default: last month)")
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.update({"DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": "shuanglian.settings",
                       "DJANGO_DEBUG": "0", "DJANGO_SECURE": "0",
                       "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
                       "DJANGO_ALLOWED_HOSTS": "127.0.0.1"})
    import django

    django.setup()
    from django.core.management import call_command

    from shuanglian.briefs.content import brief_content, previous_month
    from shuanglian.briefs.document import brief_document
    from shuanglian.cases.models import Case
    from shuanglian.lib import docx as d
    from shuanglian.regions.models import Region

    call_command("migrate", verbosity=0)  # the briefs table, on a database built before it existed
    region = Region.objects.get(name=args.region, level="district")
    month = (dt.date.fromisoformat(f"{args.month}-01") if args.month
             else previous_month(dt.date.today()))
    cases = Case.objects.filter(region__path__startswith=region.path).count()
    times, parts, cpu = [], [], []
    for i in range(args.runs + 1):
        c0 = time.process_time()
        t0 = time.perf_counter()
        content = brief_content(region, month)
        t1 = time.perf_counter()
        data = d.docx_bytes(brief_document(content))
        t2 = time.perf_counter()
        if i:  # the first run warms up
            cpu.append(time.process_time() - c0)
            times.append(t2 - t0)
            parts.append((t1 - t0, t2 - t1))
    month_cases = content.headlines[0].this
    print(f"region {region.name}, month {month:%Y-%m}: {cases} cases in the region, {month_cases} in the month; "
          f"docx {len(data)} bytes, {len(content.chains)} chains, {len(content.common)} common demands")
    print(f"brief: median {statistics.median(times):.2f} s, p95 (max of {len(times)}) {max(times):.2f} s; "
          f"reading {statistics.median(p[0] for p in parts):.2f} s, document+charts {statistics.median(p[1] for p in parts):.2f} s; "
          f"this process's CPU {statistics.median(cpu):.2f} s (the database's own time is not in it)")
    print(f"load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
