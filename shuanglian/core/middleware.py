import time
import uuid

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect

from .request_context import client_ip_var, request_id_var


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
