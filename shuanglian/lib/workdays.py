"""Working days in mainland China.

Rules (the start day is not counted, 民法典 art. 201):
- a day staff entered in the override table (CalendarOverride) is what staff said;
- else, for years the `chinesecalendar` package knows, what it says (holidays and 调休);
- else weekends are rest days and the statutory holidays of the 全国年节及纪念日放假办法
  (2024 revision) are computed from the lunar calendar and solar terms: 元旦 1 day, 春节 除夕–初三,
  清明 1, 劳动节 May 1–2, 端午 1, 中秋 1, 国庆 Oct 1–3, each holiday that falls on a weekend
  made up on the next working day (art. 6). Such a year is *provisional* until
  staff mark it confirmed (CalendarYear), because the State Council adds bridge days and 调休
  each December.

Note: chinesecalendar.find_workday is off by one when the start is a rest day, so counting is
done here. Results are cached per process for a minute and dropped when an override changes in
this process (signals in shuanglian.core); other processes pick the change up within a minute.

This module imports nothing of the project: the staff overrides come in through
`set_override_source(fn)`, which core installs at start (CoreConfig.ready) with a reader of its
CalendarOverride/CalendarYear tables. Without a source there are no overrides and no year is
confirmed; tests install their own.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from functools import lru_cache

import chinese_calendar

ONE_DAY = dt.timedelta(days=1)
CACHE_SECONDS = 60
_KNOWN_YEARS = {d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays}
PACKAGE_FIRST_YEAR, PACKAGE_LAST_YEAR = min(_KNOWN_YEARS), max(_KNOWN_YEARS)

_lock = threading.Lock()
_cache: dict[int, tuple[float, dict[dt.date, bool], bool]] = {}

# year → ({date: is_workday} entered by staff, whether staff confirmed the year's calendar)
OverrideSource = Callable[[int], tuple[dict[dt.date, bool], bool]]


def _no_overrides(year: int) -> tuple[dict[dt.date, bool], bool]:
    return {}, False


_override_source: OverrideSource = _no_overrides


def set_override_source(source: OverrideSource | None) -> OverrideSource:
    """Install where staff overrides come from (None: no overrides); returns the previous
    source so a test can put it back. Clears the cache: the answers may change."""
    global _override_source
    previous = _override_source
    _override_source = source or _no_overrides
    clear_cache()
    return previous


def _statutory_list(year: int) -> list[tuple[dt.date, str]]:
    from lunar_python import Lunar, Solar

    days: list[tuple[dt.date, str]] = [(dt.date(year, 1, 1), "元旦")]
    first = Lunar.fromYmd(year, 1, 1).getSolar()
    new_year = dt.date(first.getYear(), first.getMonth(), first.getDay())
    days += [(new_year + dt.timedelta(days=offset), "春节") for offset in range(-1, 3)]  # 除夕 to 初三
    qingming = Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()["清明"]
    days.append((dt.date(year, qingming.getMonth(), qingming.getDay()), "清明节"))
    days += [(dt.date(year, 5, 1), "劳动节"), (dt.date(year, 5, 2), "劳动节")]
    for month, day, name in ((5, 5, "端午节"), (8, 15, "中秋节")):
        s = Lunar.fromYmd(year, month, day).getSolar()
        days.append((dt.date(s.getYear(), s.getMonth(), s.getDay()), name))
    days += [(dt.date(year, 10, day), "国庆节") for day in (1, 2, 3)]
    return days


@lru_cache(maxsize=256)
def statutory_holidays(year: int) -> dict[dt.date, str]:
    """The law's holidays for `year` (without make-up days, bridge days or 调休)."""
    return dict(_statutory_list(year))


@lru_cache(maxsize=256)
def computed_rest_days(year: int) -> dict[dt.date, str]:
    """Statutory holidays plus the make-up days the law gives (放假办法 第六条: a holiday that falls
    on a Saturday or Sunday, or on another holiday, is made up on the next working day after it).
    This is the provisional calendar of a year the package does not know."""
    entries = _statutory_list(year)
    days = dict(statutory_holidays(year))
    seen: set[dt.date] = set()
    groups: dict[str, list[dt.date]] = {}
    for day, name in entries:
        groups.setdefault(name, []).append(day)
    owed_by_group = {}
    for day, name in entries:
        owed = day.weekday() >= 5 or day in seen
        seen.add(day)
        owed_by_group[name] = owed_by_group.get(name, 0) + int(owed)
    for name, group in sorted(groups.items(), key=lambda item: min(item[1])):
        owed, day = owed_by_group[name], max(group)
        while owed:
            day += ONE_DAY
            if day.weekday() < 5 and day not in days:
                days[day] = f"{name}补假"
                owed -= 1
    return days


def _load_year(year: int) -> tuple[dict[dt.date, bool], bool]:
    """Overrides for the year ({date: is_workday}) and whether the year is provisional."""
    overrides, confirmed = _override_source(year)
    provisional = not confirmed and not (PACKAGE_FIRST_YEAR <= year <= PACKAGE_LAST_YEAR)
    return overrides, provisional


def _year(year: int) -> tuple[dict[dt.date, bool], bool]:
    now = time.monotonic()
    hit = _cache.get(year)
    if hit and now - hit[0] < CACHE_SECONDS:
        return hit[1], hit[2]
    overrides, provisional = _load_year(year)
    with _lock:
        _cache[year] = (now, overrides, provisional)
    return overrides, provisional


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def is_workday(day: dt.date) -> bool:
    overrides, _ = _year(day.year)
    if day in overrides:
        return overrides[day]
    if PACKAGE_FIRST_YEAR <= day.year <= PACKAGE_LAST_YEAR:
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5 and day not in computed_rest_days(day.year)


def is_provisional(year: int) -> bool:
    return _year(year)[1]


def add_workdays(start: dt.date, n: int) -> dt.date:
    """The date `n` working days after `start` (start itself not counted). n=0 gives start."""
    if n < 0:
        raise ValueError("工作日天数不能为负数")
    day, counted = start, 0
    while counted < n:
        day += ONE_DAY
        if is_workday(day):
            counted += 1
    return day


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]: how many working days have passed since `start` by `end`.
    Negative when end is before start."""
    if end < start:
        return -workdays_between(end, start)
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        if is_workday(day):
            count += 1
    return count


def due(start: dt.date, n: int) -> tuple[dt.date, bool]:
    """(due date, provisional): provisional if any year the count crosses is not yet confirmed."""
    end = add_workdays(start, n)
    provisional = any(is_provisional(y) for y in range(start.year, end.year + 1))
    return end, provisional


def next_workday(day: dt.date) -> tuple[dt.date, bool]:
    """(`day`, or the first working day after it when it is a rest day — 顺延; provisional)."""
    start = day
    while not is_workday(day):
        day += ONE_DAY
    return day, any(is_provisional(y) for y in range(start.year, day.year + 1))


def months_later(start: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier, when negative), the month's last day when it has
    no such day — a plain calendar shift, rest days not considered."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - ONE_DAY).day
    return dt.date(year, month, min(start.day, last))


def add_months(start: dt.date, months: int) -> tuple[dt.date, bool]:
    """A month clock (民法典 art. 202–203): the same day of the month `months` later, the last day
    of that month when it has no such day; a due day on a rest day moves to the next working day.
    Returns (due, provisional)."""
    if months < 0:
        raise ValueError("月数不能为负数")
    return next_workday(months_later(start, months))
