"""The suggestion panels (htmx fragments the cases pages load by URL name) and staff's settings.

- `case_panel`: on the case page, for staff while the case awaits acceptance or assignment: the
  suggested lead departments as one-click choices that fill the assign form's 主办部门, and the
  similar cases with duplicates marked and the merge form one click away (fills 并入诉求).
- `entry_panel`: on the entry page, posted by htmx as the text is typed: suggested categories
  filling the form's 类别, and similar cases.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_POST

from shuanglian.cases.models import CaseStatus, Category
from shuanglian.cases.selectors import access_case
from shuanglian.cases.workflow import allowed_actions
from shuanglian.core.errors import BusinessError

from .api import request_region
from .selectors import routing_suggest, suggestion_of
from .services import suggestion_record

PANEL_STATUSES = {CaseStatus.SUBMITTED, CaseStatus.ACCEPTED}


@login_required
def case_panel(request, pk):
    case = access_case(request.user, pk)
    actions = set(allowed_actions(case, request.user))
    if case.status not in PANEL_STATUSES or not actions & {"assign", "merge"}:
        return render(request, "intelligence/partials/case_panel.html", {"case": case, "result": None})
    result = routing_suggest(request.user, region=case.region, title=case.title, description=case.description,
                             enterprise_name=case.enterprise_name, enterprise_uscc=case.enterprise_uscc,
                             contact_phone=case.contact_phone, exclude=case.pk)
    return render(request, "intelligence/partials/case_panel.html", {
        "case": case, "result": result, "can_assign": "assign" in actions, "can_merge": "merge" in actions,
        "recorded": suggestion_of(case) or suggestion_record(case=case, result=result)})


@login_required
@require_POST
def entry_panel(request):
    post = request.POST
    title, description = post.get("title", ""), post.get("description", "")
    context = {"result": None, "error": ""}
    if len((title + description).strip()) >= 6:
        try:
            region = request_region(request.user, post.get("region") or None)
            context["result"] = routing_suggest(
                request.user, region=region, title=title, description=description,
                enterprise_name=post.get("enterprise_name", ""), enterprise_uscc=post.get("enterprise_uscc", ""),
                contact_phone=post.get("contact_phone", ""))
        except BusinessError as exc:
            context["error"] = exc.message
        else:  # the entry form's 类别 is chosen by the category's id
            pks = dict(Category.objects.values_list("code", "pk"))
            for c in context["result"]["categories"]:
                c["pk"] = pks.get(c["code"], "")
    return render(request, "intelligence/partials/entry_panel.html", context)


urlpatterns = [
    path("cases/<int:pk>/routing/", case_panel, name="case_panel"),
    path("cases/routing/entry/", entry_panel, name="entry_panel"),
]
