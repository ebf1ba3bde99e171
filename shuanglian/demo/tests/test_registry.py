from shuanglian.core.models import AuditEvent
from shuanglian.deputies.models import Deputy, Station, StationMember


def test_demo_registry_is_built_from_the_seeds_and_idempotent(db, client):
    from shuanglian.demo import chains, foundation, registry

    foundation.build()
    chains.build()
    registry.build()
    counts = (Deputy.objects.count(), Station.objects.count(), StationMember.objects.count(), AuditEvent.objects.count())
    registry.build()
    assert (Deputy.objects.count(), Station.objects.count(), StationMember.objects.count(),
            AuditEvent.objects.count()) == counts

    qinggang = Station.objects.filter(region__code="500120003")
    assert {s.name for s in qinggang} == {"比亚迪璧山园区人大代表活动点", "青山工业人大代表活动点"}
    assert all(s.head_id for s in qinggang)
    members = StationMember.objects.filter(station__in=qinggang)
    assert members.filter(kind="deputy").count() == 6 and members.filter(kind="grid_worker").count() == 9
    dongguan = Station.objects.filter(region__path__startswith="441900/")
    assert dongguan.filter(kind="monitoring_point").count() == 15
    assert {s.name for s in dongguan.filter(kind="industry_liaison")} == {
        "毛织行业人大代表联络站", "食品行业人大代表联络站", "服装行业人大代表联络站"}

    zhou = Deputy.objects.get(name="周宗成")
    assert zhou.user.username == "demo_deputy" and zhou.region.name == "北碚区" and "千里科技" in zhou.employer
    qianli = Station.objects.get(name="千里科技人大代表活动点")
    assert qianli.chain and qianli.chain.name == "智能网联新能源汽摩产业链"
    assert qianli.members.filter(deputy=zhou).exists()

    client.force_login(zhou.user)
    page = client.get("/stations/").content.decode()
    assert "千里科技人大代表活动点" in page and "青山工业" not in page
