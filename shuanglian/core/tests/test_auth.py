"""Login, lockout, idle timeout, password policy and their audit trail."""

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from conftest import DEMO_PASSWORD
from shuanglian.core.models import AuditEvent


def test_login_page_is_chinese_and_logs_in(client, personas):
    page = client.get("/accounts/login/")
    assert "登录" in page.content.decode()
    resp = client.post("/accounts/login/", {"username": "p_staff", "password": DEMO_PASSWORD})
    assert resp.status_code == 302
    assert AuditEvent.objects.filter(event_type="auth.login", actor=personas["staff"]).count() == 1
    home = client.get("/")
    assert "王工作" in home.content.decode()


def test_wrong_password_shows_chinese_error_and_is_audited(client, personas):
    resp = client.post("/accounts/login/", {"username": "p_staff", "password": "wrong"})
    assert resp.status_code == 200
    assert "用户名或密码不正确" in resp.content.decode()
    assert AuditEvent.objects.filter(event_type="auth.login_failed", note__contains="p_staff").exists()


def test_five_failures_lock_the_account_even_with_the_right_password(client, personas):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "p_staff", "password": "wrong"})
    resp = client.post("/accounts/login/", {"username": "p_staff", "password": DEMO_PASSWORD})
    assert "已锁定30分钟" in resp.content.decode()
    assert "_auth_user_id" not in client.session


def test_idle_session_is_logged_out_after_30_minutes(client, personas):
    client.force_login(personas["staff"])
    assert client.get("/").status_code == 200
    session = client.session
    session["last_seen"] = int(time.time()) - 31 * 60
    session.save()
    resp = client.get("/")
    assert resp.status_code == 302 and "timeout=1" in resp["Location"]
    assert client.get("/").status_code == 302  # still logged out


@pytest.mark.parametrize("password", ["short1A", "alllowercase", "abcdefgh1"])
def test_weak_passwords_are_refused(password, db):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_strong_password_is_accepted(db):
    validate_password("Chongqing-2026")


def test_pages_require_login(client, db):
    resp = client.get("/")
    assert resp.status_code == 302 and resp["Location"].startswith("/accounts/login/")


def test_api_error_is_chinese_json(client, db):
    resp = client.get("/api/v1/")
    assert resp.status_code == 403
    body = resp.json()
    assert set(body) >= {"detail", "code"}
    assert "身份认证" in body["detail"]
