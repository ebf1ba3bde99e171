"""Deputies and stations: HTML pages. Views parse input and call services; reads go through the
selectors' permission funnel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from shuanglian.chains.contacts import contact_enterprises
from shuanglian.core.errors import BusinessError
from shuanglian.core.pagination import Paginator
from shuanglian.core.permissions import deny_write, is_staff_role, reads_region, require_staff
from shuanglian.core.replica import replica_reads
from shuanglian.lib.excel import xlsx_response
from shuanglian.lib.phones import phone_mask
from shuanglian.lib.qr import qr_png, qr_svg, qr_svg_inline

from . import excel_io, services
from .filters import DeputyFilter, StationFilter
from .forms import DeputyForm, ImportForm, MemberForm, StationForm
from .models import Deputy, MemberKind
from .selectors import (
    access_deputy,
    access_member,
    access_station,
    can_manage_code,
    can_write_region,
    is_deputy_role,
    public_notice,
)
from .selectors import (
    deputy_list as deputy_qs,
)
from .selectors import (
    station_list as station_qs,
)

PAGE_SIZE = 50


def _require_registry_reader(user):
    """Department handlers work on cases, not the registry: the list pages are not theirs."""
    if not (reads_region(user) or is_deputy_role(user)):
        deny_write("您的角色无权查看代表名册和履职阵地。")


def _form_error(form, exc: BusinessError):
    form.add_error(None, exc.message)


# --- deputies -----------------------------------------------------------------------------------

@login_required
def deputy_list(request):
    user = request.user
    _require_registry_reader(user)
    filterset = DeputyFilter(request.GET or None, queryset=deputy_qs(user), request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for d in page:
        d.phone_masked = phone_mask(d.phone)
    return render(request, "deputies/deputy_list.html", {
        "filter": filterset, "page": page, "can_write": is_staff_role(user),
        "can_export": reads_region(user),
    })


@login_required
def deputy_detail(request, pk):
    deputy = access_deputy(request.user, pk)
    stations = station_qs(request.user).filter(memberships_q(deputy)).distinct()
    return render(request, "deputies/deputy_detail.html", {
        "deputy": deputy, "phone_masked": phone_mask(deputy.phone), "stations": stations,
        "can_write": can_write_region(request.user, deputy.region),
        "contact_enterprises": contact_enterprises(deputy),
        "can_manage_code": can_manage_code(request.user, deputy),
    })


def memberships_q(deputy):
    return Q(head=deputy) | Q(members__deputy=deputy)


@login_required
def deputy_create(request):
    require_staff(request.user)
    form = DeputyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            deputy = services.deputy_create(actor=request.user, **form.cleaned_data)
        except BusinessError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"已登记代表「{deputy.name}」。")
            return redirect("deputies:deputy_detail", pk=deputy.pk)
    return render(request, "deputies/deputy_form.html", {"form": form, "title": "登记代表"})


@login_required
def deputy_edit(request, pk):
    deputy = access_deputy(request.user, pk, write=True)
    form = DeputyForm(request.POST or None, instance=Deputy.objects.get(pk=deputy.pk), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.deputy_update(deputy=deputy, actor=request.user, **form.cleaned_data)
        except BusinessError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "代表信息已保存。")
            return redirect("deputies:deputy_detail", pk=deputy.pk)
    return render(request, "deputies/deputy_form.html", {"form": form, "title": f"修改代表信息：{deputy.name}", "deputy": deputy})


@login_required
@require_POST
def deputy_deactivate(request, pk):
    deputy = access_deputy(request.user, pk, write=True)
    try:
        services.deputy_deactivate(deputy=deputy, actor=request.user, note=request.POST.get("note", ""))
    except BusinessError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"代表「{deputy.name}」已设为离任。")
    return redirect("deputies:deputy_detail", pk=deputy.pk)


@login_required
@replica_reads
def deputy_export(request):
    user = request.user
    if not reads_region(user):
        deny_write("您的角色无权导出代表名册。")
    filterset = DeputyFilter(request.GET or None, queryset=deputy_qs(user), request=request)
    deputies = list(filterset.qs)
    masked = not is_staff_role(user)
    services.deputy_export_record(actor=user, count=len(deputies), masked=masked, query=request.GET.urlencode())
    return xlsx_response(excel_io.deputies_workbook(deputies, masked=masked), "代表名册.xlsx")


@login_required
def deputy_template(request):
    require_staff(request.user)
    return xlsx_response(excel_io.deputies_template(), "代表名册导入模板.xlsx")


@login_required
def deputy_import(request):
    return _import(request, excel_io.deputies_import, "导入代表名册", "deputies:deputy_template", "deputies:deputy_list", "名代表")


def _import(request, run, title, template_url, done_url, unit):
    require_staff(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        created, errors = run(file=form.cleaned_data["file"], actor=request.user)
        if not errors:
            messages.success(request, f"导入成功：共 {created} {unit}。")
            return redirect(done_url)
    return render(request, "deputies/import.html", {
        "form": form, "errors": errors, "title": title, "template_url": template_url, "back_url": done_url,
    })


# --- stations -----------------------------------------------------------------------------------

@login_required
def station_list(request):
    user = request.user
    _require_registry_reader(user)
    qs = station_qs(user).annotate(member_count=Count("members")).order_by("region__path", "kind", "name")
    filterset = StationFilter(request.GET or None, queryset=qs, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "deputies/station_list.html", {
        "filter": filterset, "page": page, "can_write": is_staff_role(user), "can_export": reads_region(user),
    })


@login_required
def station_detail(request, pk):
    user = request.user
    station = access_station(user, pk)
    can_write = can_write_region(user, station.region)
    members = list(station.members.all())
    for m in members:
        m.phone_masked = phone_mask(m.deputy.phone if m.deputy_id else m.phone)
    context = {
        "station": station, "members": members, "can_write": can_write, "notice": public_notice(station),
        "member_form": MemberForm(user=user, station=station) if can_write else None,
    }
    if can_write:  # the QR code opens the public intake form: staff hand it out, nobody else
        context["qr_version"] = station.intake_token[:8]
    return render(request, "deputies/station_detail.html", context)


@login_required
def station_create(request):
    require_staff(request.user)
    form = StationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            station = services.station_create(actor=request.user, **form.cleaned_data)
        except BusinessError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"已登记阵地「{station.name}」，已生成“一点一码”二维码。")
            return redirect("deputies:station_detail", pk=station.pk)
    return render(request, "deputies/station_form.html", {"form": form, "title": "登记履职阵地"})


@login_required
def station_edit(request, pk):
    station = access_station(request.user, pk, write=True)
    form = StationForm(request.POST or None, instance=type(station).objects.get(pk=station.pk), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.station_update(station=station, actor=request.user, **form.cleaned_data)
        except BusinessError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "阵地信息已保存。")
            return redirect("deputies:station_detail", pk=station.pk)
    return render(request, "deputies/station_form.html", {"form": form, "title": f"修改阵地：{station.name}", "station": station})


@login_required
@require_POST
def station_member_add(request, pk):
    station = access_station(request.user, pk, write=True)
    form = MemberForm(request.POST, user=request.user, station=station)
    if form.is_valid():
        data = form.cleaned_data
        try:
            member = services.station_member_add(
                station=station, actor=request.user, kind=data["kind"],
                deputy=data["deputy"] if data["kind"] == MemberKind.DEPUTY else None,
                name=data["name"], phone=data["phone"],
            )
        except BusinessError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已添加{member.get_kind_display()}「{member}」。")
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect("deputies:station_detail", pk=station.pk)


@login_required
@require_POST
def station_member_remove(request, pk, member_pk):
    member = access_member(request.user, pk, member_pk)
    services.station_member_remove(member=member, actor=request.user)
    messages.success(request, f"已移除「{member}」。")
    return redirect("deputies:station_detail", pk=pk)


@login_required
def station_rotate(request, pk):
    """Confirm step, then rotate: the printed QR codes stop working at once."""
    station = access_station(request.user, pk, write=True)
    if request.method == "POST":
        services.station_rotate_token(station=station, actor=request.user, note=request.POST.get("note", ""))
        messages.success(request, "已更换二维码。旧二维码已失效，请下载新二维码并重新打印张贴。")
        return redirect("deputies:station_detail", pk=station.pk)
    return render(request, "deputies/station_rotate.html", {"station": station})


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


@login_required
def station_qr_png(request, pk):
    station = access_station(request.user, pk, write=True)
    response = HttpResponse(qr_png(station.intake_url), content_type="image/png")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="station-{station.pk}-qr.png"'
    return _no_store(response)


@login_required
def station_qr_svg(request, pk):
    station = access_station(request.user, pk, write=True)
    response = HttpResponse(qr_svg(station.intake_url, title=f"{station.name} 一点一码"), content_type="image/svg+xml")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="station-{station.pk}-qr.svg"'
    return _no_store(response)


@login_required
def station_poster(request, pk):
    station = access_station(request.user, pk, write=True)
    return render(request, "deputies/station_poster.html", {
        "station": station, "notice": public_notice(station),
        "qr": mark_safe(qr_svg_inline(station.intake_url)),  # noqa: S308 - markup generated by segno
    })


@login_required
@replica_reads
def station_export(request):
    user = request.user
    if not reads_region(user):
        deny_write("您的角色无权导出履职阵地。")
    qs = station_qs(user).annotate(member_count=Count("members")).order_by("region__path", "kind", "name")
    stations = StationFilter(request.GET or None, queryset=qs, request=request).qs
    return xlsx_response(excel_io.stations_workbook(stations, with_intake_url=is_staff_role(user)), "履职阵地.xlsx")


@login_required
def station_template(request):
    require_staff(request.user)
    return xlsx_response(excel_io.stations_template(), "履职阵地导入模板.xlsx")


@login_required
def station_import(request):
    return _import(request, excel_io.stations_import, "导入履职阵地", "deputies:station_template", "deputies:station_list", "个阵地")
