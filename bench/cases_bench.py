#!/usr/bin/env python
"""Closed-loop benchmark (not a test): N cases, gunicorn with 2 sync workers, page latencies and
public intake throughput. Results go to bench/RESULTS.md (written by hand from this output).

    .venv/bin/python bench/cases_bench.py --db sqlite --size 200000
    .venv/bin/python bench/cases_bench.py --db postgres --size 20000
    .venv/bin/python bench/cases_bench.py --db sqlite --size 200000 --reuse   # keep the data, measure again

Method: the database is created from scratch (SQLite file under bench/out/, or the PostgreSQL
database `shuanglian_bench`), migrated, filled with `bulk_create` (a platform in steady state:
89 % written off over two years, a few thousand open cases whose last step is recent — replied
within a week, revisited within days — skewed departments, chains, stations, every traffic light,
pending extension requests, two audit events per case), the three-rates
roll-up is built with `manage.py rebuild_case_stats`, then gunicorn serves the site on 127.0.0.1
at a random free port with 2 sync workers and DEBUG off. Each page is requested 20 times to warm
up, then `--requests` times sequentially and `--requests` times from `--concurrency` threads;
we report median and p95 wall-clock latency per request as seen by the client. Intake posts
`--intake` distinct submissions to POST /api/v1/intake/{token}/ from `--intake-threads` client
threads (a new connection per request, as phones would) to a gunicorn of its own
(`--intake-workers`, `--intake-worker-class`, and REDIS_URL=`--intake-redis` for the cache when
given), with throttle rates raised through SHUANGLIAN_INTAKE_RATE_IP / _STATION — the limits are
still counted on every request — and counts every non-201 answer as an error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "bench" / "out"
PASSWORD = "Bench-Shuanglian-2026"
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/shuanglian_bench"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    p.add_argument("--size", type=int, default=200_000, help="number of cases (default 200000)")
    p.add_argument("--pg-url", default=PG_DEFAULT)
    p.add_argument("--requests", type=int, default=200, help="measured requests per page and mode")
    p.add_argument("--concurrency", type=int, default=2, help="threads for the concurrent run (default 2 = workers)")
    p.add_argument("--intake", type=int, default=2000, help="public submissions for the throughput run")
    p.add_argument("--intake-workers", type=int, default=4, help="gunicorn workers for the intake run (default 4)")
    p.add_argument("--intake-worker-class", default="sync", choices=["sync", "gthread"])
    p.add_argument("--intake-worker-threads", type=int, default=4, help="threads per gthread worker")
    p.add_argument("--intake-threads", type=int, default=16, help="client threads for the intake run")
    p.add_argument("--intake-redis", default="", help="REDIS_URL for the intake server's cache "
                   "(e.g. redis://127.0.0.1:6379/1); default: the database cache")
    p.add_argument("--reuse", action="store_true", help="keep an existing database of this size")
    p.add_argument("--no-pages", action="store_true", help="skip the page measurements (intake only)")
    p.add_argument("--pages", default="", help="measure only pages whose label contains one of these "
                   "comma-separated words (e.g. queue,list)")
    p.add_argument("--seed", type=int, default=20250422)
    p.add_argument("--json", help="also write the results as JSON to this path")
    return p.parse_args()


def database_url(args) -> str:
    if args.db == "sqlite":
        VAR.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{VAR / f'cases_{args.size}.sqlite3'}"
    return args.pg_url


def server_env(args) -> dict:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url(args),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE": "0",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SHUANGLIAN_INTAKE_RATE_IP": "1000000/min",
        "SHUANGLIAN_INTAKE_RATE_STATION": "1000000/min",
        "PYTHONPATH": str(ROOT),
    })
    return env


# --- data ------------------------------------------------------------------------------------------

def prepare_database(args) -> None:
    url = database_url(args)
    if args.reuse:
        return
    if args.db == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    else:
        import psycopg

        parts = urllib.parse.urlparse(url)
        name = parts.path.lstrip("/")
        admin = parts._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')


DEPARTMENTS = [
    "区经济信息委", "区发改委", "区规划自然资源局", "区住房城乡建委", "区商务委", "区科技局", "区人力社保局",
    "区生态环境局", "区市场监管局", "区税务局", "区财政局", "区交通局", "区应急局", "区城市管理局", "区水利局",
    "区金融发展中心", "区招商投资促进中心", "区行政审批服务局", "国网北碚供电公司", "北碚燃气公司",
]
CHAINS = ["智能网联新能源汽摩产业链", "新材料产业链", "高端装备产业链", "电子信息产业链", "生物医药产业链"]
TOWNS = [("蔡家岗街道", "500109010"), ("童家溪镇", "500109102"), ("歇马街道", "500109011"),
         ("水土街道", "500109012"), ("静观镇", "500109103")]
PROBLEMS = [
    ("燃气走线需要调整", "新厂房燃气走线与规划冲突，影响投产。"),
    ("用电增容审批慢", "二期产线用电负荷不足，增容申请已提交两个月。"),
    ("厂区道路积水", "雨季厂区门口道路积水，货车无法进出。"),
    ("招工难", "一线技术工人缺口约50人，希望协助对接职业院校。"),
    ("融资担保", "设备更新贷款需要担保，申请政府性融资担保支持。"),
    ("土地证办理", "新建厂房竣工验收后不动产权证迟迟未办理。"),
    ("物流通道", "园区至高速路口货车限行，影响零部件配送。"),
    ("环评手续", "技改项目环评批复时间较长，影响开工。"),
    ("政策兑现", "2024年度技改补贴尚未拨付。"),
    ("配套企业对接", "希望对接本地电池包配套企业，降低物流成本。"),
]
ENTERPRISES = ["重庆乾凤锻造有限公司", "千里科技股份有限公司", "睿蓝汽车制造有限公司", "重庆北碚精密铸造有限公司",
               "重庆蔡家智能装备有限公司", "重庆水土新材料有限公司", "重庆歇马电子科技有限公司", "重庆童家溪医药有限公司"]


def setup_world(rng):
    """Regions, departments, chains, deputies, stations and the three bench users (idempotent)."""
    from shuanglian.chains.models import Chain
    from shuanglian.core.models import User
    from shuanglian.deputies.models import Deputy, Station
    from shuanglian.regions.models import Department, Region

    def region(name, code, level, parent=None):
        r = Region.objects.filter(code=code).first()
        if r is None:
            r = Region(name=name, code=code, level=level, parent=parent)
            r.path = r.compute_path()
            r.save()
        return r

    city = region("重庆市", "500000", "city")
    beibei = region("北碚区", "500109", "district", city)
    towns = [region(n, c, "town" if n.endswith("镇") else "subdistrict", beibei) for n, c in TOWNS]
    depts = [Department.objects.get_or_create(name=n, region=beibei)[0] for n in DEPARTMENTS]
    chains = [Chain.objects.get_or_create(name=n, region=beibei, defaults={"lead_department": depts[0]})[0]
              for n in CHAINS]
    deputies = []
    for i in range(30):
        d = Deputy.objects.filter(name=f"代表{i:02d}").first() or Deputy.objects.create(
            name=f"代表{i:02d}", level="district", region=beibei, sector="企业界", employer=ENTERPRISES[i % 8],
            phone=f"138{i:08d}")
        deputies.append(d)
    stations = []
    for i in range(10):
        s = Station.objects.filter(name=f"产业链人大代表活动点{i}").first() or Station.objects.create(
            kind="activity_point", name=f"产业链人大代表活动点{i}", region=towns[i % len(towns)],
            chain=chains[i % len(chains)], head=deputies[i])
        stations.append(s)

    def user(username, role, **extra):
        u = User.objects.filter(username=username).first()
        if u is None:
            u = User.objects.create_user(username=username, password=PASSWORD, role=role, **extra)
        return u

    user("bench_staff", "staff", region=beibei, display_name="压测工作人员")
    handler = user("bench_handler", "handler", region=beibei, department=depts[0], display_name="压测经办人")
    user("bench_leader", "leader", region=beibei, display_name="压测领导")
    return {"regions": [beibei, *towns], "departments": depts, "chains": chains, "deputies": deputies,
            "stations": stations, "handler": handler}


STATUS_MIX = [  # (status, weight per 1000) — a platform in steady state: nearly everything written
    # off, a working set of a few thousand open cases at 200k (3.5 %), as in the seeds (35个难题清零)
    ("closed", 890), ("rejected", 45), ("merged", 30), ("in_progress", 15), ("assigned", 4), ("accepted", 3),
    ("submitted", 4), ("replied", 6), ("revisited", 3),
]
# Open cases are recent: how many days back their last step may lie (submitted/accepted are triaged
# within days, a case is in progress for at most a few weeks, a reply is revisited within a week).
RECENT_DAYS = {"submitted": 3, "accepted": 5, "assigned": 6, "in_progress": 35, "replied": 8, "revisited": 3}
AFTER_ASSIGN = {"assigned", "in_progress", "replied", "revisited", "closed"}
AFTER_SIGN = {"in_progress", "replied", "revisited", "closed"}
AFTER_REPLY = {"replied", "revisited", "closed"}


def generate(size: int, rng: random.Random, world) -> None:
    from django.db import transaction
    from django.utils import timezone

    from shuanglian.cases.models import Case, Category, ExtensionRequest
    from shuanglian.core.models import AuditEvent

    AuditEvent._meta.get_field("at").auto_now_add = False
    categories = list(Category.objects.all())
    statuses, weights = zip(*STATUS_MIX, strict=True)
    dept_weights = [max(1, 30 - 2 * i) for i in range(len(world["departments"]))]
    now = timezone.now()
    today = timezone.localdate()
    start_id = (Case.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    batch, events, pending_extensions = [], [], []

    def flush():
        with transaction.atomic():
            Case.objects.bulk_create(batch, batch_size=1000)
            AuditEvent.objects.bulk_create(events, batch_size=2000)
            ExtensionRequest.objects.bulk_create(
                [ExtensionRequest(case_id=pk, days=5, reason="设备到货延迟", requested_by=world["handler"])
                 for pk in pending_extensions], batch_size=1000)
        batch.clear()
        events.clear()
        pending_extensions.clear()

    for i in range(size):
        status = rng.choices(statuses, weights)[0]
        reply_workdays = min(25, max(0, int(rng.gammavariate(2.0, 2.5))))
        # Days from submission to the reply (accept, assign, sign ≈ a day each; a workday ≈ 1.4 days).
        to_reply = 3 + reply_workdays * 1.4
        if status in ("submitted", "accepted", "assigned", "in_progress"):
            age_days = rng.uniform(0, RECENT_DAYS[status])
        elif status == "replied":  # replied in the last week, awaiting the revisit
            age_days = to_reply + rng.uniform(0, RECENT_DAYS["replied"])
        elif status == "revisited":  # rated in the last days, awaiting the write-off
            age_days = to_reply + 5 + rng.uniform(0, RECENT_DAYS["revisited"])
        else:  # written off (or rejected, merged) over the last two years
            age_days = rng.uniform(to_reply + 7, 730)
        submitted = now - dt.timedelta(days=age_days, seconds=rng.randint(0, 86_399))
        title, description = rng.choice(PROBLEMS)
        station = rng.choice(world["stations"]) if rng.random() < 0.4 else None
        chain = station.chain if station else (rng.choice(world["chains"]) if rng.random() < 0.5 else None)
        region = station.region if station else rng.choice(world["regions"])
        c = Case(
            id=start_id + i, title=f"{title}（{i}）", description=description, category=rng.choice(categories),
            urgency=rng.choices(["normal", "urgent", "complex"], [85, 10, 5])[0],
            source=rng.choice(["qr", "reception_day", "visit", "inspection", "hotline"]),
            enterprise_name=rng.choice(ENTERPRISES), contact_name="刘经理", contact_phone=f"139{rng.randint(0, 99_999_999):08d}",
            region=region, station=station, chain=chain,
            collected_by=rng.choice(world["deputies"]) if station or rng.random() < 0.2 else None,
            status=status, submitted_at=submitted, version=1 + rng.randint(0, 8),
        )
        if status != "submitted":
            c.accepted_at = submitted + dt.timedelta(hours=rng.randint(1, 20))
        if status in AFTER_ASSIGN:
            c.lead_department = rng.choices(world["departments"], dept_weights)[0]
            c.assigned_at = c.accepted_at + dt.timedelta(hours=rng.randint(1, 20))
        if status in ("assigned", "in_progress"):
            # clocks spread so every light occurs: started 0–20 calendar days ago, 7-workday limit
            start = today - dt.timedelta(days=rng.randint(0, 20 if status == "in_progress" else 5))
            c.clock_kind = "sign" if status == "assigned" else "reply"
            c.clock_start, c.clock_limit = start, 1 if status == "assigned" else 7
            c.due_date = start + dt.timedelta(days=2 if status == "assigned" else 9)
            c.warn_date = c.due_date - dt.timedelta(days=1 if status == "assigned" else 3)
            if status == "in_progress" and rng.random() < 0.05:
                pending_extensions.append(c.id)
        if status in AFTER_SIGN:
            c.signed_at = c.assigned_at + dt.timedelta(hours=rng.randint(1, 20))
            c.sign_on_time = rng.random() < 0.92
        if status in AFTER_REPLY:
            c.reply_workdays = reply_workdays
            c.replied_at = c.signed_at + dt.timedelta(days=c.reply_workdays * 1.4)
            c.reply_on_time = c.reply_workdays <= 7 or rng.random() < 0.3
            c.reply_result = rng.choices(["solved", "partly_solved", "not_solvable_now"], [75, 18, 7])[0]
            c.reply_content = "已协调相关单位办理，企业问题得到解决。"
        if status == "replied":  # the revisit clock (3 workdays) runs from the reply
            start = timezone.localtime(c.replied_at).date()
            c.clock_kind, c.clock_start, c.clock_limit = "revisit", start, 3
            c.due_date = start + dt.timedelta(days=5)
            c.warn_date = c.due_date - dt.timedelta(days=2)
        if status in ("revisited", "closed"):
            c.rating = rng.choices(["satisfied", "basically_satisfied", "unsatisfied", "no_response"], [86, 8, 2, 4])[0]
            if status == "revisited" and c.rating == "no_response":
                c.rating = "satisfied"
            c.rated_at = c.replied_at + dt.timedelta(days=rng.randint(1, 5))
            c.reopen_count = 1 if rng.random() < 0.03 else 0
        if status == "closed":
            c.closed_at = c.rated_at + dt.timedelta(days=1)
        if status == "merged":
            c.merged_into_id = start_id + rng.randint(0, i - 1) if i else None
            if c.merged_into_id is None:
                c.status = "submitted"
        batch.append(c)
        for kind, at in (("case.submit", submitted), (f"case.{'accept' if status != 'submitted' else 'submit'}", c.accepted_at or submitted)):
            events.append(AuditEvent(event_type=kind, actor_label="压测", at=at, target_type="cases.case",
                                     target_id=str(c.id), target_repr=f"{c.title}"[:200], region=region,
                                     changes={"status": [None, status]}))
        if len(batch) >= 5000:
            flush()
    if batch:
        flush()
    AuditEvent._meta.get_field("at").auto_now_add = True


def load(args) -> dict:
    import django

    os.environ.update(server_env(args))
    os.environ["DJANGO_SETTINGS_MODULE"] = "shuanglian.settings"
    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from shuanglian.cases.models import Case

    timings = {}
    t = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    timings["migrate_s"] = time.monotonic() - t
    rng = random.Random(args.seed)
    world = setup_world(rng)
    existing = Case.objects.count()
    generated = existing < args.size
    if generated:
        t = time.monotonic()
        generate(args.size - existing, rng, world)
        timings["generate_s"] = time.monotonic() - t
    if connection.vendor == "postgresql":  # ids were given explicitly: move the sequence past them
        with connection.cursor() as cur:
            cur.execute("SELECT setval(pg_get_serial_sequence('cases_case', 'id'), (SELECT max(id) FROM cases_case))")
    from shuanglian.cases.models import CaseStat

    if generated or not CaseStat.objects.exists():  # --reuse of complete data: the roll-up is there
        t = time.monotonic()
        call_command("rebuild_case_stats", verbosity=0)
        timings["rebuild_s"] = time.monotonic() - t
    with connection.cursor() as cur:  # also picks up indexes added by new migrations
        cur.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    info = {
        "cases": Case.objects.count(),
        "rollup_rows": CaseStat.objects.count(),
        "station_token": world["stations"][0].intake_token,
        "department": world["departments"][0].pk,
        "chain": world["chains"][0].pk,
        "sample_ids": list(Case.objects.filter(lead_department=world["departments"][0]).order_by("?")
                           .values_list("id", flat=True)[:500]),
        **timings,
    }
    connection.close()
    return info


# --- HTTP ------------------------------------------------------------------------------------------

class Client:
    """A tiny HTTP client with cookies; a new connection per request (sync gunicorn workers close)."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        h = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=h)
        resp = conn.getresponse()
        data = resp.read()
        for header, value in resp.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        conn.close()
        return resp.status, data

    def login(self, username):
        self.request("GET", "/accounts/login/")
        token = self.cookies.get("csrftoken", "")
        form = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
        status, _ = self.request("POST", "/accounts/login/", form, {
            "Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://127.0.0.1:{self.port}/accounts/login/"})
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"login as {username} failed: HTTP {status}")
        return self


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(args, port):
    cmd = [str(ROOT / ".venv" / "bin" / "gunicorn"), "shuanglian.wsgi:application", "--workers", "2",
           "--worker-class", "sync", "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "120"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=server_env(args), start_new_session=True)
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def measure(clients, paths, n, concurrency):
    """Latencies (ms) for n requests cycling through `paths`; errors are non-200 answers."""
    errors = []

    def one(i):
        client = clients[i % len(clients)]
        path = paths[i % len(paths)]
        t = time.perf_counter()
        status, _ = client.request("GET", path)
        ms = (time.perf_counter() - t) * 1000
        if status != 200:
            errors.append((path, status))
        return ms

    for i in range(20):
        one(i)
    if concurrency <= 1:
        lat = [one(i) for i in range(n)]
    else:
        with ThreadPoolExecutor(concurrency) as pool:
            lat = list(pool.map(one, range(n)))
    return {"median_ms": statistics.median(lat), "p95_ms": pct(lat, 0.95), "errors": len(errors),
            "error_sample": errors[:3]}


def intake_server(args, port):
    env = server_env(args)
    if args.intake_redis:
        env["REDIS_URL"] = args.intake_redis
    cmd = [str(ROOT / ".venv" / "bin" / "gunicorn"), "shuanglian.wsgi:application",
           "--workers", str(args.intake_workers), "--worker-class", args.intake_worker_class,
           "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "120"]
    if args.intake_worker_class == "gthread":
        cmd += ["--threads", str(args.intake_worker_threads)]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("gunicorn (intake) did not start")


def group_cpu_seconds(pgid: int) -> float:
    """User + system CPU of every live process in a process group (gunicorn master and workers)."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # pgrp
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def intake(args, info):
    """Throughput of public submissions on a server of its own (see the module docstring)."""
    token, n, threads = info["station_token"], args.intake, args.intake_threads
    payload = {"enterprise_name": "重庆压测科技有限公司", "contact_name": "张经理", "contact_phone": "13912345678",
               "category": "energy", "consent": True}
    errors, lock = [], threading.Lock()
    port = free_port()
    proc = intake_server(args, port)

    def one(i):
        body = json.dumps({**payload, "title": f"压测诉求{i}", "description": f"第{i}条压测诉求：园区道路需要维修。"})
        status, data = Client(port).request("POST", f"/api/v1/intake/{token}/", body.encode(),
                                            {"Content-Type": "application/json"})
        if status != 201:
            with lock:
                errors.append((status, data[:200].decode(errors="replace")))

    try:
        run = time.time_ns()  # distinct content per run: the dedupe window must not answer for us
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(one, range(-run, -run + 20 * args.intake_workers)))
        errors.clear()
        cpu, server_cpu = os.times(), group_cpu_seconds(proc.pid)
        load = os.getloadavg()[0]
        t = time.perf_counter()
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(one, range(run, run + n)))
        elapsed = time.perf_counter() - t
        client_cpu = sum(os.times()[:2]) - sum(cpu[:2])
        server_cpu = group_cpu_seconds(proc.pid) - server_cpu
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    return {"submissions": n, "seconds": elapsed, "per_second": n / elapsed, "errors": len(errors),
            "error_sample": errors[:3], "client_threads": threads, "client_cpu_ms_per_request": client_cpu / n * 1000,
            "server_cpu_ms_per_request": server_cpu / n * 1000, "load_average_before": load,
            "server": f"gunicorn {args.intake_workers} {args.intake_worker_class}"
                      + (f" ×{args.intake_worker_threads} threads" if args.intake_worker_class == "gthread" else ""),
            "cache": "redis" if args.intake_redis else "database"}


def main():
    args = parse_args()
    prepare_database(args)
    info = load(args)
    print(f"data: {info['cases']} cases, {info['rollup_rows']} roll-up rows "
          f"(generate {info.get('generate_s', 0):.0f}s, rebuild {info.get('rebuild_s', 0):.1f}s)", flush=True)
    port = free_port()
    proc = start_server(args, port)
    results = {"db": args.db, "size": info["cases"], "rollup_rows": info["rollup_rows"],
               "machine": f"{platform.node()} {os.cpu_count()} CPU, Python {platform.python_version()}",
               "load": {k: v for k, v in info.items() if k.endswith("_s")}, "pages": {}}
    try:
        from django.urls import NoReverseMatch, reverse

        staff = [Client(port).login("bench_staff") for _ in range(args.concurrency)]
        handler = [Client(port).login("bench_handler") for _ in range(args.concurrency)]
        year = dt.date.today().year
        ids = info["sample_ids"] or [1]

        def url(name, *a):
            try:
                return reverse(name, args=a)
            except NoReverseMatch:
                return None

        pages = [
            ("work queue (staff, whole district)", "cases:queue", staff, lambda u: [u]),
            ("work queue (department handler)", "cases:queue", handler, lambda u: [u]),
            ("filtered list (status + department + 燃气)", "cases:list", staff,
             lambda u: [f"{u}?status=in_progress&department={info['department']}&q=%E7%87%83%E6%B0%94",
                        f"{u}?status=closed&chain={info['chain']}", f"{u}?light=red"]),
            ("case page", "cases:detail", handler, None),
            ("three rates (this year)", "dashboard:rates", staff, lambda u: [f"{u}?period={year}", f"{u}?period={year}-Q1",
                                                                      f"{u}?period={year - 1}"]),
        ]
        wanted = [w.strip() for w in args.pages.split(",") if w.strip()]
        for label, name, clients, make_paths in ([] if args.no_pages else pages):
            if wanted and not any(w in label for w in wanted):
                continue
            if name == "cases:detail":
                base = url(name, 1)
                paths = [base.replace("/1/", f"/{i}/") for i in ids] if base else None
            else:
                u = url(name)
                paths = make_paths(u) if u else None
            if not paths:
                results["pages"][label] = "not available"
                print(f"{label}: not available", flush=True)
                continue
            seq = measure(clients, paths, args.requests, 1)
            conc = measure(clients, paths, args.requests, args.concurrency)
            results["pages"][label] = {"sequential": seq, f"concurrency_{args.concurrency}": conc}
            print(f"{label}: sequential median {seq['median_ms']:.1f} ms p95 {seq['p95_ms']:.1f} ms; "
                  f"{args.concurrency} concurrent median {conc['median_ms']:.1f} ms p95 {conc['p95_ms']:.1f} ms; "
                  f"errors {seq['errors'] + conc['errors']} {seq['error_sample'] or conc['error_sample']}", flush=True)
        if args.intake:
            r = intake(args, info)
            results["intake"] = r
            print(f"intake ({r['server']}, {r['cache']} cache, {r['client_threads']} client threads): "
                  f"{r['submissions']} in {r['seconds']:.1f}s = {r['per_second']:.0f}/s, errors {r['errors']} "
                  f"{r['error_sample']}; CPU per request: server {r['server_cpu_ms_per_request']:.2f} ms, client "
                  f"{r['client_cpu_ms_per_request']:.2f} ms; load average before {r['load_average_before']:.1f}",
                  flush=True)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    out = Path(args.json) if args.json else VAR / f"cases_{args.db}_{args.size}.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))
    print(f"results: {out}")


if __name__ == "__main__":
    if re.match(r"^3\.(1[1-9])", platform.python_version()) is None:
        print("warning: Python ≥ 3.11 expected", file=sys.stderr)
    main()
