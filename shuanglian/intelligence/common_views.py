"""共性诉求 page and its .xlsx: the month's common demands of the reader's region, all chains or one
(issue 10.3); staff accept a cluster as 每月一题 (monthly.py), listed on the topics page.
Staff and leaders (regional readers) only; the month is ?month=YYYY-MM (default: this month)."""

import datetime as dt
import io
import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from shuanglian.cases.models import CaseStatus, ReplyResult
from shuanglian.cases.selectors import case_list
from shuanglian.chains.selectors import access_chain, chain_list
from shuanglian.core.errors import BusinessError
from shuanglian.core.form_fields import ModelChoiceField, ModelMultipleChoiceField
from shuanglian.core.permissions import is_staff_role, reads_region
from shuanglian.lib.excel import XLSX_CONTENT_TYPE
from shuanglian.lib.text import xml_safe

from .clusters import common_demands, month_bounds
from .monthly import monthly_topic_accept, monthly_topic_list

MONTH = re.compile(r"^(20\d\d)-(0[1-9]|1[0-2])$")


def _month(raw: str | None) -> dt.date:
    if not raw:
        return timezone.localdate().replace(day=1)
    m = MONTH.match(raw.strip())
    if not m:
        raise BusinessError("月份格式应为 YYYY-MM，如 2026-11。", code="bad_month")
    return dt.date(int(m.group(1)), int(m.group(2)), 1)


def _months_before(month: dt.date, n: int = 3) -> list[str]:
    return [month_bounds(month, b)[0].strftime("%Y-%m") for b in range(n, 0, -1)]


def _reader(user):
    if not reads_region(user) or getattr(user, "region", None) is None:
        raise PermissionDenied("共性诉求分析仅供人大工作人员和领导查看。")


@login_required
def common_list(request):
    user = request.user
    _reader(user)
    error, month, chain = "", timezone.localdate().replace(day=1), None
    try:
        month = _month(request.GET.get("month"))
        if request.GET.get("chain"):
            chain = access_chain(user, request.GET["chain"])
    except BusinessError as exc:
        error = exc.message
    found = common_demands(user, region=user.region, month=month, chain=chain)
    if request.GET.get("format") == "xlsx" and not error:
        return _xlsx(found, month)
    accepted = {t.label: t for t in monthly_topic_list(user).filter(month=month)}
    return render(request, "intelligence/common.html", {
        "clusters": [(c, accepted.get(c.label)) for c in found], "month": month.strftime("%Y-%m"),
        "before": _months_before(month), "error": error, "chain": chain, "chains": chain_list(user).order_by("name"),
        "can_accept": is_staff_role(user) and not error}, status=400 if error else 200)


def _xlsx(found, month):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("共性诉求")
    ws.append(["关键词", "诉求件数", "企业数", "镇街数", *[f"{m}同类件数" for m in _months_before(month)],
               "已解决占比(%)", "涉及部门", "诉求编号"])
    for c in found:
        ws.append([xml_safe(c.label), len(c.cases), c.enterprises, c.towns, *c.trend, c.solved_share,
                   xml_safe("、".join(c.departments)), "、".join(case.number for case in c.cases)])
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return FileResponse(out, content_type=XLSX_CONTENT_TYPE, as_attachment=True,
                        filename=f"共性诉求-{month:%Y-%m}.xlsx")


class AcceptForm(forms.Form):
    month = forms.CharField(label="月份")
    label = forms.CharField(label="关键词", max_length=100)
    note = forms.CharField(label="立题说明", required=False, max_length=2000)
    cases = ModelMultipleChoiceField(label="诉求", queryset=None)
    chain = ModelChoiceField(label="产业链", queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = case_list(user)
        self.fields["chain"].queryset = chain_list(user)
        self.fields["cases"].error_messages["invalid_choice"] = "部分诉求不存在或无权查看，请刷新页面后重试。"


@login_required
@require_POST
def common_accept(request):
    """One cluster of the page → 每月一题 (staff only); back to the page with the result."""
    user = request.user
    _reader(user)
    form = AcceptForm(request.POST, user=user)
    back = f"?month={request.POST.get('month', '')}"
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect(f"{request.path.removesuffix('accept/')}{back}")
    d = form.cleaned_data
    try:
        topic = monthly_topic_accept(actor=user, region=user.region, month=_month(d["month"]), label=d["label"],
                                     cases=list(d["cases"]), chain=d["chain"], note=d["note"])
    except BusinessError as exc:
        messages.error(request, exc.message)
        return redirect(f"{request.path.removesuffix('accept/')}{back}")
    messages.success(request, f"已确定为{topic.month:%Y年%m月}每月一题：{topic.label}。")
    return redirect("intelligence:monthly_topics")


@login_required
def monthly_topics(request):
    """每月一题 of the region, newest first, with where each went and how its cases stand now."""
    user = request.user
    _reader(user)
    topics = list(monthly_topic_list(user).prefetch_related("cases")[:200])
    for t in topics:  # how its cases stand now: the topic is followed until its firms' problems are solved
        members = list(t.cases.all())
        t.solved = sum(c.status == CaseStatus.CLOSED and c.reply_result == ReplyResult.SOLVED for c in members)
        t.size = len(members)
    return render(request, "intelligence/monthly_topics.html", {"topics": topics, "can_hand_over": is_staff_role(user)})


urlpatterns = [
    path("cases/common/", common_list, name="common"),
    path("cases/common/accept/", common_accept, name="common_accept"),
    path("cases/common/topics/", monthly_topics, name="monthly_topics"),
]
