"""履职积分 from inspection campaigns: a group's deputies earn 参加视察 (3 points, 9 a quarter at
most) for each day a site of their group is registered as visited — paid by the visit service in
its transaction, never by being put on a group's list — and the points rebuild, replaying the
campaign source, arrives at the same totals as the incremental awards (hypothesis)."""

import datetime as dt
from collections import defaultdict

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuanglian.core.errors import BusinessError
from shuanglian.deputies.models import Deputy
from shuanglian.oversight import services_campaigns as cs
from shuanglian.points.models import PointEntry, PointTotal
from shuanglian.points.rebuild import points_rebuild
from shuanglian.points.services import point_publish

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def today(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2026, 12, 31))


@pytest.fixture
def setup(personas, regions, today):
    staff = personas["staff"]
    me = personas["deputy_record"]
    wu = Deputy.objects.create(name="吴代表", level="district", region=regions["beibei"])
    cai = Deputy.objects.create(name="蔡代表", level="town", region=regions["caijia"])
    campaign = cs.campaign_create(actor=staff, region=regions["beibei"], title="重大项目集中视察",
                                  starts_on=D(2026, 7, 1), ends_on=D(2026, 7, 31))
    a = cs.campaign_group_add(actor=staff, campaign=campaign, name="市级第一组", level="city", region=regions["beibei"],
                              members=[me, wu])
    b = cs.campaign_group_add(actor=staff, campaign=campaign, name="镇街第一组", level="town", region=regions["caijia"],
                              members=[me, cai])
    sites = [cs.campaign_site_add(actor=staff, group=g, name=f"现场{g.pk}-{k}") for g in (a, b) for k in range(3)]
    return {"staff": staff, "deputies": [me, wu, cai], "campaign": campaign, "sites": sites, "groups": [a, b]}


def _points(deputy):
    return PointEntry.objects.filter(deputy=deputy).aggregate(s=Sum("points"))["s"] or 0


def test_a_visit_pays_the_groups_deputies_once_a_day(setup, personas):
    me, wu, cai = setup["deputies"]
    a1, a2, _, b1, _, _ = setup["sites"]
    assert _points(me) == 0  # on a group's list: not yet attended
    cs.campaign_site_visit(actor=setup["staff"], site=a1, visited_on=D(2026, 7, 8))
    cs.campaign_site_visit(actor=setup["staff"], site=a2, visited_on=D(2026, 7, 8))  # same day: one inspection
    cs.campaign_site_visit(actor=setup["staff"], site=b1, visited_on=D(2026, 7, 8))  # his other group, same day
    assert (_points(me), _points(wu), _points(cai)) == (3, 3, 3)
    entry = PointEntry.objects.get(deputy=me)
    assert entry.rule.code == "inspection_attended" and entry.period == "2026Q3"
    assert entry.source_key == f"campaign:{setup['campaign'].pk}:2026-07-08"
    cs.campaign_site_visit(actor=setup["staff"], site=a1, visited_on=D(2026, 7, 9))  # a second day
    assert (_points(me), _points(wu), _points(cai)) == (6, 6, 3)
    before = dict(PointTotal.objects.values_list("deputy_id", "period").annotate(s=Sum("points")).values_list("deputy_id", "s"))
    report = points_rebuild(year=2026, actor=personas["admin"])
    assert report["written"] == report["deleted"] == 5
    assert (_points(me), _points(wu), _points(cai)) == (6, 6, 3)
    assert dict(PointTotal.objects.values_list("deputy_id", "period").annotate(s=Sum("points")).values_list("deputy_id", "s")) == before


def test_a_visit_corrected_to_another_day_moves_the_points(setup):
    me, wu, cai = setup["deputies"]
    a1, _, _, b1, _, _ = setup["sites"]
    cs.campaign_site_visit(actor=setup["staff"], site=a1, visited_on=D(2026, 7, 8))
    cs.campaign_site_visit(actor=setup["staff"], site=b1, visited_on=D(2026, 7, 8))
    cs.campaign_site_visit(actor=setup["staff"], site=a1, visited_on=D(2026, 7, 10))
    # 吴代表 was only at a1: 7-08 is gone; 周代表's other group still visited on 7-08
    assert sorted(PointEntry.objects.filter(deputy=wu).values_list("source_key", flat=True)) == [
        f"campaign:{setup['campaign'].pk}:2026-07-10"]
    assert _points(me) == 6 and _points(wu) == 3 and _points(cai) == 3


def test_a_deputy_recording_the_visit_on_the_phone_pays_the_group(setup, personas):
    me, wu, _ = setup["deputies"]
    cs.campaign_site_visit(actor=personas["deputy"], site=setup["sites"][0], visited_on=D(2026, 7, 8))
    assert _points(me) == 3 and _points(wu) == 3


def _totals():
    out = defaultdict(int)
    for d, p, s in PointEntry.objects.values_list("deputy_id", "period").annotate(s=Sum("points")).values_list(
            "deputy_id", "period", "s"):
        if s:
            out[(d, p)] = s
    return dict(out)


def _kept():
    """The kept quarter totals (PointTotal), as the rankings read them."""
    return {(d, p): v for d, p, v in PointTotal.objects.values_list("deputy_id", "period", "points") if v and len(p) == 6}


VISIT_DAYS = [D(2026, 7, d) for d in (1, 2, 8, 15, 31)] + [D(2026, 10, 3)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.one_of(
    st.tuples(st.just("visit"), st.integers(0, 5), st.sampled_from(VISIT_DAYS)),
    st.tuples(st.just("publish"), st.sampled_from(["caijia", "beibei"]), st.sampled_from(["2026Q3", "2026Q4"])),
), min_size=1, max_size=25))
def test_rebuild_equals_incremental_for_campaign_visits(setup, personas, regions, steps):
    """Random visits and re-registered visits (caps at 9 a quarter included) and published quarters
    (亮分: a moved visit cannot take back a published day): the rebuild of the year gives every deputy
    the totals, kept totals and paid events the visits paid."""
    admin = personas["admin"]
    with transaction.atomic():
        for kind, what, when in steps:
            if kind == "visit":
                cs.campaign_site_visit(actor=setup["staff"], site=setup["sites"][what], visited_on=when)
                continue
            try:
                point_publish(region=regions[what], period=when, actor=admin)
            except BusinessError:
                pass
        before = _totals()
        assert _kept() == before
        paid = set(PointEntry.objects.values_list("deputy_id", "source_key", "period"))
        points_rebuild(year=2026, actor=admin)
        assert _totals() == before
        assert _kept() == before
        assert set(PointEntry.objects.values_list("deputy_id", "source_key", "period")) == paid
        transaction.set_rollback(True)
