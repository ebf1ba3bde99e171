"""The API skeleton: token login, the workdays endpoint, the error shape, the OpenAPI docs."""

import re

import pytest
from rest_framework.test import APIClient

from conftest import DEMO_PASSWORD
from shuanglian.core.models import AuditEvent
from shuanglian.lib import workdays

TOKEN_URL = "/api/v1/auth/token/"
ADD_URL = "/api/v1/workdays/add"


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    workdays.clear_cache()
    yield
    workdays.clear_cache()


def token_for(username, password=DEMO_PASSWORD):
    return APIClient().post(TOKEN_URL, {"username": username, "password": password}, format="json")


# --- token authentication -------------------------------------------------------------------

def test_token_login_then_calls_the_api_with_the_token(personas):
    resp = token_for("p_handler")
    assert resp.status_code == 200
    key = resp.json()["token"]
    assert len(key) == 40
    assert token_for("p_handler").json()["token"] == key  # same token on a second login
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    got = api.get(ADD_URL, {"start": "2026-02-13", "days": "2"})
    assert got.status_code == 200
    assert got.json() == {"due": "2026-02-24", "provisional": False}
    assert AuditEvent.objects.filter(event_type="auth.token_issue", actor=personas["handler"]).count() == 2


def test_token_login_with_wrong_password_is_chinese_audited_and_counted_for_lockout(personas):
    resp = token_for("p_handler", "wrong-password")
    assert resp.status_code == 400
    assert resp.json()["code"] == "invalid_credentials"
    assert "用户名或密码不正确" in resp.json()["detail"]
    assert AuditEvent.objects.filter(event_type="auth.login_failed", note__contains="p_handler").exists()
    for _ in range(4):
        token_for("p_handler", "wrong-password")
    locked = token_for("p_handler")  # right password, but locked now
    assert locked.status_code == 429
    assert locked.json() == {"detail": locked.json()["detail"], "code": "locked_out"}
    assert "锁定30分钟" in locked.json()["detail"]
    assert "token" not in locked.json()


def test_failures_through_the_api_also_lock_the_web_login(client, personas):
    for _ in range(5):
        token_for("p_staff", "wrong-password")
    resp = client.post("/accounts/login/", {"username": "p_staff", "password": DEMO_PASSWORD})
    assert "已锁定30分钟" in resp.content.decode()
    assert "_auth_user_id" not in client.session


def test_token_login_without_fields_is_400(db):
    resp = APIClient().post(TOKEN_URL, {}, format="json")
    assert resp.status_code == 400 and resp.json()["code"] == "required"


# --- GET /api/v1/workdays/add -----------------------------------------------------------------

@pytest.mark.parametrize(
    "start,days,expected",
    [
        ("2025-01-24", "1", {"due": "2025-01-26", "provisional": False}),  # 调休 Sunday
        ("2026-03-07", "1", {"due": "2026-03-09", "provisional": False}),  # start on a Saturday
        ("2026-09-30", "1", {"due": "2026-10-08", "provisional": False}),  # over National Day
        ("2027-02-04", "1", {"due": "2027-02-11", "provisional": True}),  # computed 2027 春节
        ("2026-03-09", "0", {"due": "2026-03-09", "provisional": False}),
    ],
)
def test_workdays_add(api_for, start, days, expected):
    resp = api_for("deputy").get(ADD_URL, {"start": start, "days": days})
    assert resp.status_code == 200
    assert resp.json() == expected


@pytest.mark.parametrize(
    "params,code,words",
    [
        ({"start": "2026-02-30", "days": "3"}, "invalid_date", "不是有效日期"),
        ({"start": "13/02/2026", "days": "3"}, "invalid_date", "YYYY-MM-DD"),
        ({"days": "3"}, "required", "缺少参数 start"),
        ({"start": "2026-02-13"}, "required", "缺少参数 days"),
        ({"start": "2026-02-13", "days": "-1"}, "days_out_of_range", "0 到 365"),
        ({"start": "2026-02-13", "days": "100000000"}, "days_out_of_range", "0 到 365"),
        ({"start": "2026-02-13", "days": "三"}, "invalid_days", "整数"),
        ({"start": "2026-02-13", "days": "٣"}, "invalid_days", "整数"),  # int() would read 3
        ({"start": "9999-12-31", "days": "5"}, "date_out_of_range", "2000–2099"),
    ],
)
def test_workdays_add_bad_input_is_400_in_chinese(api_for, params, code, words):
    resp = api_for("staff").get(ADD_URL, params)
    assert resp.status_code == 400
    body = resp.json()
    assert body["code"] == code
    assert words in body["detail"]


