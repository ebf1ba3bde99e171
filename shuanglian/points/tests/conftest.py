import datetime as dt

import pytest


@pytest.fixture
def on_day(monkeypatch):
    """Pretend today is `day` (timezone.localdate) for the services and pages."""
    from django.utils import timezone

    def set_day(day: dt.date):
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    return set_day


@pytest.fixture
def pts(personas, regions):
    """周代表 (the deputy persona, 北碚区), 吴代表 (北碚区), 蔡代表 (蔡家岗街道, below 北碚区), 璧代表
    (璧山区: another region); a station of 北碚区 with 周代表 and 吴代表; a city-level staff user
    (edits the rule table)."""
    from conftest import _user
    from shuanglian.deputies.models import Deputy, Station, StationMember

    me = personas["deputy_record"]
    wu = Deputy.objects.create(name="吴代表", level="district", region=regions["beibei"])
    cai = Deputy.objects.create(name="蔡代表", level="town", region=regions["caijia"])
    bi = Deputy.objects.create(name="璧代表", level="district", region=regions["bishan"])
    station = Station.objects.create(kind="activity_point", name="千里科技人大代表活动点", region=regions["beibei"], head=wu)
    StationMember.objects.create(station=station, kind="deputy", deputy=me)
    city_staff = _user("p_city_staff", "staff", region=regions["city"], display_name="市人大工作人员")
    return {"me": me, "wu": wu, "cai": cai, "bi": bi, "station": station, "city_staff": city_staff,
            "staff": personas["staff"]}


@pytest.fixture
def award(pts):
    from shuanglian.points.services import point_award

    def give(deputy, code, key, day, actor=None):
        return point_award(deputy=deputy, rule_code=code, source_key=key, occurred_on=day,
                           actor=actor or pts["staff"])

    return give
