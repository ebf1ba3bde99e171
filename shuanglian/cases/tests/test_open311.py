"""Open311 GeoReport v2: JSON and XML shapes, filters, keyed POST, spec error format, no personal data."""

import datetime
import json
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from shuanglian.cases import services
from shuanglian.cases.intake.keys import key_hash
from shuanglian.cases.models import Case

from .test_intake_helpers import make_station

KEY = "test-integration-key-0123456789"
REQUEST_FIELDS = {
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "address_id", "zipcode", "lat", "long", "media_url",
}


BISHAN_KEY = "bishan-integration-key-0123456789"


@pytest.fixture(autouse=True)
def keys(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SHUANGLIAN_OPEN311_KEYS = {key_hash(KEY): {"name": "渝快政", "region": "500109"},
                                        key_hash(BISHAN_KEY): {"name": "璧山园区平台", "region": "500120"}}


@pytest.fixture
def assigned(make_case, personas, departments):
    case = make_case(title="燃气走线需要调整")
    services.case_accept(case=case, actor=personas["staff"])
    return services.case_assign(case=case, department=departments["jxw"], actor=personas["staff"])


def post(client, fmt="json", **overrides):
    data = {
        "api_key": KEY, "service_code": "energy", "description": "园区停电频繁，影响生产。",
        "first_name": "经理", "last_name": "刘", "phone": "13912345678",
        "attribute[enterprise_name]": "重庆乾凤锻造有限公司", "attribute[consent]": "true",
    }
    data.update(overrides)
    return client.post(f"/open311/v2/requests.{fmt}", {k: v for k, v in data.items() if v is not None})


def test_services_json_and_xml(client, db):
    data = client.get("/open311/v2/services.json").json()
    codes = [s["service_code"] for s in data]
    assert "energy" in codes and "land" in codes
    energy = next(s for s in data if s["service_code"] == "energy")
    assert energy["service_name"] == "水电气保障" and energy["type"] == "realtime" and energy["metadata"] is True
    response = client.get("/open311/v2/services.xml")
    assert response["Content-Type"].startswith("text/xml")
    root = ET.fromstring(response.content)
    assert root.tag == "services"
    assert "energy" in [s.findtext("service_code") for s in root.findall("service")]
    definition = client.get("/open311/v2/services/energy.json").json()
    assert {a["code"] for a in definition["attributes"]} >= {"enterprise_name", "consent"}
    assert client.get("/open311/v2/services/nope.json").status_code == 404
    assert client.get("/open311/v2/services.csv").status_code == 404


def test_requests_get_shapes_without_personal_data(client, assigned):
    data = client.get("/open311/v2/requests.json", {"api_key": KEY}).json()
    assert len(data) == 1
    item = data[0]
    assert set(item) == REQUEST_FIELDS
    assert item["service_request_id"] == str(assigned.pk)
    assert item["status"] == "open" and item["status_notes"] == "已交办承办部门，等待签收"
    assert item["agency_responsible"] == "区经济信息委"
    assert item["service_code"] == "energy"
    assert item["expected_datetime"].startswith(assigned.due_date.isoformat()) and item["expected_datetime"].endswith("+08:00")
    assert item["requested_datetime"].endswith("+08:00")
    text = json.dumps(data, ensure_ascii=False)
    for secret in ["13912345678", "刘经理", "重庆乾凤锻造", assigned.tracking_code]:
        assert secret not in text
    root = ET.fromstring(client.get("/open311/v2/requests.xml", {"api_key": KEY}).content)
    assert root.tag == "service_requests"
    request_el = root.find("request")
    assert {child.tag for child in request_el} == REQUEST_FIELDS
    assert request_el.findtext("agency_responsible") == "区经济信息委"
    one = client.get(f"/open311/v2/requests/{assigned.pk}.json", {"api_key": KEY}).json()
    assert isinstance(one, list) and one[0]["service_request_id"] == str(assigned.pk)
    one_xml = ET.fromstring(client.get(f"/open311/v2/requests/{assigned.pk}.xml", {"api_key": KEY}).content)
    assert one_xml.find("request").findtext("status") == "open"


def test_confidential_description_hidden(client, make_case):
    make_case(title="新工艺参数泄露风险", confidential=True)
    item = client.get("/open311/v2/requests.json", {"api_key": KEY}).json()[0]
    assert item["description"] == "（涉及商业秘密，不公开）"


def test_requests_filters(client, make_case, personas, assigned):
    closed = make_case(title="不予受理的诉求")
    services.case_reject(case=closed, actor=personas["staff"], note="不属于受理范围")
    get = lambda **p: [r["service_request_id"] for r in client.get("/open311/v2/requests.json", {"api_key": KEY, **p}).json()]  # noqa: E731
    assert get(status="open") == [str(assigned.pk)]
    assert get(status="closed") == [str(closed.pk)]
    assert sorted(get()) == sorted([str(assigned.pk), str(closed.pk)])
    assert get(service_request_id=f"{closed.pk},999999") == [str(closed.pk)]
    assert get(service_code="land") == []
    assert get(start_date="2999-01-01T00:00:00+08:00") == []
    tomorrow = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    assert len(get(end_date=tomorrow)) == 2
    assert get(end_date="2999-01-01T00:00:00Z") == []  # the default window is the 90 days before end_date
    bad = client.get("/open311/v2/requests.json", {"api_key": KEY, "start_date": "yesterday"})
    assert bad.status_code == 400
    assert bad.json()[0]["code"] == 400 and "ISO 8601" in bad.json()[0]["description"]
    assert client.get("/open311/v2/requests.json", {"api_key": KEY, "status": "pending"}).status_code == 400


def test_post_creates_case_with_key(client, regions):
    response = post(client)
    assert response.status_code == 201
    body = response.json()[0]
    case = Case.objects.get(pk=int(body["service_request_id"]))
    assert case.source == "open311" and case.region == regions["beibei"]
    assert case.contact_name == "刘经理" and case.contact_phone == "13912345678" and case.consent_at
    assert body["tracking_code"] == case.tracking_code and case.tracking_code in body["service_notice"]
    # the same content again is the same request
    assert post(client).json()[0]["service_request_id"] == body["service_request_id"]
    xml = ET.fromstring(post(client, fmt="xml", description="另一件事：道路拥堵。").content)
    assert xml.find("request").findtext("service_request_id")
    assert Case.objects.count() == 2


def test_post_with_station_key(client, settings, regions, personas):
    station = make_station(regions, personas)
    settings.SHUANGLIAN_OPEN311_KEYS = {key_hash(KEY): {"name": "园区平台", "station": station.pk}}
    post(client)
    case = Case.objects.get()
    assert case.station == station and case.following_deputies.count() == 2


@pytest.mark.parametrize("overrides,status,message", [
    ({"api_key": None}, 403, "缺少 api_key"),
    ({"api_key": "wrong"}, 403, "api_key 无效"),
    ({"service_code": "nope"}, 400, "诉求类别"),
    ({"phone": "123"}, 400, "有效的手机号"),
    ({"attribute[consent]": None}, 400, "个人信息保护告知"),
    ({"attribute[enterprise_name]": None, "description": ""}, 400, "请填写企业名称"),
])
def test_post_errors_in_spec_format_and_nothing_written(client, regions, overrides, status, message):
    response = post(client, **overrides)
    assert response.status_code == status
    errors = response.json()
    assert isinstance(errors, list) and all(set(e) == {"code", "description"} for e in errors)
    assert errors[0]["code"] == status
    assert any(message in e["description"] for e in errors)
    assert Case.objects.count() == 0
    xml = ET.fromstring(post(client, fmt="xml", **overrides).content)
    assert xml.tag == "errors" and xml.find("error").findtext("code") == str(status)


def test_unknown_request_404(client, regions):
    response = client.get("/open311/v2/requests/424242.json", {"api_key": KEY})
    assert response.status_code == 404 and response.json()[0]["code"] == 404


def test_list_query_count_is_flat(client, make_case, django_assert_max_num_queries):
    for i in range(15):
        make_case(title=f"诉求{i}")
    # the key (record, then the configured hashes' region), the address's and the key's limit, the list
    with django_assert_max_num_queries(5):
        assert len(client.get("/open311/v2/requests.json", {"api_key": KEY}).json()) == 15


def test_reading_requests_needs_a_key_and_shows_only_the_keys_region(client, assigned):
    """No walking every case title by sequential id without a key (docs/open311.md)."""
    for url in ("/open311/v2/requests.json", "/open311/v2/requests.xml", f"/open311/v2/requests/{assigned.pk}.json"):
        response = client.get(url)
        assert response.status_code == 403 and "燃气走线" not in response.content.decode()
    assert "api_key" in client.get("/open311/v2/requests.json").json()[0]["description"]
    assert client.get("/open311/v2/requests.json", {"api_key": "wrong"}).status_code == 403
    # a key of another district reads none of this district's cases
    assert client.get("/open311/v2/requests.json", {"api_key": BISHAN_KEY}).json() == []
    assert client.get(f"/open311/v2/requests/{assigned.pk}.json", {"api_key": BISHAN_KEY}).status_code == 404
    assert client.get("/open311/v2/services.json").status_code == 200  # the catalogue stays open
