"""代表码: the deputy turns a demand sent to their code into a suggestion in one step, from the
card on their phone (duties.code_demands). The suggestion is written as a draft with the demand as
its source (linked both ways), and the demand leaves the deputy's hands — one transaction
(services.suggestion_from_case). Refused: the deputy's page again, with the message and the input."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from shuanglian.cases.selectors import access_case
from shuanglian.core.errors import BusinessError
from shuanglian.duties.code_demands import code_demands_page, own_deputy
from shuanglian.lib.parse import id_or_none

from . import services
from .models import Kind

FIELDS = ("title", "reasons", "proposals")


@login_required
@require_POST
def suggestion_from_code_demand(request, pk):
    own_deputy(request.user)
    case = access_case(request.user, pk)
    values = {name: request.POST.get(name, "") for name in FIELDS}
    try:
        s = services.suggestion_from_case(actor=request.user, case=case, kind=Kind.SUGGESTION,
                                          expected_version=id_or_none(request.POST.get("version")), **values)
    except BusinessError as exc:
        return code_demands_page(request, failed={"pk": case.pk, "step": "suggest", "message": exc.message,
                                                  "values": values}, status=exc.status)
    messages.success(request, f"已转为建议{s.display_title}（草稿），核对无误后请提交。")
    return redirect("suggestions:detail", pk=s.pk)
