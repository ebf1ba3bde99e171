"""Benchmark of the chain module (not a test). Writes nothing outside a throw-away test database.

    DJANGO_DEBUG=1 .venv/bin/python bench/chains_bench.py                      # SQLite
    DJANGO_DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/shuanglian .venv/bin/python bench/chains_bench.py

Builds one chain with 300 nodes, 20 000 enterprises (1–2 nodes each), 5 000 projects with 10
monthly investment rows each, 1 000 leads, 500 problems and 50 policies (bulk inserts: this is
load, not business), then times GET /api/v1/chains/{id}/panorama/ and GET /chains/{id}/ (N runs
after 3 warm-ups; median and p95) twice: served from the panorama cache, and right after a
change to the chain (every request recomputes), then imports a 50 000-row enterprise workbook
through the real import path (validation, bulk writes, audit, one transaction) and reports time,
peak memory and the time of each phase (file read, row checks, write transaction).
Options: --runs N, --import-rows N (0 skips the import), --keepdb (reuse the data; the import
changes it), --profile (cProfile one uncached panorama build), --chain-list (instead: 100 chains of
demo-like size — 20 nodes, 40 projects, 10 leads each — and time GET /chains/, the chain list).
"""

import argparse
import datetime as dt
import io
import os
import random
import resource
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuanglian.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def build(rng):
    from shuanglian.chains.models import (
        Chain,
        ChainNode,
        ChainProblem,
        Enterprise,
        Lead,
        LeadStage,
        Policy,
        Project,
        ProjectInvestment,
        ProjectStage,
    )
    from shuanglian.core.models import User
    from shuanglian.lib.uscc import uscc_check_char
    from shuanglian.regions.models import Region

    city = Region(name="重庆市", code="500000", level="city")
    city.path = city.compute_path()
    city.save()
    district = Region(name="北碚区", code="500109", level="district", parent=city)
    district.path = district.compute_path()
    district.save()
    user = User.objects.create_user("bench_staff", password="x", role="staff", region=district)
    chain = Chain.objects.create(name="基准产业链", region=district)
    stages = ["upstream", "midstream", "downstream"]
    tops = [ChainNode.objects.create(chain=chain, name=f"环节{i}", stage=stages[i % 3], order=i) for i in range(30)]
    nodes = list(tops)
    for i in range(270):
        parent = tops[i % 30]
        nodes.append(ChainNode(chain=chain, parent=parent, name=f"子环节{i}", stage=parent.stage, order=i,
                               is_target=i % 40 == 0))
    ChainNode.objects.bulk_create(nodes[30:])
    nodes = list(ChainNode.objects.filter(chain=chain))
    leaves = [n for n in nodes if n.parent_id]
    ents = []
    for i in range(20_000):
        body = f"91500109{i:09d}"
        ents.append(Enterprise(name=f"基准企业{i:05d}", uscc=body + uscc_check_char(body), region=district,
                               scale="above" if i % 4 == 0 else "below", is_chain_master=i < 3,
                               output=Decimal(rng.randint(1, 5000)) / 100))
    Enterprise.objects.bulk_create(ents, batch_size=2000)
    ents = list(Enterprise.objects.filter(region=district).only("id"))
    Through = Enterprise.nodes.through
    links = set()
    for e in ents:
        for n in rng.sample(leaves, rng.choice([1, 1, 2])):
            links.add((e.pk, n.pk))
    Through.objects.bulk_create([Through(enterprise_id=e, chainnode_id=n) for e, n in links], batch_size=5000)
    year = dt.date.today().year
    Project.objects.bulk_create([
        Project(chain=chain, node=rng.choice(leaves), name=f"基准项目{i}", total_investment=Decimal(rng.randint(100, 100000)) / 100,
                year=year, annual_plan=Decimal(rng.randint(10, 5000)) / 100, owner=rng.choice(ents),
                stage=rng.choice(ProjectStage.values), planned_start=dt.date(year, rng.randint(1, 12), 1))
        for i in range(5_000)
    ], batch_size=2000)
    invs = []
    for p in Project.objects.filter(chain=chain).only("id"):
        invs += [ProjectInvestment(project=p, month=dt.date(year, m, 1), year=year, amount=Decimal(rng.randint(0, 500)) / 100) for m in range(1, 11)]
    ProjectInvestment.objects.bulk_create(invs, batch_size=5000)
    Lead.objects.bulk_create([Lead(chain=chain, node=rng.choice(nodes), target_company=f"线索{i}",
                                   intended_investment=Decimal(rng.randint(1, 1000)), stage=rng.choice(LeadStage.values))
                              for i in range(1_000)])
    today = dt.date.today()
    ChainProblem.objects.bulk_create([ChainProblem(chain=chain, node=rng.choice(nodes), title=f"问题{i}", raised_on=today,
                                                   due_on=today + dt.timedelta(days=rng.randint(-20, 40)))
                                      for i in range(500)])
    for i in range(50):
        p = Policy.objects.create(region=district, title=f"政策{i}", issuer="区政府")
        p.chains.add(chain)
        p.nodes.add(*rng.sample(nodes, 5))
    if connection.vendor == "postgresql":
        # what autovacuum does within a minute of a bulk load; SQLite is measured without statistics
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return chain, user


