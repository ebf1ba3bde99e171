"""What a month's brief says, read through each app's own selectors (no figure is computed twice):

- the headline figures and the trend from the rates roll-up, through the same calls as
  GET /api/v1/rates/?period=YYYY-MM&region=<id> (stat_rows → grouped → total_of), with the
  previous month's for the month-on-month change;
- the departments' ranking by on-time rate with the rates page's minimum sample (cases.rates.ranking);
- the longest-overdue open demands (the lights' rule, cases.selectors.light_q);
- the month's common demands (intelligence.clusters), the chains' gap nodes (the panorama's rule),
  the opinions and suggestions falling due (oversight, suggestions).
Everything is read as a leader of the region reads it (reader.RegionReader)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from shuanglian.cases import clock
from shuanglian.cases import selectors as case_selectors
from shuanglian.cases.models import OPEN_STATUSES
from shuanglian.cases.rates import figures, ranking
from shuanglian.chains.panorama import build_panorama
from shuanglian.chains.selectors import chain_list
from shuanglian.intelligence.clusters import common_demands
from shuanglian.lib import lights
from shuanglian.lib.names import enterprise_mask
from shuanglian.lib.workdays import workdays_between
from shuanglian.oversight.models import OpinionStatus
from shuanglian.oversight.selectors import opinion_list
from shuanglian.suggestions.models import Status as SuggestionStatus
from shuanglian.suggestions.selectors import suggestion_list

from .reader import RegionReader

CONFIDENTIAL_TITLE = "（涉及商业秘密）"
TREND_MONTHS = 12
RANKING_ROWS = 10
OVERDUE_ROWS = 10
COMMON_ROWS = 5
DUE_ROWS = 15
OPEN_SUGGESTIONS = [SuggestionStatus.SUBMITTED, SuggestionStatus.RETURNED, SuggestionStatus.ASSIGNED,
                    SuggestionStatus.ANSWERED, SuggestionStatus.REHANDLING]

# (label, key in the rates API's totals, unit): counts under "counts", rates as "<name>_rate"
HEADLINES = [
    ("受理诉求", "cases", "件"),
    ("办结销号", "closed", "件"),
    ("响应率", "response_rate", "%"),
    ("解决率", "resolution_rate", "%"),
    ("满意率", "satisfaction_rate", "%"),
    ("按时办结率", "on_time_rate", "%"),
]


@dataclass
class Headline:
    label: str
    key: str
    unit: str
    this: int | Decimal | None
    last: int | Decimal | None

    @property
    def this_display(self) -> str:
        return _display(self.this, self.unit)

    @property
    def last_display(self) -> str:
        return _display(self.last, self.unit)

    @property
    def change_display(self) -> str:
        """环比: counts as a difference and a percentage, rates in percentage points."""
        if self.this is None or self.last is None:
            return "—"
        diff = self.this - self.last
        if diff == 0:
            return "持平"
        sign = "+" if diff > 0 else "−"
        if self.unit == "%":
            return f"{sign}{abs(diff)}个百分点"
        if not self.last:
            return f"{sign}{abs(diff)}件"
        share = figures.percent(abs(diff), self.last)
        return f"{sign}{abs(diff)}件（{sign}{share}%）"


def _display(value, unit: str) -> str:
    return "—" if value is None else f"{value}{unit}" if unit == "%" else f"{value}{unit}"


@dataclass
class BriefContent:
    region: object
    month: dt.date
    as_of: dt.date
    headlines: list[Headline]
    trend: list[dict]
    ranking: list
    min_cases: int
    below_minimum: int
    red_total: int
    overdue: list[dict]
    common: list
    chains: list[dict]
    opinions: list
    suggestions: list
    extra: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.month.year}年{self.month.month}月"


def previous_month(month: dt.date) -> dt.date:
    return (month.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def month_totals(reader, region, month: dt.date) -> tuple[figures.Rates, dict, object]:
    """The month's totals exactly as GET /api/v1/rates/?period=YYYY-MM&region=<id> computes them
    (group_by=department): the rows, the grouping, their total."""
    period = figures.parse_period(f"{month:%Y-%m}")
    rows = figures.stat_rows(reader, period, region=region)
    groups = figures.grouped(rows, "department")
    return figures.total_of(groups), groups, rows


def _value(totals: figures.Rates, key: str):
    if key.endswith("_rate"):
        return totals.rate(key[: -len("_rate")]).percent
    return totals.counts[key]


def headlines(this: figures.Rates, last: figures.Rates) -> list[Headline]:
    return [Headline(label, key, unit, _value(this, key), _value(last, key)) for label, key, unit in HEADLINES]


def trend(reader, region, month: dt.date) -> list[dict]:
    """The twelve months up to `month`, by submission month, as on the rates page."""
    start = month
    for _ in range(TREND_MONTHS - 1):
        start = previous_month(start)
    period = figures.parse_period(f"{start:%Y-%m}..{month:%Y-%m}")
    by_month = figures.monthly(figures.stat_rows(reader, period, region=region))
    out, m = [], start
    while m <= month:
        r = by_month.get(m) or figures.Rates({k: 0 for k in figures.SUM_FIELDS})
        out.append({"month": m, "label": f"{m.month}月", "cases": r.counts["cases"], "closed": r.counts["closed"],
                    "response": r.response.percent, "resolution": r.resolution.percent,
                    "satisfaction": r.satisfaction.percent})
        m = next_month(m)
    return out


def overdue(reader, as_of: dt.date) -> tuple[int, list[dict]]:
    """Red (overdue) open demands, oldest first: title (hidden when confidential), masked
    enterprise, department, working days overdue."""
    reds = (case_selectors.case_list(reader).filter(status__in=OPEN_STATUSES)
            .filter(case_selectors.light_q(lights.RED, as_of)))
    rows = list(reds.order_by("due_date", "id")[:OVERDUE_ROWS])
    return reds.count(), [{
        "number": c.number,
        "title": CONFIDENTIAL_TITLE if c.confidential else c.title,
        "enterprise": enterprise_mask(c.enterprise_name),
        "department": c.lead_department.name if c.lead_department_id else "尚未交办",
        "due_date": c.due_date,
        "overdue_workdays": workdays_between(c.due_date, as_of),
    } for c in rows]


def chain_gaps(reader, as_of: dt.date) -> list[dict]:
    out = []
    for chain in chain_list(reader).order_by("region__path", "name"):
        pano = build_panorama(chain, as_of=as_of)
        gaps = [n["name"] for n in pano["nodes"] if n["is_gap"] and not n["is_target"]]
        out.append({"name": chain.name, "nodes": pano["totals"]["nodes"], "gaps": gaps})
    return out


def due_items(reader, until: dt.date):
    """Opinions and suggestions not finished whose current deadline falls on or before `until`
    (the end of the month after the brief's), earliest first."""
    opinions = (opinion_list(reader).exclude(status__in=[OpinionStatus.DRAFT, OpinionStatus.SATISFIED])
                .filter(due_date__isnull=False, due_date__lte=until).order_by("due_date", "id")[:DUE_ROWS])
    suggestions = (suggestion_list(reader).filter(status__in=OPEN_SUGGESTIONS, due_date__isnull=False,
                                                  due_date__lte=until)
                   .order_by("due_date", "id")[:DUE_ROWS])
    return list(opinions), list(suggestions)


def brief_content(region, month: dt.date, *, as_of: dt.date | None = None) -> BriefContent:
    month = month.replace(day=1)
    as_of = as_of or clock.today()
    reader = RegionReader(region)
    this, groups, rows = month_totals(reader, region, month)
    last, _, _ = month_totals(reader, region, previous_month(month))
    min_cases = clock.limits()["ranking_min_cases"]
    ranked = ranking.department_ranking(rows, metric="on_time", min_cases=min_cases, groups=groups)
    red_total, red_rows = overdue(reader, as_of)
    opinions, suggestions = due_items(reader, next_month(next_month(month)) - dt.timedelta(days=1))
    return BriefContent(
        region=region, month=month, as_of=as_of,
        headlines=headlines(this, last), trend=trend(reader, region, month),
        ranking=ranked[:RANKING_ROWS], min_cases=min_cases,
        below_minimum=ranking.below_minimum(groups, "on_time", min_cases),
        red_total=red_total, overdue=red_rows,
        common=common_demands(reader, region=region, month=month)[:COMMON_ROWS],
        chains=chain_gaps(reader, as_of), opinions=opinions, suggestions=suggestions,
    )
