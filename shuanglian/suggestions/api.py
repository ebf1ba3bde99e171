"""/api/v1/suggestions/ and /api/v1/suggestion-commitments/: read in scope through the same funnel as
the pages; every write through the services; a suggestion's status only through
POST /api/v1/suggestions/{id}/actions/{name}/ with that action's typed input (inputs.py)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from shuanglian.cases.selectors import access_case
from shuanglian.core import api_fields
from shuanglian.core.api import ERROR_SCHEMA
from shuanglian.core.errors import BusinessError
from shuanglian.duties.selectors import access_reception, activity_list
from shuanglian.lib import lights

from . import clocks, services
from .figures import GROUPS, figures_payload
from .inputs import ACTION_INPUTS, COMMITMENT_INPUTS, CreateInput
from .models import Commitment, Suggestion
from .selectors import access_commitment, access_suggestion, suggestion_list, with_light
from .workflow import COMMITMENT_WORKFLOW, SUGGESTION_WORKFLOW, allowed_actions

ERRORS = {
    400: OpenApiResponse(ERROR_SCHEMA, description="输入有误"),
    403: OpenApiResponse(ERROR_SCHEMA, description="无权执行"),
    404: OpenApiResponse(ERROR_SCHEMA, description="不存在或无权查看；或没有该操作"),
    409: OpenApiResponse(ERROR_SCHEMA, description="当前状态不允许该操作，或已被他人更新"),
}


def _light_of(obj, due_field="due_date", warn_field="warn_date") -> str:
    light = getattr(obj, "light", None)
    if light is not None:
        return light
    return lights.deadline_light(getattr(obj, due_field), getattr(obj, warn_field), clocks.today())


class CommitmentSerializer(api_fields.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    rating_display = serializers.CharField(source="get_rating_display", read_only=True)
    light = serializers.SerializerMethodField(help_text="承诺期限的督办灯：red / yellow / green，空为已兑现")
    allowed_actions = serializers.SerializerMethodField(help_text="当前用户可执行的操作名")

    class Meta:
        model = Commitment
        fields = ["id", "suggestion", "content", "made_on", "due", "status", "status_display", "delivered_on",
                  "delivery_note", "rating", "rating_display", "rated_on", "light", "allowed_actions", "version"]
        read_only_fields = fields

    def get_light(self, obj) -> str:
        if obj.status != "open":
            return lights.NONE
        return lights.deadline_light(obj.due, obj.warn_date, clocks.today())

    def get_allowed_actions(self, obj) -> list[str]:
        return COMMITMENT_WORKFLOW.allowed(obj, self.context["request"].user)


class SuggestionSerializer(api_fields.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, help_text="类型（中文）")
    display_title = serializers.CharField(read_only=True, help_text="带书名号的标题")
    status_display = serializers.CharField(source="get_status_display", read_only=True, help_text="状态（中文）")
    region_name = serializers.CharField(source="region.name", read_only=True)
    lead_deputy_name = serializers.CharField(source="lead_deputy.name", read_only=True)
    co_signer_names = serializers.SerializerMethodField(help_text="联名代表姓名")
    lead_unit_name = serializers.SerializerMethodField(help_text="主办单位名称")
    co_unit_names = serializers.SerializerMethodField(help_text="协办单位名称")
    refuse_reason_display = serializers.CharField(source="get_refuse_reason_display", read_only=True)
    answer_category_display = serializers.CharField(source="get_answer_category_display", read_only=True)
    rating_display = serializers.CharField(source="get_rating_display", read_only=True)
    light = serializers.SerializerMethodField(help_text="当前环节的督办灯：red / yellow / green，空为未计时")
    light_display = serializers.SerializerMethodField(help_text="督办灯（中文）")
    commitments = CommitmentSerializer(many=True, read_only=True, help_text="承诺事项")
    allowed_actions = serializers.SerializerMethodField(help_text="当前用户可执行的操作名")

    class Meta:
        model = Suggestion
        fields = ["id", "number", "kind", "kind_display", "title", "display_title", "reasons", "proposals",
                  "region", "region_name", "lead_deputy", "lead_deputy_name", "co_signers", "co_signer_names",
                  "source_case", "source_activity", "source_reception", "split_from", "status", "status_display",
                  "refuse_reason", "refuse_reason_display", "lead_unit", "lead_unit_name", "co_units",
                  "co_unit_names", "complex", "answer_category", "answer_category_display", "answer_content",
                  "rating", "rating_display", "rounds", "submitted_on", "returned_on", "assigned_on",
                  "answered_on", "rated_on", "rehandle_from", "closed_on", "assign_due", "return_due",
                  "co_opinion_due", "answer_due", "rating_due", "due_date", "due_provisional", "light",
                  "light_display", "commitments", "allowed_actions", "version"]
        read_only_fields = fields

    def get_co_signer_names(self, obj) -> list[str]:
        return [d.name for d in obj.co_signers.all()]

    def get_lead_unit_name(self, obj) -> str:
        return obj.lead_unit.name if obj.lead_unit else ""

    def get_co_unit_names(self, obj) -> list[str]:
        return [d.name for d in obj.co_units.all()]

    def get_light(self, obj) -> str:
        return _light_of(obj)

    def get_light_display(self, obj) -> str:
        return lights.LABELS[_light_of(obj)]

    def get_allowed_actions(self, obj) -> list[str]:
        return allowed_actions(obj, self.context["request"].user)


class FiguresRowSerializer(serializers.Serializer):
    id = api_fields.IntegerField(allow_null=True, help_text="单位或代表编号（合计为空）")
    name = serializers.CharField()
    assigned = api_fields.IntegerField(help_text="交办件数")
    due = api_fields.IntegerField(help_text="首次答复期限已到的件数")
    answered_due = api_fields.IntegerField(help_text="其中已答复")
    answered = api_fields.IntegerField(help_text="已答复件数")
    on_time = api_fields.IntegerField(help_text="按时首次答复件数")
    category_a = api_fields.IntegerField(help_text="A类答复件数")
    rated_in_time = api_fields.IntegerField(help_text="按时评价件数")
    satisfied_in_time = api_fields.IntegerField(help_text="其中满意或基本满意")
    late_ratings = api_fields.IntegerField(help_text="逾期未评价（或逾期评价）件数")
    answer_rate = api_fields.FloatField(allow_null=True, help_text="办复率（%）")
    on_time_rate = api_fields.FloatField(allow_null=True, help_text="按时办复率（%）")
    a_share = api_fields.FloatField(allow_null=True, help_text="A类占比（%）")
    satisfaction = api_fields.FloatField(allow_null=True, help_text="满意率（%），逾期评价按设置排除或视为满意")


class FiguresSerializer(serializers.Serializer):
    year = api_fields.IntegerField()
    by = serializers.CharField()
    late_rating = serializers.CharField(help_text="exclude：逾期评价不计入满意率；as_satisfied：视为满意")
    rows = FiguresRowSerializer(many=True)
    total = FiguresRowSerializer()


def _suggestions(user):
    return with_light(suggestion_list(user), clocks.today()).prefetch_related("co_signers", "co_units",
                                                                              "commitments")


def _source(user, label, pk, access):
    if pk is None:
        return None
    try:
        return access(user, pk)
    except Http404:
        raise BusinessError(f"{label}（编号 {pk}）不存在或您无权查看。", code="invalid_source") from None


def _activity(user, pk):
    obj = activity_list(user).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


@extend_schema_view(
    list=extend_schema(summary="代表建议列表（按角色限定范围）", tags=["suggestions"]),
    retrieve=extend_schema(summary="代表建议详情（期限、督办灯、可执行操作）", tags=["suggestions"]),
)
class SuggestionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Suggestion.objects.none()
    serializer_class = SuggestionSerializer

    def get_queryset(self):
        return _suggestions(self.request.user).order_by("light_rank", "due_date", "-id")

    def get_object(self):
        s = access_suggestion(self.request.user, self.kwargs["pk"])
        return _suggestions(self.request.user).get(pk=s.pk)

    @extend_schema(summary="提出建议（草稿；代表本人，或工作人员录入纸质建议）", tags=["suggestions"],
                   request=CreateInput, responses={201: SuggestionSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        ser = CreateInput(data=request.data)
        ser.is_valid(raise_exception=True)
        d = dict(ser.validated_data)
        user = request.user
        lead = d.pop("lead_deputy", None) or getattr(user, "deputy", None)
        if lead is None:
            raise BusinessError("请选择领衔代表。", code="invalid_deputy")
        s = services.suggestion_create(
            actor=user, title=d["title"], reasons=d["reasons"], proposals=d["proposals"], kind=d["kind"],
            lead_deputy=lead, co_signers=d.get("co_signers", []),
            source_case=_source(user, "来源诉求", d.get("source_case"), access_case),
            source_activity=_source(user, "来源履职活动", d.get("source_activity"), _activity),
            source_reception=_source(user, "来源接待日", d.get("source_reception"), access_reception),
        )
        return Response(self.get_serializer(_suggestions(user).get(pk=s.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="办理统计：办复率、按时办复率、A类占比、满意率（按承办单位或代表）", tags=["suggestions"],
        parameters=[OpenApiParameter("year", OpenApiTypes.INT, description="交办年度，缺省今年"),
                    OpenApiParameter("by", OpenApiTypes.STR, enum=list(GROUPS), description="unit 或 deputy")],
        responses={200: FiguresSerializer, **ERRORS},
    )
    @action(detail=False, methods=["get"])
    def figures(self, request):
        return Response(figures_payload(request.user, request.query_params.get("year"),
                                        request.query_params.get("by")))

    @extend_schema(
        summary="执行建议的操作",
        description="name 取值：" + "、".join(f"{k}（{v.label}）" for k, v in SUGGESTION_WORKFLOW.actions.items())
        + "。assign 需 lead_unit，可带 co_units、complex；return 需 note（理由）；refuse 需 reason；"
        "split 需 parts（每项 title、reasons、proposals）；co_opinion 需 content；answer 需 category、content，"
        "B、C 类需 commitments: [{content, due}]；rate 需 rating（satisfied / basically_satisfied / unsatisfied）。"
        "均可带 on（办理日期，缺省今天）和 version（防止覆盖他人的操作）。",
        parameters=[OpenApiParameter("name", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(ACTION_INPUTS))],
        request=OpenApiTypes.OBJECT, responses={200: SuggestionSerializer, **ERRORS}, tags=["suggestions"],
    )
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<name>[a-z_]+)")
    def act(self, request, pk=None, name=None):
        if name not in ACTION_INPUTS:
            raise Http404
        s = access_suggestion(request.user, pk)
        ser = ACTION_INPUTS[name](data=request.data)
        ser.is_valid(raise_exception=True)
        after = ser.run(suggestion=s, actor=request.user)
        now = _suggestions(request.user).filter(pk=s.pk).first()
        if now is None:  # a unit that gave it back no longer reads it: the outcome only
            return Response({"id": after.pk, "status": after.status, "status_display": after.get_status_display(),
                             "allowed_actions": []})
        return Response(self.get_serializer(now).data)


class CommitmentViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Commitment.objects.none()
    serializer_class = CommitmentSerializer

    def get_object(self):
        return access_commitment(self.request.user, self.kwargs["pk"])

    @extend_schema(
        summary="执行承诺事项的操作",
        description="deliver（报告兑现，需 note）；rate（代表评价兑现，需 rating）。可带 on 和 version。",
        parameters=[OpenApiParameter("name", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(COMMITMENT_INPUTS))],
        request=OpenApiTypes.OBJECT, responses={200: CommitmentSerializer, **ERRORS}, tags=["suggestions"],
    )
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<name>[a-z_]+)")
    def act(self, request, pk=None, name=None):
        if name not in COMMITMENT_INPUTS:
            raise Http404
        c = access_commitment(request.user, pk)
        ser = COMMITMENT_INPUTS[name](data=request.data)
        ser.is_valid(raise_exception=True)
        c = ser.run(commitment=c, actor=request.user)
        return Response(self.get_serializer(Commitment.objects.get(pk=c.pk)).data)


def register(router):
    router.register("suggestions", SuggestionViewSet, basename="suggestion")
    router.register("suggestion-commitments", CommitmentViewSet, basename="suggestion-commitment")
