"""Connection pooling (SHUANGLIAN_DB_POOL): Django's own psycopg pool, one per app process. A
process with more threads than pooled connections still answers every one of them, never opens
more connections than the pool allows, and keeps session features the code relies on (a SET in
the import's side connection, server-side cursors for exports) — docs/operations.md §16."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from shuanglian.core.models import User

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = r"""
import json, threading
from concurrent.futures import ThreadPoolExecutor
import django
django.setup()
from django.db import connection, connections
from shuanglian.core.models import User

def work(i):
    try:
        with connection.cursor() as cur:
            cur.execute("SET lock_timeout = '2s'")
            cur.execute("SELECT pg_backend_pid(), current_setting('lock_timeout')")
            pid, timeout = cur.fetchone()
        names = sorted(u.username for u in User.objects.order_by("pk").iterator(chunk_size=2))
        return pid, timeout, names
    finally:
        connection.close()  # back to the pool, as at the end of a request

with ThreadPoolExecutor(max_workers=8) as pool:
    results = list(pool.map(work, range(40)))
stats = connections["default"].pool.get_stats()
print(json.dumps({"pool": connections["default"].settings_dict["OPTIONS"]["pool"], "max_age": connections["default"].settings_dict["CONN_MAX_AGE"],
                  "pids": sorted({r[0] for r in results}), "timeouts": sorted({r[1] for r in results}),
                  "names": sorted({tuple(r[2]) for r in results}), "opened": stats.get("connections_num"), "answered": len(results)}))
"""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the pool is PostgreSQL's (psycopg_pool)")
def test_eight_threads_share_a_pool_of_three_connections(transactional_db, personas):
    s = connection.settings_dict
    url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "shuanglian.settings",
           "SHUANGLIAN_DB_POOL": json.dumps({"min_size": 1, "max_size": 3, "timeout": 30})}
    run = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert out["answered"] == 40
    assert out["pool"]["max_size"] == 3 and out["max_age"] == 0
    assert 1 <= len(out["pids"]) <= 3  # 40 units of work on at most three server sessions
    assert out["opened"] <= 3
    assert out["timeouts"] == ["2s"]
    assert out["names"] == [sorted(User.objects.values_list("username", flat=True))]


def test_the_pool_is_off_by_default_and_never_on_sqlite():
    code = ("import json\nfrom django.conf import settings\nd = settings.DATABASES['default']\n"
            "print(json.dumps([d['ENGINE'], d.get('OPTIONS', {}).get('pool'), d['CONN_MAX_AGE']]))")

    def run(**env):
        base = {k: v for k, v in os.environ.items() if k not in ("SHUANGLIAN_DB_POOL", "DATABASE_URL")}
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                              env={**base, "DJANGO_SETTINGS_MODULE": "shuanglian.settings", **env})
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    assert run(DATABASE_URL="postgres://u@db:5432/x") == ["django.db.backends.postgresql", None, 60]
    pooled = run(DATABASE_URL="postgres://u@db:5432/x", SHUANGLIAN_DB_POOL='{"max_size": 8}')
    assert pooled == ["django.db.backends.postgresql", {"min_size": 1, "max_size": 8, "timeout": 10}, 0]
    assert run(SHUANGLIAN_DB_POOL='{"max_size": 8}')[1] is None  # the SQLite demo: no pool
