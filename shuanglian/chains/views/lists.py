"""The five lists (五单) as pages, their Excel export, and the Excel import (upload, template, job)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from openpyxl import Workbook

from shuanglian.core.audit import audit_record
from shuanglian.core.pagination import Paginator
from shuanglian.lib.excel import write_sheet, xlsx_response
from shuanglian.lib.parse import id_or_none

from .. import exports, imports, tasks
from ..filters import (
    EnterpriseFilter,
    LeadFilter,
    PolicyFilter,
    ProblemFilter,
    ProjectFilter,
    node_and_descendants,
)
from ..models import (
    ApplicationStatus,
    ImportKind,
    ProblemKind,
)
from ..panorama import lead_funnel
from ..selectors import (
    access_chain,
    access_import_job,
    can_write_chain,
    chain_list,
    enterprise_list,
    lead_list,
    policy_list,
    problem_list,
    project_list,
)
from .common import (
    PAGE_SIZE,
    _list_context,
    _nodes_for_filter,
)


@login_required
def enterprise_index(request):
    f = EnterpriseFilter(request.GET, queryset=enterprise_list(request.user).order_by("-is_chain_master", "name"))
    return render(request, "chains/enterprise_list.html", _list_context(request, f))


@login_required
def project_index(request):
    f = ProjectFilter(request.GET, queryset=project_list(request.user))
    page = Paginator(f.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(exports.project_rows(f.qs.filter(pk__in=[p.pk for p in page.object_list])))
    sums = f.qs.aggregate(total=Sum("total_investment"), plan=Sum("annual_plan"))
    ctx = _list_context(request, f, {"rows": rows, "sums": sums})
    ctx["page"] = page
    return render(request, "chains/project_list.html", ctx)


@login_required
def lead_index(request):
    f = LeadFilter(request.GET, queryset=lead_list(request.user))
    funnel = lead_funnel(f.qs.values("stage", "is_closed").annotate(
        n=Count("id"), intended=Sum("intended_investment"), capital=Sum("capital_in_place")).order_by())
    return render(request, "chains/lead_list.html", _list_context(request, f, {"funnel": funnel}))


@login_required
def policy_index(request):
    qs = policy_list(request.user).annotate(
        n_applied=Count("applications", distinct=True),
        n_granted=Count("applications", filter=Q(applications__status=ApplicationStatus.GRANTED), distinct=True),
    ).order_by("-issued_on", "id")
    f = PolicyFilter(request.GET, queryset=qs)
    return render(request, "chains/policy_list.html", _list_context(request, f))


# chain problems and cases together: the page pages through the first 1 000, the export takes 5 000
PROBLEM_PAGE_MAX, PROBLEM_EXPORT_MAX = 1000, 5000


def _problem_rows(request, limit):
    """The problem list's rows (chain problems, then the registered sources' cases), filtered."""
    f = ProblemFilter(request.GET, queryset=problem_list(request.user))
    chain_id, node_id = id_or_none(request.GET.get("chain")), id_or_none(request.GET.get("node"))
    filters = {"kind": request.GET.get("kind", ""), "limit": limit}
    if chain_id is not None:
        filters["chain_id"] = chain_id
    if node_id is not None:
        filters["node_ids"] = node_and_descendants(node_id)
    rows = list(exports.problem_rows(f.qs[:limit], user=request.user, **filters))[:limit]
    return f, chain_id, rows


@login_required
def problem_index(request):
    f, chain_id, rows = _problem_rows(request, PROBLEM_PAGE_MAX)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    chain = None
    if chain_id is not None:
        chain = chain_list(request.user).filter(pk=chain_id).first()
    return render(request, "chains/problem_list.html", _list_context(request, f, {
        "rows": page.object_list, "rows_page": page, "problem_kinds": ProblemKind.choices, "chain": chain,
        "can_write": chain is not None and can_write_chain(request.user, chain),
        "chain_nodes": _nodes_for_filter(request.user, chain_id),
    }))


EXPORTS = {
    "enterprises": (EnterpriseFilter, enterprise_list, exports.ENTERPRISE_HEADERS, exports.enterprise_rows, "企业清单"),
    "projects": (ProjectFilter, project_list, exports.PROJECT_HEADERS, lambda qs: (r for _, _, r in exports.project_rows(qs)), "项目清单"),
    "leads": (LeadFilter, lead_list, exports.LEAD_HEADERS, exports.lead_rows, "招商清单"),
    "policies": (PolicyFilter, policy_list, exports.POLICY_HEADERS, exports.policy_rows, "政策清单"),
}


@login_required
def list_export(request, kind):
    if kind == "problems":
        return _problem_export(request)
    if kind not in EXPORTS:
        raise Http404


    filterset_cls, selector, headers, rows, title = EXPORTS[kind]
    f = filterset_cls(request.GET, queryset=selector(request.user))
    wb = Workbook()
    write_sheet(wb.active, headers, rows(f.qs))
    wb.active.title = title
    audit_record(event_type=f"{kind}.export", actor=request.user, note=f"导出{title}：{request.GET.urlencode()}",
                 region=request.user.region)
    return xlsx_response(wb, f"{title}{timezone.localdate():%Y%m%d}.xlsx")


def _problem_export(request):
    _, _, rows = _problem_rows(request, PROBLEM_EXPORT_MAX)
    wb = Workbook()
    write_sheet(wb.active, exports.PROBLEM_HEADERS, (row for _, _, row in rows))
    wb.active.title = "问题清单"
    audit_record(event_type="problems.export", actor=request.user, note=f"导出问题清单：{request.GET.urlencode()}",
                 region=request.user.region)
    return xlsx_response(wb, f"问题清单{timezone.localdate():%Y%m%d}.xlsx")


@login_required
def import_template(request, kind):
    if kind not in ImportKind.values:
        raise Http404
    return xlsx_response(imports.template(kind), f"{ImportKind(kind).label}导入模板.xlsx")


@login_required
def import_upload(request, pk, kind):
    if kind not in ImportKind.values:
        raise Http404
    chain = access_chain(request.user, pk, write=True)
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "请选择要导入的 Excel 文件。")
        else:
            job = imports.import_job_create(actor=request.user, chain=chain, kind=kind, upload=upload,
                                            run_later=tasks.run_import_job.enqueue)
            return redirect("chains:import_job", job_id=job.pk)
    return render(request, "chains/import_upload.html", {"chain": chain, "kind": kind, "kind_label": ImportKind(kind).label})


@login_required
def import_job(request, job_id):
    job = access_import_job(request.user, job_id)
    template = "chains/partials/import_job_status.html" if request.htmx else "chains/import_job.html"
    return render(request, template, {"job": job, "errors": job.errors[:200]})