def build_many(rng, chains=100):
    """`chains` chains in one district, each with 20 nodes, 40 projects and 10 leads (the list's counts)."""
    from shuanglian.chains.models import Chain, ChainNode, Lead, Project
    from shuanglian.core.models import User
    from shuanglian.regions.models import Region

    city = Region(name="重庆市", code="500000", level="city")
    city.path = city.compute_path()
    city.save()
    district = Region(name="北碚区", code="500109", level="district", parent=city)
    district.path = district.compute_path()
    district.save()
    user = User.objects.create_user("bench_staff", password="x", role="staff", region=district)
    Chain.objects.bulk_create([Chain(name=f"基准产业链{i:03d}", region=district) for i in range(chains)])
    year = dt.date.today().year
    for chain in Chain.objects.filter(region=district):
        ChainNode.objects.bulk_create([ChainNode(chain=chain, name=f"环节{i}", stage="midstream", order=i) for i in range(20)])
        nodes = list(ChainNode.objects.filter(chain=chain))
        Project.objects.bulk_create([
            Project(chain=chain, node=rng.choice(nodes), name=f"项目{i}", total_investment=Decimal(10), year=year)
            for i in range(40)])
        Lead.objects.bulk_create([Lead(chain=chain, node=rng.choice(nodes), target_company=f"线索{i}") for i in range(10)])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return user


def timeit(client, url, runs, before=None):
    for _ in range(3):
        assert client.get(url).status_code == 200
    samples = []
    for _ in range(runs):
        if before:
            before()
        t = time.perf_counter()
        resp = client.get(url)
        samples.append((time.perf_counter() - t) * 1000)
        assert resp.status_code == 200
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def import_bench(chain, user, rows):
    from openpyxl import Workbook

    from shuanglian.chains.imports import run_import
    from shuanglian.lib.uscc import uscc_check_char

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("企业清单")
    ws.append(["企业名称", "统一社会信用代码", "规模", "所属环节", "年产值（亿元）", "从业人数"])
    leaf = chain.nodes.filter(parent__isnull=False).values_list("name", flat=True)[:50]
    for i in range(rows):
        body = f"91500109{(i + 10_000):09d}"  # the first half updates existing firms, the rest are new
        ws.append([f"导入企业{i}", body + uscc_check_char(body), "规上" if i % 3 == 0 else "规下", leaf[i % len(leaf)],
                   f"{(i % 900) / 100 + 0.1:.2f}", 50 + i % 400])
    buf = io.BytesIO()
    wb.save(buf)
    size = buf.tell()
    buf.seek(0)
    from shuanglian.chains.imports import VALIDATE_SHARE

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    marks = {}
    t = time.perf_counter()

    def progress(done, total):  # phase ends: file read (first call), rows checked, written
        now = time.perf_counter() - t
        marks.setdefault("read", now)
        if total and done >= int(total * VALIDATE_SHARE):
            marks.setdefault("checked", now)
        marks["last"] = now

    result = run_import(kind="enterprises", chain=chain, file=buf, actor=user, progress=progress)
    elapsed = time.perf_counter() - t
    phases = {"read": marks["read"], "check": marks["checked"] - marks["read"], "write": elapsed - marks["checked"]}
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert not result["errors"], result["errors"][:5]
    return {"rows": rows, "file_mb": size / 1e6, "seconds": elapsed, "created": result["created"],
            "updated": result["updated"], "rss_max_mb": rss1 / 1024, "rss_growth_mb": (rss1 - rss0) / 1024, "phases": phases}


