from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

LOCKED_OUT_MESSAGE = "连续登录失败次数过多，该账号已锁定30分钟。请稍后再试，或联系系统管理员解锁。"


class ChineseAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确。连续失败5次，账号将锁定30分钟。"),
        "inactive": _("该账号已停用，请联系系统管理员。"),
    }


class LoginView(auth_views.LoginView):
    form_class = ChineseAuthenticationForm
    redirect_authenticated_user = True


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE): JSON for the API, a page otherwise."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": LOCKED_OUT_MESSAGE, "code": "locked_out"}, status=429)
    return render(request, "registration/locked_out.html", status=429)
