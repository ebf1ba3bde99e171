"""Policies: the policy page with its applications (申报兑现) and the form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import (
    require_staff,
)

from .. import services
from ..forms import (
    ApplicationForm,
    PolicyForm,
)
from ..models import (
    ApplicationStatus,
    Policy,
)
from ..selectors import (
    access_policy,
    chain_list,
    enterprise_list,
)
from .common import (
    can_write_policy,
    versioned_form_view,
)


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

    def save(form):
        chosen_chains = list(form.cleaned_data["chains"])
        chosen_nodes = list(form.cleaned_data["nodes"])
        if policy is not None:  # chains the user cannot see stay as they are
            chosen_chains += list(policy.chains.exclude(pk__in=readable.values("pk")))
            chosen_nodes += list(policy.nodes.exclude(chain__in=readable.values("pk")))
        return services.policy_save(actor=request.user, region=region, policy=policy, values=form.values(),
                                    chains=chosen_chains, nodes=chosen_nodes,
                                    expected_version=form.cleaned_data.get("version"))

    return versioned_form_view(
        request, form, obj=policy, save=save, saved_message=lambda saved: f"政策“{saved.title}”已保存。",
        detail_url="chains:policy_detail", template="chains/policy_form.html", context={"policy": policy})


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
