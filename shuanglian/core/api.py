"""API plumbing shared by every app: the JSON error shape and the router every app registers on."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import BusinessError


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
