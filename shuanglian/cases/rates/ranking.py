"""Ranking departments (and regions, chains) by a rate (Wilson lower bound, so a unit with two cases does not top a unit
with two hundred) and the headline figures (解决重大问题N个、满意率达x%)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .. import clock
from .figures import Rate, Rates, group_labels, grouped


@dataclass
class RankRow:
    key: int
    name: str
    rates: Rates
    rate: Rate
    low: Decimal
    high: Decimal
    position: int = 0


def group_ranking(rows, by: str = "department", *, metric: str = "satisfaction", min_cases: int | None = None,
                  groups: dict | None = None) -> list[RankRow]:
    """Units (departments, regions — 区镇两级 — or chains) whose sample for `metric` has at least
    `min_cases` cases, ranked by the lower bound of the 95 % Wilson interval (then by sample size),
    so a unit with 2 cases cannot top a unit with 200. Cases of no unit (key 0) are not ranked."""
    if min_cases is None:
        min_cases = clock.limits()["ranking_min_cases"]
    groups = grouped(rows, by) if groups is None else groups
    candidates = {k: r for k, r in groups.items() if k and r.rate(metric).den >= max(1, min_cases)}
    names = group_labels(by, list(candidates))
    ranked = []
    for key, r in candidates.items():
        rate = r.rate(metric)
        low, high = rate.interval
        ranked.append(RankRow(key, names.get(key, "—"), r, rate, low, high))
    ranked.sort(key=lambda x: (-x.low, -x.rate.den, x.name))
    for i, row in enumerate(ranked, 1):
        row.position = i
    return ranked


def department_ranking(rows, *, metric: str = "satisfaction", min_cases: int | None = None,
                       groups: dict | None = None) -> list[RankRow]:
    return group_ranking(rows, "department", metric=metric, min_cases=min_cases, groups=groups)


def below_minimum(groups: dict, metric: str, min_cases: int) -> int:
    """How many units were left out of a ranking for too small a sample."""
    return sum(1 for k, r in groups.items() if k and r.rate(metric).den < max(1, min_cases))


@dataclass
class Headlines:
    closed: int
    chain_name: str
    collected: int
    collected_solved: int
    satisfaction: Rate

    @property
    def closed_text(self) -> str:
        return f"{self.chain_name}{self.closed}个难题清零"

    @property
    def collected_text(self) -> str:
        return f"收集企业诉求{self.collected}条，推动解决{self.collected_solved}个"

    @property
    def satisfaction_text(self) -> str:
        return f"满意率{self.satisfaction.display}"


def headlines(totals: Rates, *, chain=None) -> Headlines:
    """Seed-style headline figures ("35个难题清零", "收集企业诉求7条，推动解决6个", "满意率99.5%")
    computed live from the same roll-up."""
    return Headlines(
        closed=totals.counts["closed"], chain_name=chain.name if chain is not None else "",
        collected=totals.counts["collected"], collected_solved=totals.counts["collected_solved"],
        satisfaction=totals.satisfaction,
    )

