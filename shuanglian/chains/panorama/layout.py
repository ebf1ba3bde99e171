"""The panorama's node tree: sub-tree roll-up, derived strength, and each node's place on the
chart (stage columns, depth, vertically centred), with its figures from every list."""

from __future__ import annotations

from collections import defaultdict

from .. import rules
from ..models import (
    GAP_STRENGTHS,
    STAGE_ORDER,
    Stage,
    Strength,
)
from .figures import ZERO, _s


def lay_out(nodes: list[dict], *, ent: dict, anchors: dict, problems: dict, projects: dict, leads: dict,
            policies: dict) -> list[dict]:
    """One output row per node, in tree order within each stage column."""
    proj_by_node, leads_by_node, pol_by_node = projects, leads, policies
    children = defaultdict(list)
    for n in nodes:
        children[n["parent_id"]].append(n)
    by_id = {n["id"]: n for n in nodes}

    def rollup(n, depth):
        e = ent.get(n["id"], {})
        agg = {k: e.get(k) or 0 for k in ("n", "local_n", "local_above", "local_anchor")}
        agg["local_output"] = e.get("local_output") or ZERO
        n["depth"] = depth
        for child in children[n["id"]]:
            sub = rollup(child, depth + 1)
            if not child["is_target"]:
                for k in agg:
                    agg[k] += sub[k]
        n["_sub"] = agg
        return agg

    roots = [n for n in nodes if n["parent_id"] is None or n["parent_id"] not in by_id]
    for r in roots:
        rollup(r, 0)

    out_nodes = []
    column_y = defaultdict(int)
    max_depth = max((n["depth"] for n in nodes), default=0)

    def place(n):
        stage_idx = STAGE_ORDER.get(n["stage"], 1)
        x = stage_idx * (max_depth + 2) + n["depth"]
        y = column_y[stage_idx]
        column_y[stage_idx] += 1
        sub = n["_sub"]
        derived = rules.derived_strength(
            local_count=sub["local_n"], above_scale_count=sub["local_above"],
            anchor_count=sub["local_anchor"], output=sub["local_output"],
        )
        strength = n["strength"] or derived
        e = ent.get(n["id"], {})
        pr = problems.get(n["id"], {"green": 0, "yellow": 0, "red": 0, "resolved": 0})
        pj = proj_by_node.get(n["id"], {"n": 0, "yellow": 0, "red": 0, "total": ZERO, "plan": ZERO, "completed": ZERO})
        ld = leads_by_node.get(n["id"], {"n": 0, "live": 0})
        out_nodes.append({
            "id": n["id"], "parent_id": n["parent_id"], "name": n["name"], "stage": n["stage"],
            "stage_label": Stage(n["stage"]).label, "depth": n["depth"], "x": x, "y": y,
            "is_target": n["is_target"], "description": n["description"],
            "sub_chain_leader": n["sub_chain_leader__name"],
            "strength_rated": n["strength"] or None, "strength_derived": derived, "strength": strength,
            "strength_derived_label": Strength(derived).label,
            "strength_label": Strength(strength).label, "is_gap": strength in GAP_STRENGTHS,
            "enterprises": e.get("n", 0), "local_enterprises": e.get("local_n", 0),
            "above_scale": e.get("above_n", 0), "output": _s(e.get("output")),
            "subtree_enterprises": sub["n"], "subtree_local_output": _s(sub["local_output"]),
            "anchors": anchors.get(n["id"], []),
            "problems_open": pr["green"] + pr["yellow"] + pr["red"],
            "problems": {"green": pr["green"], "yellow": pr["yellow"], "red": pr["red"]},
            "problems_resolved": pr["resolved"],
            "projects": pj["n"], "projects_lagging": pj["yellow"] + pj["red"], "projects_red": pj["red"],
            "project_total_investment": _s(pj["total"]),
            "leads": ld["n"], "leads_live": ld["live"], "policies": pol_by_node.get(n["id"], 0),
        })
        for child in children[n["id"]]:
            place(child)

    for r in sorted(roots, key=lambda n: (STAGE_ORDER.get(n["stage"], 1), n["order"], n["id"])):
        place(r)
    tallest = max(column_y.values(), default=0)
    for n in out_nodes:  # centre each stage column vertically
        n["y"] += (tallest - column_y[STAGE_ORDER.get(n["stage"], 1)]) / 2
    return out_nodes
