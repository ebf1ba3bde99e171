"""A suggestion followed to the end through the API with the names integrators use: created by the
deputy, submitted, assigned with a co-unit, the co-unit's opinion, a B answer with a commitment, an
unsatisfied rating and 重办, an A answer, a satisfied rating; the commitment delivered and rated
the next year. One audit event per move; bad input refused in Chinese, changing nothing."""

import pytest

from shuanglian.core.models import AuditEvent
from shuanglian.suggestions.models import Commitment, Suggestion

from .conftest import D

pytestmark = pytest.mark.django_db
URL = "/api/v1/suggestions/"


def _act(client, sid, name, **data):
    return client.post(f"{URL}{sid}/actions/{name}/", data, format="json")


def test_the_whole_path_through_the_api(api_for, people, departments, today):
    deputy, staff = api_for("deputy"), api_for("staff")
    handler, outsider = api_for("handler"), api_for("outsider")
    today.set(D(2026, 3, 2))
    r = deputy.post(URL, {"title": "《关于加快“充储泊配”设施建设的建议》", "reasons": "园区充电设施不足。",
                          "proposals": "统筹规划充储泊配设施。", "kind": "suggestion",
                          "co_signers": [people["cosigner_record"].pk]}, format="json")
    assert r.status_code == 201, r.json()
    body = r.json()
    sid = body["id"]
    assert (body["status"], body["title"], body["lead_deputy"]) == ("draft", "关于加快“充储泊配”设施建设的建议",
                                                                   people["deputy_record"].pk)
    assert body["allowed_actions"] == ["submit", "withdraw"] and body["co_signer_names"] == ["吴代表"]

    r = _act(deputy, sid, "submit")
    assert r.json()["status"] == "submitted" and r.json()["answer_due"] is None
    assert staff.get(f"{URL}{sid}/").json()["allowed_actions"] == ["refuse", "split", "assign"]

    r = _act(staff, sid, "assign", lead_unit=departments["jxw"].pk, co_units=[departments["fgw"].pk],
             complex=False)
    body = r.json()
    # 2026-03-02 + 3 months = 06-02 (Tue).
    assert (body["status"], body["answer_due"], body["light"], body["lead_unit_name"]) == (
        "assigned", "2026-06-02", "green", "区经济信息委")
    assert handler.get(f"{URL}{sid}/").json()["allowed_actions"] == ["return", "answer"]
    assert outsider.get(f"{URL}{sid}/").json()["allowed_actions"] == ["co_opinion"]

    today.set(D(2026, 3, 20))
    r = _act(outsider, sid, "co_opinion", content="发改委支持纳入年度项目。")
    assert r.status_code == 200 and outsider.get(f"{URL}{sid}/").json()["allowed_actions"] == []

    today.set(D(2026, 5, 20))  # past 80 % of the period: yellow
    assert handler.get(f"{URL}{sid}/").json()["light"] == "yellow"
    r = _act(handler, sid, "answer", category="B", content="正在推进，年内建成首批站点。",
             commitments=[{"content": "年底前建成10座充储泊配一体站", "due": "2026-12-31"}])
    body = r.json()
    assert body["status"] == "answered" and body["answer_category_display"].startswith("B类")
    assert [c["content"] for c in body["commitments"]] == ["年底前建成10座充储泊配一体站"]
    assert body["rating_due"] == "2026-06-17"  # 20 working days after 05-20

    r = _act(deputy, sid, "rate", rating="unsatisfied")
    body = r.json()
    assert (body["status"], body["answer_due"]) == ("rehandling", "2026-07-20")  # 05-20 + 2 months

    today.set(D(2026, 7, 10))
    r = _act(handler, sid, "answer", category="A", content="已建成首批站点。")
    assert r.json()["rounds"] == 2
    r = _act(deputy, sid, "rate", rating="satisfied")
    assert (r.json()["status"], r.json()["closed_on"], r.json()["light"]) == ("closed", "2026-07-10", "")

    # The commitment is followed into the next year.
    c = Commitment.objects.get(suggestion_id=sid)
    today.set(D(2027, 1, 5))
    assert api_for("deputy").get(f"/api/v1/suggestion-commitments/{c.pk}/").json()["light"] == "red"
    r = handler.post(f"/api/v1/suggestion-commitments/{c.pk}/actions/deliver/",
                     {"note": "10座一体站已投用。"}, format="json")
    assert r.json()["status"] == "delivered" and r.json()["light"] == ""
    r = deputy.post(f"/api/v1/suggestion-commitments/{c.pk}/actions/rate/", {"rating": "satisfied"}, format="json")
    assert (r.json()["status"], r.json()["rating_display"]) == ("rated", "满意")

    events = list(AuditEvent.objects.filter(target_type="suggestions.suggestion", target_id=str(sid))
                  .order_by("id").values_list("event_type", flat=True))
    assert events == ["suggestion.create", "suggestion.submit", "suggestion.assign", "suggestion.co_opinion",
                      "suggestion.answer", "suggestion.rate", "suggestion.answer", "suggestion.rate"]
    assert AuditEvent.objects.filter(event_type__startswith="commitment.").count() == 2


