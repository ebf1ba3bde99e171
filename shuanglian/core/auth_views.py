from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm


class ChineseAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。连续失败5次，账号将锁定30分钟。",
        "inactive": "该账号已停用，请联系系统管理员。",
    }


class LoginView(auth_views.LoginView):
    form_class = ChineseAuthenticationForm
    redirect_authenticated_user = True
