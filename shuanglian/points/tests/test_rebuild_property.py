"""Rebuild = incremental (hypothesis): random sequences of verified events (repeats included),
manual entries, objection corrections and publications; then the year is rebuilt from the event
sources and every deputy's quarter totals, the kept totals table and the set of paid events are
what the incremental awards made them."""

import datetime as dt
from collections import defaultdict

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuanglian.core.errors import BusinessError
from shuanglian.points import objections, services
from shuanglian.points.models import PointEntry, PointRule, PointTotal
from shuanglian.points.rebuild import points_rebuild
from shuanglian.points.sources import (
    EventSource,
    PointEvent,
    register_event_source,
    unregister_event_source,
)

pytestmark = pytest.mark.django_db

RULES = ["reception_attended", "suggestion_submitted", "activity_absent", "inspection_attended"]
DAYS = [dt.date(2025, 12, 20), dt.date(2026, 2, 3), dt.date(2026, 5, 9), dt.date(2026, 6, 30),
        dt.date(2026, 8, 1), dt.date(2026, 11, 11), dt.date(2026, 12, 30)]
QUARTERS = ["2025Q4", "2026Q1", "2026Q2", "2026Q3", "2026Q4"]


class Recorded(EventSource):
    label = "测试"
    events_seen: list = []

    def events(self, start, end):
        return iter([e for e in self.events_seen if start <= e.occurred_on <= end])


ops = st.lists(st.one_of(
    st.tuples(st.just("award"), st.integers(0, 3), st.sampled_from(RULES), st.integers(0, 6), st.sampled_from(DAYS)),
    st.tuples(st.just("manual"), st.integers(0, 3), st.sampled_from(DAYS)),
    st.tuples(st.just("publish"), st.integers(0, 2), st.sampled_from(QUARTERS)),
    st.tuples(st.just("object"), st.integers(0, 3)),
    st.tuples(st.just("revoke"), st.integers(0, 39)),
), min_size=1, max_size=40)


def _totals():
    by_entries = defaultdict(int)
    for d, p, s in PointEntry.objects.values_list("deputy_id", "period").annotate(s=Sum("points")).values_list(
            "deputy_id", "period", "s"):
        by_entries[(d, p)] = s
    kept = {(d, p): s for d, p, s in PointTotal.objects.values_list("deputy_id", "period", "points")}
    by_year = defaultdict(int)
    for (d, p), v in by_entries.items():
        by_year[(d, p[:4])] += v
    # The year rows (kept for the year's ranking) are the sums of the quarter rows.
    assert {k: v for k, v in kept.items() if len(k[1]) == 4 and v} == {k: v for k, v in by_year.items() if v}
    return ({k: v for k, v in by_entries.items() if v},
            {k: v for k, v in kept.items() if v and len(k[1]) == 6})


