"""POST /api/v1/cases/suggest/: cold start, permission scope of `similar`, duplicates, bad input."""

import pytest

URL = "/api/v1/cases/suggest/"
pytestmark = pytest.mark.django_db


def suggest(api, **body):
    return api.post(URL, body, format="json")


@pytest.mark.parametrize(("title", "description", "category", "department"), [
    ("厂区电力增容", "新增冲压设备后用电负荷不足，变压器容量不够，申请专线增容。", "energy", "区供电公司"),
    ("一线技工招聘难", "旺季缺少焊工和数控操作工约60人，希望协调举办招聘会。", "labour", "区人力社保局"),
    ("扩产用地指标落实", "订单增长计划新建生产线，需要落实约30亩扩产用地指标，涉及控规调整。", "land", "区规划自然资源局"),
    ("流动资金贷款续贷", "原材料涨价资金周转紧张，银行贷款即将到期，希望对接续贷和担保。", "finance", "区金融发展中心"),
])
def test_cold_start_on_empty_history_suggests_the_obvious(api_for, units, title, description, category, department):
    r = suggest(api_for("staff"), title=title, description=description)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["categories"][0]["code"] == category
    assert len(body["categories"]) == 3 and len(body["departments"]) == 3
    assert department in [d["name"] for d in body["departments"]]
    assert body["departments"][0]["name"] == department
    assert body["model"] == {"kind": "cold_start", "trained_at": None, "cases": 0, "version": 0, "region": "北碚区"}
    assert body["categories"][0]["reason"].startswith("依据：")  # the words that weighed most
    assert 0 < body["categories"][0]["score"] <= 1


TEXT = {"title": "厂区电力增容", "description": "新增冲压设备后用电负荷不足，申请专线增容，影响投产。"}


def assign(case, department, staff):
    from shuanglian.cases import services

    services.case_accept(case=case, actor=staff)
    return services.case_assign(case=case, department=department, actor=staff)


def test_similar_shows_only_cases_the_caller_may_read(api_for, units, submit, departments, personas):
    mine = submit(TEXT["title"], TEXT["description"] + "（一号厂房）", enterprise="甲公司")
    assign(mine, departments["jxw"], personas["staff"])  # the handler's department
    other = submit(TEXT["title"], TEXT["description"] + "（二号厂房）", enterprise="乙公司")
    assign(other, departments["fgw"], personas["staff"])  # the outsider's
    bishan = submit(TEXT["title"], TEXT["description"], enterprise="丙公司", region="bishan")

    seen = {s["id"] for s in suggest(api_for("staff"), **TEXT).json()["similar"]}
    assert seen == {mine.pk, other.pk}  # 北碚's staff: both 北碚 cases, never 璧山's
    handler = suggest(api_for("handler"), **TEXT).json()["similar"]
    assert [s["id"] for s in handler] == [mine.pk]  # 发改委's case does not leak to 经信委
    assert handler[0]["tracking_code"] is None  # the code opens the case: staff only
    assert {s["id"] for s in suggest(api_for("bishan_staff"), **TEXT).json()["similar"]} == {bishan.pk}
    assert suggest(api_for("deputy"), **TEXT).json()["similar"] == []  # collected by nobody: none of theirs


def test_same_firm_reworded_is_a_duplicate_another_firm_is_not(api_for, units, submit):
    first = submit("冲压车间用电增容", "我司新增冲压设备后用电负荷不足，申请专线增容，影响投产。",
                   enterprise="重庆乾凤锻造有限公司")
    other = submit("冲压车间用电增容", "我司新增冲压设备后用电负荷不足，申请专线增容，影响投产。",
                   enterprise="重庆宗申机车有限公司", phone="13800000001")
    r = suggest(api_for("staff"), title="再次反映冲压车间用电增容",
                description="新增冲压设备后用电负荷不足，专线增容申请还没有结果，影响投产。",
                enterprise_name="重庆乾凤锻造有限公司")
    similar = {s["id"]: s for s in r.json()["similar"]}
    assert similar[first.pk]["duplicate"] is True
    assert similar[other.pk]["duplicate"] is False  # same problem, another firm: a common demand
    assert similar[first.pk]["tracking_code"] == first.tracking_code
    # without the enterprise nothing can be a duplicate
    r = suggest(api_for("staff"), title="冲压车间用电增容", description=first.description)
    assert not any(s["duplicate"] for s in r.json()["similar"])


@pytest.mark.parametrize(("body", "message"), [
    ({"title": "", "description": "  "}, "请填写诉求标题或内容"),
    ({"title": "用电", "description": "电" * 100_000}, "诉求内容过长"),
    ({"title": "用电", "description": 12345}, "应为文字"),
    ({"title": "用电增容", "description": "ok", "region": 999999}, "不在您的工作范围内"),
])
def test_bad_input_is_a_chinese_400(api_for, units, body, message):
    r = suggest(api_for("staff"), **body)
    assert r.status_code == 400
    assert message in r.json()["detail"]


def test_binary_body_is_a_chinese_400(api_for, units):
    r = api_for("staff").post(URL, b"\x00\x01\xff\xfe binary", content_type="application/octet-stream")
    assert r.status_code in (400, 415)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in r.json()["detail"])
    r = suggest(api_for("staff"), title="用电", description="增容\x00\x01")
    assert r.status_code == 400 and "无法识别" in r.json()["detail"]  # refused at the door (middleware)


def test_anonymous_is_refused(client, units):
    assert client.post(URL, {"title": "用电增容"}, content_type="application/json").status_code in (401, 403)
