"""HTML pages of the chain module: the chain list, the panorama (一图), the five lists, the
enterprise file (一企一档案), the workbook, and Excel import/export."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from shuanglian.core.errors import BusinessError, ConcurrentUpdate
from shuanglian.core.permissions import (
    in_region_scope,
    is_staff_role,
    region_subtree_q,
    require_staff,
)
from shuanglian.lib.excel import xlsx_response

from . import exports, imports, rules, services, tasks
from .filters import (
    EnterpriseFilter,
    LeadFilter,
    PolicyFilter,
    ProblemFilter,
    ProjectFilter,
    node_and_descendants,
)
from .forms import (
    ApplicationForm,
    ChainForm,
    ContactForm,
    EnterpriseForm,
    InvestmentForm,
    LeadForm,
    MetricForm,
    MilestoneForm,
    NodeForm,
    NodeRateForm,
    PolicyForm,
    ProjectForm,
    ScheduleForm,
)
from .models import (
    ApplicationStatus,
    Chain,
    ChainNode,
    Enterprise,
    ImportKind,
    Lead,
    LeadStage,
    Policy,
    ProblemKind,
    Project,
    ProjectStage,
    ScheduleRule,
    ScheduleSetting,
    Stage,
)
from .panorama import build_panorama, lead_funnel
from .problems import problem_sources
from .selectors import (
    access_chain,
    access_enterprise,
    access_import_job,
    access_lead,
    access_node,
    access_policy,
    access_project,
    can_write_chain,
    chain_list,
    chain_list_with_counts,
    enterprise_list,
    lead_list,
    policy_list,
    problem_list,
    project_list,
    schedule_rule_for,
)

PAGE_SIZE = 50


def can_write_policy(user, policy) -> bool:
    return is_staff_role(user) and in_region_scope(user, policy.region)


def _chains_for_filter(user):
    return list(chain_list(user).values("pk", "name", "region__path"))


def _can_write_listed(user, chains, chain_id) -> bool:
    """Whether the user maintains the chain picked in a list's filter."""
    if not chain_id or not is_staff_role(user):
        return False
    row = next((c for c in chains if str(c["pk"]) == str(chain_id)), None)
    if row is None:
        return False
    return Chain.objects.filter(pk=row["pk"]).filter(region_subtree_q(user)).exists()


def _nodes_for_filter(user, chain_id):
    if not chain_id or not str(chain_id).isdigit():
        return []
    return list(ChainNode.objects.filter(chain_id=chain_id, chain__in=chain_list(user).values("pk"))
                .values("pk", "name", "stage").order_by("stage", "order", "id"))


def _list_context(request, filterset, extra=None):
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    chain_id = request.GET.get("chain")
    chains = _chains_for_filter(request.user)
    ctx = {
        "page": page, "filter": filterset, "params": request.GET,
        "chains": chains, "nodes": _nodes_for_filter(request.user, chain_id),
        "chain_id": chain_id or "", "query": request.GET.urlencode(),
        "can_write_selected": _can_write_listed(request.user, chains, chain_id), "is_staff": is_staff_role(request.user),
    }
    ctx.update(extra or {})
    return ctx


