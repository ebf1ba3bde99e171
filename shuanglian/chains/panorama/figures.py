"""The panorama's figures list by list — enterprises, leads, chain-level problems, policies,
period figures — each in one or two aggregate queries over the whole chain, keyed by node."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum

from shuanglian.core.permissions import subtree_q
from shuanglian.lib import lights
from shuanglian.regions.models import Region

from ..models import (
    LEAD_STAGE_ORDER,
    ApplicationStatus,
    Chain,
    ChainMetric,
    ChainNode,
    ChainProblem,
    Enterprise,
    Lead,
    LeadStage,
    Policy,
    Scale,
)
from ..problems import problem_light_q

ZERO = Decimal("0")


def _s(value: Decimal | None) -> str:
    return str((value or ZERO).quantize(Decimal("0.01")))


def pct(numerator, denominator) -> str | None:
    if not denominator:
        return None
    return str((Decimal(numerator) / Decimal(denominator) * 100).quantize(Decimal("0.1")))


def chain_nodes(chain: Chain) -> list[dict]:
    """The chain's nodes as plain rows, in stage order."""
    return list(
        ChainNode.objects.filter(chain=chain)
        .values("id", "parent_id", "name", "stage", "order", "strength", "is_target", "description", "sub_chain_leader__name")
        .order_by("stage", "order", "id")
    )


def enterprise_figures(chain: Chain) -> tuple[dict, dict, dict]:
    """(per node: counts and output, local ones apart; per node: its anchor firms 链主/小链长;
    the chain's distinct firms in total)."""
    # the chain's region subtree as ids: "local" is then a plain IN on the enterprise row, no join
    local_regions = list(Region.objects.filter(subtree_q(chain.region, "")).values_list("id", flat=True))
    local = Q(enterprise__region_id__in=local_regions)
    anchor = Q(enterprise__is_chain_master=True) | Q(enterprise__is_sub_chain_leader=True)
    above = Q(enterprise__scale=Scale.ABOVE)
    through = Enterprise.nodes.through

    ent = {
        r["chainnode_id"]: r
        for r in through.objects.filter(chainnode__chain=chain).values("chainnode_id").annotate(
            n=Count("enterprise_id"),
            local_n=Count("enterprise_id", filter=local),
            above_n=Count("enterprise_id", filter=above),
            local_above=Count("enterprise_id", filter=local & above),
            local_anchor=Count("enterprise_id", filter=local & anchor),
            anchor_n=Count("enterprise_id", filter=anchor),
            output=Sum("enterprise__output"),
            local_output=Sum("enterprise__output", filter=local),
        )
    }
    anchors = defaultdict(list)
    anchor_nodes = [node_id for node_id, r in ent.items() if r["anchor_n"]]
    if anchor_nodes:  # a handful of firms: look them up from their flags, not through every link
        anchor_ids = Enterprise.objects.filter(Q(is_chain_master=True) | Q(is_sub_chain_leader=True)).values("pk")
        for r in through.objects.filter(chainnode_id__in=anchor_nodes, enterprise_id__in=anchor_ids).values(
            "chainnode_id", "enterprise_id", "enterprise__name", "enterprise__is_chain_master"
        ).order_by("enterprise__name"):
            anchors[r["chainnode_id"]].append(
                {"id": r["enterprise_id"], "name": r["enterprise__name"], "label": "链主" if r["enterprise__is_chain_master"] else "小链长"}
            )
    ent_ids = through.objects.filter(chainnode__chain=chain).values("enterprise_id")
    totals = Enterprise.objects.filter(pk__in=ent_ids).aggregate(
        n=Count("id"), local_n=Count("id", filter=Q(region_id__in=local_regions)),
        above_n=Count("id", filter=Q(scale=Scale.ABOVE)),
        masters=Count("id", filter=Q(is_chain_master=True)), sub_leaders=Count("id", filter=Q(is_sub_chain_leader=True)),
        specialised=Count("id", filter=Q(is_specialised=True) | Q(is_little_giant=True)),
        output=Sum("output"),
    )
    return ent, anchors, totals


