"""/api/v1/plans/, /api/v1/plan-items/, /api/v1/opinions/ and /api/v1/campaigns/: read in scope through the same
funnel as the pages; every write through the services; an opinion's status only through
POST /api/v1/opinions/{id}/actions/{name}/ with that action's typed input (inputs.py)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from shuanglian.core import api_fields
from shuanglian.lib import lights
from shuanglian.regions.models import Department

from . import api_campaigns, api_ledgers, api_monitoring, api_topics, services
from .inputs import ACTION_INPUTS, ERRORS
from .models import (
    ItemCategory,
    ItemStatus,
    Opinion,
    OpinionItem,
    PlanItem,
    Topic,
    Vote,
    WorkPlan,
)
from .selectors import (
    access_item,
    access_opinion,
    access_plan,
    access_plan_item,
    opinion_list,
    plan_list,
    with_light,
)
from .workflow import WORKFLOW


class PlanItemSerializer(api_fields.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, help_text="监督方式（中文）")
    status_display = serializers.CharField(source="get_status_display", read_only=True, help_text="状态（中文）")
    department_names = serializers.SerializerMethodField(help_text="责任单位名称")
    serves_industry = serializers.SerializerMethodField(help_text="是否服务产业（关联了产业链）")

    class Meta:
        model = PlanItem
        fields = ["id", "plan", "number", "kind", "kind_display", "subject", "lead_office", "departments",
                  "department_names", "planned_month", "chains", "serves_industry", "status", "status_display",
                  "version"]
        read_only_fields = ["plan", "version"]

    def get_department_names(self, obj) -> list[str]:
        return [d.name for d in obj.departments.all()]

    def get_serves_industry(self, obj) -> bool:
        return bool(obj.chains.all())


class WorkPlanSerializer(api_fields.ModelSerializer):
    """A plan in a list: its counts. The items come with one plan (retrieve)."""

    region_name = serializers.CharField(source="region.name", read_only=True, help_text="区域名称")
    item_count = api_fields.IntegerField(read_only=True, help_text="监督事项数")
    industry_count = api_fields.IntegerField(read_only=True, help_text="其中服务产业（关联产业链）的事项数")

    class Meta:
        model = WorkPlan
        fields = ["id", "region", "region_name", "year", "title", "item_count", "industry_count", "version"]
        read_only_fields = ["region", "year", "version"]


class WorkPlanDetailSerializer(WorkPlanSerializer):
    items = PlanItemSerializer(many=True, read_only=True, help_text="监督事项")

    class Meta(WorkPlanSerializer.Meta):
        fields = [*WorkPlanSerializer.Meta.fields, "items"]


class OpinionItemSerializer(api_fields.ModelSerializer):
    """One item; lists of opinions build the same dict with `items_by_opinion` (twenty items an opinion,
    fifty opinions a page: a serializer instance per item costs more than the query)."""

    category_display = serializers.CharField(source="get_category_display", read_only=True, help_text="类别（中文）")
    status_display = serializers.CharField(source="get_status_display", read_only=True, help_text="落实情况（中文）")

    class Meta:
        model = OpinionItem
        fields = ["id", "category", "category_display", "group", "number", "content", "status", "status_display",
                  "response", "responded_at", "version"]
        read_only_fields = fields


ITEM_FIELDS = ("id", "opinion_id", "category", "group", "number", "content", "status", "response", "responded_at",
               "version")
CATEGORY_LABELS, ITEM_STATUS_LABELS = dict(ItemCategory.choices), dict(ItemStatus.choices)
_DATETIME = api_fields.DateTimeField()


def items_by_opinion(opinion_ids) -> dict:
    """{opinion id: [item dict]} for a page of opinions in one query of plain rows: a city page
    carries 1 000 items, and building a model and a serializer per item was most of its time."""
    out = {pk: [] for pk in opinion_ids}
    rows = OpinionItem.objects.filter(opinion_id__in=list(opinion_ids)).order_by("opinion", "category", "number")
    for r in rows.values(*ITEM_FIELDS):
        r["category_display"] = CATEGORY_LABELS.get(r["category"], r["category"])
        r["status_display"] = ITEM_STATUS_LABELS.get(r["status"], r["status"])
        r["responded_at"] = _DATETIME.to_representation(r["responded_at"]) if r["responded_at"] else None
        out[r.pop("opinion_id")].append(r)
    return out


class ItemsField(serializers.Field):
    """The opinion's items from the map the view put in the context (one query per page)."""

    def to_representation(self, opinion):
        items = self.context.get("items")
        return items[opinion.pk] if items is not None and opinion.pk in items else items_by_opinion([opinion.pk])[opinion.pk]


