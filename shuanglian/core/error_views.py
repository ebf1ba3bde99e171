"""The site's error answers, Chinese whatever DEBUG says: JSON {"detail", "code"} under /api/,
GeoReport v2's error list (JSON) or <errors> document (XML) under /open311/, a Chinese page
everywhere else.

Wired as handler400/403/500 in shuanglian/urls.py, and used by core.middleware to refuse input.
The pages render without the request: a 400 may come before the session and user are known, and
a 500 page must not depend on whatever just failed.
"""

from __future__ import annotations

import logging

from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.html import escape

from .errors import user_input_error

logger = logging.getLogger("shuanglian.errors")

TITLES = {400: "请求有误", 403: "没有权限", 404: "未找到", 413: "内容过大", 500: "系统出错"}
DEFAULTS = {
    400: "提交的内容无法处理，请检查后重新提交。",
    403: "您没有执行此操作的权限。如需办理，请联系本区域的人大工作人员。",
    404: "您访问的页面或记录不存在，或您无权查看。",
    500: "系统暂时出错，已记录。请稍后重试；如仍不行，请联系系统管理员并提供请求编号。",
}
CODES = {400: "invalid", 403: "permission_denied", 404: "not_found", 500: "server_error"}


def error_kind(request) -> str:
    """"json", "open311-json", "open311-xml" or "html": how this request expects an error."""
    path = request.path_info
    if path.startswith("/api/"):
        return "json"
    if path.startswith("/open311/"):
        return "open311-xml" if path.endswith(".xml") else "open311-json"
    return "html"


def error_response(request, status: int, message: str | None = None, code: str | None = None):
    message = message or DEFAULTS.get(status, DEFAULTS[400])
    code = code or CODES.get(status, "error")
    kind = error_kind(request)
    if kind == "json":
        return JsonResponse({"detail": message, "code": code}, status=status,
                            json_dumps_params={"ensure_ascii": False})
    if kind == "open311-json":  # GeoReport v2: a list of {code, description}
        return JsonResponse([{"code": status, "description": message}], status=status, safe=False,
                            json_dumps_params={"ensure_ascii": False})
    if kind == "open311-xml":
        # GeoReport v2 error shape; the message is escaped like any text in XML.
        body = (f'<?xml version="1.0" encoding="utf-8"?>\n<errors><error><code>{status}</code>'
                f"<description>{escape(message)}</description></error></errors>")
        return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")
    template = f"{status}.html" if status in TITLES else "400.html"
    html = loader.render_to_string(template, {
        "title": TITLES.get(status, TITLES[400]), "message": message,
        "request_id": getattr(request, "request_id", ""),
    })
    return HttpResponse(html, status=status)


def refuse(request, message: str, code: str, status: int = 400):
    """Refuse a request in Chinese; nothing has been written."""
    logger.info("refused %s %s: %s", request.method, request.path_info[:200], code)
    return error_response(request, status, message, code)


def bad_request(request, exception=None):
    found = user_input_error(exception) if exception is not None else None
    message, code = found or (None, None)
    return error_response(request, 400, message, code)


def permission_denied(request, exception=None):
    text = str(exception or "")
    # Django's own denials say nothing a person can use; ours are Chinese sentences.
    message = text if any("\u4e00" <= ch <= "\u9fff" for ch in text) else None
    return error_response(request, 403, message)


def server_error(request):
    return error_response(request, 500)


CSRF_MESSAGE = "页面已过期或缺少安全校验，请刷新页面后重新提交。"


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the same 403 in Chinese (Django's page is English and technical)."""
    return error_response(request, 403, CSRF_MESSAGE, "csrf_failed")
