"""The chain pages: the chain list, the panorama (一图) with its node panel and workbook, and the
maintenance of a chain, its node tree, its period figures and the region's schedule rule."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from shuanglian.core.errors import BusinessError, ConcurrentUpdate
from shuanglian.core.permissions import (
    is_staff_role,
    require_staff,
)
from shuanglian.lib.chartspec import axis, chart, series
from shuanglian.lib.excel import xlsx_response
from shuanglian.lib.parse import id_or_none
from shuanglian.regions.selectors import region_list

from .. import exports, services
from ..forms import (
    ChainForm,
    MetricForm,
    NodeForm,
    NodeRateForm,
    ScheduleForm,
)
from ..models import (
    Chain,
    ChainNode,
    ProblemKind,
    ScheduleRule,
    ScheduleSetting,
    Stage,
)
from ..panorama import build_panorama
from ..selectors import (
    access_chain,
    access_node,
    can_write_chain,
    chain_list_with_counts,
    enterprise_list,
    lead_list,
    policy_list,
    problem_list,
    project_list,
    schedule_rule_for,
)
from .common import (
    _refused,
)


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
    node = ChainNode.objects.filter(chain=chain, pk=node_id).first() if id_or_none(node_id) else None
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
        "chain": chain, "metrics": metrics, "form": form, "can_write": can_write, "metric_chart": _metric_chart(metrics),
        "editing": request.GET.get("edit") if request.method == "GET" else None,
    })


@login_required
def schedule_setting(request):
    user = request.user
    require_staff(user)

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


def _metric_chart(metrics) -> dict | None:
    """Output and year-on-year growth over time, for the periods of the latest one's kind (years
    with years, quarters with quarters: a quarter's output beside a year's would mislead)."""
    if not metrics:
        return None
    shown = [m for m in reversed(metrics) if m.period_kind == metrics[0].period_kind]
    return chart("chain-metric-chart", "规上产值与同比增长", "期间", [m.period_label for m in shown], [
        series("规上产值（亿元）", [m.output for m in shown], unit="亿元"),
        series("同比增长", [m.yoy_pct for m in shown], kind="line", axis=1, unit="%"),
    ], axes=[axis("亿元"), axis("%")])

