import json
import secrets
import time
import uuid
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect

from shuanglian.lib.client_ip import client_ip
from shuanglian.lib.text import describe_char, forbidden_char

from .error_views import refuse
from .errors import NOT_UTF8, user_input_error
from .request_context import client_ip_var, request_id_var


class TrustedProxyMiddleware:
    """First in the chain: REMOTE_ADDR becomes the client's address (lib.client_ip) when the
    request came through a declared proxy, so every later reader of the address — DRF throttles,
    the public-side limits, django-axes, the audit log — sees the client, not the proxy, and
    none of them believes a forged X-Forwarded-For. The socket peer stays in PEER_ADDR."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        peer = request.META.get("REMOTE_ADDR", "")
        request.META["PEER_ADDR"] = peer
        request.META["REMOTE_ADDR"] = client_ip(request)
        return self.get_response(request)


class RequestIdMiddleware:
    """Tags each request with an id (kept from X-Request-ID if a proxy sent one)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        request.request_id = rid
        token_rid = request_id_var.set(rid)
        token_ip = client_ip_var.set(request.META.get("REMOTE_ADDR"))
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token_rid)
            client_ip_var.reset(token_ip)
        response["X-Request-ID"] = rid
        return response


class IdleTimeoutMiddleware:
    """Logs a session out after IDLE_TIMEOUT_SECONDS without a request (等保 requirement)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last = request.session.get("last_seen")
            if last is not None and now - last > settings.IDLE_TIMEOUT_SECONDS:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect(f"{settings.LOGIN_URL}?next={request.path}&timeout=1")
            # Write at most once a minute: a session save per request is wasted I/O.
            if last is None or now - last > 60:
                request.session["last_seen"] = now
        return self.get_response(request)


class ChineseFirstMiddleware:
    """The interface is Chinese unless the user chose another language (the language cookie set
    by /i18n/setlang/). A browser's Accept-Language alone does not switch it: office PCs often have
    English browsers, and staff expect the Chinese system."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


# --- input decoding: refuse what cannot be read, at the one place input is decoded --------------

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
UTF8_NAMES = {"utf-8", "utf8"}
FORBIDDEN_CHAR = "提交的内容含有无法识别的控制字符（{char}），请删除后重新提交。"
TOO_DEEP = "提交的 JSON 嵌套层数过多，无法处理。"
WRONG_CHARSET = "请以 UTF-8 编码提交（收到的编码声明为 {charset}）。"


class InputDecodingMiddleware:
    """Every request's path, query and body is readable UTF-8 text without control characters
    (lib.text.FORBIDDEN), or it is refused with a Chinese 400 before any view runs — so a NUL
    never reaches the database and no view needs to defend itself. A parse error of user input
    raised later by a view (lib.parse.BadInput, a broken upload, …) becomes the same 400.

    The form body is decoded exactly as Django will decode it (UTF-8 only: a declared charset
    such as gbk is refused rather than guessed). A JSON body is read as UTF-8 (RFC 8259) and,
    when it holds \\u escapes, parsed once more here to find escaped NULs and lone surrogates."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            problem = _input_problem(request)
        except Exception as exc:  # only parse errors of the input are answered here
            problem = user_input_error(exc)
            if problem is None:
                raise
        if problem:
            return refuse(request, *problem)
        return self.get_response(request)

    def process_exception(self, request, exception):
        problem = user_input_error(exception)
        return refuse(request, *problem) if problem else None


def _input_problem(request) -> tuple[str, str] | None:
    found = forbidden_char(request.path_info)
    if found:
        return FORBIDDEN_CHAR.format(char=describe_char(found)), "invalid_characters"
    problem = _text_problem(_percent_decoded(request.META.get("QUERY_STRING", "")))
    if problem or request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
        return problem
    content_type = (request.content_type or "").lower()
    charset = (request.content_params.get("charset") or "").strip().lower()
    readable = content_type in FORM_TYPES or _is_json(content_type)
    if readable and charset and charset not in UTF8_NAMES:
        return WRONG_CHARSET.format(charset=charset[:20]), "unsupported_charset"
    if content_type == "multipart/form-data":
        # Files stream to disk; only the field values and file names are text.
        texts = [*request.POST.keys(), *(v for vs in request.POST.lists() for v in vs[1]),
                 *(f.name or "" for fs in request.FILES.lists() for f in fs[1])]
        return next((p for p in map(_text_problem, texts) if p), None)
    if content_type == "application/x-www-form-urlencoded":
        return _text_problem(_percent_decoded(request.body))
    if _is_json(content_type):
        return _json_problem(request.body)
    return None


def _is_json(content_type: str) -> bool:
    return content_type == "application/json" or content_type.endswith("+json")


def _percent_decoded(raw: str | bytes) -> str | None:
    """The text of a query string or form body, or None when its bytes are not UTF-8."""
    if isinstance(raw, str):
        try:
            raw = raw.encode("iso-8859-1")  # WSGI hands bytes over as latin-1 text (PEP 3333)
        except UnicodeEncodeError:
            raw = raw.encode("utf-8")
    try:
        return unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return None


def _text_problem(text: str | None) -> tuple[str, str] | None:
    if text is None:
        return NOT_UTF8, "invalid_encoding"
    found = forbidden_char(text)
    if found:
        return FORBIDDEN_CHAR.format(char=describe_char(found)), "invalid_characters"
    return None


def _json_problem(body: bytes) -> tuple[str, str] | None:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return NOT_UTF8, "invalid_encoding"
    problem = _text_problem(text)
    if problem or "\\u" not in text:
        return problem
    try:
        data = json.loads(text)
    except RecursionError:
        return TOO_DEEP, "invalid_json"
    except ValueError:
        return None  # not JSON at all: the API's parser says so in its own words
    return next((p for p in map(_text_problem, _json_strings(data)) if p), None)


def _json_strings(data):
    """Every key and string value, without recursion (nesting depth is the client's choice)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


# --- Content-Security-Policy ------------------------------------------------------------------

CSP_DIRECTIVES = (
    ("default-src", "'self'"),
    # Scripts only from our own static files (htmx, Alpine's CSP build, ECharts, app code); an
    # inline <script> needs the per-response nonce: <script nonce="{{ request.csp_nonce }}">.
    ("script-src", "'self' 'nonce-{nonce}'"),
    # Inline styles stay allowed: ECharts, htmx and a few templates set style attributes, and a
    # style cannot run code.
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data: blob:"),  # QR codes and ECharts' "save as image" are data: URLs
    ("font-src", "'self' data:"),
    ("connect-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
    ("frame-ancestors", "'none'"),
)


class ContentSecurityPolicyMiddleware:
    """Every HTML page gets a Content-Security-Policy: no inline or foreign script can run, so an
    escaping mistake in a template is not a script injection. `request.csp_nonce` is the
    per-response nonce for the rare inline script."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(18)
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if content_type.startswith("text/html") and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = csp_header(request.csp_nonce)
        return response


def csp_header(nonce: str) -> str:
    return "; ".join(f"{name} {value.format(nonce=nonce)}" for name, value in CSP_DIRECTIVES)
