"""Regions (the tree, rolled up: 区镇两级联动) and departments (成员单位)."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render

from shuanglian.core.errors import BusinessError
from shuanglian.core.pagination import Paginator
from shuanglian.core.permissions import (
    deny_write,
    is_staff_role,
    reads_region,
    require_staff,
)

from . import services
from .filters import DepartmentFilter
from .forms import DepartmentForm
from .models import Department, Region
from .selectors import access_department, can_write_department, region_list
from .selectors import department_list as department_qs


@login_required
def department_list(request):
    user = request.user
    filterset = DepartmentFilter(request.GET or None, queryset=department_qs(user), request=request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    for dept in page:
        dept.writable = can_write_department(user, dept)
    return render(request, "regions/department_list.html", {
        "filter": filterset, "page": page, "can_write": is_staff_role(user),
    })


@login_required
def department_create(request):
    require_staff(request.user)
    form = DepartmentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "is_active"}
        try:
            dept = services.department_create(actor=request.user, **data)
        except BusinessError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已新增部门「{dept.name}」。")
            return redirect("regions:department_list")
    return render(request, "regions/department_form.html", {"form": form, "title": "新增部门"})


@login_required
def department_edit(request, pk):
    dept = access_department(request.user, pk)
    if not can_write_department(request.user, dept):
        deny_write("只有本区域的人大工作人员可以修改该部门。")
    form = DepartmentForm(request.POST or None, instance=Department.objects.get(pk=dept.pk), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.department_update(department=dept, actor=request.user, **form.cleaned_data)
        except BusinessError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "部门信息已保存。")
            return redirect("regions:department_list")
    return render(request, "regions/department_form.html", {"form": form, "title": f"修改部门：{dept.name}", "department": dept})


def _rolled_up(regions, relation):
    """{region id: active `relation` (a reverse relation of Region: "deputies", "stations",
    "departments") in the region and everything below it}, in one query. Reading through the
    reverse relation keeps regions from importing the apps above it."""
    by_code = {r.code: r for r in regions}
    by_id = {r.pk: r for r in regions}
    own = (Region.objects.filter(pk__in=list(by_id), **{f"{relation}__is_active": True})
           .values("pk").annotate(n=Count(relation)))
    total = Counter()
    for row in own:
        for code in by_id[row["pk"]].path.strip("/").split("/"):
            if code in by_code:
                total[by_code[code].pk] += row["n"]
    return total


@login_required
def region_tree(request):
    """The user's regions as a tree; a district sees each town's figures and the sum over them."""
    user = request.user
    regions = list(region_list(user))
    show_counts = reads_region(user)
    counts = {}
    if show_counts and regions:
        counts = {name: _rolled_up(regions, name) for name in ("deputies", "stations", "departments")}
    children = {}
    roots = []
    ids = {r.pk for r in regions}
    for r in regions:  # ordered by path: parents come first
        r.kids = []
        r.totals = {k: v.get(r.pk, 0) for k, v in counts.items()}
        children[r.pk] = r
        if r.parent_id in ids:
            children[r.parent_id].kids.append(r)
        else:
            roots.append(r)
    return render(request, "regions/region_tree.html", {"roots": roots, "show_counts": show_counts})