# --- the error shape ----------------------------------------------------------------------------

def test_401_without_credentials(db):
    resp = APIClient().get(ADD_URL, {"start": "2026-02-13", "days": "2"})
    assert resp.status_code == 401
    assert resp["WWW-Authenticate"].startswith("Token")
    assert resp.json() == {"detail": "身份认证信息未提供。", "code": "not_authenticated"}


def test_401_with_a_bad_token(db):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    resp = api.get(ADD_URL, {"start": "2026-02-13", "days": "2"})
    assert resp.status_code == 401
    assert resp.json()["code"] == "authentication_failed"
    assert "令牌" in resp.json()["detail"]


def test_403_is_chinese_json(client):
    # The router root uses the default (session-first) authentication: anonymous → 403.
    resp = client.get("/api/v1/")
    assert resp.status_code == 403
    assert resp.json()["code"] == "not_authenticated"
    assert "身份认证" in resp.json()["detail"]


def test_404_is_chinese_json_for_missing_and_for_unreadable(api_for, personas):
    from shuanglian.core.audit import audit_record

    other = audit_record(event_type="test.bishan", actor=personas["bishan_staff"], region=personas["bishan_staff"].region)
    own = audit_record(event_type="test.beibei", actor=personas["staff"], region=personas["staff"].region)
    api = api_for("staff")
    assert api.get(f"/api/v1/audit/events/{own.pk}/").json()["event_type"] == "test.beibei"
    for pk in (other.pk, 999999):
        resp = api.get(f"/api/v1/audit/events/{pk}/")
        assert resp.status_code == 404
        assert resp.json() == {"detail": "未找到该记录，或您无权查看。", "code": "not_found"}


def test_403_for_a_role_without_access(api_for, personas):
    resp = api_for("handler").get("/api/v1/audit/events/")
    assert resp.status_code == 403
    assert resp.json() == {"detail": "只有人大工作人员可以执行此操作。", "code": "permission_denied"}


def test_405_is_chinese_json(api_for):
    resp = api_for("staff").post(ADD_URL, {"start": "2026-02-13", "days": 2}, format="json")
    assert resp.status_code == 405
    body = resp.json()
    assert body["code"] == "method_not_allowed"
    assert "POST" in body["detail"] and "不被允许" in body["detail"]


def test_400_from_a_business_error_is_chinese_json(api_for):
    resp = api_for("staff").get(ADD_URL, {"start": "x", "days": "1"})
    assert resp.status_code == 400
    assert set(resp.json()) == {"detail", "code"}


# --- OpenAPI ------------------------------------------------------------------------------------

def test_schema_documents_the_core_endpoints(client):
    resp = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert resp.status_code == 200
    schema = resp.json()
    op = schema["paths"]["/api/v1/workdays/add"]["get"]
    params = {p["name"]: p for p in op["parameters"]}
    assert params["start"]["required"] and params["start"]["schema"]["format"] == "date"
    assert params["days"]["schema"]["type"] == "integer"
    assert set(op["responses"]) >= {"200", "400", "401"}
    assert "post" in schema["paths"]["/api/v1/auth/token/"]


def test_swagger_ui_uses_only_local_static_files(client):
    resp = client.get("/api/v1/docs/")
    assert resp.status_code == 200
    html = resp.content.decode()
    refs = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert refs, "the docs page loads Swagger UI assets"
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html), "no external asset hosts"
    # Local static files, plus the page's own start-up script (?script, the CSP-safe split view).
    assets = [r for r in refs if r.startswith("/static/") or r.startswith("/api/v1/docs/?script")]
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert set(refs) == set(assets)
    for url in assets:
        got = client.get(url)
        assert got.status_code == 200, url
        body = b"".join(got.streaming_content) if got.streaming else got.content
        assert len(body) > 100, url