class VoteSerializer(api_fields.ModelSerializer):
    class Meta:
        model = Vote
        fields = ["round", "held_on", "members", "present", "satisfied", "basically_satisfied", "unsatisfied",
                  "passed", "rule"]
        read_only_fields = fields


class OpinionSerializer(api_fields.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True, help_text="区域名称")
    body_name = serializers.CharField(source="body.name", read_only=True, help_text="承办机关名称")
    status_display = serializers.CharField(source="get_status_display", read_only=True, help_text="状态（中文）")
    light = serializers.SerializerMethodField(help_text="当前环节的督办灯：red / yellow / green，空为未计时")
    light_display = serializers.SerializerMethodField(help_text="督办灯（中文）")
    items = extend_schema_field(OpinionItemSerializer(many=True))(ItemsField)(read_only=True, source="*",
                                                                          help_text="建议和问题条目")
    votes = VoteSerializer(many=True, read_only=True, help_text="满意度测评")
    allowed_actions = serializers.SerializerMethodField(help_text="当前用户可执行的操作名")

    class Meta:
        model = Opinion
        fields = ["id", "title", "region", "region_name", "topic", "body", "body_name", "summary", "status",
                  "status_display", "report_months", "adopted_on", "transferred_on", "plan_received_on",
                  "reported_on", "transfer_due", "plan_due", "report_due", "due_date", "light", "light_display",
                  "rounds", "items", "votes", "allowed_actions", "published_at", "version"]
        read_only_fields = fields

    def _light(self, obj) -> str:
        light = getattr(obj, "light", None)
        return light if light is not None else lights.deadline_light(obj.due_date, obj.warn_date,
                                                                     timezone.localdate())

    def get_light(self, obj) -> str:
        return self._light(obj)

    def get_light_display(self, obj) -> str:
        return lights.LABELS[self._light(obj)]

    def get_allowed_actions(self, obj) -> list[str]:
        return WORKFLOW.allowed(obj, self.context["request"].user)


class OpinionCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, help_text="标题，如《关于全区重大项目建设情况的审议意见》")
    body = api_fields.PrimaryKeyRelatedField(queryset=Department.objects.all(), help_text="承办机关（部门编号）")
    summary = serializers.CharField(required=False, allow_blank=True, help_text="主要内容")
    report_months = api_fields.IntegerField(default=3, help_text="报告期限（月）：2–6 或 12")
    plan_item = api_fields.PrimaryKeyRelatedField(queryset=PlanItem.objects.all(), required=False,
                                                  allow_null=True, help_text="来源监督事项编号")
    topic = api_fields.PrimaryKeyRelatedField(queryset=Topic.objects.all(), required=False, allow_null=True,
                                              help_text="监督议题编号（本区域）")


class OpinionItemCreateSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=[("suggestion", "建议"), ("problem", "问题")], help_text="类别")
    group = serializers.CharField(max_length=60, help_text="分类，如“强化要素保障”")
    content = serializers.CharField(max_length=5000, help_text="内容")
    number = api_fields.IntegerField(required=False, min_value=1, help_text="序号（缺省接续）")


class ItemResponseSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[("open", "未落实"), ("in_progress", "正在落实"), ("done", "已落实")])
    response = serializers.CharField(max_length=5000, help_text="办理回复")
    version = api_fields.IntegerField(required=False, help_text="读取时的版本号")


def _opinions(user):
    return with_light(opinion_list(user), timezone.localdate()).prefetch_related("votes")


