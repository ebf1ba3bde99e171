"""The closed loop walked by real users in Chromium (issue 3, "Done when"):

1. a phone submits through a station's QR link → staff accept and assign → the department
   handler signs and replies → the enterprise rates on its tracking page → staff close; the case
   page's timeline shows every step;
2. the extension path (handler asks, staff approve, the deadline moves) and the unsatisfied →
   reopen path (the case goes back to the same department with a new clock).
"""

import pytest

from e2e.conftest import act

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def energy(db):
    from shuanglian.cases.models import Category

    return Category.objects.get_or_create(code="energy", defaults={"name": "水电气保障", "order": 3})[0]


def open_case(page, case_id):
    page.goto(f"{page.base}/cases/{case_id}/")


def status(page):
    return page.get_by_test_id("case-status").inner_text()


def test_qr_to_close(phone_page, as_user, regions, personas, departments, energy):
    from shuanglian.cases.models import Case
    from shuanglian.cases.tests.test_intake_helpers import make_station

    station = make_station(regions, personas)
    # 1. the enterprise, on its phone, through the station's QR link
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
    case = Case.objects.get(tracking_code=code)

    # 2. staff find it in their queue, accept and assign
    staff = as_user("p_staff")
    staff.goto(f"{staff.base}/cases/queue/")
    staff.locator(f"tr[data-case='{case.pk}'] a").first.click()
    staff.wait_for_url(f"**/cases/{case.pk}/")
    act(staff, "accept", {"textarea[name=accept-note]": "属实，予以受理"})
    assert status(staff) == "已受理待交办"
    # twenty departments are found by typing: the search box narrows the co-handler boxes (12.12)
    assign = staff.locator("details[data-action=assign]")
    assign.locator("summary").click()
    assign.locator("input[data-filter-for$=co_departments]").fill("发改")
    assert assign.locator("label.check", has_text="区发改委").is_visible()
    assert not assign.locator("label.check", has_text="区经济信息委").is_visible()
    act(staff, "assign", {"select[name=assign-department]": str(departments["jxw"].pk),
                          "input[name=assign-due_workdays]": "5"})
    assert status(staff) == "已交办待签收"
    assert staff.get_by_test_id("lead-department").inner_text() == "区经济信息委"

    # 3. the department handler, on a phone: sign, then reply
    handler = as_user("p_handler", phone=True)
    handler.goto(f"{handler.base}/cases/queue/")
    assert "燃气走线" in handler.inner_text("main")
    open_case(handler, case.pk)
    assert handler.evaluate("document.documentElement.scrollWidth") <= 390  # fits the phone
    act(handler, "sign")
    assert status(handler) == "办理中"
    act(handler, "reply", {"input[name=reply-result][value=solved]": True,
                           "textarea[name=reply-content]": "已协调燃气公司调整走线，11月底完工。"})
    assert status(handler) == "已答复待回访"

    # 4. the enterprise rates on its tracking page
    enterprise.goto(f"{enterprise.base}/t/{code}/")
    assert "已协调燃气公司调整走线" in enterprise.get_by_test_id("reply").inner_text()
    enterprise.check("input[name=rating][value=satisfied]")
    enterprise.click("[data-testid=rating-form] button[type=submit]")
    enterprise.wait_for_load_state()
    assert "满意" in enterprise.inner_text("body")

    # 5. staff close it; the timeline shows every step
    open_case(staff, case.pk)
    assert staff.get_by_test_id("rating").inner_text() == "满意"
    act(staff, "close", {"textarea[name=close-note]": "企业满意，销号"})
    assert status(staff) == "已销号"
    timeline = staff.get_by_test_id("timeline").inner_text()
    steps = ["提交诉求", "受理", "交办", "签收", "办结答复", "回访评价", "销号"]
    positions = [timeline.index(s) for s in steps]
    assert positions == sorted(positions)
    assert "企业（查询码）" in timeline
    assert staff.get_by_test_id("no-actions").is_visible()


def test_extension_then_unsatisfied_reopen(as_user, phone_page, make_running_case, departments):
    case = make_running_case()
    handler = as_user("p_handler")
    open_case(handler, case.pk)
    due_before = handler.get_by_test_id("due-date").inner_text()
    act(handler, "request_extension", {"input[name=request_extension-days]": "3",
                                       "textarea[name=request_extension-note]": "需等待规划部门出具意见"})
    assert "待审批延期：3 个工作日" in handler.inner_text("main")

    staff = as_user("p_staff")
    staff.goto(f"{staff.base}/cases/queue/")
    assert f"tr[data-case='{case.pk}']" and staff.locator(f"tr[data-case='{case.pk}']").count() == 1
    open_case(staff, case.pk)
    act(staff, "decide_extension", {"input[name=decide_extension-approve][value='1']": True,
                                    "textarea[name=decide_extension-note]": "同意延期"})
    due_after = staff.get_by_test_id("due-date").inner_text()
    assert due_after > due_before

    # a partial answer with a commitment; the enterprise is not satisfied
    open_case(handler, case.pk)
    act(handler, "reply", {"input[name=reply-result][value=partly_solved]": True,
                           "textarea[name=reply-content]": "已完成一期改线。",
                           "input[name=reply-commitment]": "二期管线改线",
                           "input[name=reply-commitment_due]": "2099-12-31"})
    enterprise = phone_page
    enterprise.goto(f"{enterprise.base}/t/{case.tracking_code}/")
    enterprise.check("input[name=rating][value=unsatisfied]")
    enterprise.fill("textarea[name=comment]", "二期还没动工")
    enterprise.click("[data-testid=rating-form] button[type=submit]")
    enterprise.wait_for_load_state()

    open_case(staff, case.pk)
    assert staff.get_by_test_id("rating").inner_text() == "不满意"
    act(staff, "reopen", {"textarea[name=reopen-note]": "企业不满意，重新办理二期"})
    assert status(staff) == "已交办待签收"
    assert staff.get_by_test_id("lead-department").inner_text() == "区经济信息委"
    timeline = staff.get_by_test_id("timeline").inner_text()
    for label in ("申请延期", "审批延期", "办结答复", "回访评价", "重办"):
        assert label in timeline
    assert "评价：不满意 → —" in timeline  # the old verdict stays on record

    handler.goto(f"{handler.base}/cases/queue/")
    assert handler.locator(f"tr[data-case='{case.pk}']").count() == 1
    open_case(handler, case.pk)
    act(handler, "sign")
    assert status(handler) == "办理中"


@pytest.fixture
def make_running_case(personas, regions, departments, energy):
    """A QR case already accepted, assigned to 区经济信息委 and signed (through the services)."""
    from shuanglian.cases import services
    from shuanglian.cases.models import Case

    def make():
        case = Case.objects.create(
            title="燃气走线需要调整", description="新厂房燃气走线与规划冲突。", category=energy, source="qr",
            enterprise_name="重庆乾凤锻造有限公司", contact_name="刘经理", contact_phone="13912345678",
            region=regions["beibei"],
        )
        case = services.case_accept(case=case, actor=personas["staff"])
        case = services.case_assign(case=case, department=departments["jxw"], actor=personas["staff"])
        return services.case_sign(case=case, actor=personas["handler"])

    return make
