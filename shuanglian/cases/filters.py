"""One FilterSet for the case list: the HTML list, the API list (`?status=&light=&department=
&region=&q=`) and exports use the same one."""

import django_filters
from django import forms
from django.db.models import Q

from shuanglian.chains.models import Chain
from shuanglian.core import list_filters
from shuanglian.core.permissions import is_admin, region_subtree_q, subtree_q
from shuanglian.deputies.models import Station
from shuanglian.deputies.selectors import station_list
from shuanglian.regions.models import Department, Region
from shuanglian.regions.selectors import department_list, region_list

from .models import Case, CaseStatus, Category, CoDepartment, Source
from .selectors import LIGHTS, case_search, department_q, light_q

CO_IDS_MAX = 500


def _regions(request):
    if request is None or not request.user.is_authenticated:
        return Region.objects.none()
    return region_list(request.user)


def _departments(request):
    if request is None or not request.user.is_authenticated:
        return Department.objects.none()
    return department_list(request.user)


def _chains(request):
    if request is None or not request.user.is_authenticated:
        return Chain.objects.none()
    if is_admin(request.user):
        return Chain.objects.all()
    return Chain.objects.filter(region_subtree_q(request.user))


def _stations(request):
    if request is None or not request.user.is_authenticated:
        return Station.objects.none()
    return station_list(request.user).order_by("name")


def _date(label):
    return forms.DateInput(attrs={"type": "date", "aria-label": label})


class CaseFilter(list_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="关键词",
                                  help_text="标题、内容、企业名称、查询码或诉求编号；中文按字词匹配")
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, label="状态", empty_label="全部状态")
    light = django_filters.ChoiceFilter(choices=list(LIGHTS.items()), method="filter_light", label="督办灯",
                                        empty_label="全部")
    department = list_filters.ModelChoiceFilter(queryset=_departments, method="filter_department",
                                                  label="承办部门", empty_label="全部部门",
                                                  help_text="主办或协办该诉求的部门")
    region = list_filters.ModelChoiceFilter(queryset=_regions, method="filter_region", label="区域",
                                              empty_label="全部区域", help_text="含下级区域（区镇两级联动）")
    category = list_filters.ModelChoiceFilter(queryset=Category.objects.all(), label="类别",
                                                empty_label="全部类别")
    source = django_filters.ChoiceFilter(choices=Source.choices, label="来源", empty_label="全部来源")
    chain = list_filters.ModelChoiceFilter(queryset=_chains, label="产业链", empty_label="全部产业链")
    station = list_filters.ModelChoiceFilter(queryset=_stations, label="履职阵地", empty_label="全部阵地")
    submitted_from = list_filters.DateFilter(field_name="submitted_at", lookup_expr="date__gte", label="提交自",
                                               widget=_date("提交自"))
    submitted_to = list_filters.DateFilter(field_name="submitted_at", lookup_expr="date__lte", label="提交至",
                                             widget=_date("提交至"))

    class Meta:
        model = Case
        fields = ["q", "status", "light", "department", "region", "category", "source", "chain", "station",
                  "submitted_from", "submitted_to"]

    def search(self, queryset, name, value):
        return case_search(queryset, value)

    def filter_light(self, queryset, name, value):
        return queryset.filter(light_q(value)) if value else queryset

    def filter_department(self, queryset, name, value):
        """Led or co-handled by the department. The co-handled cases are read as ids first (with
        the status filter, when there is one, usually a handful): `lead = d OR id IN (ids)` lets
        the (lead_department, status) index serve, where `OR id IN (SELECT …)` forced a walk of
        the whole list in date order. A department co-handling very many cases keeps the
        subquery."""
        if not value:
            return queryset
        co = CoDepartment.objects.filter(department_id=value.pk)
        status = self.form.cleaned_data.get("status")
        if status:
            co = co.filter(case__status=status)
        ids = list(co.values_list("case_id", flat=True)[: CO_IDS_MAX + 1])
        if len(ids) > CO_IDS_MAX:
            return queryset.filter(department_q(value.pk))
        return queryset.filter(Q(lead_department_id=value.pk) | Q(pk__in=ids))

    def filter_region(self, queryset, name, value):
        return queryset.filter(subtree_q(value)) if value else queryset
