"""Issue 12 item 2: the deadline staff just set is visible at once. From the moment of
assignment the case page, the work queue, the 交办单 and the API show both clocks — sign by …,
reply by … — and the API's `due_date` is the reply deadline (the sign deadline is `sign_due`).
Item 9: the 交办单 never prints the enterprise's 查询码."""

import pytest
from django.urls import reverse

from shuanglian.cases import services
from shuanglian.cases.tests.test_exports import docx_text
from shuanglian.lib.docx import cn_date
from shuanglian.lib.workdays import add_workdays

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned5(make_case, personas, departments, day):
    case = services.case_accept(case=make_case(), actor=personas["staff"])
    return services.case_assign(case=case, department=departments["jxw"], due_workdays=5, actor=personas["staff"])


def test_the_api_returns_the_reply_deadline_from_the_moment_of_assignment(make_case, api_for, departments, day):
    case = make_case()
    staff, handler = api_for("staff"), api_for("handler")
    staff.post(f"/api/v1/cases/{case.pk}/actions/accept/", {}, format="json")
    body = staff.post(f"/api/v1/cases/{case.pk}/actions/assign/",
                      {"department": departments["jxw"].pk, "due_workdays": 5}, format="json").json()
    reply_by, sign_by = add_workdays(day(), 5).isoformat(), add_workdays(day(), 1).isoformat()
    assert (body["due_date"], body["sign_due"], body["step_due"]) == (reply_by, sign_by, sign_by)
    listed = {c["id"]: c for c in staff.get("/api/v1/cases/").json()["results"]}[case.pk]
    assert (listed["due_date"], listed["sign_due"]) == (reply_by, sign_by)
    # signing the next day does not move the reply deadline; the sign clock is gone
    day.advance(1)
    body = handler.post(f"/api/v1/cases/{case.pk}/actions/sign/", {}, format="json").json()
    assert (body["due_date"], body["sign_due"], body["step_due"]) == (reply_by, None, reply_by)


def test_the_case_page_shows_both_clocks_right_after_assignment(assigned5, client_for, day):
    html = client_for("staff").get(reverse("cases:detail", args=[assigned5.pk])).content.decode()
    assert f'签收截止 <b data-testid="due-date">{add_workdays(day(), 1):%Y-%m-%d}</b>' in html
    assert f'答复截止 <b data-testid="reply-due">{add_workdays(day(), 5):%Y-%m-%d}</b>' in html
    assert "自交办之日起5个工作日" in html


def test_the_queue_shows_both_clocks(assigned5, client_for, day):
    html = client_for("handler").get(reverse("cases:queue")).content.decode()
    assert f'签收 {add_workdays(day(), 1):%Y-%m-%d}' in html
    assert f'答复 {add_workdays(day(), 5):%Y-%m-%d}' in html


def test_the_assignment_slip_has_both_clocks_and_no_tracking_code(assigned5, client_for, day):
    text = docx_text(client_for("handler").get(reverse("cases:assignment_slip", args=[assigned5.pk])).content)
    assert cn_date(add_workdays(day(), 1)) in text and cn_date(add_workdays(day(), 5)) in text
    assert assigned5.tracking_code not in text and "查询码" not in text
