"""Proven on real processes: two gunicorn hosts (each with its own empty local directory) behind
haproxy round-robin, a db_worker, a PostgreSQL primary with a streaming replica, Redis. Everything
goes through the balancer, as a browser's would (multihost_rig.py builds the site).

Runs in the PostgreSQL pass; skipped where the tools are missing (initdb/pg_basebackup, haproxy,
Redis). CI installs them and sets SHUANGLIAN_REQUIRE_MULTIHOST=1, which turns that skip into a
failure. Its own clusters on free ports; the machine's PostgreSQL is not touched."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time
import uuid

import pytest
import requests
from django.conf import settings
from openpyxl import Workbook

from shuanglian.cases.tests.test_intake_helpers import form_values, jpeg_bytes
from shuanglian.chains.tests.test_imports import ENT_HEADERS, good_row

from .multihost_rig import PASSWORD, ROOT, Site, missing_tools, seed

pytestmark = pytest.mark.multihost


@pytest.fixture(scope="module")
def site():
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        pytest.skip("the multi-host site runs in the PostgreSQL pass (DATABASE_URL=postgres://…)")
    missing = missing_tools()
    if missing:
        message = "multi-host test needs: " + ", ".join(missing)
        if os.environ.get("SHUANGLIAN_REQUIRE_MULTIHOST") == "1":
            pytest.fail(message + " (SHUANGLIAN_REQUIRE_MULTIHOST=1)")
        pytest.skip(message)
    s = Site()
    try:
        s.start_databases()
        s.mark("primary migrated, replica streaming")
        s.data = seed(s)
        s.start_hosts("host_a", "host_b")
        s.start_worker()
        s.start_balancer()
        s.mark("hosts, worker and balancer up")
        yield s
        s.mark("scenarios done")
        print("multi-host timings (s since start):", s.timings)
    except BaseException:
        print(s.logs())
        raise
    finally:
        s.stop()


def _ip() -> str:
    # a fresh client address per use (the limits count per address, in the shared Redis)
    n = uuid.uuid4().int
    return f"10.{n % 250 + 1}.{(n >> 8) % 250 + 1}.{(n >> 16) % 250 + 1}"


def submit(site, *, ip=None, photo=None, session=None, text=None) -> requests.Response:
    values = form_values(description=text or f"燃气走线与规划冲突，影响投产。编号{uuid.uuid4().hex[:8]}")
    files = {"attachments": ("现场照片.jpg", photo, "image/jpeg")} if photo else None
    return (session or requests).post(site.url(f"/api/v1/intake/{site.data['token']}/"), data=values, files=files,
                                      headers={"X-Forwarded-For": ip or _ip()}, timeout=30)


def login(site, username) -> requests.Session:
    s = requests.Session()
    s.get(site.url("/accounts/login/"), timeout=30)
    r = s.post(site.url("/accounts/login/"), data={"username": username, "password": PASSWORD,
               "csrfmiddlewaretoken": s.cookies["csrftoken"]}, allow_redirects=False, timeout=30)
    assert r.status_code == 302, r.text[:500]
    return s


def test_a_photo_submitted_through_one_host_is_seen_by_staff_on_the_other(site):
    photo = jpeg_bytes() + os.urandom(2000) + b"\xff\xd9"
    r = submit(site, photo=photo)
    assert r.status_code == 201, r.text
    code, served_by = r.json()["tracking_code"], r.headers["X-Served-By"]
    pk = site.sql("primary", f"SELECT a.id FROM cases_attachment a JOIN cases_case c ON c.id = a.case_id "
                             f"WHERE c.tracking_code = '{code}'")
    staff = login(site, "mh_staff1")
    other = {"host_a": "host_b", "host_b": "host_a"}[served_by]
    direct = staff.get(f"http://127.0.0.1:{site.ports[other]}/attachments/{pk}/", timeout=30)
    assert direct.status_code == 200 and direct.content == photo
    hosts = set()
    for _ in range(4):  # round-robin: both hosts answer
        via = staff.get(site.url(f"/attachments/{pk}/"), timeout=30)
        assert via.status_code == 200 and via.content == photo
        hosts.add(via.headers["X-Served-By"])
    assert hosts == {"host_a", "host_b"}
    assert not [p for p in site.dir.glob("media-*/**/*") if p.is_file()]  # no host kept it on its disk


def _big_workbook(rows: int) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(ENT_HEADERS)
    for i in range(rows):
        ws.append(good_row(500 + i))
    pad = wb.create_sheet("附注")  # makes the file large enough for the background import
    for _ in range(400):
        pad.append([os.urandom(900).hex()])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_a_chain_import_uploaded_through_one_host_is_run_by_the_worker(site):
    staff = login(site, "mh_staff1")
    data = _big_workbook(20)
    assert len(data) > 256 * 1024
    r = staff.post(site.url(f"/chains/{site.data['chain']}/import/enterprises/"), files={
        "file": ("企业名单.xlsx", data, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")},
        headers={"X-CSRFToken": staff.cookies["csrftoken"]}, allow_redirects=False, timeout=60)
    assert r.status_code == 302, r.text[:500]
    job = site.sql("primary", "SELECT max(id) FROM chains_importjob")
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        status, created = site.sql("primary", f"SELECT status, created FROM chains_importjob WHERE id = {job}").split("|")
        if status in ("done", "failed"):
            break
        time.sleep(0.5)
    assert (status, created) == ("done", "20"), site.logs()
    page = staff.get(site.url(r.headers["Location"]), timeout=30)
    assert "新增 20 条" in page.text


def test_the_intake_limit_holds_across_both_hosts(site):
    ip = _ip()
    answers = [submit(site, ip=ip) for _ in range(8)]
    assert [a.status_code for a in answers].count(201) == 5  # SHUANGLIAN_INTAKE_RATE_IP=5/min
    assert [a.status_code for a in answers].count(429) == 3
    assert {a.headers["X-Served-By"] for a in answers} == {"host_a", "host_b"}


def test_both_hosts_sweep_at_once_and_each_notice_goes_once(site):
    runs = [subprocess.Popen([sys.executable, "manage.py", "sweep_cases", "--date", "2027-06-30"], cwd=ROOT,
                             env={**site.env(media), "SHUANGLIAN_DB_POOL": ""}, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for media in ("media-host_a", "media-host_b")]
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err[-2000:]
    cases = int(site.sql("primary", "SELECT count(*) FROM cases_case WHERE due_date IS NOT NULL"))
    notices, keys, per_case = site.sql("primary", "SELECT count(*), count(DISTINCT dedupe_key), count(DISTINCT case_id) "
                                                  "FROM cases_notice").split("|")
    assert cases > 0 and int(notices) == int(keys) == int(per_case) == cases


def _cases_in_rates(site, session) -> tuple[int, str]:
    r = session.get(site.url("/api/v1/rates/?group_by=region"), timeout=30)
    assert r.status_code == 200, r.text[:300]
    return r.json()["totals"]["counts"]["cases"], r.headers["X-Served-By"]


def test_a_report_read_right_after_a_write_shows_the_write(site):
    writer, other = login(site, "mh_staff1"), login(site, "mh_staff2")
    time.sleep(3.5)  # both logins' read-your-writes windows (SHUANGLIAN_REPLICA_PIN_SECONDS=3) are over
    before, _ = _cases_in_rates(site, other)
    site.sql("replica", "SELECT pg_wal_replay_pause()")  # the replica falls behind from here
    try:
        assert submit(site, session=writer).status_code == 201
        seen = [_cases_in_rates(site, writer) for _ in range(2)]  # through both hosts
        assert [n for n, _ in seen] == [before + 1] * 2 and {h for _, h in seen} == {"host_a", "host_b"}
        # someone who did not write reads the replica, which does not have it yet
        assert _cases_in_rates(site, other)[0] == before
    finally:
        site.sql("replica", "SELECT pg_wal_replay_resume()")
    deadline = time.monotonic() + 30
    while _cases_in_rates(site, other)[0] != before + 1 and time.monotonic() < deadline:
        time.sleep(0.3)
    assert _cases_in_rates(site, other)[0] == before + 1


def test_killing_a_host_mid_load_loses_no_acknowledged_submission(site):
    acknowledged, failed, lock = [], [], threading.Lock()
    started = threading.Event()

    def client(n):
        for i in range(n):
            text = f"停电影响生产，请协调供电。客户端{threading.get_ident()}-{i}"
            for _attempt in range(5):  # a browser's retry: the same content is one case (deduplicated)
                try:
                    r = submit(site, text=text)
                except requests.RequestException:
                    time.sleep(0.3)
                    continue
                if r.status_code == 201:
                    with lock:
                        acknowledged.append(r.json()["tracking_code"])
                        started.set()
                    break
                time.sleep(0.3)
            else:
                with lock:
                    failed.append(text)

    threads = [threading.Thread(target=client, args=(8,)) for _ in range(4)]
    for t in threads:
        t.start()
    started.wait(30)
    time.sleep(0.5)
    site.kill("host_a")
    for t in threads:
        t.join(180)
    assert failed == []
    assert len(set(acknowledged)) == 32
    codes = ",".join(f"'{c}'" for c in set(acknowledged))
    assert int(site.sql("primary", f"SELECT count(*) FROM cases_case WHERE tracking_code IN ({codes})")) == 32
