"""Writes of policies, their applications (申报兑现), and chain-level problems."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from shuanglian.core.errors import BusinessError

from .. import validation
from ..models import (
    ApplicationStatus,
    Chain,
    ChainNode,
    ChainProblem,
    Enterprise,
    Policy,
    PolicyApplication,
    ProblemKind,
)
from .base import (
    _lock_current,
    _raise_first,
    _save,
    _save_with_m2m,
    require_chain_writer,
)

# --- policies -------------------------------------------------------------------------------

@transaction.atomic
def policy_save(*, actor, region, values: dict, policy: Policy | None = None, chains=None, nodes=None,
                expected_version=None) -> Policy:
    require_chain_writer(actor, region)
    policy = _lock_current(policy, expected_version)
    merged = {**({"title": policy.title, "issuer": policy.issuer} if policy else {}), **values}
    _raise_first(validation.policy_errors(merged))
    if nodes and chains is not None:
        allowed = {c.pk for c in chains}
        stray = [n.name for n in nodes if n.chain_id not in allowed]
        if stray:
            raise BusinessError(f"适用环节“{stray[0]}”不属于所选的适用产业链", code="invalid_nodes")
    policy = _save_with_m2m(policy or Policy(region=region), values, {"chains": chains, "nodes": nodes},
                            actor=actor, event="policy", region=region)
    return policy


@transaction.atomic
def policy_application_record(*, actor, policy: Policy, enterprise: Enterprise, status: str,
                              applied_on: dt.date | None = None, granted_on: dt.date | None = None,
                              amount: Decimal | None = None) -> PolicyApplication:
    """An enterprise applied for a policy, or was granted it (兑现)."""
    require_chain_writer(actor, policy.region)
    if status not in ApplicationStatus.values:
        raise BusinessError("申报状态无效", code="invalid_status")
    if amount is not None and amount < 0:
        raise BusinessError("兑现金额不能为负数", code="invalid_amount")
    today = timezone.localdate()
    if (applied_on and applied_on > today) or (granted_on and granted_on > today):
        raise BusinessError("申报和兑现日期不能晚于今天", code="invalid_date")
    if status == ApplicationStatus.GRANTED and granted_on is None:
        granted_on = today
    if status != ApplicationStatus.GRANTED and granted_on is not None:
        raise BusinessError("只有“已兑现”的申报才有兑现日期", code="invalid_granted_on")
    app = PolicyApplication.objects.select_for_update().filter(policy=policy, enterprise=enterprise).first()
    applied_on = applied_on or (app.applied_on if app else None) or today
    if granted_on is not None and granted_on < applied_on:
        raise BusinessError("兑现日期不能早于申报日期", code="invalid_granted_on")
    values = {"status": status, "applied_on": applied_on, "granted_on": granted_on, "amount": amount}
    app = _save(app or PolicyApplication(policy=policy, enterprise=enterprise), values, actor=actor,
                event="policy_application", region=policy.region)
    return app


# --- chain-level problems -------------------------------------------------------------------

def _problem_checks(chain, values, current=None):
    merged = {**({f: getattr(current, f) for f in ("title", "raised_on", "due_on", "resolved_on")} if current else {}),
              **values}
    _raise_first(validation.problem_errors(merged, today=timezone.localdate()))
    node = values.get("node")
    if node is not None and node.chain_id != chain.pk:
        raise BusinessError("环节必须属于本产业链", code="invalid_node")
    if "kind" in values and values["kind"] not in ProblemKind.values:
        raise BusinessError("问题类别无效", code="invalid_kind")


@transaction.atomic
def problem_raise(*, actor, chain: Chain, title: str, kind: str, node: ChainNode | None = None, description: str = "",
                  responsible_department=None, due_on: dt.date | None = None, raised_on: dt.date | None = None) -> ChainProblem:
    return problem_save(actor=actor, chain=chain, values={
        "title": title, "kind": kind, "node": node, "description": description,
        "responsible_department": responsible_department, "due_on": due_on, "raised_on": raised_on})


@transaction.atomic
def problem_save(*, actor, chain: Chain, values: dict, problem: ChainProblem | None = None) -> ChainProblem:
    """Put a chain-level problem on the list, or change an open or resolved one's fields (the
    Excel import updates by title). Resolving is problem_resolve's job; a new problem is raised
    today unless `raised_on` says otherwise."""
    require_chain_writer(actor, chain.region)
    values = {k: v for k, v in values.items() if k not in ("resolved_on", "resolution")}
    if "title" in values:
        values["title"] = (values["title"] or "").strip()
    if problem is None and not values.get("raised_on"):
        values["raised_on"] = timezone.localdate()
    if problem is not None:
        problem = ChainProblem.objects.select_for_update().get(pk=problem.pk)
        if problem.chain_id != chain.pk:
            raise BusinessError("该问题不属于本产业链", code="invalid_chain")
    _problem_checks(chain, values, problem)
    return _save(problem or ChainProblem(chain=chain), values, actor=actor, event="chain_problem", region=chain.region)


@transaction.atomic
def problem_resolve(*, actor, problem: ChainProblem, resolution: str, resolved_on: dt.date | None = None) -> ChainProblem:
    require_chain_writer(actor, problem.chain.region)
    problem = ChainProblem.objects.select_for_update().get(pk=problem.pk)
    if problem.resolved_on is not None:
        raise BusinessError("该问题已解决销号", code="already_resolved")
    if not (resolution or "").strip():
        raise BusinessError("请填写解决情况", code="invalid_resolution")
    values = {"resolution": resolution.strip(), "resolved_on": resolved_on or timezone.localdate()}
    _raise_first(validation.problem_errors({"title": problem.title, "raised_on": problem.raised_on, **values},
                                           today=timezone.localdate()))
    problem = _save(problem, values, actor=actor, event="chain_problem", region=problem.chain.region)
    return problem
