"""Pure rules of the chain module: the pro-rata schedule light (序时进度) and the derived node
strength. No database access here; selectors feed them plain values. docs/chains.md states them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from shuanglian.lib import lights

from .models import NOT_STARTED_STAGES, ScheduleRule, Strength

# the house's light names and labels (lib.lights); a project's light is its own schedule rule below
GREEN, YELLOW, RED = lights.GREEN, lights.YELLOW, lights.RED
LIGHT_LABELS = {light: lights.LABELS[light] for light in (GREEN, YELLOW, RED)}
_LIGHT_RANK = {None: -1, GREEN: 0, YELLOW: 1, RED: 2}

# gap rule: percentage points behind the pro-rata schedule
GAP_YELLOW_POINTS = Decimal("10")
GAP_RED_POINTS = Decimal("30")
# ratio rule: completed share ÷ pro-rata share
RATIO_YELLOW = Decimal("0.8")
RATIO_RED = Decimal("0.6")
# a project not started: yellow from its planned start month, red after 3 months
NOT_STARTED_RED_MONTHS = 3


def worse(a: str | None, b: str | None) -> str | None:
    return a if _LIGHT_RANK[a] >= _LIGHT_RANK[b] else b


def elapsed_share(year: int, as_of: dt.date) -> Decimal:
    """Share of `year` elapsed on `as_of` (counting as_of itself): the pro-rata schedule."""
    if as_of.year > year:
        return Decimal(1)
    if as_of.year < year:
        return Decimal(0)
    start = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - start).days
    return Decimal((as_of - start).days + 1) / Decimal(days)


def investment_light(*, completed: Decimal, planned: Decimal, elapsed: Decimal, rule: str) -> str | None:
    """Light of a project's completed investment against the pro-rata schedule.

    gap rule: behind by < 10 points green, 10–30 points yellow, > 30 points red.
    ratio rule: completed share ≥ 80 % of schedule green, ≥ 60 % yellow, below red.
    None when nothing is planned for the year or the year has not begun.
    """
    if not planned or planned <= 0 or elapsed <= 0:
        return None
    share = Decimal(completed or 0) / Decimal(planned)
    if rule == ScheduleRule.RATIO:
        ratio = share / elapsed
        if ratio < RATIO_RED:
            return RED
        if ratio < RATIO_YELLOW:
            return YELLOW
        return GREEN
    gap = (elapsed - share) * 100
    if gap > GAP_RED_POINTS:
        return RED
    if gap >= GAP_YELLOW_POINTS:
        return YELLOW
    return GREEN


def months_between(earlier: dt.date, later: dt.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def start_light(*, stage: str, planned_start: dt.date | None, as_of: dt.date) -> str | None:
    """A project that should have started and has not: yellow from the planned month, red after 3."""
    if stage not in NOT_STARTED_STAGES or planned_start is None:
        return None
    late = months_between(planned_start, as_of)
    if late < 0:
        return None
    return RED if late >= NOT_STARTED_RED_MONTHS else YELLOW


def project_light(*, stage, planned_start, year, annual_plan, completed, as_of: dt.date, rule: str) -> str:
    """The project's light: the worse of the investment light and the start light; green if neither."""
    inv = investment_light(completed=completed or Decimal(0), planned=annual_plan, elapsed=elapsed_share(year, as_of), rule=rule)
    light = worse(inv, start_light(stage=stage, planned_start=planned_start, as_of=as_of))
    return light or GREEN


# --- derived node strength ------------------------------------------------------------------

STRONG_MIN_ABOVE_SCALE = 2
STRONG_MIN_OUTPUT = Decimal("10")  # 亿元


def derived_strength(*, local_count: int, above_scale_count: int, anchor_count: int, output: Decimal | None) -> str:
    """What the local enterprises say about a node.

    - no local enterprise serves it → 缺 (gap);
    - a local chain master or sub-chain leader, or ≥ 2 above-scale local firms with ≥ 10 亿元
      combined output → 强;
    - otherwise (local firms exist but are few or small) → 弱.
    断 (broken) is a judgement about interrupted supply that only staff set.
    """
    if local_count == 0:
        return Strength.MISSING
    if anchor_count > 0:
        return Strength.STRONG
    if above_scale_count >= STRONG_MIN_ABOVE_SCALE and (output or 0) >= STRONG_MIN_OUTPUT:
        return Strength.STRONG
    return Strength.WEAK
