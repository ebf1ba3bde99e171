"""Issue 12 item 1: a fresh assignment is green. The warning window grows with the clock (the
house rule, lib.lights.warn_offset, counted in working days): the last working day of a short
clock, the last fifth of a long one — and the 黄灯提醒 sweep leaves work given minutes ago alone."""

import pytest

from shuanglian.cases import clock, services
from shuanglian.cases.models import Case, Notice
from shuanglian.cases.selectors import with_light
from shuanglian.cases.supervision.sweep import supervision_sweep
from shuanglian.lib.workdays import add_workdays, workdays_between


def test_a_case_assigned_today_is_green_and_earns_no_reminder(make_case, walk, day, django_capture_on_commit_callbacks):
    case = walk(make_case(), "assigned")  # the 1-working-day sign clock
    assert clock.light_of(case) == "green"
    assert with_light(Case.objects.filter(pk=case.pk), day()).get().light == "green"
    with django_capture_on_commit_callbacks(execute=True):
        supervision_sweep(on=day())
    assert not Notice.objects.filter(case=case).exists()
    # on the sign day itself it is yellow, and the reminder comes then
    day.advance(1)
    assert clock.light_of(case) == "yellow"
    with django_capture_on_commit_callbacks(execute=True):
        supervision_sweep(on=day())
    assert Notice.objects.filter(case=case, level="yellow").count() == 1


@pytest.mark.parametrize(("workdays", "yellow_days"), [(2, 1), (5, 1), (7, 2), (15, 3), (25, 5)])
def test_the_reply_clock_is_yellow_only_in_its_last_fifth(make_case, walk, day, personas, departments, workdays, yellow_days):
    case = walk(make_case(), "accepted")
    case = services.case_assign(case=case, department=departments["jxw"], due_workdays=workdays, actor=personas["staff"])
    case = services.case_sign(case=case, actor=personas["handler"])
    assert clock.light_of(case) == "green"
    assert case.due_date == add_workdays(day(), workdays)
    assert workdays_between(case.warn_date, case.due_date) + 1 == yellow_days
    day.set(add_workdays(case.warn_date, 0))
    assert clock.light_of(case) == "yellow"
