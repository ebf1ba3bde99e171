"""Issue 12 item 5: the enterprise's tracking page tells it the one deadline it waits for in plain
words — "承办部门应于 12月10日前答复" — from the moment of assignment, through signing and after a
重办, also on a merged case's own code; never the sign or revisit clock as "办理期限"."""

import pytest
from django.test import Client
from django.urls import reverse

from shuanglian.cases import services
from shuanglian.lib.workdays import add_workdays

pytestmark = pytest.mark.django_db


def track(case):
    return Client().get(reverse("cases:track", kwargs={"code": case.tracking_code})).content.decode()


def plain(day):
    return f"承办部门应于 <b>{day.month}月{day.day}日</b>前答复"


def test_the_reply_deadline_in_plain_words_from_assignment_to_reply(make_case, walk, personas, departments, day):
    case = walk(make_case(), "accepted")
    html = track(case)
    assert "承办部门应于" not in html and "办理期限" not in html  # nothing promised before assignment
    case = services.case_assign(case=case, department=departments["jxw"], due_workdays=5, actor=personas["staff"])
    reply_by = add_workdays(day(), 5)
    assert plain(reply_by) in track(case) and "办理期限" not in track(case)
    day.advance(1)
    case = walk(case, "in_progress")
    assert plain(reply_by) in track(case)
    case = walk(case, "replied")  # the revisit clock is the staff's: no deadline for the enterprise
    html = track(case)
    assert "承办部门应于" not in html and "办理期限" not in html


def test_a_merged_code_after_reopen_shows_the_new_reply_deadline(make_case, walk, personas, departments, day):
    master = walk(make_case(), "accepted")
    duplicate = services.case_merge(case=make_case(title="燃气走线（同一问题）"), into=master, actor=personas["staff"])
    master = walk(master, "replied")
    master = services.case_revisit(case=master, actor=None, rating="unsatisfied", comment="还没改")
    day.advance(2)
    master = services.case_reopen(case=master, actor=personas["staff"], note="企业不满意")
    html = track(duplicate)
    assert plain(master.reply_due) in html and "办理期限" not in html
    assert master.reply_due == add_workdays(day(), 7)
