"""The cases API for integrators and staff tools (DESIGN.md §4.2: status changes only through an
action endpoint, never a PATCH):

    POST /api/v1/cases/                               create (staff / deputy entry, via intake)
    GET  /api/v1/cases/?status=&light=&department=&region=&q=…
    GET  /api/v1/cases/{id}/                          incl. light, due_date, allowed_actions
    POST /api/v1/cases/{id}/actions/{name}/           one workflow action
    GET  /api/v1/cases/{id}/timeline/                 the audit events of the case

Errors: {"detail": "<中文>", "code": "…"}; an illegal move or a stale `version` → 409, an
unknown action or an unreadable case → 404, bad input → 400, a reader without a role → 403.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from shuanglian.core import api_fields
from shuanglian.core.api import ERROR_SCHEMA
from shuanglian.core.audit_labels import event_label
from shuanglian.deputies.selectors import deputy_list, station_list
from shuanglian.lib.phones import phone_mask
from shuanglian.regions.selectors import region_list

from .. import clock
from ..filters import CaseFilter
from ..intake.services import case_submit
from ..models import Case, Source, Urgency
from ..selectors import (
    access_case,
    can_see_details,
    can_see_phone,
    case_list,
    case_timeline,
    deputy_of,
    with_light,
)
from ..workflow import ACTIONS, actor_roles, allowed_actions
from .actions import ACTION_INPUTS, case_act

HIDDEN = "（涉及商业秘密，仅承办部门和人大工作人员可见）"


class CaseListSerializer(api_fields.ModelSerializer):
    number = serializers.CharField(read_only=True, help_text="诉求编号，如 SQ2025-000123")
    status_display = serializers.CharField(source="get_status_display", read_only=True, help_text="状态（中文）")
    light = serializers.SerializerMethodField(help_text="督办灯：red 红 / yellow 黄 / green 绿；空字符串表示未计时")
    category = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="类别代码")
    category_name = serializers.CharField(source="category.name", read_only=True, help_text="类别名称")
    region_name = serializers.CharField(source="region.name", read_only=True, help_text="所属区域")
    lead_department_name = serializers.CharField(source="lead_department.name", read_only=True, default=None,
                                                 allow_null=True,
                                                 help_text="主办部门名称")
    due_date = serializers.SerializerMethodField(help_text=(
        "办理（答复）期限：自交办之时起即为交办时定下的答复截止日期（交办时 due_workdays 个工作日，含批准的延期；"
        "暂停计时期间为空）；交办前和答复后为当前环节的截止日期（同 step_due）"))
    sign_due = serializers.SerializerMethodField(help_text="签收期限：已交办待签收时的签收截止日期，其余为空")
    step_due = serializers.SerializerMethodField(help_text=(
        "当前环节（正在计时的一步：受理、交办、签收、办理或回访）的截止日期；light 与 warn_date 按它计算"))

    class Meta:
        model = Case
        fields = ["id", "number", "title", "status", "status_display", "light", "due_date", "sign_due", "step_due",
                  "warn_date",
                  "due_provisional", "category", "category_name", "urgency", "source", "region", "region_name",
                  "lead_department", "lead_department_name", "enterprise_name", "submitted_at", "version"]
        read_only_fields = fields
        extra_kwargs = {
            "status": {"help_text": "状态（只读，仅能通过操作接口改变）"},
            "warn_date": {"help_text": "当前环节转黄灯的日期"},
            "due_provisional": {"help_text": "截止日期所跨年度的放假安排尚未确认"},
            "lead_department": {"help_text": "主办部门编号"},
            "version": {"help_text": "版本号：提交操作时带上，防止两人同时操作互相覆盖"},
        }

    @extend_schema_field(serializers.ChoiceField(choices=["red", "yellow", "green", ""]))
    def get_light(self, case):
        return getattr(case, "light", None) if hasattr(case, "light") else clock.light_of(case)

    @extend_schema_field(api_fields.DateField(allow_null=True))
    def get_due_date(self, case):
        return case.reply_due if case.clock_kind in ("sign", "reply") else case.due_date

    @extend_schema_field(api_fields.DateField(allow_null=True))
    def get_sign_due(self, case):
        return case.sign_due

    @extend_schema_field(api_fields.DateField(allow_null=True))
    def get_step_due(self, case):
        return case.due_date


class CoDepartmentSerializer(serializers.Serializer):
    department = api_fields.IntegerField(source="department_id", help_text="协办部门编号")
    name = serializers.CharField(source="department.name", help_text="协办部门名称")
    due_date = api_fields.DateField(allow_null=True, help_text="协办反馈截止日期")
    reported_at = api_fields.DateTimeField(allow_null=True, help_text="反馈时间；空表示尚未反馈")
    waived_at = api_fields.DateTimeField(allow_null=True, help_text=(
        "人大工作人员免除其反馈的时间；反馈和免除都为空时，主办部门不能办结答复（co_report_outstanding）"))
    waive_reason = serializers.CharField(help_text="免除反馈的理由")


class CaseDetailSerializer(CaseListSerializer):
    description = serializers.SerializerMethodField(help_text="诉求内容；涉密诉求对非承办方隐藏")
    contact_name = serializers.SerializerMethodField(help_text="联系人；涉密诉求对非承办方隐藏")
    contact_phone = serializers.SerializerMethodField(help_text="联系电话；仅工作人员和主办部门可见完整号码，其余脱敏")
    tracking_code = serializers.SerializerMethodField(
        help_text="企业查询码；只对人大工作人员返回（凭查询码即可评价，承办部门不应持有），其余为 null")
    co_departments = CoDepartmentSerializer(many=True, read_only=True, help_text="协办部门")
    allowed_actions = serializers.SerializerMethodField(help_text="当前用户此刻可执行的操作名")
    merged_into = api_fields.PrimaryKeyRelatedField(read_only=True, allow_null=True, help_text="并入的主诉求编号")

    class Meta(CaseListSerializer.Meta):
        fields = CaseListSerializer.Meta.fields + [
            "description", "confidential", "tracking_code", "enterprise_uscc", "contact_name", "contact_phone",
            "station", "chain", "collected_by", "co_departments", "clock_kind", "clock_start", "clock_limit",
            "clock_extension", "clock_paused_days", "paused_since", "pause_reason",
            "reply_result", "reply_content", "commitment", "commitment_due", "rating", "rating_comment",
            "rated_by_phone", "reopen_count", "merged_into", "accepted_at", "assigned_at", "signed_at",
            "sign_on_time", "replied_at", "reply_on_time", "reply_workdays", "rated_at", "closed_at",
            "allowed_actions",
        ]
        read_only_fields = fields
        extra_kwargs = {
            **CaseListSerializer.Meta.extra_kwargs,
            "confidential": {"help_text": "涉及商业秘密"},
            "enterprise_uscc": {"help_text": "统一社会信用代码"},
            "station": {"help_text": "履职阵地编号"},
            "chain": {"help_text": "产业链编号"},
            "collected_by": {"help_text": "收集代表编号"},
            "clock_kind": {"help_text": "计时类型：sign 签收 / reply 办理 / revisit 回访"},
            "clock_start": {"help_text": "计时起点"},
            "clock_limit": {"help_text": "时限（工作日）"},
            "clock_extension": {"help_text": "已批准延期（工作日）"},
            "clock_paused_days": {"help_text": "累计暂停（工作日）"},
            "paused_since": {"help_text": "暂停起始日；空表示未暂停"},
            "pause_reason": {"help_text": "暂停原因"},
            "reply_result": {"help_text": "办理结果：solved / partly_solved / not_solvable_now"},
            "reply_content": {"help_text": "答复内容"},
            "commitment": {"help_text": "承诺事项（部分解决、暂不具备条件时）"},
            "commitment_due": {"help_text": "承诺完成日期"},
            "rating": {"help_text": "评价：satisfied / basically_satisfied / unsatisfied / no_response（未回复销号）"},
            "rating_comment": {"help_text": "评价意见"},
            "rated_by_phone": {"help_text": "是否电话回访"},
            "reopen_count": {"help_text": "重办次数"},
            "accepted_at": {"help_text": "受理时间"},
            "assigned_at": {"help_text": "交办时间"},
            "signed_at": {"help_text": "签收时间"},
            "sign_on_time": {"help_text": "是否按时签收"},
            "replied_at": {"help_text": "答复时间"},
            "reply_on_time": {"help_text": "是否按时答复"},
            "reply_workdays": {"help_text": "答复用时（工作日，扣除暂停）"},
            "rated_at": {"help_text": "评价时间"},
            "closed_at": {"help_text": "销号时间"},
        }

    def _user(self):
        return self.context["request"].user

    @extend_schema_field(OpenApiTypes.STR)
    def get_description(self, case):
        return case.description if can_see_details(case, self._user()) else HIDDEN

    @extend_schema_field(OpenApiTypes.STR)
    def get_contact_name(self, case):
        return case.contact_name if can_see_details(case, self._user()) else ""

    @extend_schema_field(OpenApiTypes.STR)
    def get_contact_phone(self, case):
        user = self._user()
        if not can_see_details(case, user):
            return ""
        return case.contact_phone if can_see_phone(case, user) else phone_mask(case.contact_phone)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_tracking_code(self, case):
        return case.tracking_code if "staff" in actor_roles(case, self._user()) else None

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=list(ACTIONS))))
    def get_allowed_actions(self, case):
        return allowed_actions(case, self._user())


class CaseCreateSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, help_text="标题（≤120字；缺省取内容第一行）")
    description = serializers.CharField(help_text="诉求内容")
    category = serializers.CharField(help_text="类别代码（同 Open311 service_code），如 energy")
    enterprise_name = serializers.CharField(help_text="企业名称")
    enterprise_uscc = serializers.CharField(required=False, allow_blank=True, help_text="统一社会信用代码（选填，校验）")
    contact_name = serializers.CharField(help_text="联系人")
    contact_phone = serializers.CharField(help_text="联系电话：手机号或带区号固定电话")
    source = serializers.ChoiceField(choices=Source.choices, default=Source.API,
                                     help_text="来源：visit 走访、reception_day 接待日、inspection 视察、hotline 热线…")
    station = api_fields.IntegerField(required=False, allow_null=True, help_text="履职阵地编号（选填；预填区域、产业链、跟踪代表）")
    collected_by = api_fields.IntegerField(required=False, allow_null=True, help_text="收集代表编号（选填；代表本人录入时默认本人）")
    region = api_fields.IntegerField(required=False, allow_null=True, help_text="所属区域编号（选填：缺省取阵地的区域，无阵地时取录入人所在区域）")
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL, help_text="紧急程度")
    confidential = serializers.BooleanField(default=False, help_text="涉及商业秘密")


class CaseHiddenAfterActionSerializer(serializers.Serializer):
    """The answer when the action took the case out of the actor's sight (a department returned it)."""

    id = api_fields.IntegerField(help_text="诉求编号")
    status = serializers.CharField(help_text="状态代码")
    status_display = serializers.CharField(help_text="状态")
    version = api_fields.IntegerField(help_text="版本号")
    readable = serializers.BooleanField(help_text="恒为 false：操作后您已无权查看该诉求（如部门退回后）")


