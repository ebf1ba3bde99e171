"""The three rates (三率) from roll-ups, not scans.

Each case contributes counts to one CaseStat row, keyed by (month of submission, region, lead
department, chain, category). `case_changed(before, after)` — called by case_transition and
case_submit inside their transaction — subtracts the case's old contribution and adds the new
one with F() updates, so concurrent writers never lose an increment. `rebuild()` recomputes the
same rows from the cases with the same `contribution` function; the two must always agree.

Definitions (each a fraction of integer counts; percentages shown with one decimal):
- response rate 响应率 = signed on time / signed
- resolution rate 解决率 = replied solved or partly solved AND confirmed at revisit (satisfied or
  basically satisfied) / rated (rated = satisfied + basically + unsatisfied; 未回复 excluded)
- satisfaction rate 满意率 = (satisfied [+ basically, if the setting says so]) / rated
- on-time rate 按时办结率 = replied on time / replied with a clock (on time + late)
- average and median working days to reply (median from the histogram columns wd_0 … wd_over)
- reopen rate 重办率 = cases reopened at least once / cases replied at least once
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from shuanglian.core.permissions import is_admin, is_department_role, reads_region

from . import clock
from .models_stats import ALL, HIST_FIELDS, REPLY_DAYS_MAX, STAT_COUNTS, CaseStat

SUM_FIELDS = STAT_COUNTS + HIST_FIELDS

STAT_FIELDS = [
    "submitted_at", "region_id", "lead_department_id", "chain_id", "category_id", "status",
    "sign_on_time", "reply_on_time", "replied_at", "reply_result", "rating", "reopen_count",
    "reply_workdays", "station_id", "collected_by_id",
]
KEY_FIELDS = ("month", "region_id", "department_key", "chain_key", "category_key")
SOLVED_RESULTS = {"solved", "partly_solved"}
CONFIRMED_RATINGS = {"satisfied", "basically_satisfied"}
Z95 = Decimal("1.96")


# --- contributions --------------------------------------------------------------------------------

def month_of(moment) -> dt.date:
    if isinstance(moment, dt.datetime):
        moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
        moment = moment.date()
    return moment.replace(day=1)


def _values(case) -> dict | None:
    if case is None or isinstance(case, dict):
        return case
    return {f: getattr(case, f) for f in STAT_FIELDS}


def grain_keys(key: tuple) -> list[tuple]:
    """The four roll-up rows a case adds to (grouping sets over chain and category)."""
    month, region, department, chain, category = key
    return [(month, region, department, c, k) for c in (chain, ALL) for k in (category, ALL)]


def contribution(case) -> tuple[tuple, dict] | None:
    """(exact key, counts) that `case` (a Case or a dict of its field values)
    adds to the roll-up; None when it counts nowhere (a merged duplicate, or not yet saved)."""
    v = _values(case)
    if v is None or v.get("status") == "merged" or v.get("submitted_at") is None:
        return None
    key = (
        month_of(v["submitted_at"]), v["region_id"], v.get("lead_department_id") or 0,
        v.get("chain_id") or 0, v["category_id"],
    )
    c = {"cases": 1}
    sign = v.get("sign_on_time")
    if sign is not None:
        c["signed"] = 1
        if sign:
            c["signed_on_time"] = 1
    reopened = (v.get("reopen_count") or 0) > 0
    if v.get("replied_at") is not None or reopened:
        c["replied"] = 1
    on_time = v.get("reply_on_time")
    if on_time is True:
        c["replied_on_time"] = 1
    elif on_time is False:
        c["replied_late"] = 1
    rating = v.get("rating") or ""
    if rating == "no_response":
        c["no_response"] = 1
    elif rating in ("satisfied", "basically_satisfied", "unsatisfied"):
        c["rated"] = 1
        c[{"satisfied": "satisfied", "basically_satisfied": "basically", "unsatisfied": "unsatisfied"}[rating]] = 1
    solved = v.get("reply_result") in SOLVED_RESULTS and rating in CONFIRMED_RATINGS
    if solved:
        c["solved_confirmed"] = 1
    if reopened:
        c["reopened"] = 1
    if v.get("status") == "closed":
        c["closed"] = 1
    if v.get("station_id") or v.get("collected_by_id"):
        c["collected"] = 1
        if solved:
            c["collected_solved"] = 1
    days = v.get("reply_workdays")
    if days is not None:
        c["reply_workdays_sum"] = days
        c[hist_field(days)] = 1
    return key, c


def hist_field(days: int) -> str:
    return f"wd_{days}" if days <= REPLY_DAYS_MAX else "wd_over"


def case_changed(before, after) -> None:
    """Move a case's contribution from its `before` state to its `after` state (either a Case,
    a dict of field values, or None for "did not exist"). Call inside the writing transaction."""
    deltas: dict[tuple, Counter] = defaultdict(Counter)
    for values, sign in ((before, -1), (after, 1)):
        part = contribution(values)
        if part is not None:
            key, counts = part
            for grain in grain_keys(key):
                for name, n in counts.items():
                    deltas[grain][name] += sign * n
    # Stable order (by key) so two transactions touching the same rows lock them alike.
    for key in sorted(deltas, key=repr):
        counts = {k: n for k, n in deltas[key].items() if n}
        if counts:
            _apply(key, counts)


def _apply(key: tuple, counts: dict) -> None:
    """Add `counts` to the row for `key` with one UPDATE … SET x = x + n; create the row first
    if it does not exist (get_or_create absorbs the race of two first writers)."""
    where = dict(zip(KEY_FIELDS, key, strict=True))
    updates = {name: F(name) + n for name, n in counts.items()}
    if not CaseStat.objects.filter(**where).update(**updates):
        stat, _ = CaseStat.objects.get_or_create(**where)
        CaseStat.objects.filter(pk=stat.pk).update(**updates)


def rebuild(*, batch_size: int = 5000, case_model=None, stat_model=None) -> int:
    """Recompute every roll-up row from the cases. Returns the number of rows written.
    (The models can be passed in so a migration can run it with its historical models.)"""
    if case_model is None:
        from .models import Case as case_model
    stat_model = stat_model or CaseStat
    totals: dict[tuple, Counter] = defaultdict(Counter)
    for values in case_model.objects.values(*STAT_FIELDS).order_by().iterator(chunk_size=batch_size):
        part = contribution(values)
        if part is not None:
            for grain in grain_keys(part[0]):
                totals[grain].update(part[1])
    with transaction.atomic():
        stat_model.objects.all().delete()
        rows = [stat_model(**dict(zip(KEY_FIELDS, key, strict=True)), **counts) for key, counts in totals.items()]
        stat_model.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def snapshot() -> dict:
    """Every non-zero roll-up count by key, for comparing incremental upkeep with a rebuild."""
    out = {}
    for row in CaseStat.objects.values(*KEY_FIELDS, *SUM_FIELDS):
        counts = {k: row[k] for k in SUM_FIELDS if row[k]}
        if counts:
            out[tuple(row[k] for k in KEY_FIELDS)] = counts
    return out


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
        from shuanglian.core.errors import BusinessError

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
        from shuanglian.core.errors import BusinessError

        raise BusinessError(error, code="bad_period") from None
    if end < start:
        from shuanglian.core.errors import BusinessError

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


def user_scope(user) -> tuple[str, object]:
    """("all", None) for admins, ("region", path) for staff and leaders (their region subtree),
    ("department", id) for department roles. Anyone else is refused."""
    if not user.is_authenticated:
        raise PermissionDenied("请先登录。")
    if is_admin(user):
        return "all", None
    if reads_region(user):
        region = getattr(user, "region", None)
        return "region", region.path if region is not None else None
    if is_department_role(user):
        return "department", user.department_id
    raise PermissionDenied("您无权查看三率统计。")


def scope_q(user) -> Q:
    kind, value = user_scope(user)
    if kind == "region":
        return Q(region__path__startswith=value) if value else Q(pk__in=[])
    if kind == "department":
        return Q(department_key=value)
    return Q()


def stat_rows(user, period: Period, *, region=None, chain=None, category=None, department=None,
              group_by: str = "department"):
    """The roll-up rows for a period and filters, within the user's scope, at the coarsest grain
    that answers the question: chain and category are ALL unless filtered or grouped by. Regions
    are resolved to ids first (a handful of rows) so the roll-up scan needs no join."""
    from shuanglian.regions.models import Region

    kind, value = user_scope(user)
    qs = CaseStat.objects.filter(month__gte=period.start, month__lte=period.end)
    if kind == "department":
        qs = qs.filter(department_key=value)
    regions = None
    if kind == "region":
        regions = Region.objects.filter(path__startswith=value) if value else Region.objects.none()
    if region is not None:
        regions = (regions if regions is not None else Region.objects.all()).filter(path__startswith=region.path)
    if regions is not None:
        qs = qs.filter(region_id__in=list(regions.values_list("pk", flat=True)))
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


def total_of(groups: dict[int, Rates]) -> Rates:
    """The totals of a grouping (every row is in exactly one group), without another scan."""
    total = Counter({k: 0 for k in SUM_FIELDS})
    for r in groups.values():
        total.update(r.counts)
    return Rates(dict(total))


def group_labels(group_by: str, keys) -> dict[int, str]:
    from shuanglian.chains.models import Chain
    from shuanglian.regions.models import Department, Region

    from .models import Category

    model = {"department": Department, "region": Region, "chain": Chain, "category": Category}[group_by]
    names = {pk: str(obj) for pk, obj in model.objects.in_bulk([k for k in keys if k]).items()}
    if 0 in keys:
        names[0] = {"department": "尚未交办", "chain": "未关联产业链"}.get(group_by, "—")
    return names


@dataclass
class RankRow:
    key: int
    name: str
    rates: Rates
    rate: Rate
    low: Decimal
    high: Decimal
    position: int = 0


def department_ranking(rows, *, metric: str = "satisfaction", min_cases: int | None = None,
                       groups: dict | None = None) -> list[RankRow]:
    """Departments whose sample for `metric` has at least `min_cases` cases, ranked by the lower
    bound of the 95 % Wilson interval (then by sample size), so a unit with 2 cases cannot top a
    unit with 200."""
    if min_cases is None:
        min_cases = clock.limits()["ranking_min_cases"]
    groups = grouped(rows, "department") if groups is None else groups
    candidates = {k: r for k, r in groups.items() if k and r.rate(metric).den >= max(1, min_cases)}
    names = group_labels("department", list(candidates))
    ranked = []
    for key, r in candidates.items():
        rate = r.rate(metric)
        low, high = rate.interval
        ranked.append(RankRow(key, names.get(key, f"部门{key}"), r, rate, low, high))
    ranked.sort(key=lambda x: (-x.low, -x.rate.den, x.name))
    for i, row in enumerate(ranked, 1):
        row.position = i
    return ranked


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
