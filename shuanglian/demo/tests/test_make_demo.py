"""`make demo` serves the demo the way a visitor should see it: at the address HOST names (printed
and in station QR codes), with the project's own Chinese 404 page — never Django's English debug
page listing every route — and its static files still served."""

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

# Runs in a fresh interpreter with exactly the environment `make demo` gives runserver.
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
from shuanglian.deputies.models import Station
client = Client(HTTP_HOST="10.0.0.7:9000")
guessed = client.get("/no-such-page/")
css = client.get("/static/css/app.css")
print(json.dumps({
    "debug": settings.DEBUG, "site_url": settings.SITE_URL,
    "status": guessed.status_code, "body": guessed.content.decode(),
    "css": css.status_code, "qr": Station(intake_token="abc").intake_url,
}))
"""


def demo_server_env(**make_vars) -> dict:
    """The variables the Makefile's demo target sets on its `runserver` line."""
    args = [f"{k}={v}" for k, v in make_vars.items()]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SHUANGLIAN_", "DEMO_"))}
    dry = subprocess.run(["make", "-n", "demo", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=60, check=True).stdout
    line = next(x for x in dry.splitlines() if "manage.py runserver" in x)
    assignments = [w for w in shlex.split(line) if "=" in w and w.split("=", 1)[0].isupper()]
    return dict(w.split("=", 1) for w in assignments)


def probe(tmp_path, **make_vars) -> dict:
    demo_env = demo_server_env(**make_vars)
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "shuanglian.settings",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}", **demo_env}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(subprocess.run(["which", "make"], capture_output=True).returncode != 0, reason="needs make")
def test_make_demo_serves_chinese_error_pages_at_the_address_host_names(tmp_path):
    got = probe(tmp_path, HOST="10.0.0.7:9000")
    assert got["debug"] is False
    assert got["status"] == 404
    assert "未找到该页面" in got["body"]
    assert "Page not found" not in got["body"] and "URLconf" not in got["body"]
    assert got["css"] == 200  # static files still served without DEBUG
    assert got["site_url"] == "http://10.0.0.7:9000"
    assert got["qr"] == "http://10.0.0.7:9000/i/abc/"  # what a station's QR code encodes


@pytest.mark.skipif(subprocess.run(["which", "make"], capture_output=True).returncode != 0, reason="needs make")
def test_an_explicit_site_address_wins_over_host():
    env = demo_server_env(HOST="0.0.0.0:8000", SHUANGLIAN_SITE_URL="http://192.168.1.5:8000")
    assert env["SHUANGLIAN_SITE_URL"] == "http://192.168.1.5:8000"
    assert "192.168.1.5" in env["DJANGO_ALLOWED_HOSTS"].split(",")

