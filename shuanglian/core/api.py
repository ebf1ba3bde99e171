"""API plumbing shared by every app (the JSON error shape) and core's own endpoints:
POST /api/v1/auth/token/, GET /api/v1/workdays/add and /workdays/add-months."""

import datetime as _dt

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from shuanglian.lib.parse import is_ascii_digits
from shuanglian.lib.workdays import add_months, due

from . import api_fields
from .auth_views import LOCKED_OUT_MESSAGE
from .errors import BusinessError, user_input_error
from .models import AuditEvent
from .selectors import access_audit_event, audit_event_list
from .services import api_token_issue


def _first_message(detail) -> str:
    if isinstance(detail, dict):
        for key, value in detail.items():
            msg = _first_message(value)
            return msg if key in ("non_field_errors", "__all__", "detail") else f"{key}：{msg}"
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    return str(detail)


def exception_handler(exc, context):
    """Every API error is {"detail": "<中文说明>", "code": "<machine code>"} (+ "errors" per field)."""
    if isinstance(exc, BusinessError):
        return Response({"detail": exc.message, "code": exc.code}, status=exc.status)
    input_error = user_input_error(exc)
    if input_error:  # BadInput, an unreadable body or upload: the client's error, a 400
        message, code = input_error
        return Response({"detail": message, "code": code}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, exceptions.ParseError):
        return Response({"detail": "请求内容格式错误，无法解析（应为 UTF-8 编码的 JSON 或表单）。", "code": "parse_error"},
                        status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, Http404):
        return Response({"detail": "未找到该记录，或您无权查看。", "code": "not_found"}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, PermissionDenied):
        msg = str(exc) or "您没有执行此操作的权限。"
        return Response({"detail": msg, "code": "permission_denied"}, status=status.HTTP_403_FORBIDDEN)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": _first_message(exc.detail), "code": "invalid", "errors": exc.detail}
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        response.data = {"detail": _first_message(exc.detail), "code": codes if isinstance(codes, str) else "error"}
    return response


# --- core endpoints ----------------------------------------------------------------------




MAX_WORKDAYS = 365
ERROR_SCHEMA = inline_serializer(
    "Error", {"detail": serializers.CharField(help_text="中文说明"), "code": serializers.CharField(help_text="机器码")}
)
# Token first: a request without credentials gets 401 with `WWW-Authenticate: Token`.
API_AUTH = [TokenAuthentication, SessionAuthentication]


def parse_date_param(value: str | None, name: str) -> _dt.date:
    if not value:
        raise BusinessError(f"缺少参数 {name}（日期，格式 YYYY-MM-DD）。", code="required")
    try:
        day = _dt.date.fromisoformat(value.strip())
    except ValueError:
        raise BusinessError(f"参数 {name} 不是有效日期，格式应为 YYYY-MM-DD。", code="invalid_date") from None
    if not 2000 <= day.year <= 2099:
        raise BusinessError(f"参数 {name} 的年份须在 2000–2099 之间。", code="date_out_of_range")
    return day


def _count_param(value: str | None, *, name: str, what: str, maximum: int, code: str) -> int:
    """A count of days or months from the query: ASCII digits only (int() would also read '٣')."""
    if value is None or value.strip() == "":
        raise BusinessError(f"缺少参数 {name}（{what}）。", code="required")
    text = value.strip()
    if not is_ascii_digits(text[1:] if text[:1] in "+-" else text):
        raise BusinessError(f"参数 {name} 须为整数。", code=f"invalid_{code}")
    number = int(text)
    if not 0 <= number <= maximum:
        raise BusinessError(f"{what}须在 0 到 {maximum} 之间。", code=f"{code}_out_of_range")
    return number


def parse_days_param(value: str | None, name: str = "days") -> int:
    return _count_param(value, name=name, what="工作日天数", maximum=MAX_WORKDAYS, code="days")


class WorkdaysAddView(APIView):
    """The due date `days` working days after `start` (the start day is not counted)."""

    authentication_classes = API_AUTH
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="workdays_add",
        summary="按工作日计算期限",
        description=(
            "起始日当天不计入（民法典第201条）；法定节假日与调休按国务院通知及工作人员录入的调整计算。"
            "`provisional` 为 true 表示所跨年份的放假安排尚未确认（按法定节日推算）。"
        ),
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, OpenApiParameter.QUERY, required=True,
                             description="起始日期 YYYY-MM-DD"),
            OpenApiParameter("days", OpenApiTypes.INT, OpenApiParameter.QUERY, required=True,
                             description=f"工作日天数，0–{MAX_WORKDAYS}"),
        ],
        responses={
            200: inline_serializer("WorkdaysAdd", {
                "due": api_fields.DateField(help_text="到期日"),
                "provisional": serializers.BooleanField(help_text="是否为暂定（年度安排未确认）"),
            }),
            400: OpenApiResponse(ERROR_SCHEMA, description="参数错误"),
            401: OpenApiResponse(ERROR_SCHEMA, description="未登录"),
        },
        tags=["workdays"],
    )
    def get(self, request):
        start = parse_date_param(request.query_params.get("start"), "start")
        days = parse_days_param(request.query_params.get("days"))
        end, provisional = due(start, days)
        return Response({"due": end.isoformat(), "provisional": provisional})


MAX_MONTHS = 120


