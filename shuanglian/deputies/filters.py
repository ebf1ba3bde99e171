"""One FilterSet per list: the HTML list, the API list and the Excel export use the same one."""

import django_filters
from django import forms
from django.db.models import Q

from shuanglian.chains.models import Chain
from shuanglian.chains.selectors import chain_list
from shuanglian.core import list_filters
from shuanglian.core.permissions import subtree_q
from shuanglian.regions.models import Region
from shuanglian.regions.selectors import region_list

from .models import Deputy, DeputyLevel, Station, StationKind


def _regions(request):
    return region_list(request.user) if request is not None else Region.objects.none()


def _chains(request):
    """The chains the reader may see (the one rule, chains.selectors.chain_list)."""
    return chain_list(request.user) if request is not None else Chain.objects.none()


def _subtree(queryset, name, value):
    """A district includes its towns (区镇两级联动)."""
    if not value:
        return queryset
    return queryset.filter(subtree_q(value))


def _yes_no(label_yes, label_no):
    return forms.Select(choices=[("", "全部"), ("true", label_yes), ("false", label_no)])


class DeputyFilter(list_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="姓名/单位")
    level = django_filters.ChoiceFilter(choices=DeputyLevel.choices, label="层级", empty_label="全部层级")
    region = list_filters.ModelChoiceFilter(queryset=_regions, method=_subtree, label="区域", empty_label="全部区域")
    sector = django_filters.CharFilter(lookup_expr="icontains", label="界别")
    is_active = django_filters.BooleanFilter(label="在任", widget=_yes_no("在任", "离任"))

    class Meta:
        model = Deputy
        fields = ["q", "level", "region", "sector", "is_active"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(employer__icontains=value))


class StationFilter(list_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="名称/依托单位")
    kind = django_filters.ChoiceFilter(choices=StationKind.choices, label="类型", empty_label="全部类型")
    region = list_filters.ModelChoiceFilter(queryset=_regions, method=_subtree, label="区域", empty_label="全部区域")
    chain = list_filters.ModelChoiceFilter(queryset=_chains, label="产业链", empty_label="全部产业链")
    is_active = django_filters.BooleanFilter(label="启用", widget=_yes_no("启用", "停用"))

    class Meta:
        model = Station
        fields = ["q", "kind", "region", "chain", "is_active"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(host__icontains=value) | Q(address__icontains=value))
