"""The enterprise file (一企一档案) and its form."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from shuanglian.core.permissions import (
    require_staff,
)

from .. import exports, services
from ..contacts import contact_deputies
from ..forms import (
    EnterpriseForm,
)
from ..models import (
    Enterprise,
)
from ..problems import problem_sources
from ..selectors import (
    access_enterprise,
    chain_list,
    policy_list,
    project_list,
)
from .common import (
    _writable_chains,
    versioned_form_view,
)


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
        "deputies": contact_deputies([enterprise.pk])[enterprise.pk],
    })


def _enterprise_form_view(request, enterprise):
    user = request.user
    writable = _writable_chains(user)
    form = EnterpriseForm(request.POST or None, instance=enterprise or Enterprise(), user=user, writable_chains=writable)

    def save(form):
        # links to chains the user does not maintain stay
        keep_nodes = list(enterprise.nodes.exclude(chain__in=writable)) if enterprise else []
        saved, _ = services.enterprise_save(
            actor=user, enterprise=enterprise, values=form.values(), nodes=keep_nodes + list(form.cleaned_data["nodes"]),
            expected_version=form.cleaned_data.get("version"))
        return saved

    return versioned_form_view(
        request, form, obj=enterprise, save=save, saved_message=lambda saved: f"“{saved.name}”的档案已保存。",
        detail_url="chains:enterprise_detail", template="chains/enterprise_form.html", context={"e": enterprise})


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
