"""The cases API: list with filters, detail with allowed actions, every action by name, the
timeline, and the error shape (409 illegal move / stale version, 404 unknown action, 400 input)."""

import pytest

from shuanglian.cases.models import Case, CaseStatus

pytestmark = pytest.mark.django_db


def act(client, case, name, **data):
    return client.post(f"/api/v1/cases/{case.pk}/actions/{name}/", data, format="json")


def test_the_loop_through_the_api(make_case, api_for, departments, day):
    case = make_case()
    staff, handler = api_for("staff"), api_for("handler")
    detail = staff.get(f"/api/v1/cases/{case.pk}/").json()
    assert detail["status"] == "submitted" and detail["allowed_actions"] == ["accept", "reject", "resolve_on_spot", "merge"]
    assert detail["tracking_code"] == case.tracking_code and detail["light"] == ""
    assert act(staff, case, "accept", version=1).status_code == 200
    r = act(staff, case, "assign", department=departments["jxw"].pk, co_departments=[departments["fgw"].pk],
            due_workdays=10, note="请按期办理")
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["status"] == "assigned" and body["lead_department_name"] == "区经济信息委"
    assert body["light"] == "green" and body["due_date"]  # a fresh assignment is green (issue 12)
    assert [c["name"] for c in body["co_departments"]] == ["区发改委"]
    assert act(handler, case, "sign").json()["clock_limit"] == 10
    r = act(handler, case, "reply", result="solved", content="已协调燃气公司完成改线。")
    assert r.status_code == 400 and r.json()["code"] == "co_report_outstanding"  # 区发改委 has not reported
    assert act(api_for("outsider"), case, "co_report", report="规划调整已会签。").status_code == 200
    r = act(handler, case, "reply", result="solved", content="已协调燃气公司完成改线。")
    assert r.json()["status"] == "replied"
    r = act(staff, case, "revisit", rating="satisfied", note="电话回访，企业满意")
    assert r.json()["rated_by_phone"] is True and r.json()["rating_comment"] == "电话回访，企业满意"
    assert act(staff, case, "close").json()["status"] == "closed"
    timeline = staff.get(f"/api/v1/cases/{case.pk}/timeline/").json()
    assert [e["label"] for e in timeline] == ["受理", "交办", "签收", "协办反馈", "办结答复", "回访评价", "销号"]
    assert timeline[1]["note"] == "请按期办理" and timeline[1]["changes"]["status"] == ["accepted", "assigned"]


def test_illegal_move_is_409_in_chinese(make_case, api_for):
    case = make_case()
    r = act(api_for("staff"), case, "close")
    assert r.status_code == 409
    assert r.json()["code"] == "transition_not_allowed" and "不能执行“销号”" in r.json()["detail"]


def test_stale_version_is_409(make_case, api_for):
    case = make_case()
    staff = api_for("staff")
    assert act(staff, case, "accept", version=1).status_code == 200
    r = act(api_for("admin"), case, "reject", version=1, note="重复")
    assert r.status_code == 409 and r.json()["code"] == "concurrent_update" and "已被他人更新" in r.json()["detail"]
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ACCEPTED


def test_unknown_action_is_404(make_case, api_for):
    r = act(api_for("staff"), make_case(), "explode")
    assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_bad_input_is_400_and_changes_nothing(make_case, api_for, walk):
    case = walk(make_case(), "accepted")
    staff = api_for("staff")
    r = act(staff, case, "assign", department=999999)
    assert r.status_code == 400 and "承办部门不存在" in r.json()["detail"]
    r = act(staff, case, "assign", due_workdays=0)
    assert r.status_code == 400
    r = act(staff, case, "reject")
    assert r.status_code == 400 and "理由" in r.json()["detail"]
    case.refresh_from_db()
    assert case.status == "accepted" and case.version == 2


def test_status_is_never_patchable(make_case, api_for):
    case = make_case()
    for method in ("patch", "put"):
        r = getattr(api_for("staff"), method)(f"/api/v1/cases/{case.pk}/", {"status": "closed"}, format="json")
        assert r.status_code == 405
    assert Case.objects.get(pk=case.pk).status == "submitted"


