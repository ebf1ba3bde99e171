"""The two rules an award follows, shared by the incremental award (services.py) and the rebuild
(rebuild.py) so that both pay the same:

- placement: an event counts in the quarter it occurred in; when that quarter is published (亮分)
  for the deputy's region (or a region above it), in the next open quarter;
- cap: a rule pays at most `cap` per deputy and cap period (the quarter, or the year, of the
  quarter it counts in); a negative rule (扣分) deducts at most `cap`. The entry keeps what the
  rule would have paid without the cap.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .periods import next_quarter, quarter_of, year_quarters

ZERO = Decimal("0")


def place(occurred_on: dt.date, frozen: set[str]) -> str:
    period = quarter_of(occurred_on)
    while period in frozen:
        period = next_quarter(period)
    return period


def cap_periods(rule_period: str, period: str) -> list[str]:
    return year_quarters(int(period[:4])) if rule_period == "year" else [period]


def granted(points: Decimal, cap: Decimal | None, used: Decimal) -> Decimal:
    """What an award pays given what the rule already paid the deputy in the cap period."""
    if cap is None:
        return points
    if points >= 0:
        return max(ZERO, min(points, cap - used))
    return min(ZERO, max(points, -cap - used))
