"""The demo's duty chain: the 青杠 walls add up to seed 001's figures; 黔江's 企业家接待日 are
recorded; a rerun changes nothing."""

import io

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from shuanglian.core.models import AuditEvent
from shuanglian.deputies.models import Station
from shuanglian.duties.models import Reception, ReceptionDemand


@pytest.mark.django_db
def test_demo_walls_show_the_seed_figures():
    # only the builders the duty chain stands on (oversight's do not touch it)
    call_command("demo", "--i-know-this-is-a-demo", "--only", "foundation", "chains", "registry", "cases", "duties", stdout=io.StringIO())
    stations = Station.objects.filter(region__code="500120003", kind="activity_point").order_by("pk")
    assert stations.count() == 2
    walls = [APIClient().get(f"/api/v1/public/stations/{s.pk}/").json() for s in stations]
    total = {k: sum(w["figures"][k] for w in walls) for k in walls[0]["figures"]}
    # seed 001: 进点17名代表、网格员 … 集中视察活动2次，收集企业诉求7条，推动解决问题6个
    assert total == {"members": 17, "inspections": 2, "demands_collected": 7, "demands_solved": 6, "suggestions": 0}
    for wall in walls:  # each wall also carries the 街道's total: the seed's figures as published
        assert wall["area"]["figures"] == total and wall["area"]["stations"] == 2
        assert wall["next_receptions"] and all(d["date"][8:] >= "15" for d in wall["next_receptions"])
    page = APIClient().get(f"/s/{stations[0].pk}/").content.decode()
    assert 'data-figure="members"><b>17</b>' in page and 'data-figure="demands_solved"><b>6</b>' in page
    assert "1380000" not in page  # the demo's phone numbers never reach the wall

    assert ReceptionDemand.objects.filter(reception__station__in=stations).count() == 7
    entrepreneur = Reception.objects.filter(kind="entrepreneur", station__region__code="500114")
    assert entrepreneur.count() == 3 and all(r.officials and r.recorded_at for r in entrepreneur)

    from shuanglian.demo import duties

    before = (Reception.objects.count(), ReceptionDemand.objects.count(), AuditEvent.objects.count())
    duties.build()
    assert (Reception.objects.count(), ReceptionDemand.objects.count(), AuditEvent.objects.count()) == before