def _paid():
    return set(PointEntry.objects.filter(kind="event").values_list("deputy_id", "rule__code", "source_key", "period"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=ops)
def test_rebuild_equals_incremental(pts, personas, on_day, steps):
    on_day(dt.date(2026, 12, 31))
    register_event_source(Recorded())
    deputies = [pts["me"], pts["wu"], pts["cai"], pts["bi"]]
    regions = [pts["me"].region, pts["cai"].region, pts["bi"].region]
    admin = personas["admin"]
    commended = PointRule.objects.get(code="commended")
    Recorded.events_seen = []
    try:
        with transaction.atomic():
            for step in steps:
                if step[0] == "award":
                    _, who, code, key, day = step
                    event = PointEvent(occurred_on=day, source_key=f"k:{key}:{day}", deputy_id=deputies[who].pk, rule_code=code)
                    Recorded.events_seen.append(event)
                    services.point_award(deputy=deputies[who], rule_code=code, source_key=event.source_key,
                                         occurred_on=day, actor=admin)
                elif step[0] == "manual":
                    services.point_manual(deputy=deputies[step[1]], rule=commended, occurred_on=step[2],
                                          reason="表彰", actor=admin)
                elif step[0] == "publish":
                    try:
                        services.point_publish(region=regions[step[1]], period=step[2], actor=admin)
                    except BusinessError:
                        pass
                elif step[0] == "revoke":  # the event is undone (a suggestion withdrawn): the source forgets it
                    if Recorded.events_seen:
                        event = Recorded.events_seen.pop(step[1] % len(Recorded.events_seen))
                        if event not in Recorded.events_seen:
                            deputy = next(d for d in deputies if d.pk == event.deputy_id)
                            services.point_revoke(deputy=deputy, rule_code=event.rule_code,
                                                  source_key=event.source_key, actor=admin)
                else:
                    entry = PointEntry.objects.filter(deputy=deputies[step[1]], kind="event").order_by("id").first()
                    if entry is not None and entry.deputy.user_id:
                        try:
                            obj = objections.objection_submit(actor=entry.deputy.user, kind="duplicate",
                                                              entry=entry, reason="重复")
                        except BusinessError:
                            continue
                        objections.objection_accept(objection=obj, actor=admin)
            before_entries, before_kept = _totals()
            assert before_entries == before_kept
            paid = _paid()
            points_rebuild(year=2026, actor=admin)
            after_entries, after_kept = _totals()
            assert after_entries == before_entries
            assert after_kept == before_kept
            assert _paid() == paid
            transaction.set_rollback(True)
    finally:
        unregister_event_source(Recorded)


def test_rebuild_keeps_where_a_year_cap_fell_when_events_were_paid_out_of_order(pts, personas, on_day):
    """Five suggestions in Q4 reach the yearly cap (15); one of Q2 verified later pays 0. A rebuild
    pays them in the same order, so Q2 stays 0 and Q4 15 (not Q2 3 and Q4 12)."""
    on_day(dt.date(2026, 12, 31))
    register_event_source(Recorded())
    me = pts["me"]
    days = [dt.date(2026, 11, i) for i in range(1, 6)] + [dt.date(2026, 5, 1)]
    Recorded.events_seen = [PointEvent(day, f"s:{i}", me.pk, "suggestion_submitted") for i, day in enumerate(days)]
    try:
        for e in Recorded.events_seen:
            services.point_award(deputy=me, rule_code=e.rule_code, source_key=e.source_key, occurred_on=e.occurred_on,
                                 actor=personas["admin"])
        before = _totals()[0]
        assert before == {(me.pk, "2026Q4"): 15}
        report = points_rebuild(year=2026, actor=personas["admin"])
        assert report["deleted"] == report["written"] == 6
        assert _totals() == (before, before)
    finally:
        unregister_event_source(Recorded)


def test_rebuild_pays_an_event_a_service_missed_and_needs_staff_of_the_region(pts, personas, on_day):
    on_day(dt.date(2026, 12, 31))
    register_event_source(Recorded())
    Recorded.events_seen = [PointEvent(dt.date(2026, 3, 1), "r:1", pts["me"].pk, "reception_attended"),
                            PointEvent(dt.date(2026, 3, 1), "r:1", pts["bi"].pk, "reception_attended")]
    try:
        from django.core.exceptions import PermissionDenied
        with pytest.raises(PermissionDenied):
            points_rebuild(year=2026, actor=personas["staff"])  # every region: admins only
        with pytest.raises(PermissionDenied):
            points_rebuild(year=2026, actor=personas["leader"], region=pts["me"].region)
        report = points_rebuild(year=2026, actor=personas["staff"], region=pts["me"].region)
        assert report["written"] == 1  # 璧山区's deputy is not in 北碚区's rebuild
        assert PointTotal.objects.get(deputy=pts["me"], period="2026Q1").points == 2
    finally:
        unregister_event_source(Recorded)


def test_rebuild_keeps_an_entry_a_deputy_objected_to(pts, personas, on_day):
    on_day(dt.date(2026, 12, 31))
    register_event_source(Recorded())
    Recorded.events_seen = [PointEvent(dt.date(2026, 12, 1), "r:1", pts["me"].pk, "reception_attended")]
    try:
        entry = services.point_award(deputy=pts["me"], rule_code="reception_attended", source_key="r:1",
                                     occurred_on=dt.date(2026, 12, 1), actor=personas["admin"])
        obj = objections.objection_submit(actor=personas["deputy"], kind="wrong", entry=entry, reason="应为视察")
        points_rebuild(year=2026, actor=personas["admin"])
        obj.refresh_from_db()
        assert obj.entry_id == entry.pk and PointEntry.objects.filter(deputy=pts["me"]).count() == 1
    finally:
        unregister_event_source(Recorded)
