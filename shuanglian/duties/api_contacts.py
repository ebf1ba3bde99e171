"""/api/v1/ endpoints of 联系包挂 (thin: selectors read, services write).

    GET  /api/v1/contact-links/?station=&deputy=&enterprise=&current=   the links the caller reads
    POST /api/v1/contact-links/                                        {"deputy", "enterprise", "started_on"?}
    GET  /api/v1/contact-links/{id}/                                   one link
    POST /api/v1/contact-links/{id}/end/                               {"version", "ended_on"?}
    GET  /api/v1/contact-links/coverage/?station=|chain=|region=       coverage of key enterprises
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from shuanglian.chains.selectors import enterprise_list
from shuanglian.core import api_fields
from shuanglian.core.api import API_AUTH, ERROR_SCHEMA, parse_date_param
from shuanglian.deputies.selectors import access_station, deputy_list
from shuanglian.lib.parse import BadInput, id_or_none

from .contacts import contact_link_create, contact_link_end
from .selectors_contacts import access_contact_link, contact_link_list, coverage_for, station_links


class ContactLinkSerializer(serializers.Serializer):
    id = api_fields.IntegerField(help_text="编号")
    deputy = api_fields.IntegerField(source="deputy_id", help_text="代表编号")
    deputy_name = serializers.CharField(source="deputy.name", help_text="代表姓名")
    enterprise = api_fields.IntegerField(source="enterprise_id", help_text="企业编号")
    enterprise_name = serializers.CharField(source="enterprise.name", help_text="企业名称")
    started_on = api_fields.DateField(help_text="包挂起始日期")
    ended_on = api_fields.DateField(allow_null=True, help_text="包挂结束日期；空表示仍在包挂")
    current = serializers.BooleanField(source="is_current", help_text="是否仍在包挂")
    version = api_fields.IntegerField(help_text="版本号，结束包挂时须带上")


def _body(request) -> dict:
    return request.data if hasattr(request.data, "get") else {}


def _one(qs, raw, label: str):
    number = id_or_none(str(raw)) if raw not in (None, "") else None
    found = qs.filter(pk=number).first() if number is not None else None
    if found is None:
        raise BadInput(f"{label}不存在或不在您的范围内。", code=f"invalid_{'deputy' if label == '代表' else 'enterprise'}")
    return found


def _date(raw, name):
    return None if raw in (None, "") else parse_date_param(str(raw), name)


LIST_PARAMS = [
    OpenApiParameter("station", int, description="阵地编号：该阵地代表（点长和进驻代表）的联系包挂"),
    OpenApiParameter("deputy", int, description="代表编号"),
    OpenApiParameter("enterprise", int, description="企业编号"),
    OpenApiParameter("current", bool, description="true 只列仍在包挂的，false 只列已结束的"),
]


class ContactLinkListView(ListAPIView):
    authentication_classes = API_AUTH
    permission_classes = [IsAuthenticated]
    serializer_class = ContactLinkSerializer
    filter_backends = []

    def get_queryset(self):
        params = self.request.query_params
        qs = contact_link_list(self.request.user)
        for name in ("deputy", "enterprise"):
            if params.get(name):
                number = id_or_none(params[name])
                if number is None:
                    raise BadInput(f"参数 {name} 须为正整数编号。", code=f"invalid_{name}")
                qs = qs.filter(**{f"{name}_id": number})
        if params.get("station"):
            number = id_or_none(params["station"])
            if number is None:
                raise BadInput("参数 station 须为正整数编号。", code="invalid_station")
            qs = qs.filter(pk__in=station_links(access_station(self.request.user, number)).values("pk"))
        current = params.get("current", "")
        if current not in ("", "true", "false"):
            raise BadInput("参数 current 只能是 true 或 false。", code="invalid_current")
        if current:
            qs = qs.filter(ended_on__isnull=current == "true")
        return qs.order_by("enterprise__name", "deputy__name", "-started_on", "pk")

    @extend_schema(operation_id="contact_links_list", summary="联系包挂列表", tags=["duties"], parameters=LIST_PARAMS,
                   description="工作人员和领导看本区域（含下辖）企业的联系包挂；代表只看自己的。",
                   responses={200: ContactLinkSerializer(many=True), 400: ERROR_SCHEMA, 404: ERROR_SCHEMA})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(operation_id="contact_links_create", summary="登记联系包挂", tags=["duties"],
                   description="企业所在区域的工作人员登记。同一代表和企业已在包挂时返回原记录（200），不重复登记。",
                   request=inline_serializer("ContactLinkCreate", {
                       "deputy": api_fields.IntegerField(help_text="代表编号"),
                       "enterprise": api_fields.IntegerField(help_text="企业编号"),
                       "started_on": api_fields.DateField(required=False, help_text="包挂起始日期，默认今天；不能晚于今天")}),
                   responses={201: ContactLinkSerializer, 200: ContactLinkSerializer, 400: ERROR_SCHEMA, 403: ERROR_SCHEMA})
    def post(self, request):
        data = _body(request)
        deputy = _one(deputy_list(request.user), data.get("deputy"), "代表")
        enterprise = _one(enterprise_list(request.user), data.get("enterprise"), "企业")
        link, created = contact_link_create(actor=request.user, deputy=deputy, enterprise=enterprise,
                                            started_on=_date(data.get("started_on"), "started_on"))
        return Response(ContactLinkSerializer(link).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class ContactLinkView(APIView):
    authentication_classes = API_AUTH
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="contact_links_retrieve", summary="一条联系包挂", tags=["duties"],
                   responses={200: ContactLinkSerializer, 404: ERROR_SCHEMA})
    def get(self, request, pk):
        return Response(ContactLinkSerializer(access_contact_link(request.user, pk)).data)


class ContactLinkEndView(APIView):
    authentication_classes = API_AUTH
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="contact_links_end", summary="结束联系包挂", tags=["duties"],
                   description="带上读到的 version；他人已修改时返回 409。结束日期不能早于起始日期、不能晚于今天。",
                   request=inline_serializer("ContactLinkEnd", {
                       "version": api_fields.IntegerField(), "ended_on": api_fields.DateField(required=False)}),
                   responses={200: ContactLinkSerializer, 400: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA,
                              409: OpenApiResponse(ERROR_SCHEMA)})
    def post(self, request, pk):
        link = access_contact_link(request.user, pk, write=True)
        data = _body(request)
        version = id_or_none(str(data.get("version", "")))
        if version is None:
            raise BadInput("缺少版本号 version（整数）。", code="version_required")
        link = contact_link_end(actor=request.user, link=link, version=version,
                                ended_on=_date(data.get("ended_on"), "ended_on"))
        return Response(ContactLinkSerializer(link).data)


COVERAGE_ROW = {
    "id": api_fields.IntegerField(), "name": serializers.CharField(), "region": serializers.CharField(),
    "labels": serializers.ListField(child=serializers.CharField(), help_text="链主、规上、专精特新"),
    "last_visit": api_fields.DateField(allow_null=True, help_text="上次走访（走访、视察、调研或接待日接待）"),
    "deputies": serializers.ListField(child=serializers.DictField(), help_text="当前联系包挂代表 [{id, name}]"),
}


class ContactCoverageView(APIView):
    authentication_classes = API_AUTH
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="contact_links_coverage", summary="重点企业联系包挂覆盖情况", tags=["duties"],
        description="重点企业＝链主、规上、专精特新（含小巨人）。station、chain、region 至多指定一个，都不指定时为本人所在区域。"
                    "已走访＝近 N 个月（设置 SHUANGLIAN_CONTACT_VISIT_MONTHS，默认 3）内有走访、视察、调研或接待日接待。"
                    "两个名单各至多列 200 家，计数完整。",
        parameters=[OpenApiParameter("station", int, description="阵地编号：阵地所在区域（含下辖），有所属产业链时限于该链"),
                    OpenApiParameter("chain", int, description="产业链编号：链上各环节的企业"),
                    OpenApiParameter("region", int, description="区域编号（含下辖）")],
        responses={200: inline_serializer("ContactCoverage", {
            "scope": serializers.CharField(), "as_of": api_fields.DateField(), "visited_since": api_fields.DateField(),
            "months": api_fields.IntegerField(), "key_enterprises": api_fields.IntegerField(),
            "with_contact": api_fields.IntegerField(), "visited": api_fields.IntegerField(),
            "contact_rate": api_fields.FloatField(allow_null=True, help_text="百分比，一位小数；无重点企业时为 null"),
            "visit_rate": api_fields.FloatField(allow_null=True),
            "uncovered_count": api_fields.IntegerField(), "unvisited_count": api_fields.IntegerField(),
            "uncovered": inline_serializer("CoverageRow", COVERAGE_ROW, many=True),
            "unvisited": inline_serializer("CoverageRow2", COVERAGE_ROW, many=True),
        }), 400: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA},
    )
    def get(self, request):
        params = request.query_params
        cover = coverage_for(request.user, station_id=params.get("station"), chain_id=params.get("chain"),
                             region_id=params.get("region"))
        return Response(cover.as_json())


urlpatterns = [
    path("contact-links/", ContactLinkListView.as_view(), name="api-contact-links"),
    path("contact-links/coverage/", ContactCoverageView.as_view(), name="api-contact-links-coverage"),
    path("contact-links/<int:pk>/", ContactLinkView.as_view(), name="api-contact-link"),
    path("contact-links/<int:pk>/end/", ContactLinkEndView.as_view(), name="api-contact-link-end"),
]