def lead_figures(chain: Chain) -> tuple[dict, dict]:
    """(per node: leads and live leads; the chain's totals with the funnel)."""
    lead_rows = list(
        Lead.objects.filter(chain=chain).values("node_id", "stage", "is_closed").annotate(
            n=Count("id"), intended=Sum("intended_investment"), capital=Sum("capital_in_place"),
        )
    )
    leads_by_node = defaultdict(lambda: {"n": 0, "live": 0})
    for r in lead_rows:
        b = leads_by_node[r["node_id"]]
        b["n"] += r["n"]
        if not r["is_closed"] and r["stage"] != LeadStage.PRODUCING:
            b["live"] += r["n"]
    lead_total = {
        "n": sum(r["n"] for r in lead_rows),
        "live": sum(b["live"] for b in leads_by_node.values()),
        "intended": _s(sum((r["intended"] or ZERO for r in lead_rows), ZERO)),
        "funnel": lead_funnel(lead_rows),
    }
    return leads_by_node, lead_total


def problem_figures(chain: Chain, as_of: dt.date) -> dict:
    """Per node: open chain-level problems by light, and resolved ones."""
    is_open = Q(resolved_on__isnull=True)
    problems = defaultdict(lambda: {"green": 0, "yellow": 0, "red": 0, "resolved": 0})
    for r in ChainProblem.objects.filter(chain=chain).values("node_id").annotate(
        red=Count("id", filter=is_open & problem_light_q(lights.RED, as_of)),
        yellow=Count("id", filter=is_open & problem_light_q(lights.YELLOW, as_of)),
        green=Count("id", filter=is_open & problem_light_q(lights.GREEN, as_of)),
        resolved=Count("id", filter=Q(resolved_on__isnull=False)),
    ):
        for k in ("green", "yellow", "red", "resolved"):
            problems[r["node_id"]][k] += r[k]
    return problems


def policy_figures(chain: Chain) -> tuple[dict, dict]:
    """(per node: policies; the chain's policies, applications, grants, policies nobody applied for)."""
    pol_by_node = {
        r["chainnode_id"]: r["n"]
        for r in Policy.nodes.through.objects.filter(chainnode__chain=chain).values("chainnode_id").annotate(n=Count("policy_id"))
    }
    pol_tot = Policy.objects.filter(chains=chain).aggregate(
        n=Count("id", distinct=True),
        n_apps=Count("applications", distinct=True),
        n_granted=Count("applications", filter=Q(applications__status=ApplicationStatus.GRANTED), distinct=True),
        n_unreached=Count("id", filter=Q(applications__isnull=True), distinct=True),
    )
    return pol_by_node, pol_tot


def metric_rows(chain: Chain) -> list[dict]:
    """The chain's period figures, latest first, with growth and share."""
    return [
        {
            "period": m.period_label, "period_kind": m.period_kind, "year": m.year, "quarter": m.quarter,
            "output": _s(m.output), "last_output": _s(m.last_output) if m.last_output is not None else None,
            "region_output": _s(m.region_output) if m.region_output is not None else None,
            "yoy_pct": str(m.yoy_pct) if m.yoy_pct is not None else None,
            "share_pct": str(m.share_pct) if m.share_pct is not None else None,
            "above_scale_count": m.above_scale_count, "note": m.note,
        }
        for m in ChainMetric.objects.filter(chain=chain).order_by("-year", "-quarter")
    ]


def lead_funnel(rows) -> dict:
    """Funnel figures from (stage, is_closed, n, intended, capital) rows.

    signing rate = leads at 签约 or beyond ÷ all leads; landing rate = 注册 or beyond ÷ signed;
    start rate = 开工 or beyond ÷ landed; capital-in-place rate = funds in place ÷ intended
    investment of the signed leads.
    """
    total = signed = landed = started = 0
    signed_intended = capital = ZERO
    for r in rows:
        order = LEAD_STAGE_ORDER[r["stage"]]
        total += r["n"]
        if order >= LEAD_STAGE_ORDER[LeadStage.SIGNED]:
            signed += r["n"]
            signed_intended += r["intended"] or ZERO
            capital += r["capital"] or ZERO
        if order >= LEAD_STAGE_ORDER[LeadStage.REGISTERED]:
            landed += r["n"]
        if order >= LEAD_STAGE_ORDER[LeadStage.STARTED]:
            started += r["n"]
    return {
        "total": total, "signed": signed, "landed": landed, "started": started,
        "signing_rate": pct(signed, total), "landing_rate": pct(landed, signed),
        "start_rate": pct(started, landed), "capital_rate": pct(capital, signed_intended),
        "signed_intended": _s(signed_intended), "capital_in_place": _s(capital),
    }
