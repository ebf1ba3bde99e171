"""Writes of business-environment monitoring: a point's monthly report (every active indicator
scored, once a month), and a finding's one step into the closed loop."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from shuanglian.cases.intake import case_submit
from shuanglian.cases.models import Source
from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import deny_write, in_region_scope, is_staff_role
from shuanglian.deputies.models import StationKind

from . import monitoring_rollup
from .checks import clean_text
from .models import Indicator, MonitoringFinding, MonitoringReport, Scale, Score


def may_report(actor, station) -> bool:
    """Staff of the point's region, or a deputy posted at the point (its head or a member)."""
    if is_staff_role(actor) and in_region_scope(actor, station.region):
        return True
    deputy = getattr(actor, "deputy", None) if actor.is_authenticated else None
    return deputy is not None and (station.head_id == deputy.pk or station.members.filter(deputy=deputy).exists())


def leaf_indicators():
    return list(Indicator.objects.filter(is_active=True, parent__isnull=False, parent__is_active=True)
                .select_related("parent").order_by("parent__order", "order", "id"))


def _check_value(indicator: Indicator, value) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise BusinessError(f"请为“{indicator.name}”评分。", code="score_required")
    allowed = (0, 1) if indicator.scale == Scale.YES_NO else range(1, 6)
    if value not in allowed:
        hint = "是或否" if indicator.scale == Scale.YES_NO else "1 至 5 分"
        raise BusinessError(f"“{indicator.name}”应填{hint}。", code="invalid_score")
    return value


@transaction.atomic
def monitoring_report_submit(*, actor, station, period: dt.date, scores: dict, narrative: str = "",
                             findings=()) -> MonitoringReport:
    """`scores`: {indicator id: value}; every active indicator must be scored. One report per point
    and month; a second one is refused (it would double the point's weight in the figures)."""
    if station.kind != StationKind.MONITORING_POINT:
        raise BusinessError("只有营商环境监测点可以报送监测报告。", code="not_monitoring_point")
    if not may_report(actor, station):
        deny_write("只有本监测点的代表或本区域的人大工作人员可以报送监测报告。")
    if not isinstance(period, dt.date):
        raise BusinessError("请选择月份。", code="required")
    period = period.replace(day=1)
    if period > timezone.localdate():
        raise BusinessError("不能报送未来月份的监测报告。", code="future_date")
    indicators = leaf_indicators()
    values = {i.pk: _check_value(i, scores.get(i.pk)) for i in indicators}
    texts = [clean_text(f, "发现的问题", limit=2000) for f in findings if (f or "").strip()]
    try:
        with transaction.atomic():
            report = MonitoringReport.objects.create(
                station=station, region=station.region, period=period, submitted_by=actor,
                narrative=clean_text(narrative, "情况说明", limit=10000, required=False))
    except IntegrityError:
        raise BusinessError(f"{station.name}已报送{period:%Y年%m月}的监测报告。", code="duplicate") from None
    scores = Score.objects.bulk_create([Score(report=report, indicator=i, value=values[i.pk],
                                              points=i.points(values[i.pk])) for i in indicators])
    monitoring_rollup.report_added(report, scores)
    MonitoringFinding.objects.bulk_create([MonitoringFinding(report=report, content=t) for t in texts])
    audit_record(event_type="monitoring.report", actor=actor, target=report, region=station.region,
                 changes={"period": [None, f"{period:%Y-%m}"], "findings": [None, len(texts)]})
    return report


@transaction.atomic
def monitoring_finding_to_case(*, actor, finding: MonitoringFinding, category, contact_name: str,
                               contact_phone: str):
    """A problem a monitoring point reported enters the closed loop as a Case with source 营商环境监测点
    and the point as its station (so its region and followers come with it)."""
    finding = MonitoringFinding.objects.select_for_update(of=("self",)).select_related("report__station__region").get(
        pk=finding.pk)
    station = finding.report.station
    if not (is_staff_role(actor) and in_region_scope(actor, station.region)):
        deny_write("只有本区域的人大工作人员可以把监测发现转为诉求。")
    if finding.case_id:
        raise BusinessError("该问题已转为诉求。", code="already_case")
    case = case_submit(actor=actor, source=Source.MONITORING_POINT, title="", description=finding.content,
                       category=category, enterprise_name=station.host or station.name, contact_name=contact_name,
                       contact_phone=contact_phone, station=station,
                       actor_label=f"{actor}（{station.name}监测报告）")
    finding.case = case
    finding.save(update_fields=["case"])
    return case
