import csv
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from shuanglian.lib import workdays
from shuanglian.lib.excel import safe_value
from shuanglian.lib.parse import BadInput, parse_int

from . import audit_labels, services
from .errors import BusinessError
from .models import CalendarOverride, CalendarYear
from .pagination import Paginator
from .permissions import require_staff
from .selectors import AUDIT_FILTERS, access_audit_event, audit_event_list

AUDIT_EXPORT_MAX_ROWS = 100_000


# --- audit log (read-only by design: no view edits or deletes an AuditEvent) ----------------------

@login_required
@require_safe
def audit_list(request):
    """Staff browse the audit log of their region; admins see everything."""
    qs = audit_event_list(request.user, request.GET)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    export_query = request.GET.copy()
    export_query.pop("page", None)
    return render(
        request, "core/audit_list.html",
        {"page": page, "params": request.GET, "export_query": export_query.urlencode(),
         "event_choices": audit_labels.event_choices()},
    )


@login_required
@require_safe
def audit_detail(request, pk):
    """One event in full (an htmx drawer on the list page, a page of its own otherwise)."""
    event = access_audit_event(request.user, pk)
    template = "core/partials/audit_detail.html" if request.htmx else "core/audit_detail.html"
    return render(request, template, {"e": event})


class _Echo:
    def write(self, value):
        return value


@login_required
@require_safe
def audit_export(request):
    """CSV (UTF-8 with BOM, opens in Excel/WPS) of the filtered events; the export itself is audited."""
    qs = audit_event_list(request.user, request.GET)
    count = min(qs.count(), AUDIT_EXPORT_MAX_ROWS)
    services.audit_export_record(
        actor=request.user, filters={k: request.GET.get(k, "") for k in AUDIT_FILTERS}, count=count, fmt="csv"
    )
    writer = csv.writer(_Echo())
    # the first eleven columns keep their places (spreadsheets built on earlier exports); the
    # sentence and the raw code come last
    header = ["编号", "时间", "操作人", "事件", "对象类型", "对象编号", "对象", "变更", "说明", "请求编号", "IP",
              "经过", "事件代码"]

    def rows():
        yield "\ufeff" + writer.writerow(header)
        for e in qs[:AUDIT_EXPORT_MAX_ROWS].iterator(chunk_size=2000):
            changes = "；".join(f"{c['label']}：{c['old']} → {c['new']}" for c in audit_labels.changes_rows(e))
            values = [e.pk, timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"), e.actor_label,
                      audit_labels.event_label(e.event_type), e.target_type, e.target_id, e.target_repr, changes,
                      e.note, e.request_id, e.ip or "", audit_labels.event_sentence(e), e.event_type]
            yield writer.writerow([safe_value(v) for v in values])

    filename = f"audit-{timezone.localdate():%Y%m%d}.csv"
    resp = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="{filename}"'
    return resp


# --- working-day calendar ----------------------------------------------------------------

def _year_param(value) -> int:
    try:
        year = parse_int(value, name="年份")
    except BadInput:
        return timezone.localdate().year
    return year if services.FIRST_YEAR <= year <= services.LAST_YEAR else timezone.localdate().year


@login_required
def calendar(request):
    """Staff see a year's overrides, whether the year is confirmed, and change them."""
    require_staff(request.user)
    year = _year_param(request.GET.get("year"))
    overrides = list(CalendarOverride.objects.filter(date__year=year).order_by("date"))
    record = CalendarYear.objects.filter(year=year).first()
    known = workdays.PACKAGE_FIRST_YEAR <= year <= workdays.PACKAGE_LAST_YEAR
    computed = [] if known else sorted(workdays.computed_rest_days(year).items())
    return render(request, "core/calendar.html", {
        "year": year, "overrides": overrides, "record": record, "known": known,
        "provisional": workdays.is_provisional(year), "computed": computed,
        "years": range(timezone.localdate().year - 1, timezone.localdate().year + 3),
    })


def _back(year):
    return redirect(f"{reverse('core:calendar')}?year={year}")


def _post_date(request):
    try:
        return dt.date.fromisoformat(request.POST.get("date", "").strip())
    except ValueError:
        raise BusinessError(_("请填写有效日期（YYYY-MM-DD）。"), code="invalid_date") from None


@login_required
@require_POST
def calendar_override_set(request):
    require_staff(request.user)
    year = _year_param(request.POST.get("year"))
    try:
        day = _post_date(request)
        year = day.year
        kind = request.POST.get("kind")
        if kind not in ("rest", "work"):
            raise BusinessError(_("请选择“休息日”或“调休上班”。"), code="invalid_kind")
        services.calendar_override_set(
            day=day, is_workday=kind == "work", name=request.POST.get("name", ""), actor=request.user
        )
    except BusinessError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已保存 %(day)s 的调整。") % {"day": day.isoformat()})
    return _back(year)


@login_required
@require_POST
def calendar_override_delete(request):
    require_staff(request.user)
    year = _year_param(request.POST.get("year"))
    try:
        day = _post_date(request)
        year = day.year
        services.calendar_override_delete(day=day, actor=request.user)
    except BusinessError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已删除 %(day)s 的调整。") % {"day": day.isoformat()})
    return _back(year)


@login_required
@require_POST
def calendar_year_confirm(request):
    require_staff(request.user)
    try:
        year = parse_int(request.POST.get("year", ""), name="年份")
    except BadInput:
        messages.error(request, _("年份无效。"))
        return redirect("core:calendar")
    confirmed = request.POST.get("confirmed", "1") == "1"
    try:
        services.calendar_year_confirm(
            year=year, confirmed=confirmed, note=request.POST.get("note", ""), actor=request.user
        )
    except BusinessError as exc:
        messages.error(request, exc.message)
        return redirect("core:calendar")
    messages.success(request, _("%(year)s 年放假安排已确认。") % {"year": year} if confirmed
                     else _("%(year)s 年放假安排已改回暂定。") % {"year": year})
    return _back(year)


def not_found(request, exception=None):
    """404 for the whole site: JSON {"detail", "code"} under /api/, a Chinese page elsewhere."""
    from django.http import JsonResponse

    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "未找到该地址或记录。", "code": "not_found"}, status=404)
    return render(request, "404.html", status=404)
