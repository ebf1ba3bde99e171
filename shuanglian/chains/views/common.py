"""What the chain pages share: list context and filters, the refusal of a save, the form view of a versioned record."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render

from shuanglian.core.errors import BusinessError, ConcurrentUpdate
from shuanglian.core.pagination import Paginator
from shuanglian.core.permissions import (
    in_region_scope,
    is_staff_role,
    region_subtree_q,
)
from shuanglian.lib.parse import id_or_none

from ..models import (
    Chain,
    ChainNode,
)
from ..selectors import (
    can_write_chain,
    chain_list,
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


def _nodes_for_filter(user, chain_id: int | None):
    if chain_id is None:
        return []
    return list(ChainNode.objects.filter(chain_id=chain_id, chain__in=chain_list(user).values("pk"))
                .values("pk", "name", "stage").order_by("stage", "order", "id"))


def _list_context(request, filterset, extra=None):
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    # an id in ASCII digits or none (the links below reverse it; '١' is no chain, not chain 1)
    chain_id = id_or_none(request.GET.get("chain"))
    chains = _chains_for_filter(request.user)
    ctx = {
        "page": page, "filter": filterset, "params": request.GET,
        "chains": chains, "nodes": _nodes_for_filter(request.user, chain_id),
        "chain_id": str(chain_id or ""), "query": request.GET.urlencode(),
        "can_write_selected": _can_write_listed(request.user, chains, chain_id), "is_staff": is_staff_role(request.user),
    }
    ctx.update(extra or {})
    return ctx


def _refused(form, exc: BusinessError, model=None, pk=None):
    form.add_error(None, exc.message)
    if isinstance(exc, ConcurrentUpdate) and model is not None and pk is not None:
        current = model.objects.filter(pk=pk).values_list("version", flat=True).first()
        if current is not None:
            form.refresh_version(current)


def _writable_chains(user):
    return [c for c in chain_list(user).select_related("region") if can_write_chain(user, c)]


def _next(values, current):
    i = list(values).index(current)
    return values[i + 1] if i + 1 < len(values) else None


def versioned_form_view(request, form, *, obj, save, saved_message, detail_url: str, template: str, context: dict):
    """The edit page of a versioned record (project, lead, policy, enterprise): on a valid POST,
    `save(form)` calls the service and the user goes to the record's page; a refusal or a version
    conflict shows the form again with the input kept (_refused)."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form)
        except BusinessError as exc:
            _refused(form, exc, type(form.instance), obj.pk if obj is not None else None)
        else:
            messages.success(request, saved_message(saved))
            return redirect(detail_url, pk=saved.pk)
    return render(request, template, {**context, "form": form})
