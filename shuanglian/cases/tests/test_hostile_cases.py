"""Hostile input at the closed loop's own doors (issue 13 items 1 and 3): digits from other
scripts and impossible dates get a Chinese 4xx and write nothing; stored control characters
still make well-formed Open311 XML."""

import xml.etree.ElementTree as ET

import pytest

from shuanglian.cases.intake.keys import key_hash
from shuanglian.cases.models import Case

from .test_intake_helpers import form_values, make_station

KEY = "hostile-integration-key-0123456789"


@pytest.fixture(autouse=True)
def keys(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SHUANGLIAN_OPEN311_KEYS = {key_hash(KEY): {"name": "渝快政", "region": "500109"}}


@pytest.mark.parametrize("code", ["³", "①", "٣"])
def test_a_category_in_other_digits_is_refused_on_the_form_and_the_api(code, client, regions, personas, category):
    station = make_station(regions, personas)
    page = client.post(f"/i/{station.intake_token}/", form_values(category=code))
    assert page.status_code == 400 and "诉求类别" in page.content.decode()
    api = client.post(f"/api/v1/intake/{station.intake_token}/", {**form_values(category=code)},
                      content_type="application/json")
    assert api.status_code == 400 and "诉求类别" in api.json()["detail"]
    open311 = client.post("/open311/v2/requests.json", {
        "api_key": KEY, "service_code": code, "description": "园区停电频繁，影响生产。", "first_name": "经理",
        "last_name": "刘", "phone": "13912345678", "attribute[enterprise_name]": "重庆乾凤锻造有限公司",
        "attribute[consent]": "true"})
    assert 400 <= open311.status_code < 500
    assert not Case.objects.exists()


def test_open311_reading_with_bad_ids_and_dates(client, make_case):
    make_case(title="园区供电", description="用电\x07不足\x1b\ufffe")  # NUL itself never reaches a row: the middleware refuses it
    bad_date = client.get("/open311/v2/requests.json", {"api_key": KEY, "start_date": "2025-13-45T00:00:00"})
    assert bad_date.status_code == 400 and "不是存在的时间" in bad_date.json()[0]["description"]
    assert client.get("/open311/v2/requests.json", {"api_key": KEY, "service_request_id": "³,①"}).json() == []
    xml = client.get("/open311/v2/requests.xml", {"api_key": KEY})
    assert xml.status_code == 200
    ET.fromstring(xml.content)  # well-formed although the stored text holds forbidden characters


def test_rates_and_merge_refuse_other_digits(api_for, make_case, personas):
    r = api_for("staff").get("/api/v1/rates/", {"region": "³"})
    assert r.status_code == 400 and "编号" in r.json()["detail"]
    case = make_case()
    r = api_for("staff").post(f"/api/v1/cases/{case.pk}/actions/merge/", {"into": "٣"}, format="json")
    assert r.status_code == 400 and "诉求编号格式不对" in r.json()["detail"]
    assert api_for("staff").get("/api/v1/cases/³/").status_code == 404
