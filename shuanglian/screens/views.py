"""The screens' pages: the staff list (create a kiosk URL, revoke one) and the kiosk page itself,
which needs no login — the token in the URL opens it; an unknown token is the site's 404 and a
revoked one a Chinese 410 (“已停用”)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from shuanglian.core import form_fields
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import is_staff_role
from shuanglian.deputies.selectors import station_list
from shuanglian.regions.models import Region
from shuanglian.regions.selectors import region_list

from . import services
from .selectors import access_screen, can_manage, screen_by_token, screen_list


class ScreenForm(forms.Form):
    name = forms.CharField(label="大屏名称", max_length=80,
                           widget=forms.TextInput(attrs={"placeholder": "如：北碚区人大常委会大厅"}))
    region = form_fields.ModelChoiceField(label="区域", queryset=Region.objects.none())
    station = form_fields.ModelChoiceField(label="履职阵地（可选）", queryset=Region.objects.none(), required=False,
                                           empty_label="不指定阵地")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = region_list(user).order_by("path")
        self.fields["station"].queryset = station_list(user).filter(is_active=True).order_by("region__path", "name")


@login_required
def screen_admin(request):
    """The screens of the user's region: address, state, revoke; staff create new ones here."""
    user = request.user
    screens = list(screen_list(user).order_by("-created_at", "-id"))
    for s in screens:
        s.can_revoke = s.is_active and can_manage(user, s.region)
    may_create = is_staff_role(user)
    form = ScreenForm(request.POST or None, user=user) if may_create else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("只有人大工作人员可以创建大屏。")
        if form.is_valid():
            try:
                screen = services.screen_create(actor=user, **form.cleaned_data)
            except BusinessError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"已创建大屏「{screen.name}」，地址：{request.build_absolute_uri(screen.url)}")
                return redirect("screens:admin")
    return render(request, "screens/admin.html", {"screens": screens, "form": form})


@login_required
@require_POST
def screen_revoke(request, pk):
    screen = access_screen(request.user, pk, write=True)
    services.screen_revoke(screen=screen, actor=request.user)
    messages.success(request, f"大屏「{screen.name}」已停用，该地址在下次刷新时失效。")
    return redirect("screens:admin")


def screen_page(request, token):
    screen = screen_by_token(token)
    if screen is None:
        return render(request, "screens/gone.html", {"revoked": False}, status=404)
    if not screen.is_active:
        return render(request, "screens/gone.html", {"revoked": True}, status=410)
    return render(request, "screens/screen.html",
                  {"screen": screen, "refresh_seconds": settings.SHUANGLIAN_SCREEN_REFRESH_SECONDS})
