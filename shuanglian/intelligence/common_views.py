"""共性诉求 page and its .xlsx: the month's common demands of the reader's region (issue 10.3).
Staff and leaders (regional readers) only; the month is ?month=YYYY-MM (default: this month)."""

import datetime as dt
import io
import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from openpyxl import Workbook

from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import reads_region
from shuanglian.lib.excel import XLSX_CONTENT_TYPE
from shuanglian.lib.text import xml_safe

from .clusters import common_demands, month_bounds

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


@login_required
def common_list(request):
    user = request.user
    if not reads_region(user) or getattr(user, "region", None) is None:
        raise PermissionDenied("共性诉求分析仅供人大工作人员和领导查看。")
    error, month = "", timezone.localdate().replace(day=1)
    try:
        month = _month(request.GET.get("month"))
    except BusinessError as exc:
        error = exc.message
    found = common_demands(user, region=user.region, month=month)
    if request.GET.get("format") == "xlsx" and not error:
        return _xlsx(found, month)
    return render(request, "intelligence/common.html", {
        "clusters": found, "month": month.strftime("%Y-%m"), "before": _months_before(month), "error": error},
        status=400 if error else 200)


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


urlpatterns = [path("cases/common/", common_list, name="common")]