def parse_months_param(value: str | None, name: str = "months") -> int:
    return _count_param(value, name=name, what="月数", maximum=MAX_MONTHS, code="months")


class WorkdaysAddMonthsView(APIView):
    """The due date of a period of `months` months from `start` (民法典 art. 202–203)."""

    authentication_classes = API_AUTH
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="workdays_add_months",
        summary="按月计算期限",
        description=(
            "到期月的对应日为期限最后一日；到期月没有对应日的，以该月最后一日为期限最后一日（民法典第202条）；"
            "最后一日是法定休假日的，顺延至休假日结束后的第一个工作日（第203条，含调休）。"
            "`provisional` 为 true 表示所跨年份的放假安排尚未确认。"
        ),
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, OpenApiParameter.QUERY, required=True,
                             description="起始日期 YYYY-MM-DD"),
            OpenApiParameter("months", OpenApiTypes.INT, OpenApiParameter.QUERY, required=True,
                             description=f"月数，0–{MAX_MONTHS}"),
        ],
        responses={
            200: inline_serializer("WorkdaysAddMonths", {
                "due": api_fields.DateField(help_text="到期日"),
                "provisional": serializers.BooleanField(help_text="是否为暂定（年度安排未确认）"),
            }),
            400: OpenApiResponse(ERROR_SCHEMA, description="参数错误"),
            401: OpenApiResponse(ERROR_SCHEMA, description="未登录"),
        },
        tags=["workdays"],
    )
    def get(self, request):
        start = parse_date_param(request.query_params.get("start"), "start")
        months = parse_months_param(request.query_params.get("months"))
        end, provisional = add_months(start, months)
        return Response({"due": end.isoformat(), "provisional": provisional})


class TokenObtainView(APIView):
    """Exchange a username and password for an API token (`Authorization: Token <key>`)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="auth_token_obtain",
        summary="用用户名和密码换取接口令牌",
        description="失败会记入审计日志；同一账号连续失败5次锁定30分钟（返回 429）。",
        request=inline_serializer("TokenRequest", {
            "username": serializers.CharField(), "password": serializers.CharField(),
        }),
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
            400: OpenApiResponse(ERROR_SCHEMA, description="用户名或密码不正确"),
            429: OpenApiResponse(ERROR_SCHEMA, description="账号已锁定"),
        },
        tags=["auth"],
    )
    def post(self, request):
        data = request.data if hasattr(request.data, "get") else {}
        username = str(data.get("username") or "").strip()
        password = str(data.get("password") or "")
        if not username or not password:
            raise BusinessError("请提供用户名和密码。", code="required")
        # The plain HttpRequest, so django-axes counts the failure and can lock the account.
        user = authenticate(request._request, username=username, password=password)
        if getattr(request._request, "axes_locked_out", False):
            return locked_out_response()
        if user is None:
            raise BusinessError("用户名或密码不正确。连续失败5次，账号将锁定30分钟。", code="invalid_credentials")
        if not user.is_active:
            raise BusinessError("该账号已停用，请联系系统管理员。", code="inactive")
        token = api_token_issue(actor=user)
        return Response({"token": token.key})





def locked_out_response():
    return Response({"detail": LOCKED_OUT_MESSAGE, "code": "locked_out"}, status=status.HTTP_429_TOO_MANY_REQUESTS)


class AuditEventSerializer(api_fields.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = [
            "id", "at", "event_type", "actor", "actor_label", "target_type", "target_id", "target_repr",
            "changes", "note", "request_id",
        ]


AUDIT_PARAMS = [
    OpenApiParameter("event_type", str, description="事件类型前缀，如 case. 或 auth.login_failed"),
    OpenApiParameter("actor", str, description="操作人（包含）"),
    OpenApiParameter("target_type", str, description="对象类型，如 core.calendaroverride"),
    OpenApiParameter("target_id", str, description="对象编号"),
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="自（含）"),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="至（含）"),
]


class AuditEventList(ListAPIView):
    """The audit log, read-only: staff see their region's events, the admin all."""

    authentication_classes = API_AUTH
    serializer_class = AuditEventSerializer
    filter_backends = []

    def get_queryset(self):
        return audit_event_list(self.request.user, self.request.query_params)

    @extend_schema(operation_id="audit_events_list", summary="审计日志（只读）", parameters=AUDIT_PARAMS,
                   tags=["audit"], responses={200: AuditEventSerializer(many=True), 403: ERROR_SCHEMA})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class AuditEventDetail(RetrieveAPIView):
    authentication_classes = API_AUTH
    serializer_class = AuditEventSerializer

    def get_object(self):
        return access_audit_event(self.request.user, self.kwargs["pk"])

    @extend_schema(operation_id="audit_events_retrieve", summary="一条审计事件", tags=["audit"],
                   responses={200: AuditEventSerializer, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


urlpatterns = [
    path("workdays/add", WorkdaysAddView.as_view(), name="api-workdays-add"),
    path("workdays/add-months", WorkdaysAddMonthsView.as_view(), name="api-workdays-add-months"),
    path("auth/token/", TokenObtainView.as_view(), name="api-auth-token"),
    path("audit/events/", AuditEventList.as_view(), name="api-audit-list"),
    path("audit/events/<int:pk>/", AuditEventDetail.as_view(), name="api-audit-detail"),
]
