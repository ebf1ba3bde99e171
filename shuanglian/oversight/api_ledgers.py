"""/api/v1/ledgers/: each area with its problem ledger (live lines) and work ledger."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from shuanglian.core import api_fields
from shuanglian.core.permissions import is_staff_role

from .models import LedgerArea
from .selectors_ledgers import area_list, problem_lines, task_lines, with_counts


class LineSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="问题 / 任务")
    source = serializers.CharField(help_text="来源：诉求、视察发现、监测发现、审议意见、工作台账")
    ref = serializers.CharField(help_text="编号")
    title = serializers.CharField()
    owner = serializers.CharField(help_text="责任单位")
    status = serializers.CharField(help_text="状态（中文）")
    light = serializers.CharField(help_text="red / yellow / green / 空（未计时）/ done")
    due = api_fields.DateField(allow_null=True, help_text="期限")


def extend_schema_field_lines(fn):
    return extend_schema_field(LineSerializer(many=True))(fn)


class AreaSerializer(api_fields.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)
    problems = serializers.SerializerMethodField(help_text="问题台账")
    tasks = serializers.SerializerMethodField(help_text="工作台账")

    class Meta:
        model = LedgerArea
        fields = ["id", "region", "region_name", "name", "problems", "tasks"]

    @extend_schema_field_lines
    def get_problems(self, obj):
        user = self.context["request"].user
        if not (is_staff_role(user) or user.role == "leader"):
            return []
        return LineSerializer(problem_lines(obj, timezone.localdate()), many=True).data

    @extend_schema_field_lines
    def get_tasks(self, obj):
        return LineSerializer(task_lines(obj, timezone.localdate(), self.context["request"].user), many=True).data


@extend_schema_view(list=extend_schema(summary="重点领域台账（问题台账和工作台账）", tags=["oversight"]),
                    retrieve=extend_schema(summary="一个重点领域的台账", tags=["oversight"]))
class LedgerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = LedgerArea.objects.none()
    serializer_class = AreaSerializer

    def get_queryset(self):
        return with_counts(area_list(self.request.user)).order_by("region__path", "order", "id")


def register(router):
    router.register("ledgers", LedgerViewSet, basename="ledger")
