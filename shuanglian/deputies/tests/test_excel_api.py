from io import BytesIO

from openpyxl import Workbook, load_workbook

from shuanglian.core.models import AuditEvent
from shuanglian.deputies.models import Deputy, Station


def _upload(rows, headers):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "名册.xlsx"
    return buf


DEPUTY_HEADERS = ["姓名", "层级", "所属区域", "界别", "工作单位及职务", "手机号", "在任"]


def test_template_has_the_columns_and_instructions(client_for):
    resp = client_for("staff").get("/deputies/import/template.xlsx")
    wb = load_workbook(BytesIO(resp.content))
    assert [c.value for c in wb.worksheets[0][1]] == DEPUTY_HEADERS
    assert wb["说明"]["A1"].value == "列"


def test_deputy_import_all_or_nothing_with_every_error_listed(client_for, registry):
    c = client_for("staff")
    before = Deputy.objects.count()
    bad = _upload([
        ["张一", "区", "北碚区", "企业界", "某公司", "13900000001", "是"],
        ["", "省级", "火星区", "", "", "12345", "也许"],
        ["刘波", "市", "璧山区", "", "", "", ""],  # another district: not this user's to register
        ["周代表", "区", "北碚区", "", "", "", ""],  # already registered
    ], DEPUTY_HEADERS)
    page = c.post("/deputies/import/", {"file": bad}).content.decode()
    assert Deputy.objects.count() == before  # not even 张一, whose row was fine
    for message in ["第3行「姓名」：必填", "第3行「层级」：“省级”不在可选值中", "第3行「手机号」：请输入有效的手机号",
                    "第3行「在任」：“也许”应填“是”或“否”", "第4行「所属区域」：找不到区域“璧山区”", "第5行：北碚区已登记区级代表「周代表」"]:
        assert message in page, message
    assert not AuditEvent.objects.filter(event_type="deputy.create").exists()

    good = _upload([
        ["张一", "区", "北碚区", "企业界", "某公司", "13900000001", "是"],
        ["李二", "镇", "500109010", "", "", "", ""],
    ], DEPUTY_HEADERS)
    resp = c.post("/deputies/import/", {"file": good}, follow=True)
    assert "导入成功：共 2 名代表" in resp.content.decode()
    assert Deputy.objects.get(name="李二").region.name == "蔡家岗街道"
    assert AuditEvent.objects.filter(event_type="deputy.import").count() == 1


def test_station_import_resolves_head_and_chain(client_for, registry):
    c = client_for("staff")
    headers = ["类型", "名称", "所属区域", "依托园区/企业", "服务产业链", "点长", "地址", "每月接待日", "启用"]
    bad = _upload([["营商环境监测点", "甲监测点", "北碚区", "", "不存在的链", "无此人", "", "32", ""]], headers)
    page = c.post("/stations/import/", {"file": bad}).content.decode()
    assert "第2行「每月接待日」：应为 1 至 31 之间的日期" in page
    assert not Station.objects.filter(name="甲监测点").exists()
    good = _upload([["营商环境监测点", "甲监测点", "北碚区", "甲公司", "智能网联新能源汽摩产业链", "陈点长", "", 15, "是"]], headers)
    c.post("/stations/import/", {"file": good})
    station = Station.objects.get(name="甲监测点")
    assert station.head == registry["head"] and station.chain == registry["chain"]
    missing = _upload([["营商环境监测点", "乙监测点", "北碚区", "", "不存在的链", "无此人", "", 15, ""]], headers)
    page = c.post("/stations/import/", {"file": missing}).content.decode()
    assert "第2行「服务产业链」：找不到产业链“不存在的链”" in page and "第2行「点长」：找不到代表“无此人”" in page


def test_not_an_excel_file(client_for):
    f = BytesIO(b"not excel")
    f.name = "x.xlsx"
    page = client_for("staff").post("/deputies/import/", {"file": f}).content.decode()
    assert "不是有效的 Excel" in page


