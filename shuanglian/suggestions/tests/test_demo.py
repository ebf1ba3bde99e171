"""The demo's suggestions: 青杠's 8 (the seed's three named ones among them) and 东莞's two, each
followed through the services to a state a user can see; a rerun changes nothing."""

import io

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from shuanglian.core.models import AuditEvent
from shuanglian.deputies.models import Station
from shuanglian.suggestions.models import Commitment, Suggestion


@pytest.mark.django_db
def test_demo_suggestions_follow_the_seeds():
    call_command("demo", "--i-know-this-is-a-demo", "--only", "foundation", "chains", "registry", "cases", "duties",
                 "suggestions", stdout=io.StringIO())
    qinggang = Suggestion.objects.filter(region__code__startswith="500120")
    assert qinggang.count() == 8
    titles = set(qinggang.values_list("title", flat=True))
    assert {"关于支持璧山区打造智能网联新能源汽车控制器百亿级产业基地的建议", "关于加快“充储泊配”设施建设的建议",
            "关于推进渝西片区交通互联互通一体化发展的建议"} <= titles
    liu = qinggang.get(lead_deputy__name="刘波")
    assert (liu.status, liu.answer_category, liu.rating) == ("closed", "A", "satisfied")
    assert liu.source_activity is not None and liu.source_activity.kind == "inspection"
    yuxi = qinggang.get(title__startswith="关于推进渝西")
    assert (yuxi.rounds, yuxi.complex, yuxi.status) == (2, True, "closed")
    assert sorted(qinggang.values_list("status", flat=True)) == sorted(
        ["closed"] * 6 + ["assigned", "submitted"])
    assert Commitment.objects.filter(suggestion__in=qinggang).count() == 4
    dongguan = Suggestion.objects.filter(region__code__startswith="441900")
    assert set(dongguan.values_list("title", flat=True)) == {"关于加快“链主”企业政策兑现的建议", "关于优化惠企平台的建议"}

    # seed 001: the 青杠 wall counts its 8 suggestions from the records (duties reads them through
    # the reverse relation of the stations' activities and receptions)
    stations = Station.objects.filter(region__code="500120003", kind="activity_point").order_by("pk")
    wall = APIClient().get(f"/api/v1/public/stations/{stations[0].pk}/").json()
    assert wall["area"]["figures"]["suggestions"] == 8

    from shuanglian.demo import suggestions

    before = (Suggestion.objects.count(), AuditEvent.objects.count())
    suggestions.build()
    assert (Suggestion.objects.count(), AuditEvent.objects.count()) == before
