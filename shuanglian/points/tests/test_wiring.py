"""The verified events of today's apps pay points as they happen, in the same transaction, and the
registered event sources give the rebuild exactly the same events."""

import datetime as dt

import pytest

from shuanglian.cases.tests.conftest import category, make_case, walk  # noqa: F401  (fixtures)
from shuanglian.duties import services as duties
from shuanglian.points.models import PointEntry, PointTotal
from shuanglian.points.rebuild import points_rebuild

pytestmark = pytest.mark.django_db


def _entries(deputy):
    return sorted((e.rule.code, e.points) for e in PointEntry.objects.filter(deputy=deputy).select_related("rule"))


def test_sign_in_and_activities_pay_and_the_rebuild_agrees(pts, personas, regions, on_day):
    day = dt.date(2026, 11, 16)
    on_day(day)
    staff = pts["staff"]
    reception = duties.reception_schedule(station=pts["station"], actor=staff, date=day, start_time=dt.time(9),
                                          end_time=dt.time(11), deputies=[pts["me"], pts["wu"]])
    duties.reception_sign_in(reception=reception, actor=personas["deputy"])
    duties.activity_create(actor=staff, kind="inspection", title="重大项目视察", date=day, region=regions["beibei"],
                           deputies=[pts["me"], pts["wu"]], absent=[pts["wu"]])
    duties.activity_create(actor=staff, kind="visit", title="走访千里科技", date=day, region=regions["beibei"],
                           deputies=[pts["me"]])
    assert _entries(pts["me"]) == [("activity_attended", 2), ("inspection_attended", 3), ("reception_attended", 2)]
    assert _entries(pts["wu"]) == [("activity_absent", -1)]  # on the roster, did not sign in; absent from the visit
    before = dict(PointTotal.objects.values_list("deputy_id", "points"))
    report = points_rebuild(year=2026, actor=personas["admin"])
    assert report["written"] == 4 and report["deleted"] == 4
    assert dict(PointTotal.objects.values_list("deputy_id", "points")) == before == {pts["me"].pk: 7, pts["wu"].pk: -1}


def test_a_collected_demand_closed_satisfied_pays_its_deputy(pts, personas, make_case, walk):  # noqa: F811
    collected = walk(make_case(collected_by=pts["me"]), "closed")
    walk(make_case(), "closed")  # nobody collected it: nobody is paid
    assert collected.status == "closed"
    assert _entries(pts["me"]) == [("demand_satisfied", 2)]
    entry = PointEntry.objects.get(deputy=pts["me"])
    assert entry.source_key == f"case:{collected.pk}"
    points_rebuild(year=entry.occurred_on.year, actor=personas["admin"])
    assert _entries(pts["me"]) == [("demand_satisfied", 2)]


def test_a_demand_rated_less_than_satisfied_pays_nothing(pts, personas, make_case, walk):  # noqa: F811
    from shuanglian.cases import services

    case = walk(make_case(collected_by=pts["me"]), "replied")
    case = services.case_revisit(case=case, actor=None, rating="basically_satisfied")
    services.case_close(case=case, actor=personas["staff"])
    assert _entries(pts["me"]) == []