def test_station_export_gives_intake_url_to_staff_only(client_for, registry):
    staff = load_workbook(BytesIO(client_for("staff").get("/stations/export.xlsx").content)).active
    leader = load_workbook(BytesIO(client_for("leader").get("/stations/export.xlsx").content)).active
    assert staff["K1"].value == "扫码地址" and leader["K1"].value is None
    assert {r[1] for r in staff.iter_rows(min_row=2, values_only=True)} == {"千里科技人大代表活动点", "蔡家岗活动点", "北碚另一活动点"}


# --- API --------------------------------------------------------------------------------------

def test_api_masks_phones_and_hides_intake_url_from_non_staff(api_for, registry):
    station = registry["qianli"]
    staff = api_for("staff").get(f"/api/v1/stations/{station.pk}/").json()
    leader = api_for("leader").get(f"/api/v1/stations/{station.pk}/").json()
    assert staff["intake_url"].endswith(f"/i/{station.intake_token}/")
    assert leader["intake_url"] is None
    assert {m["phone"] for m in leader["members"] if m["kind"] == "grid_worker"} == {"135****2222"}
    assert api_for("staff").get(f"/api/v1/deputies/{registry['me'].pk}/").json()["phone"] == "13812345678"
    assert api_for("leader").get(f"/api/v1/deputies/{registry['me'].pk}/").json()["phone"] == "138****5678"


def test_api_filters_match_html(api_for, registry, regions):
    api = api_for("staff")
    names = {r["name"] for r in api.get("/api/v1/stations/", {"region": regions["caijia"].pk}).json()["results"]}
    assert names == {"蔡家岗活动点"}
    names = {r["name"] for r in api.get("/api/v1/deputies/", {"level": "town"}).json()["results"]}
    assert names == {"蔡代表"}


def test_api_list_query_count_is_pinned(api_for, registry, regions, django_assert_max_num_queries):
    from shuanglian.deputies.models import StationMember

    for i in range(20):
        s = Station.objects.create(kind="monitoring_point", name=f"监测点{i}", region=regions["beibei"], head=registry["head"])
        StationMember.objects.create(station=s, kind="deputy", deputy=registry["me"])
    api = api_for("staff")
    with django_assert_max_num_queries(6):
        resp = api.get("/api/v1/stations/")
    assert resp.json()["count"] == 23


def test_api_write_errors_are_chinese_and_change_nothing(api_for, registry, regions):
    api = api_for("staff")
    resp = api.post("/api/v1/stations/", {"kind": "activity_point", "name": "X", "region": regions["beibei"].pk,
                                          "reception_day": 0}, format="json")
    assert resp.status_code == 400 and "1 至 31" in resp.json()["detail"]
    assert not Station.objects.filter(name="X").exists()
    old = registry["other"].intake_token
    rotated = api.post(f"/api/v1/stations/{registry['other'].pk}/rotate_token/").json()
    assert old not in rotated["intake_url"]
    member = api.post(f"/api/v1/stations/{registry['other'].pk}/members/", {"kind": "grid_worker", "name": "赵网格"},
                      format="json")
    assert member.status_code == 201
    assert api.delete(f"/api/v1/stations/{registry['other'].pk}/members/{member.json()['id']}/").status_code == 204
    assert api.post(f"/api/v1/deputies/{registry['head'].pk}/deactivate/").json()["is_active"] is False


def test_openapi_documents_registry_fields(client_for):
    schema = client_for("staff").get("/api/v1/schema/", {"format": "json"}).json()
    station = schema["components"]["schemas"]["Station"]["properties"]
    assert "仅人大工作人员可见" in station["intake_url"]["description"]
    assert "接待日" in station["reception_day"]["description"]
    assert "脱敏" in schema["components"]["schemas"]["Deputy"]["properties"]["phone"]["description"]
    for path in ["/api/v1/regions/", "/api/v1/departments/", "/api/v1/deputies/", "/api/v1/stations/",
                 "/api/v1/stations/{id}/rotate_token/"]:
        assert path in schema["paths"], path
