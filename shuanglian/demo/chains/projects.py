"""北碚's projects at seed 002's scale: 198 projects, total 1 782.05 亿元, 305.37 亿元 planned for the
current year (the plan year is the current year so the pro-rata lights mean something today), with
the investment completed month by month recorded through the chain service."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from shuanglian.chains import services
from shuanglian.chains.models import ProjectKind, ProjectStage, Scale
from shuanglian.chains.rules import elapsed_share
from shuanglian.demo.foundation import department

PROJECT_COUNT = 198
PROJECT_TOTAL = Decimal("1782.05")
PROJECT_ANNUAL = Decimal("305.37")


def split_exact(total: Decimal, weights: list[float]) -> list[Decimal]:
    """Split `total` (2 decimals) in proportion to weights so the parts add up exactly."""
    cents = int(total * 100)
    s = sum(weights)
    raw = [w / s * cents for w in weights]
    parts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: cents - sum(parts)]:
        parts[i] += 1
    return [Decimal(p) / 100 for p in parts]


def build(rng, chain, nodes, enterprises, today):
    year = today.year
    weights = [rng.paretovariate(1.3) for _ in range(PROJECT_COUNT)]
    totals = split_exact(PROJECT_TOTAL, weights)
    # the annual plan: about 17 % of each total, adjusted by cents so the sum is exact
    plans = split_exact(PROJECT_ANNUAL, [float(t) * rng.uniform(0.6, 1.4) for t in totals])
    plans = [min(p, t) for p, t in zip(plans, totals, strict=True)]
    short = PROJECT_ANNUAL - sum(plans)
    i = 0
    while short > 0:
        room = totals[i] - plans[i]
        add = min(room, short)
        plans[i] += add
        short -= add
        i += 1
    owners = [e for e in enterprises if e.scale == Scale.ABOVE]
    infra = ["园区道路", "标准厂房", "供电扩容", "天然气管网", "污水处理厂", "物流园", "人才公寓", "产业工人子女学校"]
    months_done = today.month - 1  # investment reported to the end of last month
    for k, (total, plan) in enumerate(zip(totals, plans, strict=True), start=1):
        roll = rng.random()
        kind = ProjectKind.INDUSTRIAL if roll < 0.72 else (ProjectKind.INFRASTRUCTURE if roll < 0.9 else ProjectKind.LIVELIHOOD)
        owner = rng.choice(owners) if kind == ProjectKind.INDUSTRIAL else None
        node = owner.nodes.first() if owner else None
        if kind == ProjectKind.INDUSTRIAL:
            name = f"{owner.name.replace('有限公司', '').replace('股份', '').replace('重庆', '')}{rng.choice(['扩能', '技改', '新建生产线', '智能工厂', '研发中心'])}项目（{k:03d}）"
        else:
            name = f"{rng.choice(['蔡家', '童家溪', '水土', '歇马', '科学城北碚园区'])}{rng.choice(infra)}项目（{k:03d}）"
        stage_roll = rng.random()
        if stage_roll < 0.08:
            stage = rng.choice([ProjectStage.PLANNING, ProjectStage.TALKS, ProjectStage.SIGNED])
            planned_start = dt.date(year, max(1, today.month - rng.choice([0, 1, 2, 4, 6])), 1)
        else:
            stage = rng.choice([ProjectStage.STARTED, ProjectStage.BUILDING, ProjectStage.BUILDING, ProjectStage.BUILDING,
                                ProjectStage.PRODUCING, ProjectStage.FULL])
            planned_start = dt.date(year - rng.choice([0, 1, 1, 2]), rng.randint(1, 12), 1)
            if planned_start > today:
                planned_start = dt.date(year, 1, 1)
        project = services.project_save(actor=None, chain=chain, values={
            "name": name, "kind": kind, "owner": owner, "owner_name": "" if owner else "区属国有平台公司",
            "node": node, "total_investment": total, "year": year, "annual_plan": plan, "stage": stage,
            "planned_start": planned_start, "responsible_department": department(
                "区经济信息委" if kind == ProjectKind.INDUSTRIAL else rng.choice(["区发改委", "区住房城乡建委", "区交通运输委"])),
        })
        if stage in (ProjectStage.PLANNING, ProjectStage.TALKS, ProjectStage.SIGNED) or not months_done:
            continue
        # completed so far = plan × elapsed share × pace: most on schedule, some behind (yellow/red)
        pace = rng.choice([1.1, 1.05, 1.0, 1.0, 0.98, 0.95, 0.93, 0.9, 0.85, 0.8, 0.75, 0.6, 0.5])
        done = (plan * elapsed_share(year, today) * Decimal(str(pace))).quantize(Decimal("0.01"))
        monthly = split_exact(done, [1.0] * months_done) if done > 0 else []
        for m, amount in enumerate(monthly):
            services.project_record_investment(actor=None, project=project, month=dt.date(year, m + 1, 1), amount=amount)