@login_required
def chain_index(request):
    chains = chain_list_with_counts(request.user)
    return render(request, "chains/chain_list.html", {"chains": chains, "is_staff": is_staff_role(request.user)})


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
    problems = list(exports.problem_rows(problem_list(user).filter(chain=chain, node=node), user=user,
                                         chain_id=chain.pk, node_ids=[node.pk]))
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
    sources = problem_sources()  # the closed loop's cases, when the cases app provides them
    cases = [item for source in sources for item in source.for_enterprise(user, enterprise)] if sources else None
    return render(request, "chains/enterprise_detail.html", {
        "e": enterprise, "nodes": nodes, "projects": projects, "applications": applications, "cases": cases,
        "can_write": _can_write_enterprise(user, enterprise),
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
    filters = {"kind": request.GET.get("kind", ""), "limit": 200}
    if chain_id and chain_id.isdigit():
        filters["chain_id"] = int(chain_id)
    if request.GET.get("node", "").isdigit():
        filters["node_ids"] = node_and_descendants(request.GET["node"])
    rows = list(exports.problem_rows(f.qs[:500], user=request.user, **filters))
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
            job = imports.import_job_create(actor=request.user, chain=chain, kind=kind, upload=upload,
                                            run_later=tasks.run_import_job.enqueue)
            return redirect("chains:import_job", job_id=job.pk)
    return render(request, "chains/import_upload.html", {"chain": chain, "kind": kind, "kind_label": ImportKind(kind).label})


@login_required
def import_job(request, job_id):
    job = access_import_job(request.user, job_id)
    template = "chains/partials/import_job_status.html" if request.htmx else "chains/import_job.html"
    return render(request, template, {"job": job, "errors": job.errors[:200]})



# --- edit pages (staff of the chain's region; everyone else reads) -----------------------------
# Views parse input and call services; a refused save (BusinessError) or a version conflict
# (ConcurrentUpdate, "已被他人修改") shows the form again with the user's input kept.

def _refused(form, exc: BusinessError, model=None, pk=None):
    form.add_error(None, exc.message)
    if isinstance(exc, ConcurrentUpdate) and model is not None and pk is not None:
        current = model.objects.filter(pk=pk).values_list("version", flat=True).first()
        if current is not None:
            form.refresh_version(current)


def _writable_chains(user):
    return [c for c in chain_list(user).select_related("region") if can_write_chain(user, c)]


def _node_rows(chain):
    """The chain's nodes in tree order with depth, for the node management page."""
    nodes = list(ChainNode.objects.filter(chain=chain).select_related("sub_chain_leader").order_by("order", "id"))
    kids: dict = {}
    for n in nodes:
        kids.setdefault(n.parent_id, []).append(n)
    rows = []

    def walk(n, depth):
        n.depth = depth
        rows.append(n)
        for k in kids.get(n.pk, []):
            walk(k, depth + 1)

    for stage in Stage.values:
        for n in kids.get(None, []):
            if n.stage == stage:
                walk(n, 0)
    pano = {p["id"]: p for p in build_panorama(chain)["nodes"]}
    for n in rows:
        n.pano = pano.get(n.pk)
        n.rate_form = NodeRateForm(initial={"strength": n.strength, "strength_note": n.strength_note,
                                            "version": n.version}, prefix=f"n{n.pk}")
    return rows


@login_required
def chain_edit(request, pk):
    chain = access_chain(request.user, pk, write=True)
    form = ChainForm(request.POST or None, instance=chain)
    if request.method == "POST" and form.is_valid():
        try:
            services.chain_save(actor=request.user, chain=chain, values=form.values(),
                                member_departments=list(form.cleaned_data["member_departments"]),
                                expert_deputies=list(form.cleaned_data["expert_deputies"]),
                                expected_version=form.cleaned_data.get("version"))
        except BusinessError as exc:
            _refused(form, exc, Chain, chain.pk)
        else:
            messages.success(request, "产业链信息已保存。")
            return redirect("chains:detail", pk=chain.pk)
    return render(request, "chains/chain_form.html", {"chain": chain, "form": form})


@login_required
def node_manage(request, pk):
    chain = access_chain(request.user, pk)
    can_write = can_write_chain(request.user, chain)
    form = NodeForm(chain=chain) if can_write else None
    return render(request, "chains/node_manage.html", {
        "chain": chain, "rows": _node_rows(chain), "form": form, "can_write": can_write,
    })


@login_required
def node_create(request, pk):
    chain = access_chain(request.user, pk, write=True)
    form = NodeForm(request.POST or None, chain=chain)
    if request.method == "POST" and form.is_valid():
        try:
            node = services.node_save(actor=request.user, chain=chain, values=form.values())
        except BusinessError as exc:
            _refused(form, exc)
        else:
            messages.success(request, f"已添加环节“{node.name}”。")
            return redirect("chains:node_manage", pk=chain.pk)
    return render(request, "chains/node_manage.html", {
        "chain": chain, "rows": _node_rows(chain), "form": form, "can_write": True,
    })


def _chain_node(request, pk, node_id, *, write=False):
    chain = access_chain(request.user, pk, write=write)
    node = ChainNode.objects.filter(chain=chain, pk=node_id).first() if str(node_id).isdigit() else None
    if node is None:
        raise Http404
    return chain, node


@login_required
def node_edit(request, pk, node_id):
    chain, node = _chain_node(request, pk, node_id, write=True)
    form = NodeForm(request.POST or None, instance=node, chain=chain)
    if request.method == "POST" and form.is_valid():
        try:
            services.node_save(actor=request.user, chain=chain, node=node, values=form.values(),
                               expected_version=form.cleaned_data.get("version"))
        except BusinessError as exc:
            _refused(form, exc, ChainNode, node.pk)
        else:
            messages.success(request, f"环节“{form.cleaned_data['name']}”已保存。")
            return redirect("chains:node_manage", pk=chain.pk)
    return render(request, "chains/node_form.html", {
        "chain": chain, "node": node, "form": form, "dependents": services.node_dependents(node),
    })


@login_required
@require_POST
def node_rate(request, pk, node_id):
    """Set a node's strength rating; htmx swaps the node's row, a plain post returns to the page."""
    chain, node = _chain_node(request, pk, node_id, write=True)
    form = NodeRateForm(request.POST, prefix=f"n{node.pk}")
    error = None
    if form.is_valid():
        try:
            node = services.node_rate(actor=request.user, node=node, strength=form.cleaned_data["strength"],
                                      note=form.cleaned_data["strength_note"],
                                      expected_version=form.cleaned_data.get("version"))
        except BusinessError as exc:
            error = exc.message
            if isinstance(exc, ConcurrentUpdate):
                form.refresh_version(ChainNode.objects.get(pk=node.pk).version)
    else:
        error = "；".join(e for errs in form.errors.values() for e in errs)
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, f"环节“{node.name}”的强弱评估已保存。")
        return redirect("chains:node_manage", pk=chain.pk)
    row = next(r for r in _node_rows(chain) if r.pk == node.pk)
    if error:
        row.rate_form = form  # keep what the user chose
    return render(request, "chains/partials/node_row.html", {
        "chain": chain, "n": row, "can_write": True, "error": error, "saved": not error,
    })


@login_required
@require_POST
def node_delete(request, pk, node_id):
    chain, node = _chain_node(request, pk, node_id, write=True)
    name = node.name
    try:
        services.node_delete(actor=request.user, node=node)
    except BusinessError as exc:
        messages.error(request, exc.message)
        return redirect("chains:node_edit", pk=chain.pk, node_id=node.pk)
    messages.success(request, f"已删除环节“{name}”。")
    return redirect("chains:node_manage", pk=chain.pk)


# --- metrics ---------------------------------------------------------------------------------

@login_required
def metric_manage(request, pk):
    chain = access_chain(request.user, pk)
    can_write = can_write_chain(request.user, chain)
    form = None
    if request.method == "POST":
        if not can_write:
            access_chain(request.user, pk, write=True)
        form = MetricForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.metric_save(actor=request.user, chain=chain, period_kind=d["period_kind"], year=d["year"],
                                     quarter=d["quarter"], output=d["output"], last_output=d["last_output"],
                                     region_output=d["region_output"], above_scale_count=d["above_scale_count"],
                                     note=d["note"], expected_version=d.get("version"))
            except BusinessError as exc:
                form.add_error(None, exc.message)
                if isinstance(exc, ConcurrentUpdate):
                    current = chain.metrics.filter(period_kind=d["period_kind"], year=d["year"], quarter=d["quarter"]).first()
                    form.refresh_version(current.version if current else 0)
            else:
                messages.success(request, "本期指标已保存，同比与占比已重新计算。")
                return redirect("chains:metric_manage", pk=chain.pk)
    metrics = list(chain.metrics.all())
    if form is None and can_write:
        editing = next((m for m in metrics if str(m.pk) == request.GET.get("edit")), None)
        if editing is not None:
            form = MetricForm(initial={
                "period_kind": editing.period_kind, "year": editing.year, "quarter": editing.quarter,
                "output": editing.output, "last_output": editing.last_output, "region_output": editing.region_output,
                "above_scale_count": editing.above_scale_count, "note": editing.note, "version": editing.version})
        else:
            form = MetricForm(initial={"year": timezone.localdate().year, "version": 0})
    return render(request, "chains/metric_manage.html", {
        "chain": chain, "metrics": metrics, "form": form, "can_write": can_write,
        "editing": request.GET.get("edit") if request.method == "GET" else None,
    })


# --- enterprises -----------------------------------------------------------------------------

def _enterprise_form_view(request, enterprise):
    user = request.user
    writable = _writable_chains(user)
    form = EnterpriseForm(request.POST or None, instance=enterprise or Enterprise(), user=user, writable_chains=writable)
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["nodes"])
        keep_nodes = list(enterprise.nodes.exclude(chain__in=writable)) if enterprise else []
        chosen_deputies = list(form.cleaned_data["contact_deputies"])
        visible = set(form.fields["contact_deputies"].queryset.values_list("pk", flat=True))
        keep_deputies = [d for d in enterprise.contact_deputies.all() if d.pk not in visible] if enterprise else []
        try:
            saved, _ = services.enterprise_save(
                actor=user, enterprise=enterprise, values=form.values(), nodes=keep_nodes + chosen,
                contact_deputies=keep_deputies + chosen_deputies, expected_version=form.cleaned_data.get("version"))
        except BusinessError as exc:
            _refused(form, exc, Enterprise, enterprise.pk if enterprise else None)
        else:
            messages.success(request, f"“{saved.name}”的档案已保存。")
            return redirect("chains:enterprise_detail", pk=saved.pk)
    return render(request, "chains/enterprise_form.html", {"e": enterprise, "form": form})


