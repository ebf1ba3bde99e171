"""The panorama (一图): the whole node tree of one chain with its figures, in a fixed, small
number of queries whatever the chain's size (aggregates per node are computed in SQL; the
tree roll-up and lights in Python over one row per node or project).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from shuanglian.core.permissions import subtree_q
from shuanglian.lib import lights
from shuanglian.regions.models import Region

from . import cache as chain_cache
from . import rules
from .models import (
    GAP_STRENGTHS,
    LEAD_STAGE_ORDER,
    NOT_STARTED_STAGES,
    STAGE_ORDER,
    ApplicationStatus,
    Chain,
    ChainMetric,
    ChainNode,
    ChainProblem,
    Enterprise,
    Lead,
    LeadStage,
    Policy,
    Project,
    ProjectInvestment,
    Scale,
    ScheduleRule,
    Stage,
    Strength,
)
from .problems import problem_light_q, problem_sources
from .selectors import schedule_rule_for

ZERO = Decimal("0")


def _s(value: Decimal | None) -> str:
    return str((value or ZERO).quantize(Decimal("0.01")))


def pct(numerator, denominator) -> str | None:
    if not denominator:
        return None
    return str((Decimal(numerator) / Decimal(denominator) * 100).quantize(Decimal("0.1")))


def project_rows(chain_filter: Q, as_of: dt.date):
    """One row per project with the investment completed in its plan year (one query)."""
    return (
        Project.objects.filter(chain_filter)
        .annotate(completed=Sum("investments__amount", filter=Q(investments__year=F("year"))))
        .values("id", "node_id", "stage", "planned_start", "year", "annual_plan", "total_investment", "completed")
    )


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def project_light_rows(chain: Chain, as_of: dt.date, rule: str) -> list[dict]:
    """The chain's projects counted by (node, light) with their sums: rules.project_light in SQL.

    One statement: each project joined to its investment completed in its plan year (summed in a
    derived table, so it is computed once per project), its light as a CASE, grouped by node and
    light. Exact on both databases: amounts are whole cents (分 of 亿元) and the schedule share
    d/D (day of year / days in year) is multiplied out, so every threshold is an integer
    comparison — no decimal division, no floating point (SQLite keeps decimals as REAL):
      gap rule:   red    ⇔ 100·D·c <  (100·d − 30·D)·p      (more than 30 points behind)
                  yellow ⇔ 100·D·c ≤  (100·d − 10·D)·p      (10 points or more)
      ratio rule: red    ⇔  10·D·c <  6·d·p                 (below 60 % of schedule)
                  yellow ⇔  10·D·c <  8·d·p                 (below 80 %)
    with c = completed, p = annual plan (> 0); a past plan year has d = D = 1, a future one none.
    A project not started (谋划/洽谈/签约): yellow from its planned month, red from 3 months after.
    Written as SQL rather than ORM expressions because the ORM repeats a subquery at every use.
    (`+i.year`: investments are found through their project, never through the year index, which
    matches a whole year's rows — SQLite's planner, without statistics, would otherwise pick it.)
    """
    qn, ops = connection.ops.quote_name, connection.ops
    year = as_of.year
    days = (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days
    day = as_of.timetuple().tm_yday
    c = "COALESCE(inv.cents, 0)"
    p = "CAST(ROUND(p.annual_plan * 100) AS BIGINT)"

    def behind(d: int, D: int, level: str) -> str:
        if rule == ScheduleRule.RATIO:
            return f"{c} * {10 * D} < {p} * {(6 if level == rules.RED else 8) * d}"
        if level == rules.RED:
            return f"{c} * {100 * D} < {p} * {100 * d - 30 * D}"
        return f"{c} * {100 * D} <= {p} * {100 * d - 10 * D}"

    def late(level: str) -> str:
        return f"(p.annual_plan > 0 AND ((p.year < {year} AND {behind(1, 1, level)}) OR (p.year = {year} AND {behind(day, days, level)})))"

    month = as_of.replace(day=1)
    stages = sorted(NOT_STARTED_STAGES)
    not_started = f"p.stage IN ({', '.join(['%s'] * len(stages))}) AND p.planned_start IS NOT NULL AND p.planned_start < %s"
    project, investment = qn(Project._meta.db_table), qn(ProjectInvestment._meta.db_table)
    sql = f"""
        SELECT t.node_id, t.light, COUNT(*), SUM(t.total_cents), SUM(t.plan_cents), SUM(t.completed_cents)
        FROM (
            SELECT p.node_id,
                   CASE WHEN {late(rules.RED)} OR ({not_started}) THEN '{rules.RED}'
                        WHEN {late(rules.YELLOW)} OR ({not_started}) THEN '{rules.YELLOW}'
                        ELSE '{rules.GREEN}' END AS light,
                   CAST(ROUND(p.total_investment * 100) AS BIGINT) AS total_cents,
                   {p} AS plan_cents, {c} AS completed_cents
            FROM {project} p
            LEFT JOIN (
                SELECT i.project_id, SUM(CAST(ROUND(i.amount * 100) AS BIGINT)) AS cents
                FROM {investment} i JOIN {project} pp ON pp.id = i.project_id AND pp.year = +i.year
                WHERE pp.chain_id = %s
                GROUP BY i.project_id
            ) inv ON inv.project_id = p.id
            WHERE p.chain_id = %s
        ) t
        GROUP BY t.node_id, t.light
    """
    red_before = ops.adapt_datefield_value(_add_months(month, -2))  # 3 months late or more
    yellow_before = ops.adapt_datefield_value(_add_months(month, 1))  # from the planned month
    params = [*stages, red_before, *stages, yellow_before, chain.pk, chain.pk]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    cents = Decimal("0.01")
    return [
        {"node_id": node_id, "light": light, "n": n, "total": Decimal(total or 0) * cents,
         "plan": Decimal(plan or 0) * cents, "completed_sum": Decimal(done or 0) * cents}
        for node_id, light, n, total, plan, done in rows
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
    """Everything but the heading and the registered sources' problems, uncached, in a fixed number of queries."""
    # the chain's region subtree as ids: "local" is then a plain IN on the enterprise row, no join
    local_regions = list(Region.objects.filter(subtree_q(chain.region, "")).values_list("id", flat=True))
    local = Q(enterprise__region_id__in=local_regions)
    anchor = Q(enterprise__is_chain_master=True) | Q(enterprise__is_sub_chain_leader=True)
    above = Q(enterprise__scale=Scale.ABOVE)
    through = Enterprise.nodes.through

    nodes = list(
        ChainNode.objects.filter(chain=chain)
        .values("id", "parent_id", "name", "stage", "order", "strength", "is_target", "description", "sub_chain_leader__name")
        .order_by("stage", "order", "id")
    )
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

    # projects and their lights
    rule = schedule_rule_for(chain.region)
    proj_by_node = defaultdict(lambda: {"n": 0, "yellow": 0, "red": 0, "total": ZERO, "plan": ZERO, "completed": ZERO})
    proj_tot = {"n": 0, "green": 0, "yellow": 0, "red": 0, "total": ZERO, "plan": ZERO, "completed": ZERO}
    for r in project_light_rows(chain, as_of, rule):
        for bucket in (proj_by_node[r["node_id"]], proj_tot):
            bucket["n"] += r["n"]
            bucket[r["light"]] = bucket.get(r["light"], 0) + r["n"]
            bucket["total"] += r["total"] or ZERO
            bucket["plan"] += r["plan"] or ZERO
            bucket["completed"] += r["completed_sum"] or ZERO

    # leads
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

    # chain-level problems (the registered sources' are added live by build_panorama)
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
    # policies
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

    metrics = [
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

    # tree roll-up, derived strength and layout
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
