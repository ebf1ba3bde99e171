"""Every clock at its boundary: calendar-day clocks moved off rest days, month clocks per 民法典
art. 202–203 (same day, else the month's last day; a rest day moves to the next working day), the
rating clock in working days — with the 2026 Spring Festival and National Day."""

import pytest

from shuanglian.suggestions import services, services_handling
from shuanglian.suggestions.models import Status

from .conftest import D

pytestmark = pytest.mark.django_db


def _assigned(make_suggestion, people, departments, today, *, submitted, assigned, complex=False):
    s = make_suggestion()
    today.set(assigned)
    s = services.suggestion_submit(suggestion=s, actor=people["deputy"], on=submitted)
    return services.suggestion_assign(suggestion=s, actor=people["staff"], lead_unit=departments["jxw"],
                                      complex=complex, on=assigned)


def test_assignment_clock_five_days_moved_off_the_weekend(make_suggestion, people, today):
    s = make_suggestion()
    # 2026-06-24 (Wed) + 5 days = 06-29 (Mon): a working day, kept.
    s = services.suggestion_submit(suggestion=s, actor=people["deputy"], on=D(2026, 6, 24))
    assert (s.status, s.assign_due, s.due_date) == (Status.SUBMITTED, D(2026, 6, 29), D(2026, 6, 29))
    # 2026-06-26 (Fri) + 5 = 07-01 (Wed); 2026-06-23 (Tue) + 5 = 06-28 (Sun) → 06-29 (Mon).
    s2 = services.suggestion_submit(suggestion=make_suggestion(), actor=people["deputy"], on=D(2026, 6, 23))
    assert s2.assign_due == D(2026, 6, 29)
    assert s.number != s2.number and s.number.startswith("2026-")


def test_answer_due_on_a_month_end_that_the_due_month_lacks(make_suggestion, people, departments, today):
    # 2026-10-31 + 3 months: January 31 2027 is a Sunday → Monday 2027-02-01.
    s = _assigned(make_suggestion, people, departments, today, submitted=D(2026, 10, 29), assigned=D(2026, 10, 31))
    assert s.answer_due == D(2027, 2, 1) and s.due_date == D(2027, 2, 1)
    # 2027 is not in the calendar package yet: the deadline is marked provisional.
    assert s.due_provisional


def test_co_opinion_due_jan_31_plus_one_month_is_feb_28_a_working_saturday(make_suggestion, people, departments,
                                                                         today):
    # 1-31 + 1 month → 2-28 (no Feb 31); in 2026 that Saturday is a 调休 working day, so it stays.
    s = _assigned(make_suggestion, people, departments, today, submitted=D(2026, 1, 28), assigned=D(2026, 1, 31))
    assert s.co_opinion_due == D(2026, 2, 28)
    assert s.answer_due == D(2026, 4, 30)
    assert s.return_due == D(2026, 2, 10)


def test_feb_29_of_a_leap_year(make_suggestion, people, departments, today):
    today.set(D(2027, 12, 1))
    s = _assigned(make_suggestion, people, departments, today, submitted=D(2027, 11, 29), assigned=D(2027, 11, 30))
    assert s.answer_due == D(2028, 2, 29)  # a Tuesday: 11-30 + 3 months, the leap day exists


def test_a_due_day_inside_the_spring_festival_moves_after_it(make_suggestion, people, departments, today):
    # 2025-11-17 + 3 months = 2026-02-17, 春节 (holiday 02-15 … 02-23) → 02-24.
    s = _assigned(make_suggestion, people, departments, today, submitted=D(2025, 11, 14), assigned=D(2025, 11, 17))
    assert s.answer_due == D(2026, 2, 24)
    assert not s.due_provisional


def test_a_due_day_on_national_day_and_the_complex_six_months(make_suggestion, people, departments, today):
    # 2026-07-01 + 3 months = 10-01 (国庆) → 10-08.
    s = _assigned(make_suggestion, people, departments, today, submitted=D(2026, 6, 30), assigned=D(2026, 7, 1))
    assert s.answer_due == D(2026, 10, 8)
    # An approved complex suggestion: 6 months; 2026-04-01 + 6 = 10-01 → 10-08 as well.
    c = _assigned(make_suggestion, people, departments, today, submitted=D(2026, 3, 30), assigned=D(2026, 4, 1),
                  complex=True)
    assert c.complex and c.answer_due == D(2026, 10, 8) and c.first_answer_due == D(2026, 10, 8)


def test_rating_clock_counts_working_days_and_rehandling_gets_two_months(make_suggestion, people, departments,
                                                                         today):
    s = _assigned(make_suggestion, people, departments, today, submitted=D(2026, 6, 1), assigned=D(2026, 6, 3))
    today.set(D(2026, 11, 30))
    s = services_handling.suggestion_answer(suggestion=s, actor=people["handler"], category="D",
                                            content="受条件限制，留作参考。", on=D(2026, 9, 21))
    # 20 working days from 09-21 cross National Day (10-01 … 10-07): 10-26.
    assert (s.status, s.rating_due, s.due_date) == (Status.ANSWERED, D(2026, 10, 26), D(2026, 10, 26))
    s = services_handling.suggestion_rate(suggestion=s, actor=people["deputy"], rating="unsatisfied",
                                          on=D(2026, 9, 30))
    # 重办: a new answer within 2 months of the rating: 11-30 (a Monday).
    assert (s.status, s.rehandle_from, s.answer_due, s.due_date) == (
        Status.REHANDLING, D(2026, 9, 30), D(2026, 11, 30), D(2026, 11, 30))
    assert s.first_answer_due == D(2026, 9, 3)  # the on-time rate still reads the first deadline


def test_clock_figures_come_from_settings(make_suggestion, people, departments, today, settings):
    settings.SHUANGLIAN_SUGGESTION_CLOCKS = {**settings.SHUANGLIAN_SUGGESTION_CLOCKS, "answer_months": 2}
    s = _assigned(make_suggestion, people, departments, today, submitted=D(2026, 6, 30), assigned=D(2026, 7, 1))
    assert s.answer_due == D(2026, 9, 1)


def test_return_window_boundary(make_suggestion, people, departments, today):
    from shuanglian.core.errors import TransitionNotAllowed

    s = _assigned(make_suggestion, people, departments, today, submitted=D(2026, 6, 30), assigned=D(2026, 7, 1))
    assert s.return_due == D(2026, 7, 13)  # 07-11 is a Saturday → Monday 07-13
    today.set(D(2026, 7, 14))
    with pytest.raises(TransitionNotAllowed, match="已逾期"):
        services_handling.suggestion_return(suggestion=s, actor=people["handler"], note="不属于本单位职责")
    today.set(D(2026, 7, 13))
    s = services_handling.suggestion_return(suggestion=s, actor=people["handler"], note="不属于本单位职责")
    # Back with staff, a new assignment clock from the return day: 07-18 (Sat) → 07-20.
    assert (s.status, s.lead_unit, s.assign_due) == (Status.RETURNED, None, D(2026, 7, 20))
    assert not s.co_units.exists()
