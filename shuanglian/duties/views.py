"""Pages of the duty chain for staff and deputies. Views parse input and call services; reads go
through the selectors' funnel. A refused save keeps what the person typed (the form is shown
again with the message)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from shuanglian.cases.selectors import case_list, with_light
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import deny_read, deny_write, reads_region
from shuanglian.deputies.models import Deputy
from shuanglian.deputies.selectors import station_list

from . import services
from .forms import DemandForm, PageForm, RecordForm, RuleForm, ScheduleForm
from .mine import is_announced, my_duties
from .models import Reception, StationPage
from .selectors import (
    MIN_RECEPTIONS_A_YEAR,
    access_reception,
    access_station_receptions,
    attendance,
    can_manage,
    deputy_of,
    next_receptions,
    on_duty,
    station_deputies,
    today,
)


@login_required
def home(request):
    """The menu's entry: a deputy's own page; staff and leaders get their stations' reception days."""
    if deputy_of(request.user) is not None:
        return redirect("duties:me")
    if not reads_region(request.user):
        deny_write("您的角色无权查看代表履职。")
    on = today()
    stations = list(station_list(request.user).filter(is_active=True).order_by("region__path", "name")[:200])
    rows = [{"station": s, "next": next(iter(next_receptions(s, on=on, count=1)), None)} for s in stations]
    return render(request, "duties/home.html", {"rows": rows})


@login_required
def me(request):
    deputy = deputy_of(request.user)
    if deputy is None:
        deny_write("“我的履职”仅供人大代表使用。")
    mine = my_duties(request.user, deputy)
    return render(request, "duties/me.html", {"mine": mine, "announced": is_announced(mine.next_duty),
                                              "today": today()})


STATION_CASES = 20


def _station_context(request, station, **forms):
    on = today()
    deputies = station_deputies(station)
    counts = attendance([d.pk for d in deputies], on.year)
    page = StationPage.objects.filter(station=station).first()
    manage = can_manage(request.user, station)
    context = {
        "station": station, "manage": manage, "year": on.year, "minimum": MIN_RECEPTIONS_A_YEAR,
        "rules": station.reception_rules.order_by("id"), "upcoming": next_receptions(station, on=on, count=6),
        "receptions": Reception.objects.filter(station=station).order_by("-date")[:24],
        "attendance": [{"deputy": d, "count": counts[d.pk], "below": counts[d.pk] < MIN_RECEPTIONS_A_YEAR}
                       for d in deputies],
        "page": page,
        # the demands this station collected, as far as the reader may open them (no dead end)
        "cases": with_light(case_list(request.user).filter(station=station)).order_by("-submitted_at")[:STATION_CASES],
        "cases_total": case_list(request.user).filter(station=station).count(),
    }
    if manage:
        context["rule_form"] = forms.get("rule_form") or RuleForm(initial={"valid_from": on})
        context["schedule_form"] = forms.get("schedule_form") or ScheduleForm(deputies=_roster_choices(station))
        context["page_form"] = forms.get("page_form") or PageForm(initial={
            "is_public": page.is_public if page else False, "procedure": page.procedure if page else "",
            "rules": page.rules if page else ""})
    return context


def _roster_choices(station):
    return Deputy.objects.filter(pk__in=[d.pk for d in station_deputies(station)]).order_by("name")


@login_required
def station_receptions(request, pk):
    station = access_station_receptions(request.user, pk)
    return render(request, "duties/station.html", _station_context(request, station))


@login_required
@require_POST
def station_rule_add(request, pk):
    station = access_station_receptions(request.user, pk, write=True)
    form = RuleForm(request.POST)
    if form.is_valid():
        try:
            services.reception_rule_create(station=station, actor=request.user, **form.cleaned_data)
            messages.success(request, "已添加接待日规则。")
            return redirect("duties:station", pk=station.pk)
        except BusinessError as exc:
            form.add_error(None, exc.message)
    return render(request, "duties/station.html", _station_context(request, station, rule_form=form), status=400)


@login_required
@require_POST
def station_rule_end(request, pk, rule_pk):
    station = access_station_receptions(request.user, pk, write=True)
    rule = station.reception_rules.filter(pk=rule_pk).first()
    if rule is None:
        deny_read()
    try:
        services.reception_rule_end(rule=rule, actor=request.user, valid_until=today())
        messages.success(request, "接待日规则已停用，今后不再按此规则安排接待。")
    except BusinessError as exc:
        messages.error(request, exc.message)
    return redirect("duties:station", pk=station.pk)