# 200 of an action: the case as the actor now reads it, or — if they no longer may — its new status
# only. The two never match each other's schema (the short one requires `readable`).
ACTION_RESULT = PolymorphicProxySerializer(
    component_name="CaseActionResult", serializers=[CaseDetailSerializer, CaseHiddenAfterActionSerializer],
    resource_type_field_name=None)


class TimelineEventSerializer(serializers.Serializer):
    at = api_fields.DateTimeField(help_text="时间")
    event_type = serializers.CharField(help_text="事件，如 case.assign")
    label = serializers.CharField(help_text="事件（中文）")
    actor = serializers.CharField(source="actor_label", help_text="操作人")
    note = serializers.CharField(help_text="说明")
    changes = serializers.DictField(help_text="变更 {字段: [原值, 新值]}")


def _lookup(model, user_qs, pk, label):
    if pk is None:
        return None
    obj = user_qs.filter(pk=pk).first()
    if obj is None:
        raise exceptions.ValidationError({label: f"{label}不存在，或不在您的工作范围内。"})
    return obj


ERRORS = {
    400: OpenApiResponse(ERROR_SCHEMA, description="输入有误"),
    403: OpenApiResponse(ERROR_SCHEMA, description="无权执行"),
    404: OpenApiResponse(ERROR_SCHEMA, description="诉求不存在或无权查看；或没有该操作"),
    409: OpenApiResponse(ERROR_SCHEMA, description="当前状态不允许该操作，或已被他人更新"),
}


