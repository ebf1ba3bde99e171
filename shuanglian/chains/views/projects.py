"""Major projects: the project page with its schedule light, the form, investment and milestones."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shuanglian.core.errors import BusinessError
from shuanglian.lib.parse import id_or_none

from .. import exports, rules, services
from ..forms import (
    InvestmentForm,
    MilestoneForm,
    ProjectForm,
)
from ..models import (
    Project,
    ProjectStage,
)
from ..selectors import (
    access_chain,
    access_project,
    can_write_chain,
    schedule_rule_for,
)
from .common import (
    _next,
    versioned_form_view,
)


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


@login_required
def project_detail(request, pk):
    project = access_project(request.user, pk)
    return render(request, "chains/project_detail.html", _project_context(request, project))


def _project_form_view(request, chain, project):
    form = ProjectForm(request.POST or None, instance=project or Project(chain=chain), chain=chain)
    return versioned_form_view(
        request, form, obj=project,
        save=lambda f: services.project_save(actor=request.user, chain=chain, project=project, values=f.values(),
                                             expected_version=f.cleaned_data.get("version")),
        saved_message=lambda saved: f"项目“{saved.name}”已保存。", detail_url="chains:project_detail",
        template="chains/project_form.html", context={"chain": chain, "p": project})


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
    milestone = project.milestones.filter(pk=milestone_id).first() if id_or_none(milestone_id) else None
    if milestone is None:
        raise Http404
    try:
        services.milestone_save(actor=request.user, project=project, milestone=milestone, name=milestone.name,
                                planned_on=milestone.planned_on, done_on=timezone.localdate())
        messages.success(request, f"里程碑“{milestone.name}”已完成。")
    except BusinessError as exc:
        messages.error(request, exc.message)
    return redirect("chains:project_detail", pk=project.pk)
