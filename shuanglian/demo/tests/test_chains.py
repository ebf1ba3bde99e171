"""The demo chain carries the seeds' figures exactly, and building it twice changes nothing."""

from decimal import Decimal

from shuanglian.chains.models import Chain, Enterprise
from shuanglian.chains.panorama import build_panorama
from shuanglian.core.models import AuditEvent
from shuanglian.demo import chains, foundation


def test_demo_chain_reproduces_seeds_and_is_idempotent(db):
    foundation.build()
    chains.build()
    beibei = Chain.objects.get(name=chains.BEIBEI_CHAIN, region__code="500109")
    pano = build_panorama(beibei)
    t, m = pano["totals"], pano["metrics"]
    q1 = next(x for x in m if x["period"] == "2025年第1季度")
    assert (q1["output"], q1["yoy_pct"], q1["share_pct"]) == ("48.46", "15.4", "17.8")
    assert (t["projects"], t["project_total_investment"], t["project_annual_plan"]) == (198, "1782.05", "305.37")
    assert t["problems_resolved"] == 35 and t["chain_masters"] == 2
    assert beibei.chief_name == "徐永德" and beibei.member_departments.count() == 20
    assert any(n["name"] == "电芯" and n["is_gap"] and n["leads_live"] for n in pano["nodes"])
    qingshan = Enterprise.objects.get(name="重庆青山工业有限责任公司")
    assert (qingshan.is_sub_chain_leader, qingshan.cooperating_count, qingshan.driven_count) == (True, 81, 241)
    assert 300 <= Enterprise.objects.count() <= 500
    counts = (Enterprise.objects.count(), AuditEvent.objects.count())
    chains.build()
    assert (Enterprise.objects.count(), AuditEvent.objects.count()) == counts
    assert Decimal(t["project_completed"]) < Decimal(t["project_annual_plan"])
