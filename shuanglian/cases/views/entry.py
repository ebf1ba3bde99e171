"""Entry by staff and deputies (走访、接待日、视察): the same intake path as every channel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path

from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import deny_write

from ..forms import CaseEntryForm
from ..intake.services import case_submit
from .queue import can_create

# --- entry by staff and deputies ----------------------------------------------------------------

@login_required
def case_create(request):
    user = request.user
    if not can_create(user):
        deny_write("只有人大工作人员和人大代表可以录入诉求。")
    form = CaseEntryForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            case = case_submit(actor=user, **data)
        except BusinessError as exc:
            for field, message in getattr(exc, "errors", {}).items():
                if field in form.fields:
                    form.add_error(field, message)
            if not getattr(exc, "errors", None):
                form.add_error(None, exc.message)
        else:
            messages.success(request, f"诉求已录入，编号 {case.number}，查询码 {case.tracking_code}。")
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/create.html", {"form": form})


urlpatterns = [
    path("cases/new/", case_create, name="create"),
]
