"""Hostile input at the door (issue 13): ids that are not ids, bodies and queries that cannot be
read. Each must give a Chinese 4xx and write nothing — never a 500, never a stored NUL.

The public intake form and API are driven with today's cases code untouched: what protects them
is the shared layer (lib.parse, core.middleware, core.api)."""

import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from shuanglian.cases.models import Case

pytestmark = pytest.mark.django_db

CJK = "\u4e00"  # a message counts as Chinese when it holds a CJK character


def chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def station(regions, personas):
    from shuanglian.deputies.models import Station

    return Station.objects.create(kind="industry_liaison", name="北碚区先进制造业代表联络站",
                                  region=regions["beibei"], head=personas["deputy_record"], is_active=True)


def form(**overrides) -> dict:
    values = {
        "enterprise_name": "重庆乾凤锻造有限公司", "enterprise_uscc": "", "contact_name": "刘经理",
        "contact_phone": "13912345678", "category": "energy", "title": "",
        "description": "新厂房燃气走线与规划冲突，影响投产，希望协调燃气公司调整走线。", "consent": "on",
    }
    values.update(overrides)
    return values


def api_body(**overrides) -> dict:
    data = form(**overrides)
    data["consent"] = True
    return data


def assert_refused(response, status=400):
    assert response.status_code == status, response.content[:300]
    text = response.content.decode("utf-8")
    assert chinese(text), text[:300]
    assert Case.objects.count() == 0


# --- ids in API paths -------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/api/v1/departments/abc/", "/api/v1/regions/abc/", "/api/v1/regions/³/",
                                 "/api/v1/departments/①/", "/api/v1/regions/99999999999999999999999/",
                                 "/api/v1/audit/events/abc/"])
def test_api_detail_with_an_id_that_is_not_one_is_a_chinese_404(api_for, url):
    response = api_for("staff").get(url)
    assert response.status_code == 404
    assert chinese(response.json()["detail"]) and response.json()["code"] == "not_found"


def test_patch_of_a_department_by_a_non_id_is_404_not_500(api_for):
    response = api_for("staff").patch("/api/v1/departments/abc/", {"name": "x"}, format="json")
    assert response.status_code == 404


# --- the public intake form (/i/<token>/) ------------------------------------------------------

def test_form_with_a_nul_byte_is_refused_in_chinese(station):
    response = Client().post(f"/i/{station.intake_token}/", form(description="用电\x00不足，影响生产"),
                             REMOTE_ADDR="10.0.0.1")
    assert_refused(response)
    assert "U+0000" in response.content.decode()


@pytest.mark.parametrize("char", ["\x01", "\x08", "\x0b", "\x1b", "\x1f", "\ufffe"])
def test_form_with_other_control_characters_is_refused(station, char):
    response = Client().post(f"/i/{station.intake_token}/", form(enterprise_name=f"重庆{char}公司"),
                             REMOTE_ADDR="10.0.0.1")
    assert_refused(response)


def test_form_with_tab_and_newlines_is_still_accepted(station):
    response = Client().post(f"/i/{station.intake_token}/",
                             form(description="第一行\r\n第二行\t燃气走线与规划冲突，影响投产。"), REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302
    assert Case.objects.count() == 1


def test_form_declared_gbk_is_refused_in_chinese(station):
    body = "&".join(f"{k}={v}" for k, v in form().items()).encode("gbk")
    response = Client().generic("POST", f"/i/{station.intake_token}/", body,
                                content_type="application/x-www-form-urlencoded; charset=gbk", REMOTE_ADDR="10.0.0.1")
    assert_refused(response)
    assert "UTF-8" in response.content.decode()


def test_form_with_bytes_that_are_not_utf8_is_refused(station):
    body = b"enterprise_name=%C0%AF&description=%FF%FE&consent=on"
    response = Client().generic("POST", f"/i/{station.intake_token}/", body,
                                content_type="application/x-www-form-urlencoded", REMOTE_ADDR="10.0.0.1")
    assert_refused(response)


def test_multipart_form_with_a_nul_byte_is_refused(station):
    response = Client().post(f"/i/{station.intake_token}/", form(title="标题\x00"), REMOTE_ADDR="10.0.0.1")
    assert_refused(response)


def test_query_with_a_nul_byte_is_refused(station):
    assert_refused(Client().get(f"/i/{station.intake_token}/?x=%00"))


def test_path_with_a_nul_byte_is_refused():
    response = Client().get("/i/abc%00def/")
    assert response.status_code == 400 and chinese(response.content.decode())


# --- the public intake API --------------------------------------------------------------------

def post_json(station, raw: str | bytes, content_type="application/json"):
    return APIClient().generic("POST", f"/api/v1/intake/{station.intake_token}/", raw,
                               content_type=content_type, REMOTE_ADDR="10.1.0.1")


def test_api_json_with_an_escaped_nul_is_refused_and_not_stored(station):
    raw = json.dumps(api_body(description="用电\u0000不足，影响企业正常生产经营。"))
    assert "\\u0000" in raw
    response = post_json(station, raw)
    assert_refused(response)
    assert set(response.json()) >= {"detail", "code"}


def test_api_json_with_an_unpaired_surrogate_is_refused(station):
    raw = json.dumps(api_body(), ensure_ascii=False).replace("新厂房", "\\ud800新厂房")
    assert "\\ud800" in raw
    response = post_json(station, raw)
    assert_refused(response)
    assert chinese(response.json()["detail"])


def test_api_json_with_a_paired_surrogate_escape_is_accepted(station):
    raw = json.dumps(api_body(description="燃气走线与规划冲突 \U0001F600 影响投产。"))
    assert "\\ud83d\\ude00" in raw
    response = post_json(station, raw)
    assert response.status_code == 201, response.content
    assert "\U0001F600" in Case.objects.get().description


def test_api_json_declared_in_another_charset_is_refused(station):
    response = post_json(station, json.dumps(api_body(), ensure_ascii=False).encode("gbk"),
                         content_type="application/json; charset=gbk")
    assert_refused(response)


def test_api_json_that_is_not_utf8_is_refused(station):
    response = post_json(station, json.dumps(api_body(), ensure_ascii=False).encode("gbk"))
    assert_refused(response)


def test_api_multipart_with_a_nul_byte_is_refused(station):
    data = api_body(contact_name="刘\x00经理")
    data["consent"] = "true"
    response = APIClient().post(f"/api/v1/intake/{station.intake_token}/", data, format="multipart",
                                REMOTE_ADDR="10.1.0.1")
    assert_refused(response)


def test_a_25_mb_body_is_a_chinese_400(station, settings):
    raw = json.dumps(api_body(description="长" * (25 * 1024 * 1024 // 3)))
    response = post_json(station, raw)
    assert_refused(response)
    assert "MB" in response.json()["detail"]


def test_a_25_mb_form_is_a_chinese_400_page(station):
    body = ("description=" + "a" * (25 * 1024 * 1024)).encode()
    response = Client().generic("POST", f"/i/{station.intake_token}/", body,
                                content_type="application/x-www-form-urlencoded", REMOTE_ADDR="10.0.0.1")
    assert_refused(response)
    assert response["Content-Type"].startswith("text/html")


# --- numbers typed in core's own forms ---------------------------------------------------------

@pytest.mark.parametrize("year", ["٢٠٢٧", "２０２７", "2027³"])
def test_a_year_in_other_digits_is_refused_not_read_as_2027(client_for, year):
    from shuanglian.core.models import CalendarYear

    response = client_for("staff").post("/calendar/confirm/", {"year": year, "confirmed": "1"}, follow=True)
    assert "年份无效" in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()
