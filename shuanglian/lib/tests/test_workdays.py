"""Working days around real holidays, staff overrides and years the package does not know yet.

Facts checked against chinesecalendar 1.11 (国务院办公厅 notices for 2025 and 2026).
"""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuanglian.lib import workdays
from shuanglian.lib.workdays import (
    add_workdays,
    computed_rest_days,
    due,
    is_provisional,
    is_workday,
    statutory_holidays,
    workdays_between,
)

D = dt.date


class StaffWord:
    """This module's own source of staff overrides: lib knows nothing of core's tables."""

    def __init__(self):
        self.overrides: dict[dt.date, bool] = {}
        self.confirmed: set[int] = set()

    def __call__(self, year):
        return {d: w for d, w in self.overrides.items() if d.year == year}, year in self.confirmed

    def set(self, day, is_workday):
        self.overrides[day] = is_workday
        workdays.clear_cache()  # what core's signals do when a row changes

    def delete(self, day):
        del self.overrides[day]
        workdays.clear_cache()

    def confirm(self, year, confirmed=True):
        (self.confirmed.add if confirmed else self.confirmed.discard)(year)
        workdays.clear_cache()


@pytest.fixture(autouse=True)
def staff_word():
    # Installed for every test here (no database needed) and the app's source put back after.
    source = StaffWord()
    previous = workdays.set_override_source(source)
    yield source
    workdays.set_override_source(previous)


# --- 2025 ---------------------------------------------------------------------------------

def test_2025_spring_festival_swapped_sunday_and_saturday_are_working_days():
    assert D(2025, 1, 26).weekday() == 6 and is_workday(D(2025, 1, 26))  # 调休 Sunday
    assert D(2025, 2, 8).weekday() == 5 and is_workday(D(2025, 2, 8))  # 调休 Saturday
    for day in range(28, 32):
        assert not is_workday(D(2025, 1, day)), f"1月{day}日 是春节假期"
    for day in range(1, 5):
        assert not is_workday(D(2025, 2, day)), f"2月{day}日 是春节假期"
    assert is_workday(D(2025, 2, 5))


def test_2025_deadline_across_spring_festival():
    # Friday 24 Jan + 1 → Sunday 26 Jan (调休), + 2 → Monday 27 Jan, + 3 → Wed 5 Feb after the break.
    assert add_workdays(D(2025, 1, 24), 1) == D(2025, 1, 26)
    assert add_workdays(D(2025, 1, 24), 2) == D(2025, 1, 27)
    assert add_workdays(D(2025, 1, 24), 3) == D(2025, 2, 5)
    assert workdays_between(D(2025, 1, 24), D(2025, 2, 8)) == 6  # 26, 27, 5, 6, 7, 8


def test_2025_national_day_and_mid_autumn():
    assert is_workday(D(2025, 9, 28)) and is_workday(D(2025, 10, 11))  # Sunday and Saturday 调休
    assert not any(is_workday(D(2025, 10, d)) for d in range(1, 9))
    # Friday 26 Sep: 28 Sep (Sun) and 30 Sep are before the break; next is 9 Oct.
    assert add_workdays(D(2025, 9, 26), 1) == D(2025, 9, 28)
    assert add_workdays(D(2025, 9, 26), 3) == D(2025, 9, 30)
    assert add_workdays(D(2025, 9, 26), 4) == D(2025, 10, 9)
    assert add_workdays(D(2025, 9, 26), 6) == D(2025, 10, 11)


# --- 2026 ---------------------------------------------------------------------------------

