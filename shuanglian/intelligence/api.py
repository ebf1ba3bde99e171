"""POST /api/v1/cases/suggest/ — the routing suggestion for a demand text (issue 10):

    {"title", "description", "region"?, "enterprise_name"?, "enterprise_uscc"?, "contact_phone"?}
    → {"categories": [{"code", "name", "score", "reason"}], "departments": [{"id", "name", "score", "reason"}],
       "similar": [{"id", "tracking_code", "title", "score", "duplicate", …}], "model": {"kind", "trained_at", "cases", …}}

The region defaults to the caller's own (a department user's: its department's). `similar` holds
only cases the caller may read (the cases app's `case_list`). `duplicate` needs the enterprise (or
the contact phone): without one nothing is marked a duplicate. Bad input is a Chinese 400.
Wired before the router in api_urls, so `suggest` is never read as a case id.
"""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from shuanglian.core import api_fields
from shuanglian.core.api import ERROR_SCHEMA
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import is_department_role
from shuanglian.lib.parse import id_or_none
from shuanglian.regions.selectors import region_list

from .selectors import routing_suggest

FIELDS = ("title", "description", "enterprise_name", "enterprise_uscc", "contact_phone")


def request_region(user, raw):
    """The region a suggestion is for: the one asked (within the caller's scope) or the caller's."""
    if raw not in (None, ""):
        pk = id_or_none(raw)
        region = region_list(user).filter(pk=pk).first() if pk is not None else None
        if region is None:
            raise BusinessError("所属区域不存在，或不在您的工作范围内。", code="bad_region")
        return region
    region = user.department.region if is_department_role(user) else getattr(user, "region", None)
    if region is None:
        raise BusinessError("请指定所属区域（region）。", code="region_required")
    return region


class SuggestView(APIView):
    @extend_schema(
        summary="智能分办：建议类别、主办部门和相似诉求",
        description=(
            "按诉求标题和内容给出前三个类别和前三个部门（含置信度和依据），以及本区域在办或近期、"
            "调用者有权查看的相似诉求；同一企业且文字高度相似的标为疑似重复（duplicate）。"
        ),
        request=inline_serializer("SuggestInput", {
            "title": serializers.CharField(required=False, help_text="诉求标题（≤120字）"),
            "description": serializers.CharField(required=False, help_text="诉求内容（≤5000字）"),
            "region": api_fields.IntegerField(required=False, help_text="所属区域编号；缺省为调用者所在区域"),
            "enterprise_name": serializers.CharField(required=False, help_text="企业名称（判断疑似重复用）"),
            "enterprise_uscc": serializers.CharField(required=False, help_text="统一社会信用代码（判断疑似重复用）"),
            "contact_phone": serializers.CharField(required=False, help_text="联系电话（判断疑似重复用）"),
        }),
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiResponse(ERROR_SCHEMA, description="输入有误")},
        tags=["cases"],
    )
    def post(self, request):
        data = request.data
        if not hasattr(data, "get"):
            raise BusinessError("请求内容应为 JSON 对象：{\"title\": …, \"description\": …}。", code="bad_body")
        values = {name: data.get(name, "") for name in FIELDS}
        values = {k: ("" if v is None else v) for k, v in values.items()}
        for name in ("enterprise_name", "enterprise_uscc", "contact_phone"):
            if not isinstance(values[name], str) or len(values[name]) > 120:
                raise BusinessError(f"{name} 应为不超过120字的文字。", code="bad_text")
        region = request_region(request.user, data.get("region"))
        return Response(routing_suggest(request.user, region=region, **values))


urlpatterns = [
    path("cases/suggest/", SuggestView.as_view(), name="case-suggest"),
]
