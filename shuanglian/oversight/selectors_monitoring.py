"""Reads of business-environment monitoring: which points report to whom, and the figures by
indicator, dimension and month (0–100 points averaged over the region's reports)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Count, Q, Sum

from shuanglian.core.permissions import (
    deny_read,
    is_admin,
    reads_region,
    region_subtree_q,
    subtree_q,
)
from shuanglian.deputies.models import Station, StationKind
from shuanglian.lib.parse import id_or_none
from shuanglian.lib.workdays import months_later

from .models import Indicator, MonitoringFinding, MonitoringMonth, MonitoringReport, Score
from .selectors_campaigns import solved_case_q


def report_list(user):
    qs = MonitoringReport.objects.select_related("station", "region")
    if not user.is_authenticated:
        return qs.none()
    if is_admin(user):
        return qs
    if reads_region(user):
        return qs.filter(region_subtree_q(user))
    deputy = getattr(user, "deputy", None)
    if deputy is not None:
        return qs.filter(Q(station__head=deputy) | Q(station__members__deputy=deputy)).distinct()
    return qs.none()


def access_report(user, report_id) -> MonitoringReport:
    pk = id_or_none(report_id)
    report = report_list(user).filter(pk=pk).first() if pk is not None else None
    if report is None:
        deny_read()
    return report


def point_list(user):
    """The monitoring points the user may report for or read."""
    qs = Station.objects.filter(kind=StationKind.MONITORING_POINT, is_active=True).select_related("region")
    if is_admin(user):
        return qs
    if reads_region(user):
        return qs.filter(region_subtree_q(user))
    deputy = getattr(user, "deputy", None) if user.is_authenticated else None
    if deputy is not None:
        return qs.filter(Q(head=deputy) | Q(members__deputy=deputy)).distinct()
    return qs.none()


@dataclass
class MonthFigures:
    month: dt.date
    points: int  # active points in scope
    reports: int
    missing: list  # points without a report this month
    dimensions: list  # [{"name", "points", "previous", "change"}]
    indicators: list  # [{"name", "dimension", "points", "previous"}], worst first
    new_problems: int
    problems_solved: int
    departments: list  # [{"name", "problems", "solved"}]: the month's findings in the loop, by lead department


def _averages(user, reports, month, region):
    """{indicator id: average points} of the month's reports in scope. Staff and leaders read a
    region subtree: its rows of the monthly roll-up (MonitoringMonth). A deputy reads only their own
    points' reports: those reports' scores."""
    if is_admin(user) or reads_region(user):
        rows = MonitoringMonth.objects.filter(period=month)
        if not is_admin(user):
            rows = rows.filter(region_subtree_q(user))
        if region is not None:
            rows = rows.filter(subtree_q(region))
        sums = rows.values("indicator_id").order_by().annotate(total=Sum("points_total"), n=Sum("scores"))
        return {r["indicator_id"]: r["total"] / r["n"] for r in sums if r["n"]}
    rows = (Score.objects.filter(report__in=reports.filter(period=month))
            .values("indicator_id").annotate(avg=Avg("points")))
    return {r["indicator_id"]: float(r["avg"]) for r in rows}


def month_figures(user, month: dt.date, *, region=None) -> MonthFigures:
    """The month's figures for the user's scope (or one region inside it), with the previous month
    beside each for the trend."""
    month = month.replace(day=1)
    reports = report_list(user)
    points = point_list(user)
    if region is not None:
        reports, points = reports.filter(subtree_q(region)), points.filter(subtree_q(region))
    now = _averages(user, reports, month, region)
    before = _averages(user, reports, months_later(month, -1), region)
    tree = Indicator.objects.filter(is_active=True).order_by("parent_id", "order", "id")
    leaves = [i for i in tree if i.parent_id]
    dimensions = []
    for dim in (i for i in tree if i.parent_id is None):
        kids = [i.pk for i in leaves if i.parent_id == dim.pk]
        cur = [now[k] for k in kids if k in now]
        prev = [before[k] for k in kids if k in before]
        value = round(sum(cur) / len(cur), 1) if cur else None
        previous = round(sum(prev) / len(prev), 1) if prev else None
        dimensions.append({"name": dim.name, "points": value, "previous": previous,
                           "change": round(value - previous, 1) if value is not None and previous is not None else None})
    names = {i.pk: i for i in tree}
    indicators = sorted(
        ({"name": i.name, "dimension": names[i.parent_id].name, "points": round(now[i.pk], 1),
          "previous": round(before[i.pk], 1) if i.pk in before else None} for i in leaves if i.pk in now),
        key=lambda r: r["points"])
    reported = set(reports.filter(period=month).values_list("station_id", flat=True))
    findings = MonitoringFinding.objects.filter(report__in=reports.filter(period=month)).aggregate(
        new=Count("id"), solved=Count("id", filter=solved_case_q()))
    by_department = (MonitoringFinding.objects.filter(report__in=reports.filter(period=month), case__isnull=False)
                     .values("case__lead_department__name").order_by()
                     .annotate(problems=Count("id"), solved=Count("id", filter=solved_case_q())))
    departments = sorted(({"name": r["case__lead_department__name"] or "尚未交办", "problems": r["problems"],
                           "solved": r["solved"]} for r in by_department),
                         key=lambda r: (-r["problems"], r["name"]))
    point_rows = list(points.order_by("region__path", "name"))
    return MonthFigures(
        month=month, points=len(point_rows), reports=len(reported),
        missing=[p for p in point_rows if p.pk not in reported], dimensions=dimensions, indicators=indicators,
        new_problems=findings["new"], problems_solved=findings["solved"], departments=departments,
    )
