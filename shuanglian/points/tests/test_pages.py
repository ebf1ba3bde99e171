"""The pages as people use them: Chinese labels, points without decimal noise, who sees what."""

import datetime as dt

import pytest
from django.test import Client

from shuanglian.deputies.models import Deputy
from shuanglian.points.models import PointEntry, PointObjection, PointPublication, PointRule

pytestmark = pytest.mark.django_db
D = dt.date(2026, 10, 15)


@pytest.fixture
def scored(pts, award, on_day):
    on_day(dt.date(2026, 12, 31))
    award(pts["me"], "inspection_attended", "a:1", D)
    award(pts["wu"], "inspection_attended", "a:1", D)
    award(pts["cai"], "activity_absent", "a:1", D)
    return pts


def test_staff_ranking_page_publish_and_deputy_view(scored, client_for, regions):
    staff = client_for("staff")
    page = staff.get("/points/?period=2026Q4").content.decode()
    assert "共 3 名代表" in page and "未亮分" in page and "亮分：北碚区2026年第四季度" in page
    assert "−1" in page and "3.0" not in page
    assert client_for("deputy").get(f"/points/ranking/?region={regions['beibei'].pk}&period=2026Q4").status_code == 404
    r = staff.post("/points/publish/", {"region": regions["beibei"].pk, "period": "2026Q4"}, follow=True)
    assert "已亮分" in r.content.decode()
    assert PointPublication.objects.count() == 1
    again = staff.post("/points/publish/", {"region": regions["beibei"].pk, "period": "2026Q4"}, follow=True)
    assert "已于" in again.content.decode() and PointPublication.objects.count() == 1
    bad = staff.post("/points/publish/", {"region": regions["beibei"].pk, "period": "2026Q٤"}, follow=True)
    assert "应为季度" in bad.content.decode()
    mine = client_for("deputy").get(f"/points/ranking/?region={regions['beibei'].pk}&period=2026Q4")
    assert mine.status_code == 200 and "周代表" in mine.content.decode()
    assert client_for("leader").post("/points/publish/", {"region": regions["beibei"].pk,
                                                           "period": "2026Q3"}).status_code == 403
    assert client_for("bishan_staff").get(f"/points/ranking/?region={regions['beibei'].pk}").status_code == 404
    assert client_for("handler").get("/points/").status_code == 404


def test_ranking_page_query_count_is_pinned(scored, client_for, regions, django_assert_max_num_queries):
    staff = client_for("staff")
    for i in range(40):
        Deputy.objects.create(name=f"代表{i:02d}", level="town", region=regions["tongjia"])
    with django_assert_max_num_queries(22):
        r = staff.get(f"/points/ranking/?region={regions['beibei'].pk}&period=2026Q4")
    assert r.status_code == 200 and "共 43 名代表" in r.content.decode()


def test_deputy_sees_own_entries_and_objects(scored, client_for):
    deputy = client_for("deputy")
    assert deputy.get("/points/").status_code == 302
    page = deputy.get("/points/me/?period=2026").content.decode()
    assert "参加视察" in page and "合计 <strong>3</strong> 分" in page and "吴代表" not in page
    entry = PointEntry.objects.get(deputy=scored["me"])
    other = PointEntry.objects.get(deputy=scored["wu"])
    r = deputy.post("/points/me/object/", {"kind": "wrong", "entry": other.pk, "reason": "不是我的"}, follow=True)
    assert "请选择您本人的一条积分明细" in r.content.decode() and not PointObjection.objects.exists()
    r = deputy.post("/points/me/object/", {"kind": "duplicate", "entry": entry.pk, "reason": "重复"}, follow=True)
    assert "异议已提交" in r.content.decode()
    assert deputy.get(f"/points/deputies/{scored['wu'].pk}/").status_code == 404
    assert deputy.get("/points/objections/").status_code == 403


def test_staff_objection_queue_and_manual_entry(scored, client_for, personas):
    from shuanglian.points import objections

    entry = PointEntry.objects.get(deputy=scored["me"])
    obj = objections.objection_submit(actor=personas["deputy"], kind="duplicate", entry=entry, reason="重复")
    staff = client_for("staff")
    queue = staff.get("/points/objections/").content.decode()
    assert "重（重复计分）" in queue and "采纳并更正" in queue
    assert "采纳并更正" not in client_for("leader").get("/points/objections/").content.decode()
    assert client_for("bishan_staff").get("/points/objections/").content.decode().count("重复计分") == 0
    r = staff.post(f"/points/objections/{obj.pk}/reject/", {"note": "", "version": obj.version}, follow=True)
    assert "请填写" in r.content.decode()
    r = staff.post(f"/points/objections/{obj.pk}/accept/", {"note": "核实", "version": obj.version}, follow=True)
    assert "已采纳并更正" in r.content.decode()
    page = staff.get(f"/points/deputies/{scored['me'].pk}/?period=2026Q4").content.decode()
    assert "异议更正" in page and "人工录入积分" in page
    r = staff.post(f"/points/deputies/{scored['me'].pk}/manual/", {"rule": "commended", "occurred_on": "2026-12-01",
                                                                   "reason": ""}, follow=True)
    assert "请填写理由" in r.content.decode()
    r = staff.post(f"/points/deputies/{scored['me'].pk}/manual/", {"rule": "commended", "occurred_on": "2026-12-01",
                                                                   "reason": "区级表彰"}, follow=True)
    assert "已为周代表录入" in r.content.decode()
    assert "人工录入积分" not in client_for("leader").get(f"/points/deputies/{scored['me'].pk}/").content.decode()
    assert client_for("bishan_staff").get(f"/points/deputies/{scored['me'].pk}/").status_code == 404


def test_rules_page_edit_by_city_staff_only(pts):
    rule = PointRule.objects.get(code="activity_absent")
    city = Client()
    city.force_login(pts["city_staff"])
    page = city.get("/points/rules/").content.decode()
    assert "无故缺席履职活动" in page and 'value="-1"' in page and "扣分" in page
    r = city.post(f"/points/rules/{rule.pk}/", {"name": rule.name, "points": "2", "cap": "10", "active": "on",
                                                "version": rule.version}, follow=True)
    assert "应为负数" in r.content.decode()
    r = city.post(f"/points/rules/{rule.pk}/", {"name": rule.name, "points": "-2", "cap": "10", "active": "on",
                                                "version": rule.version}, follow=True)
    assert "自明日起生效" in r.content.decode()
    district = Client()
    district.force_login(pts["staff"])
    assert "<th scope=\"col\">修改</th>" not in district.get("/points/rules/").content.decode()
    assert district.post(f"/points/rules/{rule.pk}/", {"name": "x", "points": "-1", "version": 2}).status_code == 403
