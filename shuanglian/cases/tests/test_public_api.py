"""The public JSON API: submit by station token, track, rate — no auth, no CSRF, no personal data,
errors in {"detail", "code"}."""

import datetime

import pytest
from rest_framework.test import APIClient

from shuanglian.cases import services
from shuanglian.cases.models import Attachment, Case, IntakeReceipt

from .test_intake_helpers import exe_bytes, form_values, make_station, png_bytes, upload


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def station(regions, personas):
    return make_station(regions, personas)


@pytest.fixture
def api():
    return APIClient(enforce_csrf_checks=True)


def body(**overrides):
    data = form_values(**overrides)
    data["consent"] = overrides.get("consent", True)
    return data


def intake(api, station, data, fmt="json", ip="10.1.0.1"):
    return api.post(f"/api/v1/intake/{station.intake_token}/", data, format=fmt, REMOTE_ADDR=ip)


def written():
    return Case.objects.count(), Attachment.objects.count(), IntakeReceipt.objects.count()


def test_submit_json_returns_tracking_code(api, station):
    response = intake(api, station, body())
    assert response.status_code == 201, response.json()
    code = response.json()["tracking_code"]
    case = Case.objects.get(tracking_code=code)
    assert case.source == "api" and case.station == station
    assert response.json()["track_url"].endswith(f"/t/{code}/")


def test_submit_multipart_with_photo(api, station):
    data = body(consent="true")
    data["attachments"] = [upload("p.png", png_bytes(), "image/png")]
    response = intake(api, station, data, fmt="multipart")
    assert response.status_code == 201
    assert Case.objects.get().attachments.get().content_type == "image/png"


@pytest.mark.parametrize("overrides,code,message", [
    ({"contact_phone": "555"}, "invalid_phone", "有效的手机号"),
    ({"enterprise_uscc": "91500109MA5U5X8X1"}, "invalid_uscc", "18位"),
    ({"enterprise_name": ""}, "required", "企业名称"),
    ({"consent": False}, "consent_required", "个人信息保护告知"),
    ({"category": "nope"}, "invalid_category", "诉求类别"),
    ({"description": "长" * 5001}, "invalid_description", "5000"),
])
def test_validation_errors_in_standard_shape_and_nothing_written(api, station, overrides, code, message):
    response = intake(api, station, body(**overrides))
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert message in response.json()["detail"]
    assert written() == (0, 0, 0)


def test_fake_extension_upload_refused(api, station):
    data = body(consent="true")
    data["attachments"] = [upload("photo.jpg", exe_bytes(), "image/jpeg")]
    response = intake(api, station, data, fmt="multipart")
    assert response.status_code == 400 and response.json()["code"] == "file_type"
    assert written() == (0, 0, 0)


def test_non_object_body_refused(api, station):
    response = intake(api, station, ["x"])
    assert response.status_code == 400 and response.json()["code"] == "invalid_body"
    assert written() == (0, 0, 0)


def test_unknown_token_404(api, db):
    response = api.post("/api/v1/intake/nope/", body(), format="json")
    assert response.status_code == 404
    assert response.json() == {"detail": "该二维码已失效（阵地已停用或二维码已更换）。", "code": "station_invalid"}


def test_double_submit_returns_same_code(api, station):
    first = intake(api, station, body()).json()["tracking_code"]
    second = intake(api, station, body()).json()["tracking_code"]
    assert first == second and Case.objects.count() == 1


def test_same_counters_as_the_form(api, client, station, settings):
    rf = dict(settings.REST_FRAMEWORK)
    rf["DEFAULT_THROTTLE_RATES"] = {**rf["DEFAULT_THROTTLE_RATES"], "intake_ip": "2/min"}
    settings.REST_FRAMEWORK = rf
    assert intake(api, station, body(description="第一件事：需要解决。")).status_code == 201
    client.post(f"/i/{station.intake_token}/", form_values(description="第二件事：需要解决。"), REMOTE_ADDR="10.1.0.1")
    response = intake(api, station, body(description="第三件事：需要解决。"))
    assert response.status_code == 429
    assert response.json()["code"] == "throttled" and "提交过于频繁" in response.json()["detail"]
    assert Case.objects.count() == 2


def test_track_and_rate(api, station, personas, departments):
    code = intake(api, station, body()).json()["tracking_code"]
    track = api.get(f"/api/v1/track/{code}/")
    assert track.status_code == 200
    data = track.json()
    assert data["status"] == "submitted" and data["status_label"] == "已提交，等待受理"
    assert [s["label"] for s in data["steps"]] == ["提交", "受理", "交办", "办理", "答复", "回访", "销号"]
    assert data["steps"][0]["done"] and data["steps"][0]["at"] and not data["steps"][1]["done"]
    assert data["reply"] is None and data["can_rate"] is False

    early = api.post(f"/api/v1/track/{code}/rating/", {"rating": "satisfied"}, format="json")
    assert early.status_code == 409 and early.json()["code"] == "transition_not_allowed"

    case = Case.objects.get(tracking_code=code)
    services.case_accept(case=case, actor=personas["staff"])
    services.case_assign(case=case, department=departments["jxw"], actor=personas["staff"])
    services.case_sign(case=case, actor=personas["handler"])
    services.case_reply(case=case, actor=personas["handler"], result="partly_solved", content="已协调一半。",
                        commitment="完成剩余管线改造", commitment_due=datetime.date(2030, 6, 30))
    data = api.get(f"/api/v1/track/{code}/").json()
    assert data["department"] == "区经济信息委"
    assert data["reply"]["result"] == "partly_solved" and data["reply"]["commitment"] == "完成剩余管线改造"
    assert data["can_rate"] is True
    text = str(data)
    for secret in ["13912345678", "刘经理", "李经办", "王工作", "周代表"]:
        assert secret not in text

    bad = api.post(f"/api/v1/track/{code}/rating/", {"rating": "excellent"}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "rating_invalid"
    rated = api.post(f"/api/v1/track/{code}/rating/", {"rating": "unsatisfied", "comment": "未完全解决"}, format="json")
    assert rated.status_code == 200
    assert rated.json()["rating"] == "unsatisfied" and rated.json()["status"] == "revisited"


def test_track_unknown_code_and_rate_limit(api, settings, db):
    rf = dict(settings.REST_FRAMEWORK)
    rf["DEFAULT_THROTTLE_RATES"] = {**rf["DEFAULT_THROTTLE_RATES"], "track_ip": "2/min"}
    settings.REST_FRAMEWORK = rf
    missing = api.get("/api/v1/track/AAAA-BBBB-CCCC/")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    api.get("/api/v1/track/AAAA-BBBB-CCCD/")
    response = api.get("/api/v1/track/AAAA-BBBB-CCCE/")
    assert response.status_code == 429 and "查询过于频繁" in response.json()["detail"]


def test_openapi_documents_public_endpoints(client, db):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    assert "/api/v1/intake/{station_token}/" in paths
    assert "/api/v1/track/{tracking_code}/" in paths
    assert "/api/v1/track/{tracking_code}/rating/" in paths
    intake_op = paths["/api/v1/intake/{station_token}/"]["post"]
    assert intake_op["security"] == [{}]  # no credentials needed
    assert set(intake_op["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
