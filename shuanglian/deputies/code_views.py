"""代表码 (the deputy's own QR code) on the staff side: the code as PNG and SVG (segno, as the
stations' codes), rotate and revoke. The deputy and the staff of the deputy's region hand it out;
what it opens is the deputy's public page (dashboard.public_views)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from shuanglian.core.permissions import deny_write
from shuanglian.lib.qr import qr_png, qr_svg

from . import services
from .selectors import access_deputy, can_manage_code


def _managed(request, pk):
    deputy = access_deputy(request.user, pk)
    if not can_manage_code(request.user, deputy):
        deny_write("只有代表本人和本区域的人大工作人员可以管理代表码。")
    return deputy


def _code_file(request, deputy, body, content_type, ext):
    if not deputy.code_url:
        raise Http404("代表码已停用")
    response = HttpResponse(body(deputy), content_type=content_type)
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="deputy-{deputy.pk}-code.{ext}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def deputy_code_png(request, pk):
    deputy = _managed(request, pk)
    return _code_file(request, deputy, lambda d: qr_png(d.code_url), "image/png", "png")


@login_required
def deputy_code_svg(request, pk):
    deputy = _managed(request, pk)
    return _code_file(request, deputy, lambda d: qr_svg(d.code_url, title=f"{d.name} 代表码"),
                      "image/svg+xml", "svg")


@login_required
@require_POST
def deputy_code_rotate(request, pk):
    deputy = _managed(request, pk)
    services.deputy_code_rotate(deputy=deputy, actor=request.user, note=request.POST.get("note", ""))
    messages.success(request, "已生成新的代表码。旧二维码已失效，请下载新二维码并重新打印。")
    return redirect("deputies:deputy_detail", pk=deputy.pk)


@login_required
@require_POST
def deputy_code_revoke(request, pk):
    deputy = _managed(request, pk)
    services.deputy_code_revoke(deputy=deputy, actor=request.user, note=request.POST.get("note", ""))
    messages.success(request, "代表码已停用，扫码将提示二维码已失效。")
    return redirect("deputies:deputy_detail", pk=deputy.pk)
