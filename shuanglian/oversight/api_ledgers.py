"""/api/v1/ledgers/: each area with its problem ledger (live lines) and work ledger."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from shuanglian.core import api_fields
from shuanglian.core.permissions import is_staff_role

from .models import LedgerArea
from .selectors_ledgers import area_list, lines_by_area, with_counts


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

    def _lines(self, obj, key):
        lines = self.context.get("lines")
        if lines is None or obj.pk not in lines:
            lines = area_lines([obj.pk], self.context["request"].user)
        return [line_dict(x) for x in lines[obj.pk][key]]

    @extend_schema_field_lines
    def get_problems(self, obj):
        return self._lines(obj, "problems")

    @extend_schema_field_lines
    def get_tasks(self, obj):
        return self._lines(obj, "tasks")


def reads_problems(user) -> bool:
    return is_staff_role(user) or user.role == "leader"


def area_lines(area_ids, user) -> dict:
    return lines_by_area(area_ids, timezone.localdate(), user, problems=reads_problems(user))


def line_dict(line) -> dict:
    """A line as LineSerializer describes it, built directly (300 lines a page: a serializer per line
    was most of the page's time)."""
    return {"kind": line.kind, "source": line.source, "ref": line.ref, "title": line.title, "owner": line.owner,
            "status": line.status, "light": line.light, "due": line.due.isoformat() if line.due else None}


@extend_schema_view(list=extend_schema(summary="重点领域台账（问题台账和工作台账）", tags=["oversight"]),
                    retrieve=extend_schema(summary="一个重点领域的台账", tags=["oversight"]))
class LedgerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = LedgerArea.objects.none()
    serializer_class = AreaSerializer

    def get_queryset(self):
        return with_counts(area_list(self.request.user)).order_by("region__path", "order", "id")

    def get_serializer(self, *args, **kwargs):
        if args and (kwargs.get("many") or isinstance(args[0], LedgerArea)):  # every area's lines in one pass
            areas = list(args[0]) if kwargs.get("many") else [args[0]]
            args = (areas if kwargs.get("many") else args[0], *args[1:])
            kwargs.setdefault("context", self.get_serializer_context())["lines"] = area_lines(
                [a.pk for a in areas], self.request.user)
        return super().get_serializer(*args, **kwargs)


def register(router):
    router.register("ledgers", LedgerViewSet, basename="ledger")
