"""智能分办设置: staff read and correct the lexicon of each category and the duties of their
region's departments (the shipped defaults are shown until changed). Writes go through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path

from shuanglian.cases.models import Category
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import is_staff_role
from shuanglian.lib.parse import id_or_none
from shuanglian.regions.selectors import department_list

from . import defaults, services
from .models import CategoryLexicon, DepartmentDuty
from .scoring import routing_region


def _rows(user):
    lexicons = {lx.category_id: lx.keywords for lx in CategoryLexicon.objects.all()}
    categories = [{"obj": c, "keywords": lexicons.get(c.pk, defaults.CATEGORY_KEYWORDS.get(c.code, "")),
                   "changed": c.pk in lexicons} for c in Category.objects.filter(is_active=True)]
    home = routing_region(user.region)
    depts = department_list(user).filter(region=home, is_active=True).order_by("pk")
    duties = {d.department_id: d for d in DepartmentDuty.objects.filter(department__in=depts)}
    departments = []
    for dept in depts:
        row = duties.get(dept.pk)
        text, words = (row.duties, row.keywords) if row else defaults.department_default(dept.name)
        departments.append({"obj": dept, "duties": text, "keywords": words, "changed": row is not None})
    return categories, departments, depts


@login_required
def routing_settings(request):
    user = request.user
    if not is_staff_role(user) or getattr(user, "region", None) is None:
        raise PermissionDenied("智能分办设置仅供人大工作人员修改。")
    categories, departments, depts = _rows(user)
    error, status = "", 200
    if request.method == "POST":
        post = request.POST
        try:
            if post.get("kind") == "category":
                category = Category.objects.filter(code=post.get("code", ""), is_active=True).first()
                if category is None:
                    raise BusinessError("没有这个类别。", code="bad_category")
                services.lexicon_update(category=category, keywords=post.get("keywords", ""), actor=user)
                messages.success(request, f"已保存“{category.name}”的关键词。")
            else:
                pk = id_or_none(post.get("department"))
                dept = depts.filter(pk=pk).first() if pk is not None else None
                if dept is None:
                    raise BusinessError("部门不存在，或不在您的工作范围内。", code="bad_department")
                services.duty_update(department=dept, duties=post.get("duties", ""),
                                     keywords=post.get("keywords", ""), actor=user)
                messages.success(request, f"已保存“{dept.name}”的职责。")
            return redirect("intelligence:settings")
        except BusinessError as exc:
            error, status = exc.message, 400
    return render(request, "intelligence/settings.html",
                  {"categories": categories, "departments": departments, "error": error}, status=status)


urlpatterns = [path("cases/routing/settings/", routing_settings, name="settings")]