@extend_schema_view(
    list=extend_schema(summary="诉求列表（按角色限定范围）", tags=["cases"]),
    retrieve=extend_schema(summary="诉求详情（含督办灯、截止日期、可执行操作）", tags=["cases"],
                           responses={200: CaseDetailSerializer, 404: ERRORS[404]}),
)
class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Case.objects.none()
    filterset_class = CaseFilter
    serializer_class = CaseListSerializer

    def get_queryset(self):
        return with_light(case_list(self.request.user)).order_by("-submitted_at", "-id")

    def get_serializer_class(self):
        return CaseDetailSerializer if self.action in ("retrieve", "act") else CaseListSerializer

    def get_object(self):
        return access_case(self.request.user, self.kwargs["pk"])

    @extend_schema(summary="录入诉求（工作人员、代表；走访、接待日、视察等）", tags=["cases"],
                   request=CaseCreateSerializer, responses={201: CaseDetailSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        ser = CaseCreateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        user = request.user
        station = _lookup(None, station_list(user), data.pop("station", None), "履职阵地")
        collected_by = _lookup(None, deputy_list(user), data.pop("collected_by", None), "收集代表")
        if collected_by is None:
            collected_by = deputy_of(user)
        region = _lookup(None, region_list(user), data.pop("region", None), "所属区域")
        if region is None and station is None:
            # no region named: the caller's own (a district's staff enter their district's cases);
            # refused only when the caller has none to offer (e.g. a platform administrator)
            region = getattr(user, "region", None)
            if region is None:
                raise exceptions.ValidationError({"region": "您的账号不属于某一区域，无法确定诉求所属区域：请填写 region（所属区域编号）或 station。"})
        data.setdefault("title", "")
        case = case_submit(actor=user, station=station, collected_by=collected_by, region=region, **data)
        case = access_case(user, case.pk)
        return Response(CaseDetailSerializer(case, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="执行办理操作",
        description=(
            "name 取值：" + "、".join(f"{k}（{v.label}）" for k, v in ACTIONS.items()) + "。"
            "assign 需 department，可带 co_departments、due_workdays；accept 带上 department（及 co_departments、"
            "due_workdays）则受理并交办，一步完成，交办不成则不受理；reply 需 result、content，"
            "非“已解决”时需 commitment、commitment_due；revisit 需 rating（已并案诉求用 rate_merged）；"
            "request_extension 需 days 和 note；"
            "decide_extension 需 approve；merge 需 into。带上 version 可防止覆盖他人的操作。"
        ),
        parameters=[OpenApiParameter("name", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(ACTIONS),
                                     description="操作名")],
        request=PolymorphicProxySerializer(component_name="CaseActionInput", serializers=list(
            dict.fromkeys(ACTION_INPUTS.values())), resource_type_field_name=None), responses={200: ACTION_RESULT, **ERRORS}, tags=["cases"],
    )
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<name>[a-z_]+)")
    def act(self, request, pk=None, name=None):
        if name not in ACTIONS:
            raise Http404
        case = access_case(request.user, pk)
        case = case_act(case=case, action=name, actor=request.user, data=request.data)
        visible = case_list(request.user).filter(pk=case.pk).first()
        if visible is None:  # a department that returned a case no longer sees it
            return Response({"id": case.pk, "status": case.status, "status_display": case.get_status_display(),
                             "version": case.version, "readable": False})
        return Response(CaseDetailSerializer(visible, context={"request": request}).data)

    @extend_schema(summary="诉求时间线（审计事件）", tags=["cases"],
                   responses={200: TimelineEventSerializer(many=True), 404: ERRORS[404]})
    # A plain list (not paged, not filtered): the schema must not announce a page object.
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def timeline(self, request, pk=None):
        case = access_case(request.user, pk)
        events = case_timeline(case)
        details = can_see_details(case, request.user)
        for e in events:
            e.label = event_label(e.event_type)
            if not details:  # a confidential case: who did what, when — not what was said
                e.changes = {k: v for k, v in e.changes.items() if k == "status"}
                e.note = ""
        return Response(TimelineEventSerializer(events, many=True).data)


def register(router):
    router.register("cases", CaseViewSet, basename="case")
