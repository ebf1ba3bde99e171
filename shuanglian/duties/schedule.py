"""Reception dates from the rules (no writes): the nominal day of each month the rule covers, then
顺延 to the next working day from the working-day calendar (调休 included)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from shuanglian.lib.workdays import next_workday

from .models import Recurrence

MAX_SPAN_DAYS = 366


@dataclass(frozen=True)
class ReceptionDate:
    date: dt.date
    start: dt.time
    end: dt.time
    kind: str
    shifted_from: dt.date | None = None
    rule_id: int | None = None
    reception_id: int | None = None

    def as_json(self) -> dict:
        data = {"date": self.date.isoformat(), "start": f"{self.start:%H:%M}", "end": f"{self.end:%H:%M}",
                "kind": self.kind}
        if self.shifted_from is not None:
            data["shifted_from"] = self.shifted_from.isoformat()
        return data


def _last_day(year: int, month: int) -> int:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).day


def _months(first: dt.date, last: dt.date):
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _covers(recurrence: str, month: int) -> bool:
    if recurrence == Recurrence.ODD_MONTHS:
        return month % 2 == 1
    if recurrence == Recurrence.EVEN_MONTHS:
        return month % 2 == 0
    return True


def rule_dates(rule, start: dt.date, end: dt.date) -> list[ReceptionDate]:
    """The dates of `rule` that fall in [start, end] after 顺延. A month's day is looked at from
    one month before `start`, because 顺延 can carry the last days of a month into the next."""
    first = max(start - dt.timedelta(days=31), rule.valid_from)
    last = min(end, rule.valid_until) if rule.valid_until else end
    found = []
    for year, month in _months(first, last):
        if not _covers(rule.recurrence, month):
            continue
        nominal = dt.date(year, month, min(rule.day, _last_day(year, month)))
        if nominal < rule.valid_from or (rule.valid_until and nominal > rule.valid_until):
            continue
        actual, _provisional = next_workday(nominal)
        if start <= actual <= end:
            found.append(ReceptionDate(actual, rule.start_time, rule.end_time, rule.kind,
                                       nominal if actual != nominal else None, rule_id=rule.pk))
    return found


def reception_dates(rules, receptions, start: dt.date, end: dt.date) -> list[ReceptionDate]:
    """Every reception in [start, end]: the rules' dates, and receptions scheduled by hand (a
    scheduled day replaces the rule's date of the same kind it was made from)."""
    by_key: dict[tuple, ReceptionDate] = {}
    for rule in rules:
        for item in rule_dates(rule, start, end):
            by_key[(item.date, item.kind)] = item
    for r in receptions:
        if start <= r.date <= end:
            by_key[(r.date, r.kind)] = ReceptionDate(r.date, r.start_time, r.end_time, r.kind, r.shifted_from,
                                                     rule_id=r.rule_id, reception_id=r.pk)
    return sorted(by_key.values(), key=lambda item: (item.date, item.start, item.kind))
