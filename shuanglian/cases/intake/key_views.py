"""The administrator's page of Open311 integration keys: the list (name, region, the key's first
characters, issued, last used, uses, state), issuing a key (its secret shown once, on the page that
answers the form, never again), rotating and revoking."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from shuanglian.core import form_fields
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import deny_write, is_admin
from shuanglian.core.widgets import QuickSelect
from shuanglian.deputies.models import Station
from shuanglian.regions.models import Region

from ..models import IntegrationKey
from . import keys


class KeyForm(forms.Form):
    name = forms.CharField(label="名称", max_length=60, help_text="如：渝快政、园区企业服务平台")
    region = form_fields.ModelChoiceField(label="所属区域", queryset=Region.objects.order_by("path"), empty_label="请选择",
                                          widget=QuickSelect)
    station = form_fields.ModelChoiceField(label="履职阵地（选填）", queryset=Station.objects.filter(is_active=True)
                                           .order_by("region__path", "name"), required=False, empty_label="（不绑定）",
                                           widget=QuickSelect)


def _admin_only(user):
    if not is_admin(user):
        deny_write("只有系统管理员可以管理集成密钥。")


def _show(request, form, issued=None):
    rows = IntegrationKey.objects.select_related("region", "station", "created_by").order_by("revoked_at", "-created_at")
    return render(request, "cases/integration_keys.html", {"keys": rows, "form": form, "issued": issued})


@login_required
def key_index(request):
    _admin_only(request.user)
    form = KeyForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                key, secret = keys.integration_key_issue(actor=request.user, **form.cleaned_data)
            except BusinessError as exc:
                form.add_error(None, exc.message)
            else:
                # The secret is answered once, on this page, and stored nowhere.
                return _show(request, KeyForm(), issued={"key": key, "secret": secret})
    return _show(request, form)


@login_required
@require_POST
def key_act(request, pk, what):
    _admin_only(request.user)
    key = get_object_or_404(IntegrationKey, pk=pk)
    try:
        if what == "revoke":
            keys.integration_key_revoke(actor=request.user, key=key)
            messages.success(request, f"已停用“{key.name}”的密钥 {key.prefix}…，使用它的请求即刻被拒绝。")
        elif what == "rotate":
            new, secret = keys.integration_key_rotate(actor=request.user, key=key)
            return _show(request, KeyForm(), issued={"key": new, "secret": secret})
        else:
            return redirect("cases:integration_keys")
    except BusinessError as exc:
        messages.error(request, exc.message)
    return redirect("cases:integration_keys")


urlpatterns = [
    path("open311/keys/", key_index, name="integration_keys"),
    path("open311/keys/<int:pk>/<str:what>/", key_act, name="integration_key_act"),
]
