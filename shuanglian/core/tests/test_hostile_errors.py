"""The exception boundary (issue 13): any parse error of user input is a Chinese 400 — a page
for pages, {"detail", "code"} for the API — and 403/404/500 are Chinese too, with DEBUG off."""

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("shuanglian.core.tests.hostile_urls")]


def chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture
def anon():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("url, message", [
    ("/page/bad-input/", "开始日期格式应为"),
    ("/page/bad-zip/", "文件已损坏"),
    ("/page/xml/", "无法解析"),
])
def test_a_parse_error_in_a_page_is_a_chinese_400_page(anon, url, message, settings):
    settings.DEBUG = False
    response = anon.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()


def test_an_impossible_date_in_the_api_is_a_chinese_400(anon):
    response = anon.get("/api/v1/test/date/?day=2025-13-45")
    assert response.status_code == 400
    assert response.json() == {"detail": "日期“2025-13-45”不是存在的日期。", "code": "invalid_date"}


@pytest.mark.parametrize("kind, code", [("zip", "invalid_file"), ("xml", "invalid_file"), ("decode", "invalid_encoding")])
def test_a_parse_error_in_the_api_is_a_chinese_400(anon, kind, code):
    response = anon.get(f"/api/v1/test/raise/{kind}/")
    assert response.status_code == 400
    assert response.json()["code"] == code and chinese(response.json()["detail"])


def test_malformed_json_is_a_chinese_400(anon):
    response = anon.post("/api/v1/test/date/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert chinese(response.json()["detail"]) and response.json()["code"] == "parse_error"


def test_403_and_500_pages_are_chinese(anon):
    denied = anon.get("/page/denied/")
    assert denied.status_code == 403 and "没有权限" in denied.content.decode()
    crash = anon.get("/page/crash/")
    assert crash.status_code == 500 and "系统出错" in crash.content.decode()
    assert "Server Error" not in crash.content.decode()


def test_api_500_is_json_in_chinese(anon):
    response = anon.get("/api/v1/test/crash/")
    assert response.status_code == 500
    assert response.json()["code"] == "server_error" and chinese(response.json()["detail"])


def test_a_missing_csrf_token_is_a_chinese_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403 and "页面已过期" in response.content.decode()


def test_a_malformed_multipart_body_is_a_chinese_400(anon):
    response = anon.generic("POST", "/accounts/login/", b"--x\r\nbroken", content_type="multipart/form-data; boundary=")
    assert response.status_code == 400 and chinese(response.content.decode())


def test_too_many_fields_is_a_chinese_400(anon):
    body = "&".join(f"f{i}=1" for i in range(1200)).encode()
    response = anon.generic("POST", "/accounts/login/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and "字段" in response.content.decode()


def test_a_parse_error_under_open311_answers_in_georeport_shape(anon):
    response = anon.get("/open311/v2/test.json")
    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": "参数 start_date 不是存在的时间。"}]
    xml = anon.get("/open311/v2/test.xml")
    assert xml.status_code == 400 and xml["Content-Type"].startswith("text/xml")
    assert "<errors><error><code>400</code><description>参数 start_date 不是存在的时间。</description>" in xml.content.decode()
