"""Pages of 履职积分: rankings (staff, leaders; deputies once published), a deputy's own entries
with the objection form, staff's view of a deputy with the manual entry form, the rule table, the
objection queue and 亮分. Views parse input and call services; a refused write shows the Chinese
message and keeps what was typed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import (
    deny_read,
    deny_write,
    in_region_scope,
    is_staff_role,
    reads_region,
)
from shuanglian.deputies.selectors import station_list
from shuanglian.lib.parse import BadInput, id_or_none
from shuanglian.regions.selectors import access_region, region_list

from . import objections, services
from .inputs import date_value, period_or_default, region_param, station_param, version_value
from .models import Category, ObjectionKind, ObjectionStatus
from .periods import display, parse_quarter, quarter_of, quarters_of
from .selectors import (
    access_objection,
    access_points_deputy,
    access_rule,
    can_read_ranking,
    deputy_of,
    entry_list,
    objection_list,
    ranking,
    rule_list,
    totals_of,
)

PAGE = 100


def _page_number(request) -> int:
    number = id_or_none(request.GET.get("page") or "1")
    return number if number is not None and number < 100000 else 1


@login_required
def home(request):
    """The menu's entry: a deputy's own points; staff and leaders the ranking of their region."""
    if deputy_of(request.user) is not None:
        return redirect("points:me")
    return ranking_page(request)


@login_required
def ranking_page(request):
    error = ""
    try:
        period = period_or_default(request.GET.get("period"))
        station = station_param(request.user, request.GET.get("station"))
        region = station.region if station else region_param(request.user, request.GET.get("region"))
    except (BadInput, BusinessError) as exc:
        error, station = exc.message, None
        period, region = quarter_of(services.today()), getattr(request.user, "region", None)
        if region is None:
            deny_write("您的角色无权查看积分排名。")
    if not can_read_ranking(request.user, region, period) or (station and not reads_region(request.user)):
        deny_read()
    number = _page_number(request)
    board = ranking(period=period, region=region, station=station, limit=PAGE, offset=(number - 1) * PAGE)
    staff_here = is_staff_role(request.user) and in_region_scope(request.user, region)
    context = {
        "board": board, "period": period, "region": region, "station": station, "error": error,
        "page": number, "has_next": number * PAGE < board.deputies, "quarter": len(period) == 6,
        "regions": region_list(request.user).order_by("path") if reads_region(request.user) else [],
        "stations": station_list(request.user).order_by("name")[:300] if reads_region(request.user) else [],
        "may_publish": staff_here and station is None and len(period) == 6 and not board.published,
        "staff": reads_region(request.user), "is_deputy": deputy_of(request.user) is not None,
    }
    return render(request, "points/ranking.html", context)


@login_required
@require_POST
def publish(request):
    region = access_region(request.user, request.POST.get("region"))
    period = ""
    try:
        period = parse_quarter(request.POST.get("period"))
        services.point_publish(region=region, period=period, actor=request.user)
        messages.success(request, f"已亮分：{region.name}{display(period)}。该季度积分已冻结，之后的履职记录计入下一季度。")
    except (BadInput, BusinessError) as exc:
        messages.error(request, exc.message)
    url = reverse("points:ranking") + f"?region={region.pk}"
    return redirect(url + (f"&period={period}" if period else ""))


def _deputy_context(request, deputy, period):
    quarters = quarters_of(period)
    totals = totals_of(deputy, quarters)
    return {
        "deputy": deputy, "period": period, "entries": list(entry_list(deputy, quarters)[:500]),
        "totals": [(q, totals.get(q, 0)) for q in quarters], "total": sum(totals.values()) if totals else 0,
        "rules": rule_list(), "manual_rules": rule_list().filter(event_sourced=False, active=True),
        "kinds": ObjectionKind.choices, "objections": objection_list(request.user).filter(deputy=deputy)[:50],
        "today": services.today(),
    }


def _period(request) -> str:
    try:
        return period_or_default(request.GET.get("period") or str(services.today().year))
    except BadInput as exc:
        messages.error(request, exc.message)
        return str(services.today().year)


@login_required
def me(request):
    deputy = deputy_of(request.user)
    if deputy is None:
        deny_write("“我的积分”仅供人大代表使用。")
    return render(request, "points/me.html", _deputy_context(request, deputy, _period(request)) | {"own": True})


@login_required
def deputy_page(request, pk):
    deputy = access_points_deputy(request.user, pk)
    if deputy_of(request.user) is not None:
        return redirect("points:me")
    context = _deputy_context(request, deputy, _period(request))
    context["may_enter"] = is_staff_role(request.user) and in_region_scope(request.user, deputy.region)
    return render(request, "points/me.html", context | {"own": False})


@login_required
@require_POST
def manual(request, pk):
    deputy = access_points_deputy(request.user, pk)
    rule = rule_list().filter(code=request.POST.get("rule") or "").first()
    try:
        if rule is None:
            raise BusinessError("请选择积分规则。", code="rule_required")
        services.point_manual(deputy=deputy, rule=rule, reason=request.POST.get("reason") or "",
                              occurred_on=date_value(request.POST.get("occurred_on"), "发生日期"),
                              points=request.POST.get("points") or None, actor=request.user)
    except (BadInput, BusinessError) as exc:
        # refused: the page again with the message and what staff typed (nothing was written)
        context = _deputy_context(request, deputy, _period(request)) | {"own": False, "may_enter": True}
        return _refused(request, "points/me.html", context, exc.message, "manual", status=exc.status)
    messages.success(request, f"已为{deputy.name}录入“{rule.name}”。")
    return redirect("points:deputy", pk=deputy.pk)


def _refused(request, template, context, message, form, *, status):
    """A refused form: the page again (400, or 409 on a conflict) with the message and the input."""
    typed = {name: request.POST.get(name, "") for name in ("rule", "occurred_on", "points", "reason", "kind",
                                                             "entry", "name", "cap")}
    typed["active"] = request.POST.get("active") == "on"
    return render(request, template, context | {"refused": {"form": form, "message": message, "values": typed}},
                  status=status)


@login_required
@require_POST
def object_entry(request):
    deputy = deputy_of(request.user)
    if deputy is None:
        deny_write("只有代表本人可以提出积分异议。")
    kind = request.POST.get("kind") or ""
    try:
        entry = None
        if kind != ObjectionKind.MISSING:
            entry = entry_list(deputy).filter(pk=_int(request.POST.get("entry"))).first()
        rule = rule_list().filter(code=request.POST.get("rule") or "").first()
        objections.objection_submit(actor=request.user, kind=kind, entry=entry, rule=rule,
                                    reason=request.POST.get("reason") or "",
                                    occurred_on=date_value(request.POST.get("occurred_on"), "发生日期"))
    except (BadInput, BusinessError) as exc:
        context = _deputy_context(request, deputy, _period(request)) | {"own": True}
        return _refused(request, "points/me.html", context, exc.message, "object", status=exc.status)
    messages.success(request, "异议已提交，人大工作人员处理后将在此显示结果。")
    return redirect("points:me")


def _int(value):
    return id_or_none(value or "")


@login_required
def objection_queue(request):
    if not reads_region(request.user):
        deny_write("积分异议由人大工作人员处理。")
    status = request.GET.get("status", ObjectionStatus.SUBMITTED)
    status = status if status in ObjectionStatus.values else ""
    rows = list(objection_list(request.user, status=status)[:200])
    return render(request, "points/objections.html", {
        "rows": [{"o": o, "actions": objections.WORKFLOW.allowed(o, request.user)} for o in rows],
        "status": status, "statuses": ObjectionStatus.choices})


@login_required
@require_POST
def objection_act(request, pk, name):
    obj = access_objection(request.user, pk)
    note, version = request.POST.get("note") or "", None
    try:
        version = version_value(request.POST)
        if name == "accept":
            objections.objection_accept(objection=obj, actor=request.user, note=note,
                                        points=request.POST.get("points") or None, expected_version=version)
        elif name == "reject":
            objections.objection_reject(objection=obj, actor=request.user, note=note, expected_version=version)
        elif name == "withdraw":
            objections.objection_withdraw(objection=obj, actor=request.user, expected_version=version)
        else:
            raise BusinessError("不支持的操作。", code="unknown_action")
        messages.success(request, f"已{objections.ACTIONS[name].label}。")
    except (BadInput, BusinessError) as exc:
        messages.error(request, exc.message)
    return redirect("points:me" if deputy_of(request.user) is not None else "points:objections")


@login_required
def rules_page(request):
    return render(request, "points/rules.html", _rules_context(request))


def _rules_context(request) -> dict:
    return {"rules": rule_list(), "may_edit": services.can_edit_rules(request.user), "categories": Category.choices}


@login_required
@require_POST
def rule_edit(request, pk):
    rule = access_rule(request.user, pk)
    try:
        services.point_rule_update(rule=rule, actor=request.user, name=request.POST.get("name") or "",
                                   points=request.POST.get("points"), cap=request.POST.get("cap") or None,
                                   active=request.POST.get("active") == "on", expected_version=version_value(request.POST))
    except (BadInput, BusinessError) as exc:
        return _refused(request, "points/rules.html", _rules_context(request) | {"refused_rule": rule.pk},
                        f"“{rule.name}”未修改：{exc.message}", "rule", status=exc.status)
    messages.success(request, f"已修改“{rule.name}”，自明日起生效；已写入的积分不变。")
    return redirect("points:rules")
