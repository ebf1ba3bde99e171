"""Business-environment monitoring pages: the month's figures with the trend, the points still to
report, a point's monthly report (a phone form), and the monthly brief as Word."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shuanglian.core.errors import BusinessError
from shuanglian.core.pagination import Paginator
from shuanglian.core.permissions import deny_write, is_staff_role, reads_region
from shuanglian.core.replica import replica_reads
from shuanglian.lib.docx import docx_response
from shuanglian.lib.parse import id_or_none, is_ascii_digits

from . import documents_monitoring, services_monitoring
from .inputs import first_error
from .models import MonitoringFinding
from .selectors_monitoring import access_report, month_figures, point_list, report_list
from .views_campaigns import ToCaseForm

REPORTS_PER_PAGE = 50


def _month(raw: str | None) -> dt.date:
    """YYYY-MM from the query; this month when absent or unreadable."""
    try:
        year, month = (int(x) for x in (raw or "").split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


@login_required
def monitoring_index(request):
    user = request.user
    if not (reads_region(user) or point_list(user).exists()):
        deny_write("您的角色无权查看营商环境监测。")
    month = _month(request.GET.get("month"))
    figures = month_figures(user, month)
    # A city's month has hundreds of reports: a page of them at a time (500 links cost 150 ms to render).
    reports = report_list(user).filter(period=month).order_by("station__name", "pk")
    page = Paginator(reports, REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "oversight/monitoring.html", {
        "figures": figures, "month": month, "page": page, "can_report": point_list(user).exists(),
        "can_brief": reads_region(user),
    })


@login_required
def monitoring_report_new(request):
    user = request.user
    points = point_list(user)
    leaves = services_monitoring.leaf_indicators()
    error, posted = "", {}
    if request.method == "POST":
        posted = request.POST
        station = points.filter(pk=id_or_none(posted.get("station", "")) or 0).first()
        scores = {}
        for i in leaves:
            raw = posted.get(f"score-{i.pk}", "")
            scores[i.pk] = int(raw) if is_ascii_digits(raw) else None
        try:
            if station is None:
                raise BusinessError("请选择监测点。", code="required")
            report = services_monitoring.monitoring_report_submit(
                actor=user, station=station, period=_month(posted.get("period")), scores=scores,
                narrative=posted.get("narrative", ""), findings=posted.get("findings", "").splitlines())
        except BusinessError as exc:
            error = exc.message
        else:
            messages.success(request, "监测报告已报送。")
            return redirect("oversight:monitoring_report", pk=report.pk)
    return render(request, "oversight/monitoring_form.html", {
        "points": points, "leaves": leaves, "error": error, "posted": posted,
        "default_month": timezone.localdate().strftime("%Y-%m"),
    }, status=400 if error else 200)


@login_required
def monitoring_report(request, pk):
    report = access_report(request.user, pk)
    scores = report.scores.select_related("indicator__parent").order_by("indicator__parent__order",
                                                                          "indicator__order")
    staff = is_staff_role(request.user)
    return render(request, "oversight/monitoring_report.html", {
        "report": report, "scores": scores, "findings": report.findings.select_related("case"),
        "to_case_form": ToCaseForm() if staff else None,
    })


@login_required
@require_POST
def monitoring_finding_to_case(request, finding_pk):
    finding = MonitoringFinding.objects.filter(pk=finding_pk, report__in=report_list(request.user)).first()
    if finding is None:
        access_report(request.user, 0)  # the funnel's 404
    form = ToCaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form.errors))
    else:
        try:
            case = services_monitoring.monitoring_finding_to_case(actor=request.user, finding=finding,
                                                                  **form.cleaned_data)
        except BusinessError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已转为诉求 {case.number}，进入闭环办理。")
    return redirect("oversight:monitoring_report", pk=finding.report_id)


@login_required
@replica_reads
def monitoring_brief(request):
    if not reads_region(request.user):
        deny_write("只有人大工作人员和领导可以下载监测月报。")
    month = _month(request.GET.get("month"))
    doc = documents_monitoring.monthly_brief(month_figures(request.user, month), request.user)
    return docx_response(doc, f"营商环境监测月报-{month:%Y年%m月}.docx")
