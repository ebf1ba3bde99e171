"""/api/v1/ endpoints of 履职积分 (thin: inputs parse, selectors read, services write).

    GET  /api/v1/points/?deputy=&period=              a deputy's entries and totals (deputy: own by default)
    GET  /api/v1/points/ranking/?region=&period=      ranking (or ?station=), ties 1,1,3; limit/offset
    GET  /api/v1/points/rules/                        the rule table
    PUT  /api/v1/points/rules/{id}/                   {"name","points","cap","active","version"} (from tomorrow)
    POST /api/v1/points/manual/                       {"deputy","rule","occurred_on","reason","points"?}
    GET/POST /api/v1/points/publications/             亮分 {"region","period"}
    GET/POST /api/v1/points/objections/               {"kind","entry"|"rule"+"occurred_on","reason"}
    GET  /api/v1/points/objections/{id}/              with allowed_actions
    POST /api/v1/points/objections/{id}/actions/{name}/  accept {"note","points"?} / reject {"note"} / withdraw
    POST /api/v1/points/rebuild/                      {"year","region"?}
"""

from __future__ import annotations

from decimal import Decimal

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from shuanglian.core import api_fields
from shuanglian.core.api import API_AUTH, ERROR_SCHEMA
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import deny_read, deny_write, reads_region
from shuanglian.deputies.selectors import deputy_list
from shuanglian.lib.parse import id_or_none
from shuanglian.regions.selectors import access_region

from . import objections, services
from .api_schema import PointEntryOut, PointObjectionOut, PointPublicationOut, PointRuleOut
from .inputs import (
    date_value,
    int_value,
    period_or_default,
    region_param,
    station_param,
    version_value,
)
from .models import PointEntry
from .periods import display, parse_quarter, quarters_of
from .rebuild import points_rebuild
from .selectors import (
    access_entry,
    access_objection,
    access_points_deputy,
    access_rule,
    can_read_ranking,
    deputy_of,
    entry_list,
    objection_list,
    publication_list,
    ranking,
    rule_list,
    totals_of,
)

MAX_ENTRIES = 1000


