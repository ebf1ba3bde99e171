import datetime as dt

import pytest


@pytest.fixture
def duty(personas, regions):
    """A published station in 北碚区 (head 陈点长, 周代表 posted, one grid worker with a phone),
    receiving on the 15th 09:00–11:00; a station of 璧山区 beside it (another region)."""
    from shuanglian.deputies.models import Deputy, Station, StationMember
    from shuanglian.duties import services

    staff = personas["staff"]
    me = personas["deputy_record"]
    head = Deputy.objects.create(name="陈点长", level="city", region=regions["beibei"], sector="企业界",
                                 phone="13600003333")
    other = Deputy.objects.create(name="吴代表", level="district", region=regions["beibei"], phone="13600004444")
    station = Station.objects.create(kind="activity_point", name="千里科技人大代表活动点", host="千里科技",
                                     region=regions["beibei"], head=head, address="北碚区蔡家岗")
    StationMember.objects.create(station=station, kind="deputy", deputy=me)
    StationMember.objects.create(station=station, kind="deputy", deputy=other)
    StationMember.objects.create(station=station, kind="grid_worker", name="网格员甲", phone="13511112222")
    services.station_page_save(station=station, actor=staff, is_public=True, rules="每月15日接待\n接待情况上墙")
    rule = services.reception_rule_create(station=station, actor=staff, day=15, start_time=dt.time(9),
                                          end_time=dt.time(11), valid_from=dt.date(2025, 1, 1))
    bishan = Station.objects.create(kind="activity_point", name="青山工业人大代表活动点", region=regions["bishan"])
    return {"station": station, "rule": rule, "me": me, "head": head, "other": other, "bishan": bishan,
            "staff": staff}


@pytest.fixture
def on_day(monkeypatch):
    """Pretend today is `day` for the duty services and pages (timezone.localdate)."""
    from django.utils import timezone

    def set_day(day: dt.date):
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    return set_day