def _can_write_enterprise(user, enterprise) -> bool:
    try:
        access_enterprise(user, enterprise.pk, write=True)
    except PermissionDenied:
        return False
    return True


@login_required
def enterprise_edit(request, pk):
    enterprise = access_enterprise(request.user, pk, write=True)
    return _enterprise_form_view(request, enterprise)


@login_required
def enterprise_create(request):
    require_staff(request.user)
    return _enterprise_form_view(request, None)


# --- projects --------------------------------------------------------------------------------

def _project_context(request, project, **extra):
    row = next(exports.project_rows(Project.objects.filter(pk=project.pk)))
    _, light, cells = row
    can_write = can_write_chain(request.user, project.chain)
    ctx = {
        "p": project, "chain": project.chain, "light": light, "light_label": cells[12], "completed": cells[7],
        "share": cells[8], "elapsed": (rules.elapsed_share(project.year, timezone.localdate()) * 100).quantize(Decimal("0.1")),
        "rule": schedule_rule_for(project.chain.region),
        "investments": project.investments.order_by("-month"), "milestones": project.milestones.all(),
        "can_write": can_write, "next_stage": _next(ProjectStage.values, project.stage),
        "investment_form": InvestmentForm(initial={"month": timezone.localdate().replace(day=1)}) if can_write else None,
        "milestone_form": MilestoneForm() if can_write else None, "today": timezone.localdate(),
    }
    ctx.update(extra)
    return ctx


