"""履职活动 pages: the list in scope and recording an activity at a station with who attended."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from shuanglian.chains.models import Enterprise
from shuanglian.core.errors import BusinessError
from shuanglian.core.pagination import Paginator
from shuanglian.core.permissions import deny_write, reads_region
from shuanglian.deputies.models import Deputy, StationMember
from shuanglian.lib.excel import xlsx_response

from . import services
from .excel_activities import activities_import, activities_template
from .forms import ActivityForm
from .selectors import access_station_receptions, activity_list, deputy_of, station_deputies, today
from .selectors_contacts import station_scope_q

PAGE_SIZE = 50
MAX_ENTERPRISES = 500  # enterprises offered as visited (the station's region and chain)


@login_required
def activities(request):
    if not (reads_region(request.user) or deputy_of(request.user) is not None):
        deny_write("您的角色无权查看履职活动。")
    qs = activity_list(request.user).order_by("-date", "-id")
    kind = request.GET.get("kind", "")
    if kind:
        qs = qs.filter(kind=kind)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "duties/activities.html", {"page": page, "kind": kind,
                                                      "kinds": ActivityForm.base_fields["kind"].choices})


def _form(station, data=None):
    deputies = Deputy.objects.filter(pk__in=[d.pk for d in station_deputies(station)]).order_by("name")
    grid = StationMember.objects.filter(station=station, deputy__isnull=True).order_by("id")
    enterprises = (Enterprise.objects.filter(station_scope_q(station))
                   .only("id", "name", "scale", "is_chain_master", "is_specialised", "is_little_giant")
                   .order_by("name", "id")[:MAX_ENTERPRISES])
    return ActivityForm(data, deputies=deputies, grid_workers=grid, enterprises=list(enterprises),
                        initial={"date": today()})


@login_required
def activity_create(request, pk):
    station = access_station_receptions(request.user, pk, write=True)
    form = _form(station, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            present, absent = list(data["present"]), list(data["absent"])
            activity = services.activity_create(
                actor=request.user, kind=data["kind"], title=data["title"], date=data["date"], region=station.region,
                station=station, place=data["place"], organiser=data["organiser"], notes=data["notes"],
                deputies=present + absent, absent=absent, members=list(data["grid_workers"]),
                enterprises=form.chosen_enterprises())
            messages.success(request, f"已登记{activity.get_kind_display()}“{activity.title}”。")
            return redirect("duties:activities")
        except BusinessError as exc:
            form.add_error(None, exc.message)
    status = 400 if request.method == "POST" else 200
    return render(request, "duties/activity_form.html", {"form": form, "station": station}, status=status)


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")


@login_required
def activities_import_view(request, pk):
    """Historic activities of a station from Excel (staff of the station's region only)."""
    station = access_station_receptions(request.user, pk, write=True)
    if request.GET.get("template"):
        return xlsx_response(activities_template(), "履职活动导入模板.xlsx")
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    errors = []
    if request.method == "POST" and form.is_valid():
        created, errors = activities_import(file=form.cleaned_data["file"], actor=request.user, station=station)
        if not errors:
            messages.success(request, f"导入成功：登记履职活动 {created} 次。")
            return redirect("duties:activities")
    return render(request, "duties/activities_import.html", {"form": form, "errors": errors, "station": station},
                  status=400 if errors or form.errors else 200)
