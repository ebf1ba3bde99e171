"""Crash durability (issue 13, PostgreSQL only): a real gunicorn serves the public intake API to
concurrent clients while its workers are killed with SIGKILL again and again (the master starts
new ones). Afterwards every tracking code a client was given (HTTP 201) is stored exactly once,
and no submission is stored twice — a client that lost its answer sends the same content again
and must get the same case back, not a second one.

Runs against pytest-django's test database, committed (transactional_db), so the gunicorn
processes see the station; about 30 s. Figures go to bench/RESULTS.md ("Reliability")."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
CLIENTS, PER_CLIENT, KILLS = 6, 25, 5


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def workers(master: int) -> list[int]:
    """The master's children (from /proc: no ps needed)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            found.append(int(stat.parent.name))
    return found


def wait_ready(url: str, proc, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        assert proc.poll() is None, "gunicorn exited"
        try:
            urllib.request.urlopen(url + "/open311/v2/services.json", timeout=2)
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise AssertionError("gunicorn did not answer")


RETRIES = []


def submit(url: str, token: str, body: dict) -> str | None:
    """POST until an answer comes (a killed worker drops the connection: send the same again)."""
    data = json.dumps(body).encode()
    for _ in range(20):
        request = urllib.request.Request(f"{url}/api/v1/intake/{token}/", data=data, method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return json.loads(response.read())["tracking_code"] if response.status == 201 else None
        except urllib.error.HTTPError as refused:
            if refused.code < 500:
                raise AssertionError(f"refused: {refused.code} {refused.read()[:200]!r}") from None
        except (urllib.error.URLError, OSError, ConnectionError):
            RETRIES.append(1)
        time.sleep(0.2)
    return None


def test_killed_workers_lose_no_acknowledged_submission(transactional_db, regions, personas):
    if connection.vendor != "postgresql":
        pytest.skip("崩溃耐久测试只在 PostgreSQL 上运行（SQLite 不支持多个进程并发写入）")
    from shuanglian.cases.models import Case, Category
    from shuanglian.deputies.models import Station

    Category.objects.get_or_create(code="energy", defaults={"name": "水电气保障", "order": 3})
    station = Station.objects.create(kind="industry_liaison", name="北碚区先进制造业代表联络站",
                                     region=regions["beibei"], head=personas["deputy_record"], is_active=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DATABASE_URL": database_url(), "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
           "DJANGO_DEBUG": "0", "DJANGO_SECURE": "0", "SHUANGLIAN_INTAKE_RATE_IP": "100000/min",
           "SHUANGLIAN_INTAKE_RATE_STATION": "100000/min", "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "shuanglian.wsgi", "-w", "3",
                               "-b", f"127.0.0.1:{port}", "--graceful-timeout", "5", "--log-level", "error"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    acked, lost, started = [], [], time.monotonic()
    try:
        wait_ready(url, server)

        def client(n):
            for i in range(PER_CLIENT):
                code = submit(url, station.intake_token, {
                    "enterprise_name": f"崩溃测试企业{n}", "contact_name": "刘经理", "contact_phone": "13912345678",
                    "category": "energy", "description": f"客户{n}第{i}条：用电负荷不足，影响投产。", "consent": True})
                (acked if code else lost).append(code or (n, i))

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for t in threads:
            t.start()
        kills = 0
        while any(t.is_alive() for t in threads) and kills < KILLS:
            time.sleep(1.0)
            for pid in workers(server.pid)[:2]:
                os.kill(pid, signal.SIGKILL)
            kills += 1
        for t in threads:
            t.join(timeout=120)
        duration = time.monotonic() - started
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    stored = list(Case.objects.filter(enterprise_name__startswith="崩溃测试企业").values_list("tracking_code",
                                                                                       "description"))
    codes = [c for c, _ in stored]
    assert kills == KILLS
    assert not lost, f"{len(lost)} submissions never answered"
    assert len(acked) == CLIENTS * PER_CLIENT
    assert set(acked) <= set(codes), "an acknowledged tracking code is not stored"
    assert len(codes) == len(set(codes)) and len({d for _, d in stored}) == len(stored), "a submission stored twice"
    assert len(stored) == len(acked)
    print(f"\nRELIABILITY acknowledged={len(acked)} stored={len(stored)} kills={kills} workers_killed={2 * kills} "
          f"resent_after_a_dropped_connection={len(RETRIES)} duration={duration:.1f}s")
