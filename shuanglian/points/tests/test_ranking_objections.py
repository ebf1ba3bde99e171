"""Rankings (ties 1,1,3; deputies without points; the number of deputies) and the objection flow."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shuanglian.core.errors import BusinessError, ConcurrentUpdate, TransitionNotAllowed
from shuanglian.core.models import AuditEvent
from shuanglian.deputies.models import Deputy
from shuanglian.points import objections, services
from shuanglian.points.models import PointEntry, PointRule
from shuanglian.points.selectors import can_read_ranking, ranking, totals_of

pytestmark = pytest.mark.django_db
D = dt.date(2026, 10, 15)


def test_ties_share_a_rank_and_the_next_rank_skips(pts, award, regions):
    award(pts["me"], "inspection_attended", "a:1", D)  # 3
    award(pts["wu"], "inspection_attended", "a:1", D)  # 3
    award(pts["cai"], "reception_attended", "r:1", D)  # 2
    extra = Deputy.objects.create(name="负代表", level="town", region=regions["tongjia"])
    award(extra, "activity_absent", "a:1", D)  # −1
    Deputy.objects.create(name="零代表", level="town", region=regions["tongjia"])
    award(pts["bi"], "inspection_attended", "a:1", D)  # another region: not in 北碚区's ranking
    board = ranking(period="2026Q4", region=regions["beibei"])
    assert board.deputies == 5 and board.scored == 4
    assert [(r["name"], r["rank"], r["points"]) for r in board.rows] == [
        ("周代表", 1, 3), ("吴代表", 1, 3), ("蔡代表", 3, 2), ("零代表", 4, 0), ("负代表", 5, -1)]
    # Paging keeps the ranks.
    page = ranking(period="2026Q4", region=regions["beibei"], offset=3, limit=2)
    assert [(r["name"], r["rank"]) for r in page.rows] == [("零代表", 4), ("负代表", 5)]
    year = ranking(period="2026", region=regions["beibei"])
    assert year.rows[0]["points"] == 3


def test_station_ranking_counts_its_deputies_only(pts, award):
    award(pts["me"], "reception_attended", "r:1", D)
    award(pts["cai"], "inspection_attended", "a:1", D)
    board = ranking(period="2026Q4", station=pts["station"])
    assert board.deputies == 2  # 周代表 (member) and 吴代表 (head)
    assert [(r["name"], r["rank"]) for r in board.rows] == [("周代表", 1), ("吴代表", 2)]


def test_ranking_query_count_does_not_grow(pts, award, regions):
    for i in range(30):
        d = Deputy.objects.create(name=f"代表{i:02d}", level="town", region=regions["tongjia"])
        award(d, "reception_attended", f"r:{i}", D)
    with CaptureQueriesContext(connection) as few:
        ranking(period="2026Q4", region=regions["beibei"])
    for i in range(30, 90):
        d = Deputy.objects.create(name=f"代表{i:02d}", level="town", region=regions["tongjia"])
        award(d, "inspection_attended", f"r:{i}", D)
    with CaptureQueriesContext(connection) as many:
        board = ranking(period="2026Q4", region=regions["beibei"])
    assert len(many.captured_queries) == len(few.captured_queries) <= 10
    assert len(board.rows) == board.deputies == 93


def test_deputies_read_a_ranking_only_once_published(pts, personas, regions, on_day):
    on_day(dt.date(2026, 12, 31))
    deputy = personas["deputy"]
    assert not can_read_ranking(deputy, regions["beibei"], "2026Q4")
    services.point_publish(region=regions["beibei"], period="2026Q4", actor=pts["staff"])
    assert can_read_ranking(deputy, regions["beibei"], "2026Q4")
    assert not can_read_ranking(deputy, regions["bishan"], "2026Q4")
    assert not can_read_ranking(deputy, regions["beibei"], "2026")  # the year is not all published
    assert can_read_ranking(personas["leader"], regions["beibei"], "2026Q3")
    assert not can_read_ranking(personas["bishan_staff"], regions["beibei"], "2026Q4")
    assert not can_read_ranking(personas["handler"], regions["beibei"], "2026Q4")


def test_objection_accepted_writes_a_correction_rejected_needs_a_reason(pts, personas, award, on_day):
    on_day(D)
    entry = award(pts["me"], "reception_attended", "r:1", D)
    deputy = personas["deputy"]
    with pytest.raises(BusinessError, match="理由"):
        objections.objection_submit(actor=deputy, kind="duplicate", entry=entry, reason=" ")
    with pytest.raises(PermissionDenied):
        objections.objection_submit(actor=pts["staff"], kind="duplicate", entry=entry, reason="重复")
    other = award(pts["wu"], "reception_attended", "r:1", D)
    with pytest.raises(BusinessError, match="本人"):
        objections.objection_submit(actor=deputy, kind="wrong", entry=other, reason="不是我的")
    obj = objections.objection_submit(actor=deputy, kind="duplicate", entry=entry, reason="同一天签到两次")
    with pytest.raises(BusinessError, match="待处理"):
        objections.objection_submit(actor=deputy, kind="wrong", entry=entry, reason="再提")
    with pytest.raises(PermissionDenied):
        objections.objection_accept(objection=obj, actor=personas["leader"])
    with pytest.raises(PermissionDenied):
        objections.objection_accept(objection=obj, actor=personas["bishan_staff"])
    with pytest.raises(ConcurrentUpdate):
        objections.objection_accept(objection=obj, actor=pts["staff"], expected_version=obj.version + 1)
    done = objections.objection_accept(objection=obj, actor=pts["staff"], note="核实重复",
                                       expected_version=obj.version)
    assert done.status == "accepted" and done.correction.points == -2
    assert PointEntry.objects.get(pk=entry.pk).points == 2  # the entry itself is never edited
    assert totals_of(pts["me"], ["2026Q4"])["2026Q4"] == 0
    with pytest.raises(TransitionNotAllowed):
        objections.objection_reject(objection=done, actor=pts["staff"], note="晚了")
    assert AuditEvent.objects.filter(event_type="point_objection.accept").count() == 1

    missing = objections.objection_submit(actor=deputy, kind="missing", rule=PointRule.objects.get(
        code="inspection_attended"), occurred_on=D, reason="10月15日参加视察未计分")
    with pytest.raises(BusinessError, match="理由"):
        objections.objection_reject(objection=missing, actor=pts["staff"], note="")
    objections.objection_reject(objection=missing, actor=pts["staff"], note="签到表无记录")
    assert totals_of(pts["me"], ["2026Q4"])["2026Q4"] == 0


def test_missing_entry_accepted_pays_the_rule_value_into_an_open_quarter(pts, personas, award, on_day):
    on_day(dt.date(2026, 12, 31))
    services.point_publish(region=pts["staff"].region, period="2026Q4", actor=pts["staff"])
    obj = objections.objection_submit(actor=personas["deputy"], kind="missing", occurred_on=D,
                                      rule=PointRule.objects.get(code="inspection_attended"), reason="漏计视察")
    done = objections.objection_accept(objection=obj, actor=pts["staff"])
    assert done.correction.points == 3 and done.correction.period == "2027Q1"
    with pytest.raises(BusinessError):  # a correction is not objected to again
        objections.objection_submit(actor=personas["deputy"], kind="wrong", entry=done.correction, reason="x")


def test_deputy_may_withdraw_own_objection_only(pts, personas, award, on_day):
    on_day(D)
    entry = award(pts["me"], "reception_attended", "r:1", D)
    obj = objections.objection_submit(actor=personas["deputy"], kind="wrong", entry=entry, reason="分值有误")
    with pytest.raises(PermissionDenied):
        objections.objection_withdraw(objection=obj, actor=pts["staff"])
    assert objections.objection_withdraw(objection=obj, actor=personas["deputy"]).status == "withdrawn"
