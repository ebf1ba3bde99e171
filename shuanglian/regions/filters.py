import django_filters
from django import forms
from django.db.models import Q

from shuanglian.core import list_filters

from .models import Department, Region
from .selectors import region_list


def _regions(request):
    return region_list(request.user) if request is not None else Region.objects.none()


class RegionFilter(list_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="名称/代码")
    level = django_filters.ChoiceFilter(choices=Region._meta.get_field("level").choices, label="层级", empty_label="全部层级")
    parent = list_filters.ModelChoiceFilter(queryset=_regions, label="上级区域", empty_label="全部")

    class Meta:
        model = Region
        fields = ["q", "level", "parent"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value)) if value else queryset


class DepartmentFilter(list_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="名称")
    region = list_filters.ModelChoiceFilter(queryset=_regions, label="区域", empty_label="全部区域")
    is_active = django_filters.BooleanFilter(
        label="状态", widget=forms.Select(choices=[("", "全部"), ("true", "启用"), ("false", "停用")])
    )

    class Meta:
        model = Department
        fields = ["q", "region", "is_active"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value)) if value else queryset
