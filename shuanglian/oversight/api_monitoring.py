"""/api/v1/monitoring/reports/: the monitoring points' monthly reports, read in scope and submitted
through the service (every active indicator scored, one report per point and month)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

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


class ReportSerializer(api_fields.ModelSerializer):
    station_name = serializers.CharField(source="station.name", read_only=True)
    scores = ScoreSerializer(many=True, read_only=True)
    findings = FindingSerializer(many=True, read_only=True)

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
        return report_list(self.request.user).prefetch_related(
            "scores__indicator__parent", "findings__case").order_by("-period", "station_id")

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
        return Response(ReportSerializer(self.get_queryset().get(pk=report.pk)).data, status=status.HTTP_201_CREATED)


def register(router):
    router.register("monitoring/reports", MonitoringReportViewSet, basename="monitoring-report")
