"""The traffic light (红黄绿灯) of every deadline — the one definition.

A running clock has a due date and a warning date (derived by whoever owns the clock). On a day:
red once the due date has passed, yellow from the warning date, green before it, and no light
("") when no clock runs. The same rule is offered three ways — for one object in Python, as a
filter for one light, and as an annotation — all built from the same comparisons, so a list
filtered in SQL and a page computed in Python can never disagree (lib/tests/test_lights.py).

The warning date itself comes from one rule too (`warn_offset`, below): yellow for the last fifth
of the clock and at least its last day, never on the day the clock starts.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, CharField, IntegerField, Q, Value, When

RED, YELLOW, GREEN, NONE = "red", "yellow", "green", ""

#: Short labels for a cell or a badge.
LABELS = {RED: "红灯", YELLOW: "黄灯", GREEN: "绿灯", NONE: "未计时"}
#: Labels that say what the light means, for filters and legends.
LONG_LABELS = {RED: "红灯（已超期）", YELLOW: "黄灯（临近期限）", GREEN: "绿灯（正常）", NONE: "未计时"}
#: Sort order: the most urgent first.
RANK = {RED: 0, YELLOW: 1, GREEN: 2, NONE: 3}
ORDER = (RED, YELLOW, GREEN, NONE)


def deadline_light(due: dt.date | None, warn: dt.date | None, on: dt.date) -> str:
    """The light of one clock on day `on`."""
    if due is None:
        return NONE
    if on > due:
        return RED
    if warn is not None and on >= warn:
        return YELLOW
    return GREEN


def deadline_light_q(light: str, on: dt.date, *, due: str = "due_date", warn: str = "warn_date") -> Q:
    """Index-friendly condition for one light over the fields `due` and `warn` (same rule)."""
    if light == RED:
        return Q(**{f"{due}__lt": on})
    if light == YELLOW:
        return Q(**{f"{due}__gte": on, f"{warn}__lte": on})
    if light == GREEN:
        return Q(**{f"{due}__gte": on}) & (Q(**{f"{warn}__isnull": True}) | Q(**{f"{warn}__gt": on}))
    if light == NONE:
        return Q(**{f"{due}__isnull": True})
    raise ValueError(f"unknown light {light!r}")


def _case(on, due, warn, values, output_field):
    return Case(
        *(When(deadline_light_q(light, on, due=due, warn=warn), then=Value(values[light]))
          for light in (NONE, RED, YELLOW)),
        default=Value(values[GREEN]),
        output_field=output_field,
    )


def deadline_light_expression(on: dt.date, *, due: str = "due_date", warn: str = "warn_date"):
    """SQL expression giving red / yellow / green / "" (annotate a queryset with it)."""
    return _case(on, due, warn, {light: light for light in ORDER}, CharField())


def deadline_rank_expression(on: dt.date, *, due: str = "due_date", warn: str = "warn_date"):
    """SQL expression giving RANK (red first), for ordering."""
    return _case(on, due, warn, RANK, IntegerField())


# --- the warning window: one rule for every clock ------------------------------------------------
# A clock of N days (working days for a case, calendar days for an opinion's report or a ledger
# task) runs from its start (day 0, e.g. the assignment day) to its due date (day N). It is yellow
# for its last fifth, and at least on its last day: a 1–5 day clock only on the due day itself,
# a 7-day clock on its last 2 days, a 15-day clock on its last 3, a 90-day clock on its last 18.
# So a fresh clock is always green: work given minutes ago is never "due soon".
WARN_SHARE_PERCENT = 20


def warn_days(length: int) -> int:
    """How many of a clock's last days are yellow: ⌈20 % of `length`⌉, at least 1."""
    if length <= 0:
        return 0
    return max(1, -(-length * WARN_SHARE_PERCENT // 100))


def warn_offset(length: int) -> int:
    """The day (counted from the clock's start, the due date being day `length`) on which the
    light turns yellow. Day 0 is yellow only for a clock with no days at all."""
    return max(0, length - warn_days(length) + 1)


def warn_from(start: dt.date, due: dt.date) -> dt.date:
    """The warning date of a calendar-day clock (an opinion's report, a ledger task): the same
    rule as every clock (`warn_offset`) over the days from `start` to `due`."""
    span = (due - start).days
    if span <= 0:
        return due
    return start + dt.timedelta(days=warn_offset(span))
