"""等保 2.0 level 3 settings: deploy checks, transport security, CSRF, password policy.

Production settings are read at import time, so they are checked in a subprocess started with
the production environment (no DJANGO_DEBUG, no DJANGO_SECURE override, a real secret key).
"""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.test import Client

from conftest import DEMO_PASSWORD
from shuanglian.core.models import CalendarOverride

ROOT = Path(__file__).resolve().parents[3]


def production_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SHUANGLIAN_", "DATABASE_URL"))}
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="example.gov.cn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    )
    return env


def run(args, env, **kw):
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, **kw)


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = run([sys.executable, "manage.py", "check", "--deploy"], production_env(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    ids = re.findall(r"\(([\w.]+\.[EWCI]\d{3})\)", output)
    # drf_spectacular.W001 is about OpenAPI naming in apps' schemas (the schema test covers it),
    # not about deployment; every other check, security.* above all, must be silent.
    assert [i for i in ids if i != "drf_spectacular.W001"] == [], output
    assert "security." not in output


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["DJANGO_SECRET_KEY"]
    result = run([sys.executable, "manage.py", "check"], env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


PROBE = r"""
import json, django
django.setup()
from django.conf import settings
from django.test import Client
c = Client(HTTP_HOST="example.gov.cn")
plain = c.get("/accounts/login/")
secure = c.get("/accounts/login/", secure=True)
print(json.dumps({
    "plain_status": plain.status_code, "plain_location": plain.get("Location", ""),
    "status": secure.status_code,
    "hsts": secure.get("Strict-Transport-Security", ""),
    "nosniff": secure.get("X-Content-Type-Options", ""),
    "frame": secure.get("X-Frame-Options", ""),
    "referrer": secure.get("Referrer-Policy", ""),
    "csrf_cookie_secure": bool(secure.cookies["csrftoken"]["secure"]),
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "session_cookie_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "debug": settings.DEBUG,
}))
"""


def test_production_mode_sends_hsts_and_secure_cookies(tmp_path):
    env = production_env(tmp_path)
    env["DJANGO_SETTINGS_MODULE"] = "shuanglian.settings"
    result = run([sys.executable, "-c", PROBE], env)
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout.strip().splitlines()[-1])
    assert got["plain_status"] == 301 and got["plain_location"].startswith("https://example.gov.cn/")
    assert got["status"] == 200
    assert got["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert got["nosniff"] == "nosniff" and got["frame"] == "DENY" and got["referrer"] == "same-origin"
    assert got["csrf_cookie_secure"] and got["session_cookie_secure"] and got["session_cookie_httponly"]
    assert got["debug"] is False


def test_post_without_csrf_token_is_refused(personas):
    client = Client(enforce_csrf_checks=True)
    resp = client.post("/accounts/login/", {"username": "p_staff", "password": DEMO_PASSWORD})
    assert resp.status_code == 403
    assert "_auth_user_id" not in client.session
    client.force_login(personas["staff"])
    resp = client.post("/calendar/override/", {"date": "2027-02-11", "kind": "rest", "name": "春节"})
    assert resp.status_code == 403
    assert not CalendarOverride.objects.exists()


def test_session_api_write_without_csrf_is_refused(personas):
    # Session-authenticated API calls need the CSRF token too (token-authenticated ones do not).
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["staff"])
    resp = client.post("/api/v1/auth/token/", {"username": "p_staff", "password": DEMO_PASSWORD})
    assert resp.status_code == 200  # the token endpoint takes no session, so no CSRF needed
    resp = client.post("/api/v1/workdays/add")
    assert resp.status_code == 403
    assert "CSRF" in resp.json()["detail"]


@pytest.mark.parametrize(
    "password,message",
    [
        ("Ab1!x", "密码太短，至少需要 8 个字符。"),
        ("alllowercase", "密码须包含大写字母、小写字母、数字、符号中的至少三类。"),
        ("12345678901", "密码只包含数字。"),
        ("Password123", "这个密码太常见了。"),
    ],
)
def test_password_policy_speaks_chinese(db, password, message):
    with pytest.raises(ValidationError) as info:
        validate_password(password)
    assert message in info.value.messages


def test_password_help_is_chinese(db):
    texts = " ".join(password_validators_help_texts())
    assert "至少需要 8 个字符" in texts and "至少三类" in texts
