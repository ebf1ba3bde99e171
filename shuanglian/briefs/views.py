"""The briefs' pages: the archive of the reader's region (staff and leaders), the generate
button (staff), and the download (audited)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from shuanglian.cases import clock
from shuanglian.core import form_fields
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import is_staff_role
from shuanglian.lib.docx import DOCX_CONTENT_TYPE
from shuanglian.regions.models import Region
from shuanglian.regions.selectors import region_list

from . import services
from .content import previous_month
from .selectors import access_brief, brief_list

MONTHS_OFFERED = 13


def month_choices(today: dt.date) -> list[tuple[str, str]]:
    out, m = [], today.replace(day=1)
    for _ in range(MONTHS_OFFERED):
        out.append((f"{m:%Y-%m}", f"{m.year}年{m.month}月"))
        m = previous_month(m)
    return out


class BriefForm(forms.Form):
    region = form_fields.ModelChoiceField(label="区域", queryset=Region.objects.none())
    month = forms.ChoiceField(label="月份")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = region_list(user).order_by("path")
        self.fields["month"].choices = month_choices(clock.today())
        if getattr(user, "region", None) is not None:
            self.fields["region"].initial = user.region_id
        self.fields["month"].initial = f"{clock.today():%Y-%m}"

    def clean_month(self):
        return dt.date.fromisoformat(f"{self.cleaned_data['month']}-01")  # one of the offered choices


@login_required
def brief_archive(request):
    user = request.user
    briefs = list(brief_list(user).order_by("-month", "-generated_at", "-id")[:200])
    form = BriefForm(user=user) if is_staff_role(user) else None
    return render(request, "briefs/list.html", {"briefs": briefs, "form": form})


@login_required
@require_POST
def brief_generate(request):
    user = request.user
    if not is_staff_role(user):
        raise PermissionDenied("只有人大工作人员可以生成月度简报。")
    form = BriefForm(request.POST, user=user)
    if form.is_valid():
        try:
            brief = services.brief_generate(actor=user, **form.cleaned_data)
        except BusinessError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已生成「{brief}」，可在下方列表下载。")
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}：{errors[0]}" if label else errors[0])
    return redirect("briefs:list")


@login_required
def brief_download(request, pk):
    brief = access_brief(request.user, pk)
    try:
        handle = brief.file.open("rb")
    except FileNotFoundError:
        raise Http404("简报文件已不在存储中，请重新生成。") from None
    services.brief_download(brief=brief, actor=request.user)
    return FileResponse(handle, as_attachment=True, filename=brief.filename, content_type=DOCX_CONTENT_TYPE)
