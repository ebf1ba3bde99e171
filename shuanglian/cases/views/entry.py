"""Entry by staff and deputies (走访、接待日、视察): the same intake path as every channel, with
attachments, the registry's enterprises offered as one types, and (staff) the date of the visit."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_safe

from shuanglian.chains.selectors import enterprise_list
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import deny_write

from ..forms import CaseEntryForm
from ..intake import ALLOWED_TYPES_LABEL, MAX_ATTACHMENTS
from ..intake.services import case_submit
from .queue import can_create

LOOKUP_HITS = 8


def _submitted_at(visited_on: dt.date | None):
    """A visit on an earlier day is recorded on that day (09:00 Beijing time); today's is now."""
    if visited_on is None or visited_on >= timezone.localdate():
        return None
    return timezone.make_aware(dt.datetime.combine(visited_on, dt.time(9, 0)))

# --- entry by staff and deputies ----------------------------------------------------------------

@login_required
def case_create(request):
    user = request.user
    if not can_create(user):
        deny_write("只有人大工作人员和人大代表可以录入诉求。")
    form = CaseEntryForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        visited_on = data.pop("visited_on", None)
        if visited_on is not None and visited_on > timezone.localdate():
            form.add_error("visited_on", "走访日期不能晚于今天。")
            return _entry_page(request, form, status=400)
        try:
            case = case_submit(actor=user, attachments=request.FILES.getlist("attachments"),
                               submitted_at=_submitted_at(visited_on), **data)
        except BusinessError as exc:
            for field, message in getattr(exc, "errors", {}).items():
                if field in form.fields:
                    form.add_error(field, message)
            if not getattr(exc, "errors", None):
                form.add_error(None, exc.message)
        else:
            messages.success(request, f"诉求已录入，编号 {case.number}，查询码 {case.tracking_code}。")
            return redirect("cases:detail", pk=case.pk)
    return _entry_page(request, form, status=400 if form.errors else 200)


def _entry_page(request, form, *, status=200):
    return render(request, "cases/create.html", {
        "form": form, "max_files": MAX_ATTACHMENTS, "types_label": ALLOWED_TYPES_LABEL,
    }, status=status)


@login_required
@require_safe
def enterprise_lookup(request):
    """The registry's enterprises matching what was typed (name or USCC), for the entry form."""
    if not can_create(request.user):
        deny_write("只有人大工作人员和人大代表可以录入诉求。")
    typed = (request.GET.get("enterprise_name") or "").strip()[:60]
    hits = []
    if len(typed) >= 2:
        hits = list(enterprise_list(request.user).filter(Q(name__icontains=typed) | Q(uscc__iexact=typed))
                    .order_by("name").values("name", "uscc")[:LOOKUP_HITS])
    return render(request, "cases/partials/enterprise_hits.html", {"hits": hits, "typed": typed})


urlpatterns = [
    path("cases/new/", case_create, name="create"),
    path("cases/new/enterprises/", enterprise_lookup, name="enterprise_lookup"),
]
