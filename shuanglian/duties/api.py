"""/api/v1/ endpoints of the duty chain (thin: selectors read, services write).

    GET  /api/v1/stations/{id}/receptions/?from=&to=   the period's reception dates, 顺延 applied
    GET  /api/v1/public/stations/{id}/                 a published station's wall (no login)
    GET  /api/v1/receptions/{id}/                      a reception with its roster and record
    POST /api/v1/receptions/{id}/sign-in/              the deputy signs in (staff: {"deputy"} 补签)
    POST /api/v1/receptions/{id}/record/               {"version", "notes", "answered_on_spot", "enterprises"}
    POST /api/v1/receptions/{id}/demands/              a demand taken → a case (source 接待日)
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from shuanglian.core import api_fields
from shuanglian.core.api import API_AUTH, ERROR_SCHEMA, parse_date_param
from shuanglian.core.errors import BusinessError
from shuanglian.deputies.selectors import deputy_list
from shuanglian.lib.parse import id_or_none

from . import services
from .public import public_wall
from .schedule import MAX_SPAN_DAYS
from .selectors import access_reception, access_station_receptions, station_dates

DATE_FIELDS = {
    "date": api_fields.DateField(help_text="接待日期（已顺延）"),
    "start": serializers.CharField(help_text="开始时间 HH:MM"),
    "end": serializers.CharField(help_text="结束时间 HH:MM"),
    "kind": serializers.CharField(help_text="deputy 代表接待日 / entrepreneur 企业家接待日"),
    "shifted_from": api_fields.DateField(required=False, help_text="原定日期（仅顺延时给出）"),
}


def _dates_schema():
    return inline_serializer("ReceptionDate", DATE_FIELDS, many=True)


class StationReceptionsView(APIView):
    authentication_classes = API_AUTH
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="station_receptions", summary="阵地某期间的接待日（遇节假日顺延）", tags=["duties"],
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, OpenApiParameter.QUERY, required=True, description="自（含）"),
            OpenApiParameter("to", OpenApiTypes.DATE, OpenApiParameter.QUERY, required=True,
                             description=f"至（含），与起始日相隔不超过{MAX_SPAN_DAYS}天"),
        ],
        responses={200: _dates_schema(), 400: ERROR_SCHEMA, 404: ERROR_SCHEMA},
    )
    def get(self, request, pk):
        station = access_station_receptions(request.user, pk)
        start = parse_date_param(request.query_params.get("from"), "from")
        end = parse_date_param(request.query_params.get("to"), "to")
        if end < start:
            raise BusinessError("结束日期不能早于开始日期。", code="invalid_range")
        if (end - start).days > MAX_SPAN_DAYS:
            raise BusinessError(f"一次最多查询{MAX_SPAN_DAYS}天的接待日。", code="range_too_long")
        return Response([d.as_json() for d in station_dates(station, start, end)])


class PublicStationView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="public_station", summary="阵地公示（无需登录）", tags=["public"],
        description="仅限已公开的阵地；只含姓名、层级、界别等公示信息，不含任何电话和联系方式。",
        responses={200: inline_serializer("PublicStation", {
            "name": serializers.CharField(), "kind": serializers.CharField(),
            "deputies": serializers.ListField(child=serializers.DictField()),
            "figures": serializers.DictField(child=api_fields.IntegerField()),
            "next_receptions": _dates_schema(),
        }), 404: ERROR_SCHEMA},
    )
    def get(self, request, pk):
        wall = public_wall(pk)
        return Response(wall.as_json())


def _reception_json(reception) -> dict:
    return {
        "id": reception.pk, "station": reception.station_id, "station_name": reception.station.name,
        "kind": reception.kind, "kind_display": reception.get_kind_display(), "date": reception.date.isoformat(),
        "shifted_from": reception.shifted_from.isoformat() if reception.shifted_from else None,
        "start": f"{reception.start_time:%H:%M}", "end": f"{reception.end_time:%H:%M}",
        "officials": reception.officials, "notes": reception.notes, "answered_on_spot": reception.answered_on_spot,
        "enterprises": list(reception.visitors.values_list("enterprise_name", flat=True)),
        "duties": [{"deputy": d.deputy_id, "name": d.deputy.name, "signed_in": d.signed_in_at is not None}
                   for d in reception.duties.select_related("deputy").order_by("id")],
        "demands": list(reception.demands.values_list("case_id", flat=True)),
        "version": reception.version,
    }


class ReceptionView(APIView):
    authentication_classes = API_AUTH
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="reception_retrieve", summary="接待日及其记录", tags=["duties"],
                   responses={200: OpenApiTypes.OBJECT, 404: ERROR_SCHEMA})
    def get(self, request, pk):
        return Response(_reception_json(access_reception(request.user, pk)))


def _deputy_param(request, data):
    raw = data.get("deputy")
    if raw in (None, ""):
        return None
    number = id_or_none(str(raw))
    found = deputy_list(request.user).filter(pk=number).first() if number is not None else None
    if found is None:
        raise BusinessError("代表不存在或不在您的范围内。", code="invalid_deputy")
    return found


class ReceptionSignInView(APIView):
    authentication_classes = API_AUTH
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="reception_sign_in", summary="接待日签到", tags=["duties"],
                   request=inline_serializer("SignIn", {"deputy": api_fields.IntegerField(required=False)}),
                   responses={200: OpenApiTypes.OBJECT, 400: ERROR_SCHEMA, 403: ERROR_SCHEMA})
    def post(self, request, pk):
        reception = access_reception(request.user, pk)
        data = request.data if hasattr(request.data, "get") else {}
        services.reception_sign_in(reception=reception, actor=request.user, deputy=_deputy_param(request, data))
        return Response(_reception_json(access_reception(request.user, pk)))


class ReceptionRecordView(APIView):
    authentication_classes = API_AUTH
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="reception_record", summary="填写接待记录（带版本号，两人同时修改时后者得到 409）",
                   tags=["duties"], request=inline_serializer("ReceptionRecord", {
                       "version": api_fields.IntegerField(), "notes": serializers.CharField(required=False),
                       "answered_on_spot": serializers.CharField(required=False),
                       "enterprises": serializers.ListField(child=serializers.CharField(), required=False)}),
                   responses={200: OpenApiTypes.OBJECT, 400: ERROR_SCHEMA, 409: OpenApiResponse(ERROR_SCHEMA)})
    def post(self, request, pk):
        reception = access_reception(request.user, pk, write=True)
        data = request.data if hasattr(request.data, "get") else {}
        version = id_or_none(str(data.get("version", "")))
        if version is None:
            raise BusinessError("缺少版本号 version（整数）。", code="version_required")
        enterprises = data.get("enterprises") or []
        if not isinstance(enterprises, list):
            raise BusinessError("enterprises 应为企业名称列表。", code="invalid")
        services.reception_record(reception=reception, actor=request.user, version=version,
                                  notes=str(data.get("notes") or ""), answered_on_spot=str(data.get("answered_on_spot") or ""),
                                  enterprises=[str(e) for e in enterprises])
        return Response(_reception_json(access_reception(request.user, pk)))


DEMAND_FIELDS = ("title", "description", "category", "enterprise_name", "contact_name", "contact_phone",
                 "enterprise_uscc", "urgency")


class ReceptionDemandView(APIView):
    authentication_classes = API_AUTH
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="reception_demand", summary="录入接待日收集的诉求（进入诉求闭环，来源“接待日”）",
                   tags=["duties"], request=inline_serializer("ReceptionDemand", {
                       f: serializers.CharField(required=f in ("description", "category", "enterprise_name",
                                                                "contact_name", "contact_phone"))
                       for f in DEMAND_FIELDS}),
                   responses={201: OpenApiTypes.OBJECT, 400: ERROR_SCHEMA, 403: ERROR_SCHEMA})
    def post(self, request, pk):
        reception = access_reception(request.user, pk)
        data = request.data if hasattr(request.data, "get") else {}
        values = {f: str(data.get(f) or "") for f in DEMAND_FIELDS}
        values["urgency"] = values["urgency"] or "normal"
        case = services.reception_demand_take(reception=reception, actor=request.user,
                                              collected_by=_deputy_param(request, data), **values)
        return Response({"case": case.pk, "number": case.number, "tracking_code": case.tracking_code},
                        status=status.HTTP_201_CREATED)


urlpatterns = [
    path("stations/<int:pk>/receptions/", StationReceptionsView.as_view(), name="api-station-receptions"),
    path("public/stations/<int:pk>/", PublicStationView.as_view(), name="api-public-station"),
    path("receptions/<int:pk>/", ReceptionView.as_view(), name="api-reception"),
    path("receptions/<int:pk>/sign-in/", ReceptionSignInView.as_view(), name="api-reception-sign-in"),
    path("receptions/<int:pk>/record/", ReceptionRecordView.as_view(), name="api-reception-record"),
    path("receptions/<int:pk>/demands/", ReceptionDemandView.as_view(), name="api-reception-demands"),
]
