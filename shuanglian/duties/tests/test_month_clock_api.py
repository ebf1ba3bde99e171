"""GET /api/v1/workdays/add-months: the month clock (民法典 art. 202–203) over HTTP."""

import pytest
from rest_framework.test import APIClient

URL = "/api/v1/workdays/add-months"


@pytest.mark.parametrize("start, months, expected", [
    ("2025-01-31", "1", {"due": "2025-02-28", "provisional": False}),  # no Feb 31 → month end
    ("2024-01-31", "1", {"due": "2024-02-29", "provisional": False}),  # leap year
    ("2024-02-29", "12", {"due": "2025-02-28", "provisional": False}),  # Feb 29 → non-leap year
    ("2025-11-16", "3", {"due": "2026-02-24", "provisional": False}),  # Spring Festival 2026 → 顺延
    ("2025-07-01", "3", {"due": "2025-10-09", "provisional": False}),  # National Day 2025 → 顺延
    ("2026-12-01", "3", {"due": "2027-03-01", "provisional": True}),  # 2027 not yet confirmed
])
def test_add_months(api_for, start, months, expected):
    resp = api_for("deputy").get(URL, {"start": start, "months": months})
    assert resp.status_code == 200
    assert resp.json() == expected


@pytest.mark.parametrize("params, code, words", [
    ({"start": "2026-02-30", "months": "3"}, "invalid_date", "不是有效日期"),
    ({"months": "3"}, "required", "缺少参数 start"),
    ({"start": "2026-02-13"}, "required", "缺少参数 months"),
    ({"start": "2026-02-13", "months": "-1"}, "months_out_of_range", "0 到 120"),
    ({"start": "2026-02-13", "months": "三"}, "invalid_months", "整数"),
    ({"start": "2026-02-13", "months": "٣"}, "invalid_months", "整数"),  # int() would read 3
    ({"start": "2026-02-13", "months": "99999999999"}, "months_out_of_range", "0 到 120"),
])
def test_bad_params_are_a_chinese_400(api_for, params, code, words):
    resp = api_for("staff").get(URL, params)
    assert resp.status_code == 400
    assert resp.json()["code"] == code and words in resp.json()["detail"]


def test_needs_login(db):
    assert APIClient().get(URL, {"start": "2026-01-31", "months": "1"}).status_code == 401


def test_documented_in_the_schema(api_for):
    schema = api_for("staff").get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    op = schema["paths"]["/api/v1/workdays/add-months"]["get"]
    assert op["operationId"] == "workdays_add_months"
