"""The month clock (民法典 art. 202–203): same day of the due month, else the month's last day,
then a rest day moves to the next working day (顺延). Facts from chinesecalendar (国务院办公厅
notices for 2024–2026)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuanglian.core.models import CalendarYear
from shuanglian.lib.workdays import add_months, is_workday, next_workday

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("start, months, expected", [
    # same day of the due month, a working day
    (D(2026, 3, 10), 3, D(2026, 6, 10)),
    # Jan 31 + 1 month: February has no 31st → its last day (2025-02-28, a Friday)
    (D(2025, 1, 31), 1, D(2025, 2, 28)),
    # leap year: Jan 31 + 1 month → Feb 29 2024 (a Thursday, working day)
    (D(2024, 1, 31), 1, D(2024, 2, 29)),
    # Feb 29 + 12 months: 2025 has no Feb 29 → Feb 28 2025 (Friday)
    (D(2024, 2, 29), 12, D(2025, 2, 28)),
    # Feb 29 + 1 month: March 29 2024 is a Friday
    (D(2024, 2, 29), 1, D(2024, 3, 29)),
    # Nov 30 + 3 months → Feb 28 2026 (a 调休 Saturday: a working day, so it stays)
    (D(2025, 11, 30), 3, D(2026, 2, 28)),
    # Dec 31 + 2 months → Feb 28 2026 crosses the year end
    (D(2025, 12, 31), 2, D(2026, 2, 28)),
    # due day in the 2026 Spring Festival (Feb 16, 除夕 holiday) → Feb 24, the first working day
    (D(2025, 11, 16), 3, D(2026, 2, 24)),
    (D(2026, 1, 23), 1, D(2026, 2, 24)),
    # due day on National Day 2025 (Oct 1) → Oct 9
    (D(2025, 7, 1), 3, D(2025, 10, 9)),
    # due day on National Day 2026 (Oct 1 .. Oct 7) → Oct 8
    (D(2026, 4, 3), 6, D(2026, 10, 8)),
    # a weekend due day moves to Monday: 2025-03-01 is a Saturday → Mar 3
    (D(2024, 12, 1), 3, D(2025, 3, 3)),
    # 0 months: the start itself, moved if it is a rest day
    (D(2026, 2, 17), 0, D(2026, 2, 24)),
])
def test_add_months(start, months, expected):
    due, provisional = add_months(start, months)
    assert due == expected
    assert provisional is False


def test_rest_days_inside_the_period_do_not_lengthen_it():
    # Oct 15 → Nov 15 2025 is a Saturday → Nov 17; the National Day week before changes nothing.
    assert add_months(D(2025, 9, 15), 2)[0] == D(2025, 11, 17)


def test_unknown_year_is_provisional_until_staff_confirm_it():
    due, provisional = add_months(D(2026, 11, 20), 3)
    assert due.year == 2027 and provisional is True
    CalendarYear.objects.create(year=2027, confirmed=True)
    from shuanglian.lib import workdays

    workdays.clear_cache()
    assert add_months(D(2026, 11, 20), 3)[1] is False


def test_negative_months_refused_in_chinese():
    with pytest.raises(ValueError, match="月数"):
        add_months(D(2026, 1, 1), -1)


@given(st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 6, 30)), st.integers(min_value=0, max_value=6))
def test_due_is_a_working_day_in_the_due_month_or_just_after(start, months):
    due, _ = add_months(start, months)
    assert is_workday(due)
    index = start.year * 12 + start.month - 1 + months
    month_start = D(index // 12, index % 12 + 1, 1)
    assert due >= month_start
    # never more than the longest holiday run (Spring Festival, 9 days) past the nominal day
    assert (due - month_start).days <= 31 + 10
    assert next_workday(due)[0] == due
