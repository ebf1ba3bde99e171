"""东莞's 15 营商环境监测点 (seed 003) report for the last three months, through the monitoring
service: scores that differ by point and month (审批 improving, 要素保障 the weakest), a few
problems each month — the first ones already sent into the closed loop. Two points have not yet
reported this month, so the page shows who is missing."""

from __future__ import annotations

from django.utils import timezone

from shuanglian.cases.models import Category
from shuanglian.core.models import User
from shuanglian.core.permissions import subtree_q
from shuanglian.deputies.models import Station
from shuanglian.lib.workdays import months_later
from shuanglian.oversight import services_monitoring as sm
from shuanglian.oversight.models import MonitoringReport
from shuanglian.regions.models import Region

PROBLEMS = ["企业开办后社保登记仍需线下跑两次", "惠企政策申报材料要求重复提交", "同一周内被不同部门重复检查",
            "工业用电报装时间长", "技工招聘难，缺少职业培训对接", "融资对接会流于形式"]


def build() -> str:
    dongguan = Region.objects.get(code="441900")
    points = list(Station.objects.filter(subtree_q(dongguan), kind="monitoring_point").order_by("pk"))
    if not points or MonitoringReport.objects.filter(station__in=points).exists():
        return "已存在或无监测点，未重复创建"
    admin = User.objects.get(username="demo_admin")
    category = Category.objects.filter(is_active=True).order_by("order", "pk").first()
    this_month = timezone.localdate().replace(day=1)
    leaves = sm.leaf_indicators()
    made = 0
    for back in (2, 1, 0):
        month = months_later(this_month, -back)
        for k, station in enumerate(points):
            if back == 0 and k >= len(points) - 2:
                continue  # not yet reported this month
            scores = {}
            for n, indicator in enumerate(leaves):
                if indicator.scale == "yes_no":
                    scores[indicator.pk] = 0 if (k + n + back) % 5 == 0 else 1
                else:
                    weak = indicator.parent.name == "涉企服务与要素保障"
                    scores[indicator.pk] = max(1, min(5, (3 if weak else 4) + (k + n) % 2 - (back if n == 3 else 0)))
            findings = [PROBLEMS[(k + back) % len(PROBLEMS)]] if (k + back) % 4 == 0 else []
            report = sm.monitoring_report_submit(actor=admin, station=station, period=month, scores=scores,
                                                 narrative=f"{month:%Y年%m月}监测情况总体平稳。", findings=findings)
            made += 1
            if findings and back > 0 and category is not None:
                sm.monitoring_finding_to_case(actor=admin, finding=report.findings.get(), category=category,
                                              contact_name="监测点联络员", contact_phone=f"1380000{k:04d}")
    return f"{len(points)} 个监测点，{made} 份月度监测报告"