def num(value):
    """A number of points as JSON: 2, -1, 0.5 (never "2.0")."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral() else float(value)


def body(request) -> dict:
    return request.data if hasattr(request.data, "get") else {}


def entry_json(e: PointEntry) -> dict:
    return {"id": e.pk, "rule": e.rule.code, "rule_name": e.rule.name, "category": e.rule.category,
            "category_display": e.rule.get_category_display(), "kind": e.kind, "kind_display": e.get_kind_display(),
            "points": num(e.points), "uncapped": num(e.uncapped), "period": e.period,
            "occurred_on": e.occurred_on.isoformat(), "reason": e.reason}


def rule_json(r) -> dict:
    return {"id": r.pk, "code": r.code, "name": r.name, "category": r.category,
            "category_display": r.get_category_display(), "period": r.period, "period_display": r.get_period_display(),
            "points": num(r.points), "cap": num(r.cap), "active": r.active, "event_sourced": r.event_sourced,
            "version": r.version}


def objection_json(o, user) -> dict:
    return {"id": o.pk, "deputy": o.deputy_id, "deputy_name": o.deputy.name, "kind": o.kind,
            "kind_display": o.get_kind_display(), "entry": o.entry_id, "rule": o.rule.code if o.rule_id else None,
            "occurred_on": o.occurred_on.isoformat() if o.occurred_on else None, "reason": o.reason,
            "status": o.status, "status_display": o.get_status_display(), "decision_note": o.decision_note,
            "correction": entry_json(o.correction) if o.correction_id else None, "version": o.version,
            "allowed_actions": objections.WORKFLOW.allowed(o, user)}


class Base(APIView):
    authentication_classes = API_AUTH
    permission_classes = [IsAuthenticated]


PERIOD = OpenApiParameter("period", OpenApiTypes.STR, OpenApiParameter.QUERY,
                          description="季度如 2026Q4，或年份如 2026；缺省为本季度")


class EntriesView(Base):
    @extend_schema(operation_id="points_entries", summary="代表的积分明细与合计", tags=["points"], parameters=[
        OpenApiParameter("deputy", OpenApiTypes.INT, OpenApiParameter.QUERY,
                         description="代表编号；代表本人可省略（只能查看本人）"), PERIOD],
        responses={200: OpenApiTypes.OBJECT, 400: ERROR_SCHEMA, 404: ERROR_SCHEMA})
    def get(self, request):
        raw = request.query_params.get("deputy")
        own = deputy_of(request.user)
        if raw in (None, ""):
            if own is None:
                raise BusinessError("请指定代表 deputy（代表编号）。", code="deputy_required")
            deputy = own
        else:
            int_value(raw, "deputy（代表编号）", minimum=1, maximum=2**62)
            deputy = access_points_deputy(request.user, raw)
        period = period_or_default(request.query_params.get("period"))
        quarters = quarters_of(period)
        totals = totals_of(deputy, quarters)
        entries = list(entry_list(deputy, quarters)[:MAX_ENTRIES])
        return Response({"deputy": {"id": deputy.pk, "name": deputy.name}, "period": period,
                         "period_display": display(period), "total": num(sum(totals.values(), Decimal(0))),
                         "quarters": {q: num(totals.get(q, 0)) for q in quarters},
                         "entries": [entry_json(e) for e in entries]})


class RankingView(Base):
    @extend_schema(operation_id="points_ranking", summary="积分排名（并列同名次，如 1、1、3）", tags=["points"],
                   description="代表只能查看本人所在区域已亮分季度的排名；工作人员和领导查看本区域（含下辖）。",
                   parameters=[
                       OpenApiParameter("region", OpenApiTypes.INT, OpenApiParameter.QUERY, description="区域编号；缺省为本人区域"),
                       OpenApiParameter("station", OpenApiTypes.INT, OpenApiParameter.QUERY, description="阵地编号（按阵地排名）"),
                       PERIOD,
                       OpenApiParameter("limit", OpenApiTypes.INT, OpenApiParameter.QUERY, description="每页条数，1–500，缺省 100"),
                       OpenApiParameter("offset", OpenApiTypes.INT, OpenApiParameter.QUERY, description="跳过条数")],
                   responses={200: OpenApiTypes.OBJECT, 400: ERROR_SCHEMA, 404: ERROR_SCHEMA})
    def get(self, request):
        q = request.query_params
        period = period_or_default(q.get("period"))
        limit = int_value(q.get("limit"), "limit", minimum=1, maximum=500, default=100)
        offset = int_value(q.get("offset"), "offset", minimum=0, maximum=10**7, default=0)
        station = station_param(request.user, q.get("station"))
        region = station.region if station is not None else region_param(request.user, q.get("region"))
        if not can_read_ranking(request.user, region, period):
            deny_read()
        if station is not None and not reads_region(request.user):
            deny_read()  # deputies read their region's published ranking, not a station's
        board = ranking(period=period, region=region, station=station, limit=limit, offset=offset)
        return Response({
            "period": period, "period_display": display(period), "region": {"id": region.pk, "name": region.name},
            "station": {"id": station.pk, "name": station.name} if station else None, "published": board.published,
            "deputies": board.deputies, "scored": board.scored, "limit": limit, "offset": offset,
            "results": [{"rank": r["rank"], "deputy": r["deputy_id"], "name": r["name"], "region": r["region"],
                         "points": num(r["points"])} for r in board.rows]})


class RulesView(Base):
    @extend_schema(operation_id="points_rules", summary="积分规则表", tags=["points"],
                   responses={200: PointRuleOut(many=True)})
    def get(self, request):
        return Response([rule_json(r) for r in rule_list()])


class RuleView(Base):
    @extend_schema(operation_id="points_rule_retrieve", summary="积分规则", tags=["points"],
                   responses={200: PointRuleOut, 404: ERROR_SCHEMA})
    def get(self, request, pk):
        return Response(rule_json(access_rule(request.user, pk)))

    @extend_schema(operation_id="points_rule_update", summary="修改积分规则（次日起生效，已写入的积分不变）",
                   tags=["points"], request=inline_serializer("PointRuleUpdate", {
                       "name": serializers.CharField(), "points": serializers.CharField(help_text="如 2、-1、0.5"),
                       "cap": serializers.CharField(required=False, allow_blank=True, help_text="周期上限，留空不设"),
                       "active": serializers.BooleanField(), "version": api_fields.IntegerField()}),
                   responses={200: PointRuleOut, 400: ERROR_SCHEMA, 403: ERROR_SCHEMA, 409: ERROR_SCHEMA})
    def put(self, request, pk):
        rule = access_rule(request.user, pk)
        data = body(request)
        active = data.get("active", rule.active)
        if not isinstance(active, bool):
            raise BusinessError("active 应为 true 或 false。", code="invalid_active")
        rule = services.point_rule_update(rule=rule, actor=request.user, name=str(data.get("name", rule.name)),
                                          points=data.get("points", rule.points), cap=data.get("cap", rule.cap),
                                          active=active, expected_version=version_value(data))
        return Response(rule_json(rule))


class ManualView(Base):
    @extend_schema(operation_id="points_manual", summary="人工录入积分（须填写理由）", tags=["points"],
                   request=inline_serializer("PointManual", {
                       "deputy": api_fields.IntegerField(), "rule": serializers.CharField(help_text="规则代码"),
                       "occurred_on": api_fields.DateField(), "reason": serializers.CharField(),
                       "points": serializers.CharField(required=False, help_text="缺省为规则分值")}),
                   responses={201: PointEntryOut, 400: ERROR_SCHEMA, 403: ERROR_SCHEMA})
    def post(self, request):
        data = body(request)
        deputy = deputy_list(request.user).filter(pk=id_or_none(str(data.get("deputy", "")))).first()
        if deputy is None:
            raise BusinessError("代表不存在或不在您的范围内。", code="invalid_deputy")
        rule = rule_list().filter(code=str(data.get("rule") or "")).first()
        if rule is None:
            raise BusinessError("积分规则不存在（rule 应为规则代码）。", code="invalid_rule")
        entry = services.point_manual(deputy=deputy, rule=rule, reason=str(data.get("reason") or ""),
                                      occurred_on=date_value(data.get("occurred_on"), "发生日期 occurred_on"),
                                      actor=request.user, points=data.get("points"))
        return Response(entry_json(entry), status=status.HTTP_201_CREATED)


class PublicationsView(Base):
    @extend_schema(operation_id="points_publications", summary="本区域的亮分记录", tags=["points"],
                   responses={200: PointPublicationOut(many=True)})
    def get(self, request):
        own = deputy_of(request.user)
        if reads_region(request.user):
            raw = request.query_params.get("region")
            region = access_region(request.user, raw) if raw not in (None, "") else region_param(request.user, None)
        elif own is not None:
            region = own.region  # a deputy: the publications that cover them
        else:
            deny_write("您的角色无权查看积分。")
        return Response([{"region": p.region_id, "region_name": p.region.name, "period": p.period,
                          "published_at": p.published_at.isoformat()} for p in publication_list(region)])

    @extend_schema(operation_id="points_publish", summary="亮分：公布并冻结区域某季度积分", tags=["points"],
                   request=inline_serializer("PointPublish", {"region": api_fields.IntegerField(),
                                                               "period": serializers.CharField()}),
                   responses={201: OpenApiTypes.OBJECT, 400: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA})
    def post(self, request):
        data = body(request)
        period = parse_quarter(data.get("period"))
        region = access_region(request.user, data.get("region"))
        pub = services.point_publish(region=region, period=period, actor=request.user)
        return Response({"region": region.pk, "period": pub.period}, status=status.HTTP_201_CREATED)


class ObjectionsView(Base):
    @extend_schema(operation_id="points_objections", summary="积分异议（代表：本人的；工作人员：本区域的）",
                   tags=["points"], responses={200: PointObjectionOut(many=True)})
    def get(self, request):
        status_ = request.query_params.get("status") or ""
        rows = objection_list(request.user, status=status_ if status_ in objections.S.values else "")[:500]
        return Response([objection_json(o, request.user) for o in rows])

    @extend_schema(operation_id="points_object", summary="代表对积分提出异议（错/重/漏）", tags=["points"],
                   request=inline_serializer("PointObjectionCreate", {
                       "kind": serializers.CharField(help_text="wrong 错 / duplicate 重 / missing 漏"),
                       "entry": api_fields.IntegerField(required=False, help_text="错、重：积分明细编号"),
                       "rule": serializers.CharField(required=False, help_text="漏：规则代码"),
                       "occurred_on": api_fields.DateField(required=False, help_text="漏：发生日期"),
                       "reason": serializers.CharField()}),
                   responses={201: PointObjectionOut, 400: ERROR_SCHEMA, 403: ERROR_SCHEMA})
    def post(self, request):
        data = body(request)
        entry = access_entry(request.user, data.get("entry")) if data.get("entry") not in (None, "") else None
        rule = rule_list().filter(code=str(data.get("rule") or "")).first() if data.get("rule") else None
        if data.get("rule") and rule is None:
            raise BusinessError("积分规则不存在（rule 应为规则代码）。", code="invalid_rule")
        obj = objections.objection_submit(actor=request.user, kind=str(data.get("kind") or ""), entry=entry,
                                          rule=rule, reason=str(data.get("reason") or ""),
                                          occurred_on=date_value(data.get("occurred_on"), "发生日期 occurred_on"))
        return Response(objection_json(obj, request.user), status=status.HTTP_201_CREATED)


class ObjectionView(Base):
    @extend_schema(operation_id="points_objection_retrieve", summary="积分异议", tags=["points"],
                   responses={200: PointObjectionOut, 404: ERROR_SCHEMA})
    def get(self, request, pk):
        return Response(objection_json(access_objection(request.user, pk), request.user))


class ObjectionActionView(Base):
    @extend_schema(operation_id="points_objection_act", summary="处理积分异议：accept 采纳并更正 / reject 不予采纳 / withdraw 撤回",
                   tags=["points"], request=inline_serializer("PointObjectionAction", {
                       "note": serializers.CharField(required=False), "points": serializers.CharField(required=False),
                       "version": api_fields.IntegerField(required=False)}),
                   responses={200: PointObjectionOut, 400: ERROR_SCHEMA, 403: ERROR_SCHEMA, 409: ERROR_SCHEMA})
    def post(self, request, pk, name):
        obj = access_objection(request.user, pk)
        data = body(request)
        note, version = str(data.get("note") or ""), version_value(data)
        if name == "accept":
            obj = objections.objection_accept(objection=obj, actor=request.user, note=note, points=data.get("points"),
                                              expected_version=version)
        elif name == "reject":
            obj = objections.objection_reject(objection=obj, actor=request.user, note=note, expected_version=version)
        elif name == "withdraw":
            obj = objections.objection_withdraw(objection=obj, actor=request.user, expected_version=version)
        else:
            raise BusinessError("不支持的操作（可选：accept、reject、withdraw）。", code="unknown_action")
        return Response(objection_json(access_objection(request.user, obj.pk), request.user))


class RebuildView(Base):
    @extend_schema(operation_id="points_rebuild", summary="按履职记录重算某年（未亮分季度）的积分", tags=["points"],
                   request=inline_serializer("PointRebuild", {"year": api_fields.IntegerField(),
                                                               "region": api_fields.IntegerField(required=False)}),
                   responses={200: OpenApiTypes.OBJECT, 400: ERROR_SCHEMA, 403: ERROR_SCHEMA})
    def post(self, request):
        data = body(request)
        year = int_value(data.get("year"), "year（年份）", minimum=2000, maximum=2099)
        region = access_region(request.user, data.get("region")) if data.get("region") not in (None, "") else None
        return Response(points_rebuild(year=year, actor=request.user, region=region))


urlpatterns = [
    path("points/", EntriesView.as_view(), name="api-points"),
    path("points/ranking/", RankingView.as_view(), name="api-points-ranking"),
    path("points/rules/", RulesView.as_view(), name="api-points-rules"),
    path("points/rules/<int:pk>/", RuleView.as_view(), name="api-points-rule"),
    path("points/manual/", ManualView.as_view(), name="api-points-manual"),
    path("points/publications/", PublicationsView.as_view(), name="api-points-publications"),
    path("points/objections/", ObjectionsView.as_view(), name="api-points-objections"),
    path("points/objections/<int:pk>/", ObjectionView.as_view(), name="api-points-objection"),
    path("points/objections/<int:pk>/actions/<str:name>/", ObjectionActionView.as_view(),
         name="api-points-objection-action"),
    path("points/rebuild/", RebuildView.as_view(), name="api-points-rebuild"),
]
