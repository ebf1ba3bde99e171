"""代表码: the demands sent to a deputy's own code, on the deputy's phone ("我的代表码诉求"). Each
waits for the deputy's one step: answer it on the spot (当场办结, the enterprise then rates it),
forward it to staff as a case the deputy collected, or turn it into a suggestion (that form posts
to the suggestions app, which writes the suggestion and marks the step in one transaction, and
shows this page again when refused). Every form carries the version the deputy read: a second
click — on another phone, or staff's — gets the conflict, and what the deputy typed is kept."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from shuanglian.cases import services as case_services
from shuanglian.cases.selectors import access_case, deputy_code_figures, deputy_code_waiting
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import deny_write
from shuanglian.lib.parse import id_or_none

from .selectors import deputy_of

MAX_SHOWN = 100
STEP_LABELS = {"answer": "当场答复", "forward": "转入闭环", "suggest": "转为建议"}


def own_deputy(user):
    deputy = deputy_of(user)
    if deputy is None:
        deny_write("“我的代表码诉求”仅供人大代表使用。")
    return deputy


def code_demands_page(request, *, failed: dict | None = None, status: int = 200):
    """The page; `failed` = {"pk", "step", "message", "values"} shows a refused step again with
    its message and the deputy's input (on the demand's card while it still waits, else on top)."""
    deputy = own_deputy(request.user)
    if failed:
        failed = {**failed, "label": STEP_LABELS[failed["step"]]}
    demands = list(deputy_code_waiting(deputy)[:MAX_SHOWN])
    for c in demands:
        c.failed = failed if failed and failed["pk"] == c.pk else None
        typed = (c.failed or {}).get("values", {})
        c.suggest_title = typed.get("title", f"关于{c.title.removeprefix('关于').removesuffix('的建议')}的建议")
        c.suggest_reasons = typed.get("reasons", c.description)
    orphan = failed if failed and not any(c.failed for c in demands) else None
    return render(request, "duties/code_demands.html", {
        "deputy": deputy, "demands": demands, "figures": deputy_code_figures(deputy), "orphan": orphan,
    }, status=status)


@login_required
def code_demands(request):
    return code_demands_page(request)


def _step(request, pk, step, run):
    own_deputy(request.user)
    case = access_case(request.user, pk)
    values = {k: request.POST.get(k, "") for k in ("content", "note")}
    try:
        run(case, id_or_none(request.POST.get("version")))
    except BusinessError as exc:
        return code_demands_page(request, failed={"pk": case.pk, "step": step, "message": exc.message,
                                                  "values": values}, status=exc.status)
    return None


@login_required
@require_POST
def code_demand_answer(request, pk):
    def run(case, version):
        case_services.case_resolve_on_spot(case=case, actor=request.user, content=request.POST.get("content", ""),
                                           expected_version=version)

    refused = _step(request, pk, "answer", run)
    if refused is not None:
        return refused
    messages.success(request, "已当场答复，企业可凭查询码查看答复并评价。")
    return redirect("duties:code_demands")


@login_required
@require_POST
def code_demand_forward(request, pk):
    def run(case, version):
        case_services.case_deputy_forward(case=case, actor=request.user, note=request.POST.get("note", "")[:2000],
                                          expected_version=version)

    refused = _step(request, pk, "forward", run)
    if refused is not None:
        return refused
    messages.success(request, "已转入诉求闭环，等待人大工作人员受理交办。")
    return redirect("duties:code_demands")