def _next(values, current):
    i = list(values).index(current)
    return values[i + 1] if i + 1 < len(values) else None


@login_required
def project_detail(request, pk):
    project = access_project(request.user, pk)
    return render(request, "chains/project_detail.html", _project_context(request, project))


def _project_form_view(request, chain, project):
    form = ProjectForm(request.POST or None, instance=project or Project(chain=chain), chain=chain)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.project_save(actor=request.user, chain=chain, project=project, values=form.values(),
                                          expected_version=form.cleaned_data.get("version"))
        except BusinessError as exc:
            _refused(form, exc, Project, project.pk if project else None)
        else:
            messages.success(request, f"项目“{saved.name}”已保存。")
            return redirect("chains:project_detail", pk=saved.pk)
    return render(request, "chains/project_form.html", {"chain": chain, "p": project, "form": form})


@login_required
def project_edit(request, pk):
    project = access_project(request.user, pk, write=True)
    return _project_form_view(request, project.chain, project)


@login_required
def project_create(request, chain_pk):
    chain = access_chain(request.user, chain_pk, write=True)
    return _project_form_view(request, chain, None)


@login_required
@require_POST
def project_advance(request, pk):
    project = access_project(request.user, pk, write=True)
    try:
        project = services.project_advance(actor=request.user, project=project,
                                           expected_version=request.POST.get("version") or None)
        messages.success(request, f"项目已推进到“{project.get_stage_display()}”。")
    except BusinessError as exc:
        messages.error(request, exc.message)
    return redirect("chains:project_detail", pk=project.pk)