@login_required
@require_POST
def station_schedule(request, pk):
    station = access_station_receptions(request.user, pk, write=True)
    form = ScheduleForm(request.POST, deputies=_roster_choices(station))
    if form.is_valid():
        try:
            data = form.cleaned_data
            reception = services.reception_schedule(
                station=station, actor=request.user, date=data["date"], kind=data["kind"],
                start_time=data["start_time"], end_time=data["end_time"], officials=data["officials"],
                deputies=list(data["deputies"]))
            messages.success(request, f"已安排{reception.date:%Y年%-m月%-d日}的{reception.get_kind_display()}。")
            return redirect("duties:reception", pk=reception.pk)
        except BusinessError as exc:
            form.add_error(None, exc.message)
    return render(request, "duties/station.html", _station_context(request, station, schedule_form=form), status=400)


@login_required
@require_POST
def station_page(request, pk):
    station = access_station_receptions(request.user, pk, write=True)
    form = PageForm(request.POST)
    if form.is_valid():
        try:
            services.station_page_save(station=station, actor=request.user, **form.cleaned_data)
            messages.success(request, "公示页设置已保存。")
            return redirect("duties:station", pk=station.pk)
        except BusinessError as exc:
            form.add_error(None, exc.message)
    return render(request, "duties/station.html", _station_context(request, station, page_form=form), status=400)


def _reception_context(request, reception, **forms):
    user = request.user
    mine = on_duty(user, reception)
    manage = can_manage(user, reception.station)
    may_write = manage or mine is not None
    held = today() >= reception.date
    return {
        "reception": reception, "manage": manage, "mine": mine, "held": held,
        "may_sign_in": deputy_of(user) is not None and (mine is None or mine.signed_in_at is None)
                       and today() == reception.date,
        "duties": reception.duties.select_related("deputy").order_by("id"),
        "visitors": reception.visitors.order_by("id"),
        "demands": reception.demands.select_related("case").order_by("id"),
        "record_form": (forms.get("record_form") or RecordForm(initial={
            "version": reception.version, "notes": reception.notes, "answered_on_spot": reception.answered_on_spot,
            "officials": reception.officials,
            "enterprises": "\n".join(reception.visitors.order_by("id").values_list("enterprise_name", flat=True))})
        ) if may_write and held else None,
        "demand_form": (forms.get("demand_form") or DemandForm()) if may_write and held else None,
        "conflict": forms.get("conflict", False),
    }


@login_required
def reception_detail(request, pk):
    reception = access_reception(request.user, pk)
    return render(request, "duties/reception.html", _reception_context(request, reception))


@login_required
@require_POST
def reception_sign_in(request, pk):
    reception = access_reception(request.user, pk)
    try:
        services.reception_sign_in(reception=reception, actor=request.user)
        messages.success(request, "签到成功。")
    except BusinessError as exc:
        messages.error(request, exc.message)
    return redirect("duties:reception", pk=reception.pk)


@login_required
@require_POST
def reception_record(request, pk):
    reception = access_reception(request.user, pk, write=True)
    form = RecordForm(request.POST)
    conflict = False
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.reception_record(reception=reception, actor=request.user, version=data["version"],
                                      notes=data["notes"], answered_on_spot=data["answered_on_spot"],
                                      enterprises=form.enterprise_names(), officials=data["officials"])
            messages.success(request, "接待记录已保存。")
            return redirect("duties:reception", pk=reception.pk)
        except BusinessError as exc:
            form.add_error(None, exc.message)
            conflict = exc.code == "concurrent_update"
    reception.refresh_from_db()
    status = 409 if conflict else 400
    return render(request, "duties/reception.html",
                  _reception_context(request, reception, record_form=form, conflict=conflict), status=status)


@login_required
@require_POST
def reception_demand(request, pk):
    reception = access_reception(request.user, pk)
    form = DemandForm(request.POST)
    if form.is_valid():
        try:
            case = services.reception_demand_take(reception=reception, actor=request.user, **form.cleaned_data)
            messages.success(request, f"诉求已登记（{case.number}），已进入诉求闭环办理。")
            return redirect("duties:reception", pk=reception.pk)
        except BusinessError as exc:
            errors = getattr(exc, "errors", None)
            for name, message in (errors or {}).items():
                form.add_error(name if name in form.fields else None, message)
            if not errors:
                form.add_error(None, exc.message)
    return render(request, "duties/reception.html", _reception_context(request, reception, demand_form=form),
                  status=400)