def test_two_staff_at_once_one_wins_the_other_gets_409_and_nothing_changes(api_for, make_suggestion, walk,
                                                                            people, departments):
    s = walk(make_suggestion(), "submitted")
    first = _act(api_for("staff"), s.pk, "assign", lead_unit=departments["jxw"].pk, version=s.version)
    second = _act(api_for("staff2"), s.pk, "refuse", reason="personal", version=s.version)
    assert first.status_code == 200
    assert second.status_code == 409 and "已被他人更新" in second.json()["detail"]
    s.refresh_from_db()
    assert (s.status, s.refuse_reason, s.version) == ("assigned", "", first.json()["version"])


@pytest.mark.parametrize("payload, message", [
    ({"lead_unit": "٣"}, "阿拉伯数字"),
    ({"lead_unit": 999999}, "不存在"),
    ({}, "请选择主办单位"),
    ({"lead_unit": "JXW"}, "阿拉伯数字"),
    ({"lead_unit": "jxw", "complex": "也许"}, "复杂建议"),
    ({"lead_unit": "bishan_jxw"}, "本区域"),
    ({"lead_unit": "jxw", "co_units": ["jxw"]}, "不必再列为协办单位"),
    ({"lead_unit": "jxw", "on": "2026-13-01"}, "YYYY-MM-DD"),
    ({"lead_unit": "jxw", "on": "2099-01-01"}, "不能晚于今天"),
])
def test_bad_assignment_is_refused_in_chinese_and_changes_nothing(api_for, make_suggestion, walk, departments,
                                                                  payload, message):
    s = walk(make_suggestion(), "submitted")
    before = AuditEvent.objects.count()
    for key in ("lead_unit", "co_units"):
        value = payload.get(key)
        if isinstance(value, str) and value in departments:
            payload[key] = departments[value].pk
        elif isinstance(value, list):
            payload[key] = [departments[v].pk for v in value]
    r = _act(api_for("staff"), s.pk, "assign", **payload)
    assert r.status_code == 400 and message in r.json()["detail"], r.json()
    s.refresh_from_db()
    assert (s.status, s.lead_unit_id, s.version) == ("submitted", None, 2)
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("data, message", [
    ({"category": "B", "content": "正在办理"}, "承诺事项"),
    ({"category": "A", "content": "已解决", "commitments": [{"content": "x", "due": "2027-01-01"}]}, "B 类、C 类"),
    ({"category": "E", "content": "已解决"}, "答复类别"),
    ({"category": "C", "content": "列入计划", "commitments": [{"content": "明年实施", "due": "2026-01-01"}]},
     "应晚于答复日期"),
    ({"category": "C", "content": "列入计划", "commitments": [{"content": "明年实施"}]}, "YYYY-MM-DD"),
    ({"category": "A", "content": "  "}, "答复内容"),
])
def test_bad_answers_change_nothing(api_for, make_suggestion, walk, data, message):
    s = walk(make_suggestion(), "assigned")
    r = _act(api_for("handler"), s.pk, "answer", **data)
    assert r.status_code == 400 and message in r.json()["detail"], r.json()
    s.refresh_from_db()
    assert s.status == "assigned" and not Commitment.objects.exists()


@pytest.mark.parametrize("title", ["加快充电设施建设", "《关于加快充电设施建设的意见》", "关于的建议", ""])
def test_a_deputy_suggestion_needs_a_proper_title(api_for, title):
    r = api_for("deputy").post(URL, {"title": title, "reasons": "x", "proposals": "y", "kind": "suggestion"},
                               format="json")
    assert r.status_code == 400 and ("标题" in r.json()["detail"])
    assert not Suggestion.objects.exists()


def test_an_entrepreneur_day_opinion_may_end_in_yijian(api_for):
    r = api_for("deputy").post(URL, {"title": "关于优化惠企平台的意见", "reasons": "x", "proposals": "y",
                                     "kind": "entrepreneur_day"}, format="json")
    assert r.status_code == 201 and r.json()["kind_display"] == "企业家接待日意见"


def test_unknown_action_is_404_and_a_wrong_move_is_409(api_for, make_suggestion):
    s = make_suggestion()
    assert _act(api_for("staff"), s.pk, "explode").status_code == 404
    r = _act(api_for("deputy"), s.pk, "rate", rating="satisfied")
    assert r.status_code == 409 and "不能执行“评价”" in r.json()["detail"]
