"""A refused points form (bad input) is shown again with the message and everything the person
typed — the manual entry, the deputy's objection and the rule edit — and nothing is written."""

import datetime as dt

import pytest
from django.test import Client

from shuanglian.points.models import PointEntry, PointObjection, PointRule

pytestmark = pytest.mark.django_db
D = dt.date(2026, 10, 15)


@pytest.fixture
def scored(pts, award, on_day):
    on_day(dt.date(2026, 12, 31))
    award(pts["me"], "inspection_attended", "a:1", D)
    return pts


def test_a_refused_manual_entry_keeps_the_input(scored, client_for):
    before = PointEntry.objects.count()
    r = client_for("staff").post(f"/points/deputies/{scored['me'].pk}/manual/", {
        "rule": "commended", "occurred_on": "2026-12-01", "points": "abc", "reason": "获区级优秀代表表彰"})
    html = r.content.decode()
    assert r.status_code == 400 and "分值" in html
    assert "获区级优秀代表表彰" in html and 'value="abc"' in html and 'value="2026-12-01"' in html
    assert '<option value="commended" selected>' in html
    assert PointEntry.objects.count() == before


def test_a_refused_objection_keeps_the_input(scored, client_for):
    r = client_for("deputy").post("/points/me/object/", {
        "kind": "missing", "rule": "inspection_attended", "occurred_on": "2026-13-45", "reason": "11月视察漏记了"})
    html = r.content.decode()
    assert r.status_code == 400 and "发生日期" in html
    assert "11月视察漏记了" in html and '<option value="missing" selected>' in html
    assert '<option value="inspection_attended" selected>' in html
    assert not PointObjection.objects.exists()


def test_a_refused_rule_edit_keeps_the_input(pts):
    rule = PointRule.objects.get(code="activity_absent")
    city = Client()
    city.force_login(pts["city_staff"])
    r = city.post(f"/points/rules/{rule.pk}/", {"name": "无故缺席履职活动（半天）", "points": "2", "cap": "7",
                                                "active": "on", "version": rule.version})
    html = r.content.decode()
    assert r.status_code == 400 and "应为负数" in html
    assert 'value="无故缺席履职活动（半天）"' in html and 'value="2"' in html and 'value="7"' in html
    rule.refresh_from_db()
    assert rule.name == "无故缺席履职活动" and rule.points == -1
