"""The panorama (一图): the whole node tree of one chain with its figures, in a fixed, small
number of queries whatever the chain's size (aggregates per node are computed in SQL, list by
list in figures.py and projects.py; the tree roll-up and layout in Python over one row per node,
layout.py).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .. import cache as chain_cache
from ..models import Chain
from ..problems import problem_sources
from ..selectors import schedule_rule_for
from .figures import (
    _s,
    chain_nodes,
    enterprise_figures,
    lead_figures,
    lead_funnel,
    metric_rows,
    pct,
    policy_figures,
    problem_figures,
)
from .layout import lay_out
from .projects import project_figures, project_light_rows, project_rows

__all__ = ["build_panorama", "compute_panorama", "lead_funnel", "pct", "project_light_rows", "project_rows"]


def build_panorama(chain: Chain, *, as_of: dt.date | None = None, use_cache: bool = True) -> dict:
    """The panorama of `chain` as of a day (today by default).

    The figures from the chain's own tables are cached per chain and day in the shared cache and
    recomputed after any change (chains.cache explains the invalidation); the problems of the
    registered sources (chains.problems: the closed loop's cases) are counted live on every call, and the chain's heading is taken from `chain` itself.
    """
    as_of = as_of or timezone.localdate()
    if use_cache:
        pano = chain_cache.panorama_cached(chain.pk, as_of.isoformat(), lambda: compute_panorama(chain, as_of=as_of))
    else:
        pano = compute_panorama(chain, as_of=as_of)
    pano = {"chain": {
        "id": chain.pk, "name": chain.name, "region": chain.region.name, "tier": chain.get_tier_display(),
        "chief_name": chain.chief_name, "chief_post": chain.chief_post,
        "lead_department": chain.lead_department.name if chain.lead_department_id else "",
        "target_description": chain.target_description,
    }, **pano}
    _add_sources(pano, chain, as_of)
    return pano


def _add_sources(pano: dict, chain: Chain, as_of: dt.date) -> None:
    """Add the problems of the registered sources (the closed loop's cases: one aggregate query),
    counted live on every call, to the problem figures."""
    for source in problem_sources():
        by_node = source.counts_by_node(chain, as_of)
        if not by_node:
            continue
        for n in pano["nodes"]:
            r = by_node.get(n["id"])
            if r is None:
                continue
            for k in ("green", "yellow", "red"):
                n["problems"][k] += r[k]
            n["problems_open"] += r["green"] + r["yellow"] + r["red"]
            n["problems_resolved"] += r["resolved"]
        t = pano["totals"]
        for r in by_node.values():
            for k in ("green", "yellow", "red"):
                t[f"problems_{k}"] += r[k]
            t["problems_open"] += r["green"] + r["yellow"] + r["red"]
            t["problems_resolved"] += r["resolved"]


def compute_panorama(chain: Chain, *, as_of: dt.date) -> dict:
    """Everything but the heading and the registered sources' problems, uncached, in a fixed number
    of queries: each list's figures per node, then the tree laid out with them."""
    ent, anchors, totals = enterprise_figures(chain)
    rule = schedule_rule_for(chain.region)
    proj_by_node, proj_tot = project_figures(chain, as_of, rule)
    leads_by_node, lead_total = lead_figures(chain)
    problems = problem_figures(chain, as_of)
    pol_by_node, pol_tot = policy_figures(chain)
    metrics = metric_rows(chain)
    out_nodes = lay_out(chain_nodes(chain), ent=ent, anchors=anchors, problems=problems, projects=proj_by_node,
                        leads=leads_by_node, policies=pol_by_node)
    open_total = {k: sum(p[k] for p in problems.values()) for k in ("green", "yellow", "red", "resolved")}
    return {
        "as_of": as_of.isoformat(),
        "schedule_rule": rule,
        "metrics": metrics,
        "totals": {
            "enterprises": totals["n"], "local_enterprises": totals["local_n"], "above_scale": totals["above_n"],
            "chain_masters": totals["masters"], "sub_chain_leaders": totals["sub_leaders"],
            "specialised": totals["specialised"], "output": _s(totals["output"]),
            "nodes": sum(1 for n in out_nodes if not n["is_target"]),
            "target_nodes": sum(1 for n in out_nodes if n["is_target"]),
            "gaps": sum(1 for n in out_nodes if n["is_gap"] and not n["is_target"]),
            "projects": proj_tot["n"], "projects_green": proj_tot["green"], "projects_yellow": proj_tot["yellow"],
            "projects_red": proj_tot["red"], "project_total_investment": _s(proj_tot["total"]),
            "project_annual_plan": _s(proj_tot["plan"]), "project_completed": _s(proj_tot["completed"]),
            "leads": lead_total["n"], "leads_live": lead_total["live"], "lead_intended_investment": lead_total["intended"],
            "problems_open": open_total["green"] + open_total["yellow"] + open_total["red"],
            "problems_green": open_total["green"], "problems_yellow": open_total["yellow"], "problems_red": open_total["red"],
            "problems_resolved": open_total["resolved"],
            "policies": pol_tot["n"], "policy_applications": pol_tot["n_apps"],
            "policy_granted": pol_tot["n_granted"], "policies_unreached": pol_tot["n_unreached"],
        },
        "funnel": lead_total["funnel"],
        "nodes": out_nodes,
    }
