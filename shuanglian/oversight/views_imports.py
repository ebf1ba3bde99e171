"""Excel imports of the oversight pages: a plan's items, a draft opinion's items."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from shuanglian.lib.excel import xlsx_response

from . import excel_io
from .selectors import access_opinion, access_plan


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")


def _import(request, *, title, back, template_url, run):
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        created, errors = run(form.cleaned_data["file"])
        if not errors:
            messages.success(request, f"导入成功：共 {created} 条。")
            return redirect(back)
    return render(request, "oversight/import.html", {
        "form": form, "errors": errors, "title": title, "back": back, "template_url": template_url,
    }, status=400 if errors else 200)


@login_required
def plan_import(request, pk):
    plan = access_plan(request.user, pk, write=True)
    if request.GET.get("template"):
        return xlsx_response(excel_io.plan_template(), "监督事项导入模板.xlsx")
    return _import(request, title=f"导入监督事项：{plan.title}", back=f"/oversight/plans/{plan.pk}/",
                   template_url="?template=1",
                   run=lambda f: excel_io.plan_items_import(file=f, actor=request.user, plan=plan))


@login_required
def opinion_import(request, pk):
    op = access_opinion(request.user, pk, write=True)
    if request.GET.get("template"):
        return xlsx_response(excel_io.items_template(), "审议意见条目导入模板.xlsx")
    return _import(request, title=f"导入条目：{op.title}", back=f"/oversight/opinions/{op.pk}/",
                   template_url="?template=1",
                   run=lambda f: excel_io.opinion_items_import(file=f, actor=request.user, opinion=op))