@login_required
@require_POST
def project_investment(request, pk):
    """Add (or correct) a month's completed investment; htmx swaps the progress card (light included)."""
    project = access_project(request.user, pk, write=True)
    form = InvestmentForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.project_record_investment(actor=request.user, project=project, month=form.cleaned_data["month"],
                                               amount=form.cleaned_data["amount"])
        except BusinessError as exc:
            error = exc.message
    else:
        error = "；".join(e for errs in form.errors.values() for e in errs)
    if request.htmx:
        ctx = _project_context(request, project)
        if error:
            ctx["investment_form"], ctx["investment_error"] = form, error
        else:
            ctx["investment_saved"] = True
        return render(request, "chains/partials/project_progress.html", ctx)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, "完成投资已登记，序时进度已更新。")
    return redirect("chains:project_detail", pk=project.pk)


@login_required
@require_POST
def milestone_add(request, pk):
    project = access_project(request.user, pk, write=True)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_save(actor=request.user, project=project, **form.cleaned_data)
        except BusinessError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已添加里程碑“{form.cleaned_data['name']}”。")
            return redirect("chains:project_detail", pk=project.pk)
    return render(request, "chains/project_detail.html", _project_context(request, project, milestone_form=form))


@login_required
@require_POST
def milestone_done(request, pk, milestone_id):
    project = access_project(request.user, pk, write=True)
    milestone = project.milestones.filter(pk=milestone_id).first() if str(milestone_id).isdigit() else None
    if milestone is None:
        raise Http404
    try:
        services.milestone_save(actor=request.user, project=project, milestone=milestone, name=milestone.name,
                                planned_on=milestone.planned_on, done_on=timezone.localdate())
        messages.success(request, f"里程碑“{milestone.name}”已完成。")
    except BusinessError as exc:
        messages.error(request, exc.message)
    return redirect("chains:project_detail", pk=project.pk)


# --- leads -----------------------------------------------------------------------------------

def _lead_context(request, lead, **extra):
    can_write = can_write_chain(request.user, lead.chain)
    contacts = lead.contacts.select_related("recorded_by")[:100]
    ctx = {"lead": lead, "chain": lead.chain, "can_write": can_write, "contacts": contacts,
           "stages": LeadStage.choices, "stage_index": LeadStage.values.index(lead.stage),
           "next_stage": None if lead.is_closed else _next(LeadStage.values, lead.stage),
           "contact_form": ContactForm() if can_write else None}
    ctx.update(extra)
    return ctx


@login_required
def lead_detail(request, pk):
    lead = access_lead(request.user, pk)
    return render(request, "chains/lead_detail.html", _lead_context(request, lead))


def _lead_form_view(request, chain, lead):
    form = LeadForm(request.POST or None, instance=lead or Lead(chain=chain), chain=chain)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.lead_save(actor=request.user, chain=chain, lead=lead, values=form.values(),
                                       expected_version=form.cleaned_data.get("version"))
        except BusinessError as exc:
            _refused(form, exc, Lead, lead.pk if lead else None)
        else:
            messages.success(request, f"招商线索“{saved.target_company}”已保存。")
            return redirect("chains:lead_detail", pk=saved.pk)
    return render(request, "chains/lead_form.html", {"chain": chain, "lead": lead, "form": form})


@login_required
def lead_edit(request, pk):
    lead = access_lead(request.user, pk, write=True)
    return _lead_form_view(request, lead.chain, lead)


@login_required
def lead_create(request, chain_pk):
    chain = access_chain(request.user, chain_pk, write=True)
    return _lead_form_view(request, chain, None)


@login_required
@require_POST
def lead_advance(request, pk):
    lead = access_lead(request.user, pk, write=True)
    try:
        lead = services.lead_advance(actor=request.user, lead=lead, expected_version=request.POST.get("version") or None)
        messages.success(request, f"线索已推进到“{lead.get_stage_display()}”。")
    except BusinessError as exc:
        messages.error(request, exc.message)
    return redirect("chains:lead_detail", pk=lead.pk)


@login_required
@require_POST
def lead_contact(request, pk):
    lead = access_lead(request.user, pk, write=True)
    form = ContactForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.lead_record_contact(actor=request.user, lead=lead, on=d["on"], who=d["who"], what=d["what"],
                                         next_step=d["next_step"])
        except BusinessError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "对接情况已记录。")
            return redirect("chains:lead_detail", pk=lead.pk)
    return render(request, "chains/lead_detail.html", _lead_context(request, lead, contact_form=form))