@extend_schema_view(
    list=extend_schema(summary="审议意见列表（按角色限定范围）", tags=["oversight"]),
    retrieve=extend_schema(summary="审议意见详情（条目、期限、督办灯、可执行操作）", tags=["oversight"]),
)
class OpinionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Opinion.objects.none()
    serializer_class = OpinionSerializer

    def get_queryset(self):
        return _opinions(self.request.user).order_by("light_rank", "due_date", "-id")

    def get_object(self):
        op = access_opinion(self.request.user, self.kwargs["pk"])
        return _opinions(self.request.user).get(pk=op.pk)

    def get_serializer(self, *args, **kwargs):
        if args and (kwargs.get("many") or isinstance(args[0], Opinion)):  # their items in one query
            opinions = list(args[0]) if kwargs.get("many") else [args[0]]
            args = (opinions if kwargs.get("many") else args[0], *args[1:])
            kwargs.setdefault("context", self.get_serializer_context())["items"] = items_by_opinion(
                [o.pk for o in opinions])
        return super().get_serializer(*args, **kwargs)

    @extend_schema(summary="起草审议意见（工作人员）", tags=["oversight"], request=OpinionCreateSerializer,
                   responses={201: OpinionSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        ser = OpinionCreateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        op = services.opinion_create(actor=request.user, region=request.user.region, **ser.validated_data)
        return Response(self.get_serializer(_opinions(request.user).get(pk=op.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="增加条目（起草中）", tags=["oversight"], request=OpinionItemCreateSerializer,
                   responses={201: OpinionItemSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def items(self, request, pk=None):
        op = access_opinion(request.user, pk, write=True)
        ser = OpinionItemCreateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        item = services.opinion_item_add(actor=request.user, opinion=op, **ser.validated_data)
        return Response(OpinionItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="执行审议意见的操作",
        description="name 取值：" + "、".join(f"{k}（{v.label}）" for k, v in WORKFLOW.actions.items())
        + "。adopt 需 adopted_on；transfer 需 transferred_on；submit_plan、report 需 received_on 和 content；"
        "vote 需 held_on、members、present、satisfied、basically_satisfied、unsatisfied，回答中 votes 的最后一项"
        "带 passed。带上 version 可防止覆盖他人的操作。",
        parameters=[OpenApiParameter("name", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(ACTION_INPUTS))],
        request=OpenApiTypes.OBJECT, responses={200: OpinionSerializer, **ERRORS}, tags=["oversight"],
    )
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<name>[a-z_]+)")
    def act(self, request, pk=None, name=None):
        if name not in ACTION_INPUTS:
            raise Http404
        op = access_opinion(request.user, pk)
        ser = ACTION_INPUTS[name](data=request.data)
        ser.is_valid(raise_exception=True)
        ser.run(opinion=op, actor=request.user)
        data = self.get_serializer(_opinions(request.user).get(pk=op.pk)).data
        if name == "vote":
            data["passed"] = data["votes"][-1]["passed"]
        return Response(data)


class OpinionItemViewSet(viewsets.GenericViewSet):
    queryset = OpinionItem.objects.none()
    serializer_class = OpinionItemSerializer

    @extend_schema(summary="回复条目的落实情况（承办机关或工作人员）", tags=["oversight"],
                   request=ItemResponseSerializer, responses={200: OpinionItemSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        item = access_item(request.user, pk)
        ser = ItemResponseSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        item = services.opinion_item_respond(item=item, actor=request.user, status=d["status"],
                                             response=d["response"], expected_version=d.get("version"))
        return Response(OpinionItemSerializer(item).data)


@extend_schema_view(
    list=extend_schema(summary="监督工作计划（含监督事项）", tags=["oversight"]),
    retrieve=extend_schema(summary="一个年度的监督工作计划", tags=["oversight"]),
)
class WorkPlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = WorkPlan.objects.none()
    serializer_class = WorkPlanSerializer

    def get_queryset(self):
        return plan_list(self.request.user).annotate(
            item_count=Count("items", distinct=True),
            industry_count=Count("items", filter=Q(items__chains__isnull=False), distinct=True),
        ).order_by("-year", "id")

    def get_serializer_class(self):
        return WorkPlanDetailSerializer if self.action == "retrieve" else WorkPlanSerializer

    def get_object(self):
        plan = access_plan(self.request.user, self.kwargs["pk"])
        return self.get_queryset().prefetch_related("items__departments", "items__chains").get(pk=plan.pk)


class PlanItemWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PlanItem._meta.get_field("kind").choices, required=False)
    subject = serializers.CharField(max_length=200, required=False)
    lead_office = serializers.CharField(max_length=60, required=False, allow_blank=True)
    planned_month = api_fields.IntegerField(min_value=1, max_value=12, required=False)
    status = serializers.ChoiceField(choices=PlanItem._meta.get_field("status").choices, required=False)
    departments = api_fields.PrimaryKeyRelatedField(queryset=Department.objects.all(), many=True, required=False)
    version = api_fields.IntegerField(required=False)


class PlanItemViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = PlanItem.objects.none()
    serializer_class = PlanItemSerializer

    def get_object(self):
        return access_plan_item(self.request.user, self.kwargs["pk"])

    @extend_schema(summary="修改监督事项（工作人员）", tags=["oversight"], request=PlanItemWriteSerializer,
                   responses={200: PlanItemSerializer, **ERRORS})
    def partial_update(self, request, pk=None):
        item = access_plan_item(request.user, pk, write=True)
        ser = PlanItemWriteSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = dict(ser.validated_data)
        item = services.plan_item_update(actor=request.user, item=item, expected_version=d.pop("version", None), **d)
        return Response(PlanItemSerializer(item).data)


def register(router):
    router.register("plans", WorkPlanViewSet, basename="plan")
    router.register("plan-items", PlanItemViewSet, basename="plan-item")
    router.register("opinions", OpinionViewSet, basename="opinion")
    router.register("opinion-items", OpinionItemViewSet, basename="opinion-item")
    api_campaigns.register(router)
    api_topics.register(router)
    api_monitoring.register(router)
    api_ledgers.register(router)