def test_list_filters(make_case, api_for, departments, walk, regions):
    gas = make_case(title="燃气走线需要调整")
    road = make_case(title="园区道路拥堵", description="上下班高峰拥堵", region=regions["caijia"])
    walk(gas, "in_progress")
    staff = api_for("staff")

    def ids(query):
        r = staff.get(f"/api/v1/cases/?{query}")
        assert r.status_code == 200, r.json()
        return {row["id"] for row in r.json()["results"]}

    assert ids("q=燃气") == {gas.pk}
    assert ids("q=拥堵") == {road.pk}
    assert ids("status=in_progress") == {gas.pk}
    assert ids("light=green") == {gas.pk}
    assert ids("light=none") == {road.pk}
    assert ids(f"department={departments['jxw'].pk}") == {gas.pk}
    assert ids(f"region={regions['caijia'].pk}") == {road.pk}
    assert ids(f"region={regions['beibei'].pk}") == {gas.pk, road.pk}
    row = staff.get("/api/v1/cases/?q=燃气").json()["results"][0]
    assert row["light"] == "green" and row["lead_department_name"] == "区经济信息委"


def test_create_through_api_records_source_and_deputy(api_for, personas, regions):
    r = api_for("staff").post("/api/v1/cases/", {
        "title": "招工难", "description": "技能工人招不到", "category": "labour", "enterprise_name": "重庆某机械厂",
        "contact_name": "张三", "contact_phone": "13800001111", "source": "visit", "region": regions["beibei"].pk,
        "collected_by": personas["deputy_record"].pk,
    }, format="json")
    assert r.status_code == 201, r.json()
    case = Case.objects.get(pk=r.json()["id"])
    assert case.source == "visit" and case.collected_by == personas["deputy_record"]
    assert case.created_by == personas["staff"] and r.json()["status"] == "submitted"


def test_create_bad_phone_is_400(api_for, regions):
    r = api_for("staff").post("/api/v1/cases/", {
        "description": "技能工人招不到", "category": "labour", "enterprise_name": "重庆某机械厂",
        "contact_name": "张三", "contact_phone": "12345", "source": "visit", "region": regions["beibei"].pk,
    }, format="json")
    assert r.status_code == 400 and "手机号" in r.json()["detail"]
    assert not Case.objects.exists()


def test_openapi_documents_the_case_fields(api_for):
    r = api_for("staff").get("/api/v1/schema/?format=json")
    assert r.status_code == 200
    schema = r.json()
    detail = schema["components"]["schemas"]["CaseDetail"]["properties"]
    for field in ("status", "light", "due_date", "tracking_code", "lead_department", "allowed_actions"):
        assert detail[field].get("description"), field
    assert "/api/v1/cases/{id}/actions/{name}/" in schema["paths"]
    assert "/api/v1/cases/{id}/timeline/" in schema["paths"]


def test_the_page_and_the_api_refuse_bad_input_in_the_same_words(make_case, api_for, client_for, departments, walk):
    """One typed input per action: the case page's form and the API say the same thing."""
    from django.urls import reverse

    case = walk(make_case(), "accepted")
    jxw = departments["jxw"].pk
    for action, fields, message in [
        ("assign", {"department": jxw, "due_workdays": "30"}, "办理时限不能超过25个工作日。"),
        ("assign", {"department": jxw, "due_workdays": "三十"}, "办理时限须为整数。"),
        ("assign", {"department": "999999"}, "承办部门不存在。"),
        ("merge", {"into": "第3号"}, "诉求编号格式不对，如 SQ2025-000123。"),
        ("reject", {}, "请填写不予受理的理由。"),
    ]:
        form = {f"{action}-{k}": v for k, v in fields.items()} | {f"{action}-version": case.version}
        page = client_for("staff").post(reverse("cases:act", args=[case.pk, action]), form)
        assert page.status_code == 400 and message in page.content.decode(), (action, fields)
        api = act(api_for("staff"), case, action, version=case.version, **fields)
        assert api.status_code == 400 and api.json()["detail"] == message, api.json()
    case.refresh_from_db()
    assert case.status == "accepted" and case.version == 2


def test_create_without_region_takes_the_callers_region_or_says_why_not(api_for, regions):
    """Issue 12.19: region is not a required field: the station's, else the caller's own region."""
    body = {"description": "技能工人招不到", "category": "labour", "enterprise_name": "重庆某机械厂",
            "contact_name": "张三", "contact_phone": "13800001111", "source": "visit"}
    made = api_for("town_staff").post("/api/v1/cases/", body, format="json")
    assert made.status_code == 201, made.json()
    assert Case.objects.get(pk=made.json()["id"]).region == regions["caijia"]
    refused = api_for("admin").post("/api/v1/cases/", body, format="json")
    assert refused.status_code == 400 and "所属区域" in refused.json()["detail"]
    assert Case.objects.count() == 1
