"""/api/v1/monitoring/reports/: the monitoring points' monthly reports, read in scope and submitted
through the service (every active indicator scored, one report per point and month)."""

from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from shuanglian.cases.models import Case
from shuanglian.core import api_fields
from shuanglian.core.api import ERROR_SCHEMA
from shuanglian.lib.parse import id_or_none

from . import services_monitoring
from .models import MonitoringFinding, MonitoringReport, Score
from .selectors_monitoring import point_list, report_list


class ScoreSerializer(api_fields.ModelSerializer):
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    dimension = serializers.CharField(source="indicator.parent.name", read_only=True)

    class Meta:
        model = Score
        fields = ["indicator", "indicator_name", "dimension", "value", "points"]


class FindingSerializer(api_fields.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True, default=None, allow_null=True)

    class Meta:
        model = MonitoringFinding
        fields = ["id", "content", "case", "case_number"]


def rows_by_report(report_ids) -> dict:
    """{report id: {"scores": [...], "findings": [...]}} for a page of reports in two queries of plain
    rows, shaped as ScoreSerializer and FindingSerializer say: a city page carries 600 scores, and a
    model and a nested serializer per score (with the indicator and its dimension prefetched) were
    most of its time."""
    out = {pk: {"scores": [], "findings": []} for pk in report_ids}
    scores = (Score.objects.filter(report_id__in=list(report_ids)).order_by("report_id", "indicator__order", "indicator_id")
              .values_list("report_id", "indicator_id", "indicator__name", "indicator__parent__name", "value", "points"))
    for report_id, indicator, name, dimension, value, points in scores:
        out[report_id]["scores"].append({"indicator": indicator, "indicator_name": name, "dimension": dimension,
                                         "value": value, "points": points})
    findings = (MonitoringFinding.objects.filter(report_id__in=list(report_ids)).order_by("report_id", "id")
                .values_list("report_id", "id", "content", "case_id", "case__submitted_at"))
    for report_id, pk, content, case_id, submitted_at in findings:
        number = Case(pk=case_id, submitted_at=submitted_at).number if case_id else None
        out[report_id]["findings"].append({"id": pk, "content": content, "case": case_id, "case_number": number})
    return out


class _RowsField(serializers.Field):
    """A report's scores or findings from the map the view put in the context (one query per page)."""

    def __init__(self, key, **kwargs):
        self.key = key
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, report):
        rows = self.context.get("rows")
        if rows is None or report.pk not in rows:
            rows = rows_by_report([report.pk])
        return rows[report.pk][self.key]


class ScoresField(_RowsField):
    pass


class FindingsField(_RowsField):
    pass


extend_schema_field(ScoreSerializer(many=True))(ScoresField)
extend_schema_field(FindingSerializer(many=True))(FindingsField)


class ReportSerializer(api_fields.ModelSerializer):
    station_name = serializers.CharField(source="station.name", read_only=True)
    scores = ScoresField("scores")
    findings = FindingsField("findings")

    class Meta:
        model = MonitoringReport
        fields = ["id", "station", "station_name", "region", "period", "narrative", "submitted_at", "scores",
                  "findings"]
        read_only_fields = fields


class ReportInput(serializers.Serializer):
    station = api_fields.IntegerField(help_text="监测点（履职阵地）编号")
    period = api_fields.DateField(help_text="月份：该月任一天，如 2026-11-01")
    scores = serializers.DictField(child=api_fields.IntegerField(), help_text="{指标编号: 分值}，1–5 分或 是=1/否=0")
    narrative = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    findings = serializers.ListField(child=serializers.CharField(max_length=2000), required=False,
                                     help_text="发现的问题，每条一项")


@extend_schema_view(list=extend_schema(summary="营商环境监测报告（按角色限定范围）", tags=["oversight"]),
                    retrieve=extend_schema(summary="一份监测报告", tags=["oversight"]))
class MonitoringReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = MonitoringReport.objects.none()
    serializer_class = ReportSerializer

    def get_queryset(self):
        return report_list(self.request.user).order_by("-period", "station_id")

    def get_serializer(self, *args, **kwargs):
        if args and (kwargs.get("many") or isinstance(args[0], MonitoringReport)):  # their rows in two queries
            reports = list(args[0]) if kwargs.get("many") else [args[0]]
            args = (reports if kwargs.get("many") else args[0], *args[1:])
            kwargs.setdefault("context", self.get_serializer_context())["rows"] = rows_by_report([r.pk for r in reports])
        return super().get_serializer(*args, **kwargs)

    @extend_schema(summary="报送监测报告（监测点代表或工作人员）", tags=["oversight"], request=ReportInput,
                   responses={201: ReportSerializer, 400: OpenApiResponse(ERROR_SCHEMA), 403: OpenApiResponse(ERROR_SCHEMA)})
    def create(self, request, *args, **kwargs):
        ser = ReportInput(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        station = point_list(request.user).filter(pk=d["station"]).first()
        if station is None:
            raise serializers.ValidationError({"station": "监测点不存在，或不在您的工作范围内。"})
        scores = {}
        for key, value in d["scores"].items():
            if id_or_none(str(key)) is None:
                raise serializers.ValidationError({"scores": "指标编号应为数字。"})
            scores[int(key)] = value
        report = services_monitoring.monitoring_report_submit(
            actor=request.user, station=station, period=d["period"], scores=scores,
            narrative=d.get("narrative", ""), findings=d.get("findings", []))
        return Response(self.get_serializer(self.get_queryset().get(pk=report.pk)).data, status=status.HTTP_201_CREATED)


def register(router):
    router.register("monitoring/reports", MonitoringReportViewSet, basename="monitoring-report")