def profile(chain):
    import cProfile
    import pstats

    from django.db import reset_queries
    from django.test.utils import CaptureQueriesContext

    from shuanglian.chains import panorama

    def build(chain):
        return panorama.compute_panorama(chain, as_of=dt.date.today())

    for _ in range(2):
        build(chain)
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        t = time.perf_counter()
        build(chain)
        total = (time.perf_counter() - t) * 1000
    print(f"uncached build {total:.1f} ms, {len(ctx.captured_queries)} queries")
    for q in sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:8]:
        print(f"  {float(q['time']) * 1000:7.1f} ms  {q['sql'][:160]}")
    reset_queries()
    prof = cProfile.Profile()
    prof.enable()
    build(chain)
    prof.disable()
    pstats.Stats(prof).sort_stats("cumulative").print_stats(25)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--import-rows", type=int, default=50_000)
    parser.add_argument("--keepdb", action="store_true", help="reuse the benchmark database (build the data once)")
    parser.add_argument("--profile", action="store_true", help="cProfile one uncached panorama build and stop")
    parser.add_argument("--chain-list", action="store_true", help="time the chain list at 100 chains and stop")
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":  # a file, as in production, not the in-memory test database
        connection.settings_dict["TEST"]["NAME"] = "/tmp/shuanglian_chains_bench.sqlite3"
    if args.chain_list:
        return chain_list_main(args)
    db = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=args.keepdb)
    try:
        from shuanglian.chains.models import Chain
        from shuanglian.core.models import User

        t = time.perf_counter()
        chain = Chain.objects.filter(name="基准产业链").first() if args.keepdb else None
        if chain is None:
            chain, user = build(random.Random(7))
        else:
            user = User.objects.get(username="bench_staff")
        print(f"database: {connection.vendor} ({db}); data built in {time.perf_counter() - t:.1f} s")
        if args.profile:
            return profile(chain)
        client = Client()
        client.force_login(user)
        from shuanglian.chains.cache import chain_touch

        def change():  # what any write to the chain does: the next request recomputes
            chain_touch(chain.pk)

        for label, url in (("panorama API", f"/api/v1/chains/{chain.pk}/panorama/"), ("panorama page", f"/chains/{chain.pk}/")):
            for state, before in (("cached", None), ("after a change", change)):
                median, p95 = timeit(client, url, args.runs, before)
                print(f"{label:14s} {state:15s} median {median:7.1f} ms   p95 {p95:7.1f} ms   (n={args.runs})")
        if args.import_rows:
            r = import_bench(chain, user, args.import_rows)
            print(f"import {r['rows']} rows ({r['file_mb']:.1f} MB): {r['seconds']:.1f} s, created {r['created']}, "
                  f"updated {r['updated']}, "
                  f"process max RSS {r['rss_max_mb']:.0f} MB (+{r['rss_growth_mb']:.0f} MB during import); "
                  + ", ".join(f"{k} {v:.1f} s" for k, v in r["phases"].items()))
    finally:
        if not args.keepdb:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def chain_list_main(args):
    from django.db import reset_queries
    from django.test.utils import CaptureQueriesContext

    old_name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = "/tmp/shuanglian_chains_list_bench.sqlite3"
    db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        t = time.perf_counter()
        user = build_many(random.Random(7))
        print(f"database: {connection.vendor} ({db}); 100 chains built in {time.perf_counter() - t:.1f} s")
        client = Client()
        client.force_login(user)
        median, p95 = timeit(client, "/chains/", args.runs)
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            client.get("/chains/")
        slowest = max(ctx.captured_queries, key=lambda q: float(q["time"]))
        print(f"chain list (100 chains) median {median:7.1f} ms   p95 {p95:7.1f} ms   (n={args.runs}); "
              f"{len(ctx.captured_queries)} queries, slowest {float(slowest['time']) * 1000:.1f} ms")
        if args.profile:
            for q in ctx.captured_queries:
                print(f"  {float(q['time']) * 1000:7.1f} ms  {q['sql'][:300]}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
