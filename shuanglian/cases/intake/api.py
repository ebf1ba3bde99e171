"""The public API (no account, no session, no CSRF): submit through a station's token, follow a
case by its tracking code, rate it. Same rules, same counters and same messages as the pages.

    POST /api/v1/intake/{station_token}/            → 201 {"tracking_code", "track_url"}
    GET  /api/v1/track/{tracking_code}/             → status, steps with dates, reply, rating
    POST /api/v1/track/{tracking_code}/rating/      {"rating", "comment"}

No personal data is ever returned. Errors: {"detail": "<中文>", "code": "..."}.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import path, reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from shuanglian.core import api_fields
from shuanglian.core.api import ERROR_SCHEMA
from shuanglian.core.errors import BusinessError

from .. import services
from ..models import VISITOR_RATINGS, Source
from . import throttles
from .services import case_submit
from .stations import one_lookup, station_for_token
from .validation import CONSENT_NOTICE, MAX_ATTACHMENTS
from .views import case_by_code, tracking_info


class TooManyRequests(BusinessError):
    status = 429
    code = "throttled"


class NotFound(BusinessError):
    status = 404
    code = "not_found"


class IntakeRequest(serializers.Serializer):
    enterprise_name = serializers.CharField(help_text="企业名称（必填，≤120字）")
    enterprise_uscc = serializers.CharField(required=False, help_text="统一社会信用代码（选填，18位，校验位校验）")
    contact_name = serializers.CharField(help_text="联系人（必填，≤50字）")
    contact_phone = serializers.CharField(help_text="联系电话：11位手机号或带区号的固定电话")
    category = serializers.CharField(help_text="诉求类别代码（同 Open311 service_code），如 energy")
    title = serializers.CharField(required=False, help_text="标题（选填，缺省取诉求内容第一行）")
    description = serializers.CharField(help_text="诉求内容（必填，≤5000字）")
    consent = serializers.BooleanField(help_text=f"是否同意个人信息保护告知（必须为 true）：{CONSENT_NOTICE}")
    attachments = serializers.ListField(
        child=serializers.FileField(), required=False,
        help_text=f"附件（multipart 上传，最多{MAX_ATTACHMENTS}个；仅 JPG/PNG/WebP 照片和 PDF，按文件内容判断类型）",
    )


class _Step(serializers.Serializer):
    key = serializers.CharField(help_text="submit/accept/assign/handle/reply/revisit/close")
    label = serializers.CharField(help_text="提交/受理/交办/办理/答复/回访/销号")
    done = serializers.BooleanField()
    current = serializers.BooleanField()
    at = api_fields.DateTimeField(allow_null=True)


class _Reply(serializers.Serializer):
    result = serializers.CharField(help_text="solved / partly_solved / not_solvable_now")
    result_label = serializers.CharField()
    content = serializers.CharField()
    commitment = serializers.CharField()
    commitment_due = api_fields.DateField(allow_null=True)
    replied_at = api_fields.DateTimeField(allow_null=True)


class TrackResponse(serializers.Serializer):
    tracking_code = serializers.CharField()
    title = serializers.CharField()
    category = serializers.CharField(help_text="类别名称")
    status = serializers.CharField(help_text="状态代码（submitted、accepted … closed、rejected、merged）")
    status_label = serializers.CharField(help_text="面向企业的中文状态")
    submitted_at = api_fields.DateTimeField()
    steps = _Step(many=True)
    department = serializers.CharField(help_text="承办部门名称（交办后）")
    due_date = api_fields.DateField(allow_null=True, help_text="当前环节的截止日期")
    reply = _Reply(allow_null=True)
    rating = serializers.CharField(help_text="satisfied / basically_satisfied / unsatisfied / no_response，未评价为空")
    rating_label = serializers.CharField()
    can_rate = serializers.BooleanField(help_text="为 true 时可提交评价")


class RatingRequest(serializers.Serializer):
    rating = serializers.ChoiceField(choices=[r.value for r in VISITOR_RATINGS])
    comment = serializers.CharField(required=False, allow_blank=True, max_length=1000)


def _track_payload(case) -> dict:
    info = tracking_info(case)
    return TrackResponse(info).data


class _Public(APIView):
    authentication_classes = []  # no session → no CSRF; no user is ever identified here
    permission_classes = [AllowAny]

    limits = ()  # throttles.INTAKE_THROTTLES or TRACK_THROTTLES
    refusal = ""

    def check_throttles(self, request):
        # One atomic counter per limit (throttles.py), shared with the HTML pages.
        wait = throttles.check(request, self.limits, token=(self.kwargs or {}).get("station_token"))
        if wait is not None:
            raise TooManyRequests(self.refusal.format(wait=wait))


def _data(request) -> dict:
    data = request.data
    if not hasattr(data, "get"):
        raise BusinessError("请求内容应为 JSON 对象或表单。", code="invalid_body")
    return data


class IntakeView(_Public):
    limits = throttles.INTAKE_THROTTLES
    refusal = throttles.REFUSAL
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        operation_id="public_intake",
        summary="扫码提交诉求（公开，无需登录）",
        description=(
            "用履职阵地二维码中的令牌提交诉求，返回查询码。同一令牌、同一内容10分钟内重复提交只生成一条诉求，"
            "返回第一次的查询码。按来源地址和阵地限流，超限返回 429。"
        ),
        request={"application/json": IntakeRequest, "multipart/form-data": IntakeRequest},
        responses={
            201: inline_serializer("IntakeResponse", {
                "tracking_code": serializers.CharField(help_text="查询码"),
                "track_url": serializers.CharField(help_text="查询页地址"),
            }),
            400: OpenApiResponse(ERROR_SCHEMA, description="填写有误（detail 列出所有问题）"),
            404: OpenApiResponse(ERROR_SCHEMA, description="二维码已失效"),
            429: OpenApiResponse(ERROR_SCHEMA, description="提交过于频繁"),
        },
        tags=["public"],
    )
    def post(self, request, station_token):
        with one_lookup():
            station = station_for_token(station_token)
            if station is None:
                raise NotFound("该二维码已失效（阵地已停用或二维码已更换）。", code="station_invalid")
            data = _data(request)
            fields = ["enterprise_name", "enterprise_uscc", "contact_name", "contact_phone", "category", "title",
                      "description"]
            values = {f: data.get(f, "") for f in fields}
            case = case_submit(
                actor=None, source=Source.API, station=station, dedupe_key=station.intake_token,
                consent=data.get("consent", False), attachments=request.FILES.getlist("attachments"), **values,
            )
        url = settings.SITE_URL + reverse("cases:track", kwargs={"code": case.tracking_code})
        return Response({"tracking_code": case.tracking_code, "track_url": url}, status=status.HTTP_201_CREATED)


def _case_or_404(code):
    case = case_by_code(code)
    if case is None:
        raise NotFound("未找到该查询码，请核对后重新输入。")
    return case


class TrackView(_Public):
    limits = throttles.TRACK_THROTTLES
    refusal = throttles.TRACK_REFUSAL

    @extend_schema(
        operation_id="public_track",
        summary="按查询码查看办理进度（公开）",
        description="只返回办理进度、承办部门和答复，不含任何个人信息。按来源地址限流。",
        responses={200: TrackResponse, 404: OpenApiResponse(ERROR_SCHEMA), 429: OpenApiResponse(ERROR_SCHEMA)},
        tags=["public"],
    )
    def get(self, request, tracking_code):
        return Response(_track_payload(_case_or_404(tracking_code)))


class TrackRatingView(_Public):
    limits = throttles.TRACK_THROTTLES
    refusal = throttles.TRACK_REFUSAL
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        operation_id="public_track_rating",
        summary="企业评价办理结果（公开）",
        description="仅在状态为“已答复待回访”（replied）时可评价；其他状态返回 409。",
        request=RatingRequest,
        responses={
            200: TrackResponse, 400: OpenApiResponse(ERROR_SCHEMA), 404: OpenApiResponse(ERROR_SCHEMA),
            409: OpenApiResponse(ERROR_SCHEMA), 429: OpenApiResponse(ERROR_SCHEMA),
        },
        tags=["public"],
    )
    def post(self, request, tracking_code):
        case = _case_or_404(tracking_code)
        data = _data(request)
        comment = data.get("comment") or ""
        if not isinstance(comment, str) or len(comment) > 1000:
            raise BusinessError("评价意见应为不超过1000字的文字。", code="invalid_comment")
        case = services.case_revisit(case=case, actor=None, rating=str(data.get("rating") or ""), comment=comment)
        return Response(_track_payload(case))


urlpatterns = [
    path("intake/<str:station_token>/", IntakeView.as_view(), name="api-public-intake"),
    path("track/<str:tracking_code>/", TrackView.as_view(), name="api-public-track"),
    path("track/<str:tracking_code>/rating/", TrackRatingView.as_view(), name="api-public-track-rating"),
]
