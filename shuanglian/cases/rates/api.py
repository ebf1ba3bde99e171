"""GET /api/v1/rates/?group_by=department|region|chain|category&period=… — the three rates from the
roll-up, scoped like the page: staff and leaders their region, department roles their department."""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from shuanglian.core.errors import BusinessError
from shuanglian.core.replica import replica_reads
from shuanglian.lib.parse import id_or_none
from shuanglian.regions.models import Department

from .. import clock
from ..models import Category
from . import figures


def _int_param(request, name):
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return None
    number = id_or_none(raw)
    if number is None:
        raise BusinessError(f"参数 {name} 应为编号（整数）。", code="bad_parameter")
    return number


class RatesView(APIView):
    @extend_schema(
        summary="三率统计",
        description=(
            "按部门、区域、产业链或类别分组的响应率、解决率、满意率、按时办结率、平均和中位答复用时、重办率。"
            "每个比率给出分子、分母、百分比（一位小数）和 95% 威尔逊置信区间。数据来自汇总表，不扫描诉求。"
        ),
        parameters=[
            OpenApiParameter("group_by", OpenApiTypes.STR, enum=list(figures.GROUPS), description="分组方式，默认 department"),
            OpenApiParameter("period", OpenApiTypes.STR, description="2025、2025-Q2、2025-03 或 2025-01..2025-06；默认本年"),
            OpenApiParameter("region", OpenApiTypes.INT, description="区域编号（含下级区域）"),
            OpenApiParameter("chain", OpenApiTypes.INT, description="产业链编号"),
            OpenApiParameter("category", OpenApiTypes.STR, description="类别代码（与 Open311 service_code 相同）"),
            OpenApiParameter("department", OpenApiTypes.INT, description="主办部门编号"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    @replica_reads
    def get(self, request):
        user = request.user
        figures.scope_q(user)
        group_by = request.query_params.get("group_by", "department")
        if group_by not in figures.GROUPS:
            raise BusinessError("group_by 只能是 department、region、chain 或 category。", code="bad_group_by")
        period = figures.parse_period(request.query_params.get("period"))
        region_id, chain_id, department_id = (_int_param(request, n) for n in ("region", "chain", "department"))
        region = get_object_or_404(figures.region_choices(user), pk=region_id) if region_id else None
        chain = get_object_or_404(figures.chain_choices(user), pk=chain_id) if chain_id else None
        department = get_object_or_404(Department, pk=department_id) if department_id else None
        code = request.query_params.get("category", "").strip()
        category = get_object_or_404(Category, code=code) if code else None
        rows = figures.stat_rows(user, period, region=region, chain=chain, category=category, department=department,
                               group_by=group_by)
        groups = figures.grouped(rows, group_by)
        names = figures.group_labels(group_by, list(groups))
        return Response({
            "period": {"value": period.value, "label": period.label,
                       "start": period.start.strftime("%Y-%m"), "end": period.end.strftime("%Y-%m")},
            "group_by": group_by,
            "basically_counts_as_satisfied": clock.limits()["basically_counts_as_satisfied"],
            "totals": figures.total_of(groups).as_dict(),
            "groups": [{"key": key, "name": names.get(key, ""), **r.as_dict()} for key, r in groups.items()],
        })


urlpatterns = [path("rates/", RatesView.as_view(), name="api_rates")]
