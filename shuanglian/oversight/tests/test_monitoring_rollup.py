"""The monthly roll-up the monitoring figures read: kept by the report service, always equal to a
rebuild from the scores, and giving the same figures as averaging the reports' own scores — for
the city that sees every district, one district inside it, and a deputy who sees only their point."""

import datetime as dt

import pytest
from django.db.models import Avg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuanglian.deputies.models import Station, StationMember
from shuanglian.oversight import monitoring_rollup
from shuanglian.oversight import services_monitoring as sm
from shuanglian.oversight.models import Indicator, MonitoringMonth, MonitoringReport, Score
from shuanglian.oversight.selectors_monitoring import month_figures, report_list

pytestmark = pytest.mark.django_db
MONTHS = [dt.date(2026, m, 1) for m in (9, 10, 11)]


@pytest.fixture
def points(regions, personas):
    where = [regions["beibei"], regions["caijia"], regions["tongjia"], regions["bishan"]]
    made = [Station.objects.create(kind="monitoring_point", name=f"监测点{k}", host=f"企业{k}", region=r)
            for k, r in enumerate(where)]
    StationMember.objects.create(station=made[1], deputy=personas["deputy_record"], kind="deputy")
    return made


def scored(seed: int) -> dict:
    return {i.pk: (seed + k) % 2 if i.scale == "yes_no" else 1 + (seed + k) % 5
            for k, i in enumerate(sm.leaf_indicators())}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(0, 9)), max_size=10))
def test_upkeep_equals_rebuild_and_the_scores_averages(personas, points, reports):
    MonitoringReport.objects.all().delete()  # hypothesis runs every example in one test transaction
    MonitoringMonth.objects.all().delete()
    for station, month, seed in reports:
        try:
            sm.monitoring_report_submit(actor=personas["admin"], station=points[station], period=MONTHS[month],
                                        scores=scored(seed))
        except Exception as exc:  # the same point and month twice: refused, nothing written
            assert "已报送" in str(exc)
    kept = monitoring_rollup.snapshot()
    monitoring_rollup.rebuild()
    assert monitoring_rollup.snapshot() == kept
    admin, staff, deputy = personas["admin"], personas["staff"], personas["deputy"]
    for month in MONTHS:
        for user in (admin, staff, deputy):
            f = month_figures(user, month)
            # the same figures read straight from the scores (the deputy's path always does)
            assert [d["points"] for d in f.dimensions] == [d["points"] for d in _from_scores(user, month)]


def _from_scores(user, month):
    """Month figures computed the slow way, from each report's scores, as before the roll-up."""
    rows = (Score.objects.filter(report__in=report_list(user).filter(period=month))
            .values("indicator_id").annotate(avg=Avg("points")))
    now = {r["indicator_id"]: float(r["avg"]) for r in rows}
    out = []
    for dim in Indicator.objects.filter(is_active=True, parent__isnull=True).order_by("order", "id"):
        kids = [now[i.pk] for i in Indicator.objects.filter(is_active=True, parent=dim) if i.pk in now]
        out.append({"points": round(sum(kids) / len(kids), 1) if kids else None})
    return out


def test_another_districts_reports_do_not_reach_a_districts_figures(personas, points):
    sm.monitoring_report_submit(actor=personas["admin"], station=points[3], period=MONTHS[2], scores=scored(1))
    assert all(d["points"] is None for d in month_figures(personas["staff"], MONTHS[2]).dimensions)
    assert any(d["points"] is not None for d in month_figures(personas["bishan_staff"], MONTHS[2]).dimensions)
