"""The three rates read from the roll-up (see rollup.py for the definitions): exact fractions
with Wilson intervals, periods, scope, groupings, department ranking and the headline figures."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum

from shuanglian.chains.models import Chain
from shuanglian.chains.selectors import chain_list
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import (
    is_admin,
    is_department_role,
    reads_region,
    region_subtree_q,
    subtree_q,
)
from shuanglian.regions.models import Department, Region

from .. import clock
from ..models import Category
from ..models_stats import ALL, HIST_FIELDS, REPLY_DAYS_MAX, STAT_COUNTS, CaseStat
from .rollup import SUM_FIELDS

Z95 = Decimal("1.96")


# --- fractions and intervals -------------------------------------------------------------------------

ONE_DECIMAL = Decimal("0.1")


def percent(num: int, den: int) -> Decimal | None:
    """num/den as a percentage rounded half-up to one decimal (exact: integer inputs)."""
    if not den:
        return None
    with localcontext() as ctx:
        ctx.prec = 40
        return (Decimal(num) * 100 / Decimal(den)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def wilson(k: int, n: int, z: Decimal = Z95) -> tuple[Decimal, Decimal] | None:
    """95 % Wilson score interval for k successes in n trials, as fractions in [0, 1]."""
    if not n:
        return None
    with localcontext() as ctx:
        ctx.prec = 40
        n_ = Decimal(n)
        p = Decimal(k) / n_
        z2 = z * z
        denom = 1 + z2 / n_
        centre = (p + z2 / (2 * n_)) / denom
        half = z * (p * (1 - p) / n_ + z2 / (4 * n_ * n_)).sqrt() / denom
        return max(Decimal(0), centre - half), min(Decimal(1), centre + half)


@dataclass(frozen=True)
class Rate:
    num: int
    den: int

    @property
    def percent(self) -> Decimal | None:
        return percent(self.num, self.den)

    @property
    def display(self) -> str:
        p = self.percent
        return "—" if p is None else f"{p}%"

    @property
    def interval(self) -> tuple[Decimal, Decimal] | None:
        return wilson(self.num, self.den)

    @property
    def interval_display(self) -> str:
        iv = self.interval
        if iv is None:
            return "—"
        lo, hi = (x * 100 for x in iv)
        return f"{lo.quantize(ONE_DECIMAL, ROUND_HALF_UP)}%–{hi.quantize(ONE_DECIMAL, ROUND_HALF_UP)}%"

    def as_dict(self) -> dict:
        iv = self.interval
        return {
            "numerator": self.num, "denominator": self.den,
            "percent": None if self.percent is None else str(self.percent),
            "wilson_low": None if iv is None else str((iv[0] * 100).quantize(ONE_DECIMAL, ROUND_HALF_UP)),
            "wilson_high": None if iv is None else str((iv[1] * 100).quantize(ONE_DECIMAL, ROUND_HALF_UP)),
        }


def median_of(histogram: dict[int, int]) -> Decimal | None:
    """Median of a {value: count} histogram (mean of the two middle values when the count is even)."""
    total = sum(n for n in histogram.values() if n > 0)
    if total <= 0:
        return None
    lo_rank, hi_rank = (total + 1) // 2, total // 2 + 1
    seen, lo_val, hi_val = 0, None, None
    for value in sorted(histogram):
        n = histogram[value]
        if n <= 0:
            continue
        seen += n
        if lo_val is None and seen >= lo_rank:
            lo_val = value
        if seen >= hi_rank:
            hi_val = value
            break
    return (Decimal(lo_val) + Decimal(hi_val)) / 2


@dataclass
class Rates:
    counts: dict

    @property
    def histogram(self) -> dict[int, int]:
        """{working days: replies}; replies after more than 30 working days count as 31."""
        return {REPLY_DAYS_MAX + 1 if f == "wd_over" else int(f[3:]): self.counts.get(f, 0) for f in HIST_FIELDS}

    def __getattr__(self, name):
        counts = self.__dict__.get("counts", {})
        if name in counts:
            return counts[name]
        raise AttributeError(name)

    @property
    def response(self) -> Rate:
        return Rate(self.counts["signed_on_time"], self.counts["signed"])

    @property
    def resolution(self) -> Rate:
        return Rate(self.counts["solved_confirmed"], self.counts["rated"])

    @property
    def satisfaction(self) -> Rate:
        good = self.counts["satisfied"]
        if clock.limits()["basically_counts_as_satisfied"]:
            good += self.counts["basically"]
        return Rate(good, self.counts["rated"])

    @property
    def on_time(self) -> Rate:
        return Rate(self.counts["replied_on_time"], self.counts["replied_on_time"] + self.counts["replied_late"])

    @property
    def reopen(self) -> Rate:
        return Rate(self.counts["reopened"], self.counts["replied"])

    @property
    def timed_replies(self) -> int:
        return sum(n for n in self.histogram.values() if n > 0)

    @property
    def average_workdays(self) -> Decimal | None:
        n = self.timed_replies
        if not n:
            return None
        return (Decimal(self.counts["reply_workdays_sum"]) / n).quantize(ONE_DECIMAL, ROUND_HALF_UP)

    @property
    def median_workdays(self) -> Decimal | None:
        m = median_of(self.histogram)
        return None if m is None else m.quantize(ONE_DECIMAL, ROUND_HALF_UP)

    @property
    def median_display(self) -> str:
        m = self.median_workdays
        return "—" if m is None else (f"{REPLY_DAYS_MAX}以上" if m > REPLY_DAYS_MAX else str(m))

    def rate(self, metric: str) -> Rate:
        return getattr(self, METRICS[metric][1])

    def as_dict(self) -> dict:
        return {
            "counts": {k: self.counts[k] for k in STAT_COUNTS},
            "reply_workdays_histogram": {("over_30" if k > REPLY_DAYS_MAX else str(k)): n
                                         for k, n in self.histogram.items() if n},
            "response_rate": self.response.as_dict(),
            "resolution_rate": self.resolution.as_dict(),
            "satisfaction_rate": self.satisfaction.as_dict(),
            "on_time_rate": self.on_time.as_dict(),
            "reopen_rate": self.reopen.as_dict(),
            "average_workdays": None if self.average_workdays is None else str(self.average_workdays),
            "median_workdays": None if self.median_workdays is None else str(self.median_workdays),
        }


METRICS = {
    # name: (Chinese label, Rates attribute)
    "satisfaction": ("满意率", "satisfaction"),
    "resolution": ("解决率", "resolution"),
    "response": ("响应率", "response"),
    "on_time": ("按时办结率", "on_time"),
}


# --- periods ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    start: dt.date  # first month (its first day)
    end: dt.date  # last month (its first day), inclusive
    label: str
    value: str


_PERIOD_RE = re.compile(
    r"^(?:(?P<y>\d{4})|(?P<qy>\d{4})-Q(?P<q>[1-4])|(?P<my>\d{4})-(?P<m>\d{2})"
    r"|(?P<ry1>\d{4})-(?P<rm1>\d{2})\.\.(?P<ry2>\d{4})-(?P<rm2>\d{2}))$"
)


def parse_period(value: str | None, *, today: dt.date | None = None) -> Period:
    """'2025' (year), '2025-Q2' (quarter), '2025-03' (month) or '2025-01..2025-06' (a range of
    months). Empty → the current year."""
    value = (value or "").strip().upper()
    if not value:
        value = str((today or clock.today()).year)
    m = _PERIOD_RE.match(value)
    error = "统计期间格式不正确：请使用 2025、2025-Q2、2025-03 或 2025-01..2025-06。"
    if not m:

        raise BusinessError(error, code="bad_period")
    try:
        if m["y"]:
            y = int(m["y"])
            return Period(dt.date(y, 1, 1), dt.date(y, 12, 1), f"{y}年", value)
        if m["qy"]:
            y, q = int(m["qy"]), int(m["q"])
            return Period(dt.date(y, 3 * q - 2, 1), dt.date(y, 3 * q, 1), f"{y}年第{q}季度", value)
        if m["my"]:
            y, mo = int(m["my"]), int(m["m"])
            return Period(dt.date(y, mo, 1), dt.date(y, mo, 1), f"{y}年{mo}月", value)
        start = dt.date(int(m["ry1"]), int(m["rm1"]), 1)
        end = dt.date(int(m["ry2"]), int(m["rm2"]), 1)
    except ValueError:

        raise BusinessError(error, code="bad_period") from None
    if end < start:

        raise BusinessError("统计期间的结束月份不能早于开始月份。", code="bad_period")
    return Period(start, end, f"{start.year}年{start.month}月至{end.year}年{end.month}月", value)


def period_choices(today: dt.date | None = None) -> list[tuple[str, str]]:
    """Years, quarters and months offered in the filter (this year and the last)."""
    today = today or clock.today()
    out = []
    for y in (today.year, today.year - 1):
        out.append((str(y), f"{y}年"))
        out += [(f"{y}-Q{q}", f"{y}年第{q}季度") for q in range(4, 0, -1) if dt.date(y, 3 * q - 2, 1) <= today]
        out += [(f"{y}-{m:02d}", f"{y}年{m}月") for m in range(12, 0, -1) if dt.date(y, m, 1) <= today]
    return out


# --- queries (read only the roll-up) ------------------------------------------------------------------

GROUPS = {
    # group_by: roll-up column
    "department": "department_key",
    "region": "region_id",
    "chain": "chain_key",
    "category": "category_key",
}


def _department_only(user) -> bool:
    """Handlers and department leaders read their department's figures; staff, leaders and
    admins their region subtree. Anyone else is refused."""
    if not user.is_authenticated:
        raise PermissionDenied("请先登录。")
    if reads_region(user):
        return False
    if is_department_role(user):
        return True
    raise PermissionDenied("您无权查看三率统计。")


def scope_q(user) -> Q:
    """Q over CaseStat rows the user may read (refuses readers without a scope)."""
    if _department_only(user):
        return Q(department_key=user.department_id)
    return region_subtree_q(user, "region")


def region_choices(user):
    """Regions the user may filter by: their subtree (a department's: its region's subtree)."""
    if _department_only(user):
        return Region.objects.filter(subtree_q(user.department.region, "")).order_by("path")
    return Region.objects.filter(region_subtree_q(user, "")).order_by("path")


def chain_choices(user):
    """Chains the user may filter by: the chains they read (chains.selectors, the one rule)."""
    _department_only(user)
    return chain_list(user).order_by("name")


def stat_rows(user, period: Period, *, region=None, chain=None, category=None, department=None,
              group_by: str = "department"):
    """The roll-up rows for a period and filters, within the user's scope, at the coarsest grain
    that answers the question: chain and category are ALL unless filtered or grouped by. Regions
    are resolved to ids first (a handful of rows) so the roll-up scan needs no join."""
    qs = CaseStat.objects.filter(month__gte=period.start, month__lte=period.end)
    regions = None
    if _department_only(user):
        qs = qs.filter(department_key=user.department_id)
    elif not is_admin(user):
        regions = Region.objects.filter(region_subtree_q(user, ""))
    if region is not None:
        regions = (regions if regions is not None else Region.objects.all()).filter(subtree_q(region, ""))
    if regions is not None:
        qs = qs.filter(region_id__in=list(regions.values_list("pk", flat=True)))
    return _grain(qs, chain=chain, category=category, department=department, group_by=group_by)


def region_rows(period: Period, region):
    """The roll-up rows of `region`'s subtree for a period, all chains and categories — what staff
    of that region read with no filter. For readers with no user (a kiosk screen); the same
    grain as `stat_rows`, so the figures are the rates page's."""
    qs = CaseStat.objects.filter(month__gte=period.start, month__lte=period.end)
    qs = qs.filter(region_id__in=list(Region.objects.filter(subtree_q(region, "")).values_list("pk", flat=True)))
    return _grain(qs, chain=None, category=None, department=None, group_by="department")


