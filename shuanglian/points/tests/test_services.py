"""Awards, caps, frozen quarters, manual entries and the rule table, as staff and deputies notice them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from shuanglian.core.errors import BusinessError, ConcurrentUpdate
from shuanglian.core.models import AuditEvent
from shuanglian.points import services
from shuanglian.points.models import PointEntry, PointRule, PointTotal
from shuanglian.points.selectors import totals_of

pytestmark = pytest.mark.django_db
D = dt.date(2026, 10, 15)


def total(deputy, period):
    return totals_of(deputy, [period]).get(period, Decimal(0))


def test_default_rules_are_seeded_with_chinese_names():
    rules = {r.code: r for r in PointRule.objects.all()}
    assert rules["reception_attended"].points == 2
    assert rules["inspection_attended"].points == 3
    assert rules["suggestion_submitted"].points == 3
    assert rules["activity_absent"].points == -1
    assert all(r.versions.exists() for r in rules.values())
    assert rules["reception_attended"].get_category_display() == "基础"


def test_a_repeated_event_pays_once(pts, award):
    first = award(pts["me"], "reception_attended", "reception_duty:1", D)
    again = award(pts["me"], "reception_attended", "reception_duty:1", D)
    assert first.points == 2 and first.period == "2026Q4"
    assert again is None
    assert PointEntry.objects.filter(deputy=pts["me"]).count() == 1
    assert total(pts["me"], "2026Q4") == 2
    assert AuditEvent.objects.filter(event_type="point.award").count() == 1


def test_a_rule_not_in_the_table_pays_nothing_and_does_not_fail_the_event(pts, award):
    assert award(pts["me"], "no_such_rule", "x:1", D) is None
    assert not PointEntry.objects.exists()


def test_quarter_cap_stops_paying_and_says_what_it_would_have_paid(pts, award):
    for i in range(5):  # 2 points each, cap 6 a quarter
        award(pts["me"], "reception_attended", f"reception_duty:{i}", D)
    entries = list(PointEntry.objects.filter(deputy=pts["me"]).order_by("id"))
    assert [e.points for e in entries] == [2, 2, 2, 0, 0]
    assert entries[-1].uncapped == 2
    assert total(pts["me"], "2026Q4") == 6
    # The next quarter starts from zero.
    award(pts["me"], "reception_attended", "reception_duty:9", dt.date(2027, 1, 15))
    assert total(pts["me"], "2027Q1") == 2


def test_partial_cap_and_negative_cap(pts, award):
    rule = PointRule.objects.get(code="inspection_attended")  # 3, cap 9
    for i in range(4):
        award(pts["me"], "inspection_attended", f"a:{i}", D)
    assert total(pts["me"], "2026Q4") == 9
    for i in range(12):  # -1 each, at most -10 a quarter
        award(pts["wu"], "activity_absent", f"a:{i}", D)
    assert total(pts["wu"], "2026Q4") == -10
    assert rule.entries.count() == 4


def test_year_cap_spans_the_quarters(pts, award):
    for i, day in enumerate([dt.date(2026, 2, 1), dt.date(2026, 5, 1), dt.date(2026, 8, 1),
                             dt.date(2026, 11, 1), dt.date(2026, 11, 2), dt.date(2026, 11, 3)]):
        award(pts["me"], "suggestion_submitted", f"s:{i}", day)  # 3 each, 15 a year
    totals = totals_of(pts["me"], ["2026Q1", "2026Q2", "2026Q3", "2026Q4"])
    assert sum(totals.values()) == 15
    assert totals["2026Q4"] == 6


def test_publishing_freezes_the_quarter_and_later_events_go_to_the_next(pts, award, on_day):
    on_day(dt.date(2026, 12, 31))
    award(pts["me"], "reception_attended", "r:1", D)
    services.point_publish(region=pts["staff"].region, period="2026Q4", actor=pts["staff"])
    late = award(pts["me"], "reception_attended", "r:2", D)  # happened in Q4, verified after 亮分
    sub = award(pts["cai"], "reception_attended", "r:3", D)  # 蔡家岗 is below 北碚区: frozen too
    other = award(pts["bi"], "reception_attended", "r:4", D)  # 璧山区 is not
    assert late.period == "2027Q1" and sub.period == "2027Q1" and other.period == "2026Q4"
    assert total(pts["me"], "2026Q4") == 2


def test_publish_refuses_future_repeat_and_other_region(pts, on_day):
    on_day(dt.date(2026, 11, 1))
    staff = pts["staff"]
    with pytest.raises(BusinessError, match="尚未开始"):
        services.point_publish(region=staff.region, period="2027Q1", actor=staff)
    services.point_publish(region=staff.region, period="2026Q3", actor=staff)
    with pytest.raises(BusinessError, match="已于"):
        services.point_publish(region=staff.region, period="2026Q3", actor=staff)
    with pytest.raises(BusinessError, match="已于"):  # published above: the town is included
        services.point_publish(region=pts["cai"].region, period="2026Q3", actor=staff)
    with pytest.raises(PermissionDenied):
        services.point_publish(region=pts["bi"].region, period="2026Q3", actor=staff)


def test_manual_entry_needs_staff_a_reason_and_a_manual_rule(pts, personas, on_day):
    on_day(D)
    commended = PointRule.objects.get(code="commended")
    with pytest.raises(BusinessError, match="理由"):
        services.point_manual(deputy=pts["me"], rule=commended, occurred_on=D, reason="  ", actor=pts["staff"])
    with pytest.raises(BusinessError, match="自动计分"):
        services.point_manual(deputy=pts["me"], rule=PointRule.objects.get(code="reception_attended"),
                              occurred_on=D, reason="补记", actor=pts["staff"])
    with pytest.raises(BusinessError, match="不能晚于今天"):
        services.point_manual(deputy=pts["me"], rule=commended, occurred_on=D + dt.timedelta(days=1),
                              reason="表彰", actor=pts["staff"])
    for bad in ["٣", "1.25", "abc", "-5", "1e3", "101"]:
        with pytest.raises(BusinessError):
            services.point_manual(deputy=pts["me"], rule=commended, occurred_on=D, reason="表彰",
                                  actor=pts["staff"], points=bad)
    for who in ("leader", "deputy", "handler"):
        with pytest.raises(PermissionDenied):
            services.point_manual(deputy=pts["me"], rule=commended, occurred_on=D, reason="表彰", actor=personas[who])
    with pytest.raises(PermissionDenied):
        services.point_manual(deputy=pts["bi"], rule=commended, occurred_on=D, reason="表彰", actor=pts["staff"])
    assert not PointEntry.objects.exists() and not PointTotal.objects.exists()
    entry = services.point_manual(deputy=pts["me"], rule=commended, occurred_on=D, reason="区级表彰",
                                  actor=pts["staff"])
    assert entry.points == 5 and entry.kind == "manual" and entry.actor == pts["staff"]
    assert total(pts["me"], "2026Q4") == 5


def test_rule_edit_applies_from_tomorrow_and_never_rewrites(pts, award, on_day):
    on_day(D)
    award(pts["me"], "reception_attended", "r:1", D)
    rule = PointRule.objects.get(code="reception_attended")
    with pytest.raises(PermissionDenied):  # a district's staff do not edit the platform's table
        services.point_rule_update(rule=rule, actor=pts["staff"], name=rule.name, points="3", cap="9", active=True)
    with pytest.raises(BusinessError, match="正数"):
        services.point_rule_update(rule=rule, actor=pts["city_staff"], name=rule.name, points="-3", cap="", active=True)
    with pytest.raises(ConcurrentUpdate):
        services.point_rule_update(rule=rule, actor=pts["city_staff"], name=rule.name, points="3", cap="9",
                                   active=True, expected_version=rule.version + 1)
    rule = services.point_rule_update(rule=rule, actor=pts["city_staff"], name=rule.name, points="3", cap="9",
                                      active=True, expected_version=rule.version)
    assert rule.points == 3 and rule.version == 2
    award(pts["me"], "reception_attended", "r:2", D)  # still today: the old value
    award(pts["me"], "reception_attended", "r:3", D + dt.timedelta(days=1))
    assert [e.points for e in PointEntry.objects.order_by("id")] == [2, 2, 3]
    assert AuditEvent.objects.filter(event_type="point_rule.update").count() == 1


def test_deactivated_rule_pays_nothing_from_tomorrow(pts, award, on_day):
    on_day(D)
    rule = PointRule.objects.get(code="activity_attended")
    services.point_rule_update(rule=rule, actor=pts["city_staff"], name=rule.name, points="2", cap="10", active=False)
    assert award(pts["me"], "activity_attended", "a:1", D + dt.timedelta(days=2)) is None
    assert award(pts["me"], "activity_attended", "a:2", D).points == 2


def test_points_are_shown_without_decimal_noise():
    assert services.fmt(Decimal("2.0")) == "2"
    assert services.fmt(Decimal("-1.0")) == "−1"
    assert services.fmt(Decimal("0.5")) == "0.5"
    assert services.fmt(Decimal("10")) == "10"


def test_revoking_an_undone_event_takes_its_points_back_and_frees_the_cap_for_the_next(pts, award):
    for i in range(6):  # 3 each, 15 a year: the sixth pays 0
        award(pts["me"], "suggestion_submitted", f"s:{i}", D)
    assert total(pts["me"], "2026Q4") == 15
    assert services.point_revoke(deputy=pts["me"], rule_code="suggestion_submitted", source_key="s:0",
                                 actor=pts["staff"])
    # The sixth now pays what the withdrawn one freed, as a rebuild would pay it.
    assert total(pts["me"], "2026Q4") == 15
    assert list(PointEntry.objects.filter(deputy=pts["me"]).order_by("id").values_list("points", flat=True)) == [3] * 5
    assert AuditEvent.objects.filter(event_type="point.revoke").count() == 1
    assert not services.point_revoke(deputy=pts["me"], rule_code="suggestion_submitted", source_key="s:0",
                                     actor=pts["staff"])


def test_a_published_quarter_keeps_what_it_paid_when_the_event_is_undone(pts, award, on_day):
    on_day(dt.date(2027, 1, 5))
    award(pts["me"], "suggestion_submitted", "s:1", D)
    services.point_publish(region=pts["me"].region, period="2026Q4", actor=pts["staff"])
    assert not services.point_revoke(deputy=pts["me"], rule_code="suggestion_submitted", source_key="s:1",
                                     actor=pts["staff"])
    assert total(pts["me"], "2026Q4") == 3
