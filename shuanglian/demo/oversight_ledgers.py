"""东莞's 六本台账 (seed 003): three key areas, each with a problem ledger linking the July
campaign's problems (now cases in the closed loop) and the monitoring points' findings, and a work
ledger of tasks handed to the city's departments — 挂图式推进、清单化落实."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shuanglian.core.models import User
from shuanglian.core.permissions import subtree_q
from shuanglian.oversight import services_ledgers as sl
from shuanglian.oversight.models import Finding, LedgerArea, MonitoringFinding
from shuanglian.regions.models import Department, Region

AREAS = [
    ("人工智能与机器人产业发展", "东莞市工业和信息化局", [
        "落实人工智能赋能制造业“一号文”配套细则", "建设人工智能公共算力服务平台", "培育一批机器人应用示范场景"]),
    ("传统产业“三化”融合发展", "东莞市工业和信息化局", [
        "推动毛织、服装、食品行业数字化转型", "建立传统产业技改项目库", "组织“三化”融合供需对接会"]),
    ("优化发展环境", "东莞市市场监管局", [
        "推行涉企检查“综合查一次”", "惠企政策“免申即享”清单扩围", "重大项目“签约即拿地、拿地即开工”试点"]),
]


def build() -> str:
    city = Region.objects.get(code="441900")
    if LedgerArea.objects.filter(region=city).exists():
        return "已存在，未重复创建"
    admin = User.objects.get(username="demo_admin")
    today = timezone.localdate()
    campaign_findings = list(Finding.objects.filter(site__group__campaign__region=city, kind="problem",
                                                    case__isnull=False).order_by("pk"))
    monitoring_findings = list(MonitoringFinding.objects.filter(report__region__in=Region.objects.filter(subtree_q(city, "")))
                               .order_by("pk"))
    links = 0
    for k, (name, owner_name, tasks) in enumerate(AREAS):
        area = sl.ledger_area_create(actor=admin, region=city, name=name, order=k + 1)
        for finding in campaign_findings[k::len(AREAS)]:
            sl.ledger_problem_add(actor=admin, area=area, campaign_finding=finding)
            links += 1
        if name == "优化发展环境":
            for finding in monitoring_findings:
                sl.ledger_problem_add(actor=admin, area=area, monitoring_finding=finding)
                links += 1
        owner = Department.objects.get(region=city, name=owner_name)
        for n, title in enumerate(tasks):
            start = today - dt.timedelta(days=120 - 30 * n)
            task = sl.ledger_task_create(actor=admin, area=area, title=title, owner=owner, starts_on=start,
                                         due_on=start + dt.timedelta(days=90 + 15 * k))
            if n == 0:
                sl.ledger_task_progress(actor=admin, task=task, progress=100, note="已完成并通过验收")
            elif n == 1:
                sl.ledger_task_progress(actor=admin, task=task, progress=60, note="按计划推进中")
    return f"{len(AREAS)} 个重点领域（六本台账），问题台账 {links} 条，工作台账 {sum(len(a[2]) for a in AREAS)} 项"