def test_2026_spring_festival_nine_days_with_two_working_saturdays():
    assert all(not is_workday(D(2026, 2, d)) for d in range(15, 24))  # 2月15日–23日
    assert D(2026, 2, 14).weekday() == 5 and is_workday(D(2026, 2, 14))
    assert D(2026, 2, 28).weekday() == 5 and is_workday(D(2026, 2, 28))
    # Friday 13 Feb + 1 → the working Saturday; + 2 → Tuesday 24 Feb, first day after the break.
    assert add_workdays(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert add_workdays(D(2026, 2, 13), 2) == D(2026, 2, 24)
    assert due(D(2026, 2, 13), 2) == (D(2026, 2, 24), False)


def test_2026_national_day():
    assert all(not is_workday(D(2026, 10, d)) for d in range(1, 8))
    assert D(2026, 9, 20).weekday() == 6 and is_workday(D(2026, 9, 20))
    assert D(2026, 10, 10).weekday() == 5 and is_workday(D(2026, 10, 10))
    assert add_workdays(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert add_workdays(D(2026, 10, 9), 1) == D(2026, 10, 10)
    assert workdays_between(D(2026, 9, 18), D(2026, 9, 21)) == 2  # Sunday 20th and Monday 21st


def test_swapped_saturday_counts_and_ordinary_saturday_does_not():
    assert add_workdays(D(2026, 2, 27), 1) == D(2026, 2, 28)  # Fri → working Sat
    assert add_workdays(D(2026, 3, 6), 1) == D(2026, 3, 9)  # Fri → Mon over an ordinary weekend


def test_start_on_a_rest_day_is_not_counted():
    # Saturday 7 Mar 2026: one working day later is Monday 9 Mar (not Tuesday).
    assert add_workdays(D(2026, 3, 7), 1) == D(2026, 3, 9)
    # Starting inside the Spring Festival break: the first working day after it.
    assert add_workdays(D(2026, 2, 17), 1) == D(2026, 2, 24)
    assert add_workdays(D(2026, 3, 7), 0) == D(2026, 3, 7)


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_workdays(D(2026, 3, 9), -1)


def test_workdays_between_is_signed():
    assert workdays_between(D(2026, 3, 13), D(2026, 3, 9)) == -4


# --- a year the package does not know -------------------------------------------------------

def test_2027_statutory_holidays_are_computed_from_the_lunar_calendar():
    computed = statutory_holidays(2027)
    assert computed[D(2027, 1, 1)] == "元旦"
    assert [d for d, n in computed.items() if n == "春节"] == [D(2027, 2, d) for d in (5, 6, 7, 8)]
    assert computed[D(2027, 4, 5)] == "清明节"
    assert computed[D(2027, 5, 1)] == computed[D(2027, 5, 2)] == "劳动节"
    assert computed[D(2027, 6, 9)] == "端午节"
    assert computed[D(2027, 9, 15)] == "中秋节"
    assert [d for d, n in computed.items() if n == "国庆节"] == [D(2027, 10, d) for d in (1, 2, 3)]
    assert len(computed) == 13


def test_2027_weekend_holidays_are_made_up_on_the_next_working_days():
    # 放假办法 第六条: 春节 Sat 6 + Sun 7 Feb → Tue 9, Wed 10; May 1–2 (Sat, Sun) → May 3, 4;
    # 国庆 Oct 2–3 (Sat, Sun) → Oct 4, 5. 元旦, 清明, 端午, 中秋 2027 fall on weekdays.
    made_up = {d: n for d, n in computed_rest_days(2027).items() if d not in statutory_holidays(2027)}
    assert made_up == {
        D(2027, 2, 9): "春节补假", D(2027, 2, 10): "春节补假",
        D(2027, 5, 3): "劳动节补假", D(2027, 5, 4): "劳动节补假",
        D(2027, 10, 4): "国庆节补假", D(2027, 10, 5): "国庆节补假",
    }
    assert not any(is_workday(d) for d in made_up)


def test_computed_rules_match_the_package_for_known_years():
    # Under the 2024 rules (from 2025) every computed rest day, make-up days included
    # (2025 端午 Sat → Mon 2 Jun; 2026 清明 Sun → Mon 6 Apr), is a rest day in the real data.
    for year in (2025, 2026):
        computed = computed_rest_days(year)
        assert len(computed) > len(statutory_holidays(year))
        for day in computed:
            assert not is_workday(day), day
    assert computed_rest_days(2025)[D(2025, 6, 2)] == "端午节补假"
    assert computed_rest_days(2026)[D(2026, 4, 6)] == "清明节补假"


def test_2027_due_date_is_provisional():
    assert not is_workday(D(2027, 2, 8))  # 初三 (Monday)
    assert not is_workday(D(2027, 2, 10))  # make-up day
    assert is_workday(D(2027, 2, 11))
    assert due(D(2027, 2, 4), 1) == (D(2027, 2, 11), True)
    assert is_provisional(2027) and not is_provisional(2026)
    # A 2026 start whose count ends in 2027 is provisional too.
    assert due(D(2026, 12, 31), 1) == (D(2027, 1, 4), True)


def test_staff_override_moves_a_due_date_at_once(staff_word):
    assert add_workdays(D(2027, 2, 4), 1) == D(2027, 2, 11)
    staff_word.set(D(2027, 2, 11), False)  # 春节
    assert add_workdays(D(2027, 2, 4), 1) == D(2027, 2, 12)
    staff_word.set(D(2027, 2, 7), True)  # 春节调休
    assert add_workdays(D(2027, 2, 4), 1) == D(2027, 2, 7)
    staff_word.delete(D(2027, 2, 7))
    assert add_workdays(D(2027, 2, 4), 1) == D(2027, 2, 12)


def test_override_beats_package_data(staff_word):
    staff_word.set(D(2026, 2, 14), False)
    assert add_workdays(D(2026, 2, 13), 1) == D(2026, 2, 24)


def test_confirmed_year_is_no_longer_provisional(staff_word):
    assert due(D(2027, 3, 1), 5)[1] is True
    staff_word.confirm(2027)
    assert due(D(2027, 3, 1), 5) == (D(2027, 3, 8), False)
    staff_word.confirm(2027, confirmed=False)
    assert due(D(2027, 3, 1), 5)[1] is True


def test_without_a_source_nothing_is_overridden_and_unknown_years_stay_provisional(staff_word):
    staff_word.set(D(2026, 2, 14), False)
    workdays.set_override_source(None)
    assert is_workday(D(2026, 2, 14))  # the package's 调休 Saturday again
    assert is_provisional(2027) and not is_provisional(2026)


def test_installing_a_source_drops_answers_cached_from_the_old_one(staff_word):
    assert is_workday(D(2026, 3, 9))
    workdays.set_override_source(lambda year: ({D(2026, 3, 9): False}, False))
    assert not is_workday(D(2026, 3, 9))


# --- invariants ---------------------------------------------------------------------------

starts = st.dates(min_value=D(2024, 1, 1), max_value=D(2027, 12, 31))


@settings(max_examples=150, deadline=None)
@given(start=starts, n=st.integers(min_value=1, max_value=200))
def test_due_date_is_a_working_day_and_counts_back(start, n):
    end = add_workdays(start, n)
    assert end > start
    assert is_workday(end)
    assert workdays_between(start, end) == n
    # The day before the due date still has one working day to go.
    assert workdays_between(start, end - dt.timedelta(days=1)) == n - 1


@settings(max_examples=100, deadline=None)
@given(start=starts, n=st.integers(min_value=0, max_value=120), k=st.integers(min_value=1, max_value=30))
def test_more_days_never_give_an_earlier_date(start, n, k):
    assert add_workdays(start, n) < add_workdays(start, n + k)
    # Counting in two steps gives the same date as counting at once.
    assert add_workdays(add_workdays(start, n), k) == add_workdays(start, n + k)
