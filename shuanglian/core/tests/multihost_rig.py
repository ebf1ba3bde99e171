"""The processes of a multi-host site on one machine, for test_multihost.py: a PostgreSQL primary
and a streaming replica made with pg_basebackup (own clusters on free ports, never the machine's
own), the shared Redis (its own db number, own keys), two gunicorn "hosts" with different local
directories, a db_worker, and haproxy round-robin in front. `Site.stop()` ends every process it
started (by process group) and removes the clusters, whatever happened."""

from __future__ import annotations

import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "Multihost-2026"


def pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def redis_url() -> str:
    return os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/13"


def missing_tools() -> list[str]:
    missing = []
    if pg_bin() is None or not (pg_bin() / "pg_basebackup").exists():
        missing.append("PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup)")
    if shutil.which("haproxy") is None:
        missing.append("haproxy")
    try:
        import redis

        redis.Redis.from_url(redis_url(), socket_timeout=2).ping()
    except Exception:  # noqa: BLE001 - any failure means: no Redis here
        missing.append(f"Redis at {redis_url()}")
    return missing


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, what: str, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{what} did not come up within {timeout:.0f} s")


class Site:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="sl-multihost-"))
        os.chmod(self.dir, 0o755)
        self.bin = pg_bin()
        self.ports = {name: free_port() for name in ("primary", "replica", "host_a", "host_b", "lb")}
        self.procs: dict[str, subprocess.Popen] = {}
        self.t0, self.timings = time.monotonic(), []
        self.clusters: list[Path] = []
        self.log = self.dir / "logs"
        self.log.mkdir()
        os.chmod(self.log, 0o777)

    # --- PostgreSQL ------------------------------------------------------------------------------
    def _as_postgres(self, args: list[str]) -> list[str]:
        # initdb refuses root; run the clusters as the postgres account when we are root
        return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args

    def _pg(self, tool: str, *args, check=True, timeout=120):
        return subprocess.run(self._as_postgres([str(self.bin / tool), *args]), check=check, capture_output=True,
                              text=True, timeout=timeout, cwd="/tmp")

    def _own(self, path: Path):
        path.mkdir(mode=0o700)
        if os.geteuid() == 0:
            shutil.chown(path, "postgres", "postgres")

    def _pg_start(self, data: Path, port: int):
        self.clusters.append(data)
        opts = f"-p {port} -k {self.dir / 'sock'} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        self._pg("pg_ctl", "-D", str(data), "-l", str(self.log / f"pg-{port}.log"), "-o", opts, "-w", "start")

    def db_url(self, which="primary") -> str:
        return f"postgres://postgres@127.0.0.1:{self.ports[which]}/shuanglian"

    def mark(self, what: str):
        now = time.monotonic()
        self.timings.append((what, round(now - self.t0, 1)))

    def start_databases(self):
        primary, replica = self.dir / "primary", self.dir / "replica"
        self._own(self.dir / "sock")
        self._own(primary)
        self._pg("initdb", "-D", str(primary), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        self._pg_start(primary, self.ports["primary"])
        self._pg("createdb", "-h", "127.0.0.1", "-p", str(self.ports["primary"]), "-U", "postgres", "shuanglian")
        self.mark("primary up")
        self.manage("migrate", "--noinput", "-v0", "--skip-checks", timeout=600)
        self.mark("migrated")
        self._own(replica)
        self._pg("pg_basebackup", "-h", "127.0.0.1", "-p", str(self.ports["primary"]), "-U", "postgres",
                 "-D", str(replica), "-X", "stream", "-R", "-c", "fast")
        self._pg_start(replica, self.ports["replica"])

    def sql(self, which: str, query: str) -> str:
        done = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(self.ports[which]), "-U", "postgres", "-d",
                               "shuanglian", "-Atc", query], check=True, capture_output=True, text=True, timeout=60)
        return done.stdout.strip()

    # --- the application -------------------------------------------------------------------------
    def env(self, media: str, **extra) -> dict:
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("SHUANGLIAN_", "DJANGO_", "DATABASE_"))}
        return {
            **keep, "DJANGO_SETTINGS_MODULE": "shuanglian.settings", "DJANGO_SECURE": "0", "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "multihost-test-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "DATABASE_URL": self.db_url(),
            "DATABASE_REPLICA_URL": self.db_url("replica"), "REDIS_URL": redis_url(),
            "SHUANGLIAN_FILE_STORAGE": "db", "SHUANGLIAN_MEDIA_ROOT": str(self.dir / media),
            "SHUANGLIAN_DB_POOL": json.dumps({"min_size": 1, "max_size": 4}), "SHUANGLIAN_TRUSTED_PROXIES": "127.0.0.1",
            "SHUANGLIAN_INTAKE_RATE_IP": "5/min", "SHUANGLIAN_REPLICA_MAX_LAG": "600",
            "SHUANGLIAN_REPLICA_PIN_SECONDS": "3",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend", **extra,
        }

    def manage(self, *args, media="host-a", timeout=120) -> str:
        env = self.env(media)
        env["SHUANGLIAN_DB_POOL"] = ""
        done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed: {done.stderr[-3000:]}")
        return done.stdout

    def _spawn(self, name: str, args: list[str], env: dict):
        out = open(self.log / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        self.procs[name] = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                            start_new_session=True)

    def start_hosts(self, *names: str):
        for name in names:  # started together: each takes a while to import the project
            self._spawn(name, [sys.executable, "-m", "gunicorn", "shuanglian.wsgi", "-b", f"127.0.0.1:{self.ports[name]}",
                               "--workers", "2", "--threads", "4", "--worker-class", "gthread", "--timeout", "60"],
                        self.env(f"media-{name}"))
        for name in names:
            url = f"http://127.0.0.1:{self.ports[name]}/accounts/login/"
            wait_for(lambda url=url: urllib.request.urlopen(url, timeout=5).status == 200, f"gunicorn {name}", 120)

    def start_worker(self):
        self._spawn("worker", [sys.executable, "manage.py", "db_worker", "--interval", "0.5", "--no-reload", "--no-startup-delay"], self.env("media-worker"))

    def start_balancer(self):
        cfg = self.dir / "haproxy.cfg"
        cfg.write_text(f"""
global
    maxconn 256
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    retries 3
    option redispatch
    retry-on conn-failure empty-response response-timeout
frontend site
    bind 127.0.0.1:{self.ports['lb']}
    option forwardfor
    default_backend hosts
backend hosts
    balance roundrobin
    http-response set-header X-Served-By %s
    server host_a 127.0.0.1:{self.ports['host_a']} check inter 300ms fall 1 rise 2
    server host_b 127.0.0.1:{self.ports['host_b']} check inter 300ms fall 1 rise 2
""")
        self._spawn("haproxy", ["haproxy", "-db", "-f", str(cfg)], dict(os.environ))
        wait_for(lambda: urllib.request.urlopen(self.url("/accounts/login/"), timeout=5).status == 200, "haproxy")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.ports['lb']}{path}"

    def kill(self, name: str):
        proc = self.procs.pop(name, None)
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    def stop(self):
        for name in list(self.procs):
            try:
                self.kill(name)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        for data in reversed(self.clusters):
            self._pg("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)

    def logs(self) -> str:
        parts = []
        for f in sorted(self.log.glob("*.log")):
            parts.append(f"--- {f.name}\n" + f.read_text(errors="replace")[-3000:])
        return "\n".join(parts)


SEED = r"""
import json
from shuanglian.chains import services
from shuanglian.core.models import User
from shuanglian.deputies.models import Deputy, Station
from shuanglian.regions.models import Department, Region

city = Region(name="重庆市", code="500000", level="city"); city.path = city.compute_path(); city.save()
bb = Region(name="北碚区", code="500109", level="district", parent=city); bb.path = bb.compute_path(); bb.save()
dept = Department.objects.create(name="区经济信息委", region=bb)
staff = [User.objects.create_user(f"mh_staff{i}", password=PASSWORD, role="staff", region=bb, display_name=f"王工作{i}")
         for i in (1, 2)]
head = Deputy.objects.create(name="周代表", level="district", region=bb, phone="13700002222")
station = Station.objects.create(kind="industry_liaison", name="北碚区先进制造业代表联络站", region=bb, head=head,
                                 is_active=True)
chain = services.chain_save(actor=staff[0], values={"name": "智能网联新能源汽摩产业链", "region": bb,
                                                     "lead_department": dept}, member_departments=[dept])
services.node_save(actor=staff[0], chain=chain, values={"name": "齿轮", "stage": "midstream"})
print(json.dumps({"token": station.intake_token, "chain": chain.pk}))
"""


def seed(site: Site) -> dict:
    out = site.manage("shell", "-c", SEED.replace("PASSWORD", repr(PASSWORD)))
    return json.loads(out.strip().splitlines()[-1])
