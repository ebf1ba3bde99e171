"""The panorama's project figures: each project's light under the region's pro-rata rule
(rules.project_light), counted in SQL by node and light."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import connection
from django.db.models import F, Q, Sum

from .. import rules
from ..models import (
    NOT_STARTED_STAGES,
    Chain,
    Project,
    ProjectInvestment,
    ScheduleRule,
)
from .figures import ZERO


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


def project_figures(chain: Chain, as_of: dt.date, rule: str) -> tuple[dict, dict]:
    """(per node, whole chain): count, lights, total investment, annual plan, completed."""
    by_node = defaultdict(lambda: {"n": 0, "yellow": 0, "red": 0, "total": ZERO, "plan": ZERO, "completed": ZERO})
    total = {"n": 0, "green": 0, "yellow": 0, "red": 0, "total": ZERO, "plan": ZERO, "completed": ZERO}
    for r in project_light_rows(chain, as_of, rule):
        for bucket in (by_node[r["node_id"]], total):
            bucket["n"] += r["n"]
            bucket[r["light"]] = bucket.get(r["light"], 0) + r["n"]
            bucket["total"] += r["total"] or ZERO
            bucket["plan"] += r["plan"] or ZERO
            bucket["completed"] += r["completed_sum"] or ZERO
    return by_node, total