def _grain(qs, *, chain, category, department, group_by):
    if chain is not None:
        qs = qs.filter(chain_key=chain.pk)
    elif group_by == "chain":
        qs = qs.exclude(chain_key=ALL)
    else:
        qs = qs.filter(chain_key=ALL)
    if category is not None:
        qs = qs.filter(category_key=category.pk)
    elif group_by == "category":
        qs = qs.exclude(category_key=ALL)
    else:
        qs = qs.filter(category_key=ALL)
    if department is not None:
        qs = qs.filter(department_key=department.pk)
    return qs


def _sums():
    return {name: Sum(name) for name in SUM_FIELDS}


def summarize(rows) -> Rates:
    agg = rows.aggregate(**_sums())
    return Rates({k: agg[k] or 0 for k in SUM_FIELDS})


def grouped(rows, group_by: str) -> dict[int, Rates]:
    """One scan of the roll-up, summed per group; groups whose counts are all zero are left out."""
    col = GROUPS[group_by]
    out: dict[int, Rates] = {}
    for row in rows.values(col).annotate(**_sums()).order_by(col):
        counts = {k: row[k] or 0 for k in SUM_FIELDS}
        if any(counts.values()):  # rows emptied by cases moving elsewhere are not a group
            out[row[col]] = Rates(counts)
    return out


def monthly(rows) -> dict[dt.date, Rates]:
    """One scan of the roll-up, summed per month (the trend of a period)."""
    out: dict[dt.date, Rates] = {}
    for row in rows.values("month").annotate(**_sums()).order_by("month"):
        out[row["month"]] = Rates({k: row[k] or 0 for k in SUM_FIELDS})
    return out


def total_of(groups: dict[int, Rates]) -> Rates:
    """The totals of a grouping (every row is in exactly one group), without another scan."""
    total = Counter({k: 0 for k in SUM_FIELDS})
    for r in groups.values():
        total.update(r.counts)
    return Rates(dict(total))


def group_labels(group_by: str, keys) -> dict[int, str]:
    model = {"department": Department, "region": Region, "chain": Chain, "category": Category}[group_by]
    names = {pk: str(obj) for pk, obj in model.objects.in_bulk([k for k in keys if k]).items()}
    if 0 in keys:
        names[0] = {"department": "尚未交办", "chain": "未关联产业链"}.get(group_by, "—")
    return names
