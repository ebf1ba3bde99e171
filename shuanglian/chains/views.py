"""HTML pages of the chain module: the chain list, the panorama (一图), the five lists, the
enterprise file (一企一档案), the workbook, and Excel import/export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from shuanglian.core.errors import BusinessError
from shuanglian.lib.excel import xlsx_response

from . import exports, imports, services
from .filters import EnterpriseFilter, LeadFilter, PolicyFilter, ProblemFilter, ProjectFilter
from .models import ApplicationStatus, ChainNode, ImportJob, ImportKind, ProblemKind
from .panorama import build_panorama, lead_funnel
from .selectors import (
    access_chain,
    access_enterprise,
    access_node,
    can_write_chain,
    chain_cases,
    chain_list,
    enterprise_list,
    lead_list,
    policy_list,
    problem_list,
    project_list,
)

PAGE_SIZE = 50


def _chains_for_filter(user):
    return list(chain_list(user).values("pk", "name"))


def _nodes_for_filter(user, chain_id):
    if not chain_id or not str(chain_id).isdigit():
        return []
    return list(ChainNode.objects.filter(chain_id=chain_id, chain__in=chain_list(user).values("pk"))
                .values("pk", "name", "stage").order_by("stage", "order", "id"))


def _list_context(request, filterset, extra=None):
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    chain_id = request.GET.get("chain")
    ctx = {
        "page": page, "filter": filterset, "params": request.GET,
        "chains": _chains_for_filter(request.user), "nodes": _nodes_for_filter(request.user, chain_id),
        "chain_id": chain_id or "", "query": request.GET.urlencode(),
    }
    ctx.update(extra or {})
    return ctx


@login_required
def chain_index(request):
    chains = chain_list(request.user).annotate(
        n_nodes=Count("nodes", distinct=True), n_projects=Count("projects", distinct=True),
        n_leads=Count("leads", distinct=True),
    )
    return render(request, "chains/chain_list.html", {"chains": chains})


@login_required
def chain_detail(request, pk):
    chain = access_chain(request.user, pk)
    pano = build_panorama(chain)
    return render(request, "chains/panorama.html", {
        "chain": chain, "pano": pano, "can_write": can_write_chain(request.user, chain),
        "members": chain.member_departments.all(), "experts": chain.expert_deputies.all(),
        "problem_kinds": ProblemKind.choices,
    })


@login_required
def node_panel(request, pk, node_id):
    chain = access_chain(request.user, pk)
    node = access_node(request.user, node_id)
    if node.chain_id != chain.pk:
        raise Http404
    user = request.user
    enterprises = enterprise_list(user).filter(nodes=node).order_by("-is_chain_master", "-is_sub_chain_leader", "-output", "name")
    projects = list(exports.project_rows(project_list(user).filter(node=node)))
    leads = lead_list(user).filter(node=node).order_by("is_closed", "-last_contact")
    policies = policy_list(user).filter(nodes=node)
    cases = chain_cases(user, chain)
    problems = list(exports.problem_rows(chain, problems_qs=problem_list(user).filter(chain=chain, node=node),
                                         cases_qs=cases.filter(chain_node=node) if cases is not None else None))
    pano_node = next((n for n in build_panorama(chain)["nodes"] if n["id"] == node.pk), None)
    template = "chains/partials/node_panel.html" if request.htmx else "chains/node_page.html"
    return render(request, template, {
        "chain": chain, "node": node, "n": pano_node, "enterprises": enterprises[:100], "n_enterprises": enterprises.count(),
        "projects": projects, "leads": leads, "policies": policies, "problems": problems,
    })


@login_required
def chain_workbook(request, pk):
    chain = access_chain(request.user, pk)
    wb = exports.chain_workbook(chain, request.user)
    return xlsx_response(wb, f"{chain.name}一图五单{timezone.localdate():%Y%m%d}.xlsx")


@login_required
@require_POST
def problem_create(request, pk):
    chain = access_chain(request.user, pk, write=True)
    node_id = request.POST.get("node")
    node = ChainNode.objects.filter(chain=chain, pk=node_id).first() if node_id else None
    try:
        services.problem_raise(actor=request.user, chain=chain, node=node, title=request.POST.get("title", ""),
                               kind=request.POST.get("kind") or ProblemKind.BOTTLENECK,
                               description=request.POST.get("description", ""))
        messages.success(request, "已加入问题清单。")
    except BusinessError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("chains:problem_list") + f"?chain={chain.pk}")


# --- the five lists --------------------------------------------------------------------------

@login_required
def enterprise_index(request):
    f = EnterpriseFilter(request.GET, queryset=enterprise_list(request.user).order_by("-is_chain_master", "name"))
    return render(request, "chains/enterprise_list.html", _list_context(request, f))


@login_required
def enterprise_detail(request, pk):
    enterprise = access_enterprise(request.user, pk)
    user = request.user
    nodes = enterprise.nodes.select_related("chain").filter(chain__in=chain_list(user).values("pk"))
    projects = list(exports.project_rows(project_list(user).filter(owner=enterprise)))
    applications = enterprise.policy_applications.select_related("policy").filter(policy__in=policy_list(user).values("pk"))
    cases = None
    from .selectors import case_model

    Case = case_model()
    if Case is not None:
        cases = Case.objects.filter(enterprise=enterprise, chain__in=chain_list(user).values("pk")).order_by("-submitted_at")[:50]
    return render(request, "chains/enterprise_detail.html", {
        "e": enterprise, "nodes": nodes, "projects": projects, "applications": applications, "cases": cases,
        "deputies": enterprise.contact_deputies.all(),
    })


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


@login_required
def problem_index(request):
    f = ProblemFilter(request.GET, queryset=problem_list(request.user))
    chain_id = request.GET.get("chain")
    cases = chain_cases(request.user)
    if cases is not None:
        if chain_id and chain_id.isdigit():
            cases = cases.filter(chain_id=chain_id)
        if request.GET.get("node", "").isdigit():
            from .filters import node_and_descendants

            cases = cases.filter(chain_node__in=node_and_descendants(request.GET["node"]))
        if request.GET.get("kind"):
            cases = cases.filter(problem_kind=request.GET["kind"])
        cases = cases[:200]
    rows = list(exports.problem_rows(None, problems_qs=f.qs[:500], cases_qs=cases))
    chain = None
    if chain_id and chain_id.isdigit():
        chain = chain_list(request.user).filter(pk=chain_id).first()
    return render(request, "chains/problem_list.html", _list_context(request, f, {
        "rows": rows, "problem_kinds": ProblemKind.choices, "chain": chain,
        "can_write": chain is not None and can_write_chain(request.user, chain),
        "chain_nodes": _nodes_for_filter(request.user, chain_id),
    }))


# --- Excel in and out ------------------------------------------------------------------------

EXPORTS = {
    "enterprises": (EnterpriseFilter, enterprise_list, exports.ENTERPRISE_HEADERS, exports.enterprise_rows, "企业清单"),
    "projects": (ProjectFilter, project_list, exports.PROJECT_HEADERS, lambda qs: (r for _, _, r in exports.project_rows(qs)), "项目清单"),
    "leads": (LeadFilter, lead_list, exports.LEAD_HEADERS, exports.lead_rows, "招商清单"),
    "policies": (PolicyFilter, policy_list, exports.POLICY_HEADERS, exports.policy_rows, "政策清单"),
}


@login_required
def list_export(request, kind):
    if kind not in EXPORTS:
        raise Http404
    from openpyxl import Workbook

    from shuanglian.core.audit import audit_record
    from shuanglian.lib.excel import write_sheet

    filterset_cls, selector, headers, rows, title = EXPORTS[kind]
    f = filterset_cls(request.GET, queryset=selector(request.user))
    wb = Workbook()
    write_sheet(wb.active, headers, rows(f.qs))
    wb.active.title = title
    audit_record(event_type=f"{kind}.export", actor=request.user, note=f"导出{title}：{request.GET.urlencode()}",
                 region=request.user.region)
    return xlsx_response(wb, f"{title}{timezone.localdate():%Y%m%d}.xlsx")


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
            job = imports.import_job_create(actor=request.user, chain=chain, kind=kind, upload=upload)
            return redirect("chains:import_job", job_id=job.pk)
    return render(request, "chains/import_upload.html", {"chain": chain, "kind": kind, "kind_label": ImportKind(kind).label})


@login_required
def import_job(request, job_id):
    job = ImportJob.objects.filter(pk=job_id).select_related("chain").first()
    if job is None or (job.actor_id != request.user.pk and not can_write_chain(request.user, job.chain)):
        raise Http404
    template = "chains/partials/import_job_status.html" if request.htmx else "chains/import_job.html"
    return render(request, template, {"job": job, "errors": job.errors[:200]})

