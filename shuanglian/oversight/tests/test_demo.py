"""The demo's oversight carries the seeds' figures, counted from records, and is idempotent."""

import re

from django.test import Client

from shuanglian.chains.models import Chain
from shuanglian.core.models import AuditEvent, User
from shuanglian.demo import foundation, oversight
from shuanglian.oversight.models import Opinion, WorkPlan
from shuanglian.regions.models import Region


def test_demo_oversight_reproduces_seeds_on_the_pages(db):
    foundation.build()
    Chain.objects.create(name="智能网联新能源汽摩产业链", region=Region.objects.get(code="500109"))
    oversight.build()
    c = Client()
    c.force_login(User.objects.get(username="demo_leader"))
    plan = WorkPlan.objects.get(region__code="500109", year=2025)
    board = c.get(f"/oversight/plans/{plan.pk}/").content.decode()
    assert "共 <b>29</b> 项监督工作，其中服务产业（关联产业链）<b>10</b> 项" in board  # seed 000

    listing = c.get("/oversight/opinions/").content.decode()
    assert "共 <b>19</b> 份审议意见" in listing  # seed 000: 19份审议意见
    assert len(re.findall(r'href="/oversight/opinions/\d+/"', listing)) == 19

    major = Opinion.objects.get(title=oversight.MAJOR)
    page = c.get(f"/oversight/opinions/{major.pk}/").content.decode()
    assert "建议：6类21条" in page and "问题：4类26条" in page  # seed 000: 六类21条建议, 四类26条问题清单
    assert "满意，通过" in page and "重点整改回头看" in page
    assert set(Opinion.objects.values_list("status", flat=True)) >= {
        "satisfied", "rereport", "reported", "planned", "transferred", "adopted"}

    topics = c.get("/oversight/topics/").content.decode()  # seed 000: 三年来监督议题26个，形成审议意见19份
    assert re.search(r"<b>26</b>个监督议题.*<b>19</b>份审议意见", topics, re.S)
    assert Opinion.objects.filter(topic__isnull=True).count() == 0

    counts = (Opinion.objects.count(), AuditEvent.objects.count())
    oversight.build()
    assert (Opinion.objects.count(), AuditEvent.objects.count()) == counts


def test_demo_dongguan_campaign_monitoring_and_ledgers_from_records(db):
    """Seed 003: the July campaign's "6+32" groups, 417 deputies, 81 sites, 56 problems (into the
    loop) and 118 opinions; 15 monitoring points over three months; the 六本台账 (3 areas × 2)."""
    from shuanglian.cases.models import Case
    from shuanglian.demo import (
        oversight_campaigns,
        oversight_ledgers,
        oversight_monitoring,
        registry,
    )
    from shuanglian.oversight.models import InspectionCampaign, LedgerArea, MonitoringReport

    foundation.build()
    registry.build()
    oversight_campaigns.build()
    oversight_monitoring.build()
    oversight_ledgers.build()
    c = Client()
    c.force_login(User.objects.get(username="demo_admin"))
    campaign = InspectionCampaign.objects.get(title=oversight_campaigns.TITLE)
    page = c.get(f"/oversight/campaigns/{campaign.pk}/").content.decode()
    for figure, value in (("groups", "6+32"), ("deputies", "417"), ("sites", "81"), ("problems", "56"),
                          ("opinions", "118")):
        assert f'<b data-figure="{figure}">{value}</b>' in page
    assert Case.objects.filter(source="inspection", campaign_finding__site__group__campaign=campaign).count() == 56

    page = c.get("/oversight/monitoring/").content.decode()
    assert "<b>13/15</b>监测点已报送" in page and "本月未报送（2）" in page
    assert MonitoringReport.objects.values("period").distinct().count() == 3

    areas = LedgerArea.objects.filter(region__code="441900")
    assert areas.count() == 3
    page = c.get(f"/oversight/ledgers/{areas.first().pk}/").content.decode()
    assert 'data-testid="battle-map"' in page and "落实人工智能赋能制造业" in page

    counts = (InspectionCampaign.objects.count(), MonitoringReport.objects.count(), LedgerArea.objects.count())
    oversight_campaigns.build()
    oversight_monitoring.build()
    oversight_ledgers.build()
    assert (InspectionCampaign.objects.count(), MonitoringReport.objects.count(), LedgerArea.objects.count()) == counts
