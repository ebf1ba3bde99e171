"""Issue 12 "Clocks and lights" as people see them in Chromium:

- staff assign a case on its page: it is green (not yellow at once), and the page shows both
  clocks — 签收截止 and 答复截止 — the moment the assignment is saved; the handler's queue shows
  both too (items 1, 2);
- a submitted case waits on the staff's own accept clock, not "未计时" (item 3);
- the enterprise's tracking page says "承办部门应于 …前答复", and "已提交，等待受理" is not red (item 5).
"""

import re

import pytest

from e2e.conftest import act

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def energy(db):
    from shuanglian.cases.models import Category

    return Category.objects.get_or_create(code="energy", defaults={"name": "水电气保障", "order": 3})[0]


@pytest.fixture
def accepted_case(personas, regions, energy):
    from shuanglian.cases import services
    from shuanglian.cases.models import Case

    case = Case.objects.create(
        title="燃气走线需要调整", description="新厂房燃气走线与规划冲突。", category=energy, source="qr",
        enterprise_name="重庆乾凤锻造有限公司", contact_name="刘经理", contact_phone="13912345678",
        region=regions["beibei"])
    return services.case_accept(case=case, actor=personas["staff"])


def _rgb(css: str) -> tuple[int, int, int]:
    return tuple(int(x) for x in re.findall(r"\d+", css)[:3])


def test_assignment_is_green_and_shows_both_clocks(as_user, phone_page, accepted_case, departments):
    from shuanglian.cases import clock
    from shuanglian.lib.workdays import add_workdays

    today = clock.today()
    staff = as_user("p_staff")
    staff.goto(f"{staff.base}/cases/{accepted_case.pk}/")
    act(staff, "assign", {"select[name=assign-department]": str(departments["jxw"].pk),
                          "input[name=assign-due_workdays]": "5"})
    assert staff.get_by_test_id("case-light").inner_text().strip() == "绿灯"
    assert staff.get_by_test_id("due-date").inner_text() == f"{add_workdays(today, 1):%Y-%m-%d}"
    assert staff.get_by_test_id("reply-due").inner_text() == f"{add_workdays(today, 5):%Y-%m-%d}"
    assert "签收截止" in staff.inner_text("main") and "答复截止" in staff.inner_text("main")

    handler = as_user("p_handler", phone=True)
    handler.goto(f"{handler.base}/cases/queue/")
    row = handler.locator(f"tr[data-case='{accepted_case.pk}']")
    assert row.get_by_test_id("row-sign-due").inner_text() == f"签收 {add_workdays(today, 1):%Y-%m-%d}"
    assert row.get_by_test_id("row-reply-due").inner_text() == f"答复 {add_workdays(today, 5):%Y-%m-%d}"
    assert "绿灯" in row.inner_text()

    # the enterprise reads the same reply deadline in plain words
    enterprise = phone_page  # no login: the tracking code is enough
    enterprise.goto(f"{enterprise.base}/t/{accepted_case.tracking_code}/")
    reply_by = add_workdays(today, 5)
    assert enterprise.get_by_test_id("reply-by").inner_text() == f"承办部门应于 {reply_by.month}月{reply_by.day}日前答复"
    assert "办理期限" not in enterprise.inner_text("body")


def test_waiting_for_acceptance_has_a_clock_for_staff_and_no_alarm_for_the_enterprise(
        as_user, phone_page, regions, personas, energy):
    from shuanglian.cases.tests.test_intake_helpers import make_station

    station = make_station(regions, personas)
    enterprise = phone_page
    enterprise.goto(f"{enterprise.base}/i/{station.intake_token}/")
    enterprise.fill("input[name=enterprise_name]", "重庆乾凤锻造有限公司")
    enterprise.fill("input[name=contact_name]", "刘经理")
    enterprise.fill("input[name=contact_phone]", "13912345678")
    enterprise.select_option("select[name=category]", "energy")
    enterprise.fill("textarea[name=description]", "新厂房燃气走线与规划冲突，影响投产，希望协调调整。")
    enterprise.check("input[name=consent]")
    enterprise.click("button[type=submit]")
    code = enterprise.get_by_test_id("tracking-code").inner_text().strip()
    enterprise.goto(f"{enterprise.base}/t/{code}/")
    label = enterprise.get_by_test_id("status-label")
    assert label.inner_text() == "已提交，等待受理"
    for css in (label.evaluate("e => getComputedStyle(e).color"),
                enterprise.locator(".pub-steps li.current").evaluate("e => getComputedStyle(e).borderTopColor")):
        r, g, b = _rgb(css)
        assert not (r > 120 and r > 2 * g and r > 2 * b), f"等待受理显示为红色：{css}"

    from shuanglian.cases.models import Case

    case = Case.objects.get(tracking_code=code)
    staff = as_user("p_staff")
    staff.goto(f"{staff.base}/cases/queue/")
    row = staff.locator(f"tr[data-case='{case.pk}']")
    assert "未计时" not in row.inner_text() and "绿灯" in row.inner_text()
    staff.goto(f"{staff.base}/cases/{case.pk}/")
    assert "受理时限" in staff.inner_text("main")