# --- policies --------------------------------------------------------------------------------

def _policy_context(request, policy, **extra):
    can_write = can_write_policy(request.user, policy)
    ctx = {"policy": policy, "can_write": can_write,
           "applications": policy.applications.select_related("enterprise").order_by("-granted_on", "-applied_on", "id"),
           "application_form": ApplicationForm(enterprises=enterprise_list(request.user)) if can_write else None,
           "chains": policy.chains.filter(pk__in=chain_list(request.user).values("pk")),
           "nodes": policy.nodes.select_related("chain").filter(chain__in=chain_list(request.user).values("pk"))}
    ctx.update(extra)
    return ctx


@login_required
def policy_detail(request, pk):
    policy = access_policy(request.user, pk)
    return render(request, "chains/policy_detail.html", _policy_context(request, policy))


def _policy_form_view(request, policy, region):
    readable = chain_list(request.user)
    form = PolicyForm(request.POST or None, instance=policy or Policy(region=region), readable_chains=readable)
    if request.method == "POST" and form.is_valid():
        chosen_chains = list(form.cleaned_data["chains"])
        chosen_nodes = list(form.cleaned_data["nodes"])
        if policy is not None:  # chains the user cannot see stay as they are
            chosen_chains += list(policy.chains.exclude(pk__in=readable.values("pk")))
            chosen_nodes += list(policy.nodes.exclude(chain__in=readable.values("pk")))
        try:
            saved = services.policy_save(actor=request.user, region=region, policy=policy, values=form.values(),
                                         chains=chosen_chains, nodes=chosen_nodes,
                                         expected_version=form.cleaned_data.get("version"))
        except BusinessError as exc:
            _refused(form, exc, Policy, policy.pk if policy else None)
        else:
            messages.success(request, f"政策“{saved.title}”已保存。")
            return redirect("chains:policy_detail", pk=saved.pk)
    return render(request, "chains/policy_form.html", {"policy": policy, "form": form})


@login_required
def policy_edit(request, pk):
    policy = access_policy(request.user, pk, write=True)
    return _policy_form_view(request, policy, policy.region)


@login_required
def policy_create(request):
    require_staff(request.user)
    if request.user.region is None:
        raise PermissionDenied("您的账号没有所属区域，不能发布政策。")
    return _policy_form_view(request, None, request.user.region)


@login_required
@require_POST
def policy_application(request, pk):
    policy = access_policy(request.user, pk, write=True)
    form = ApplicationForm(request.POST, enterprises=enterprise_list(request.user))
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.policy_application_record(actor=request.user, policy=policy, enterprise=d["enterprise"],
                                               status=d["status"], applied_on=d["applied_on"],
                                               granted_on=d["granted_on"], amount=d["amount"])
        except BusinessError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已记录“{d['enterprise'].name}”的{ApplicationStatus(d['status']).label}情况。")
            return redirect("chains:policy_detail", pk=policy.pk)
    return render(request, "chains/policy_detail.html", _policy_context(request, policy, application_form=form))


# --- the region's pro-rata schedule rule ------------------------------------------------------

@login_required
def schedule_setting(request):
    user = request.user
    require_staff(user)
    from shuanglian.regions.selectors import region_list

    regions = region_list(user).order_by("path")
    default_region = user.region or regions.first()
    form = ScheduleForm(request.POST or None, regions=regions,
                        initial={"region": default_region,
                                 "rule": schedule_rule_for(default_region) if default_region else ScheduleRule.GAP})
    if request.method == "POST" and form.is_valid():
        region = form.cleaned_data["region"]
        try:
            services.schedule_setting_set(actor=user, region=region, rule=form.cleaned_data["rule"])
        except BusinessError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"{region.name}的序时进度规则已设为“{ScheduleRule(form.cleaned_data['rule']).label}”。")
            return redirect("chains:schedule")
    settings_rows = []
    for region in regions:
        own = ScheduleSetting.objects.filter(region=region).first()
        if own is not None or region == default_region:
            settings_rows.append({"region": region, "own": own, "effective": ScheduleRule(schedule_rule_for(region)).label})
    return render(request, "chains/schedule.html", {"form": form, "rows": settings_rows[:50]})
