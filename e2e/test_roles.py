"""Each role logs in through a real browser and sees only what it may see (issue 2, done-when)."""

import pytest

from conftest import DEMO_PASSWORD
from e2e.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def jxw_case(personas, departments, regions):
    """A case assigned to 区经济信息委, created through the real services."""
    from shuanglian.cases import services
    from shuanglian.cases.intake import case_submit
    from shuanglian.cases.models import Category

    case = case_submit(
        actor=personas["staff"], source="visit", title="经信委承办的燃气走线问题", description="新厂房燃气走线需调整。",
        category=Category.objects.get(code="energy"), enterprise_name="重庆乾凤锻造有限公司",
        contact_name="刘经理", contact_phone="13912345678", region=regions["beibei"],
    )
    case = services.case_accept(case=case, actor=personas["staff"])
    return services.case_assign(case=case, department=departments["jxw"], actor=personas["staff"])


def nav_labels(page):
    return page.locator("nav.mainnav a").all_inner_texts()


def open_case(page, case):
    return page.goto(f"{page.base}/cases/{case.pk}/")


def test_staff_sees_registry_audit_and_can_act(page, personas, jxw_case):
    login(page, "p_staff", DEMO_PASSWORD)
    assert "王工作" in page.inner_text("[data-testid=whoami]")
    assert {"审计日志", "代表", "履职阵地", "区域与部门"} <= set(nav_labels(page))
    assert open_case(page, jxw_case).status == 200
    assert page.locator("[data-action=assign]").count() == 1  # staff may reassign


def test_lead_department_handler_sees_and_signs_its_case(page, personas, jxw_case):
    login(page, "p_handler", DEMO_PASSWORD)
    labels = nav_labels(page)
    assert "审计日志" not in labels and "代表" not in labels
    assert page.goto(f"{page.base}/audit/").status == 403
    assert open_case(page, jxw_case).status == 200
    assert page.locator("[data-action=sign]").count() == 1


def test_other_department_handler_cannot_see_the_case(page, personas, jxw_case):
    login(page, "p_outsider", DEMO_PASSWORD)
    assert open_case(page, jxw_case).status == 404
    page.goto(f"{page.base}/cases/?q=燃气")
    assert "经信委承办的燃气走线问题" not in page.inner_text("main")


def test_leader_reads_everything_but_cannot_act(page, personas, jxw_case):
    login(page, "p_leader", DEMO_PASSWORD)
    assert "审计日志" not in nav_labels(page)
    assert open_case(page, jxw_case).status == 200
    assert page.get_by_test_id("no-actions").is_visible()


def test_deputy_sees_no_registry_admin_and_not_unrelated_cases(page, personas, jxw_case):
    login(page, "p_deputy", DEMO_PASSWORD)
    labels = nav_labels(page)
    assert "审计日志" not in labels and "区域与部门" not in labels
    assert open_case(page, jxw_case).status == 404  # neither collected nor followed by this deputy


def test_other_region_staff_cannot_see_beibei_case(page, personas, jxw_case):
    login(page, "p_bishan_staff", DEMO_PASSWORD)
    assert open_case(page, jxw_case).status == 404


def test_admin_sees_everything(page, personas, jxw_case):
    login(page, "p_admin", DEMO_PASSWORD)
    assert "审计日志" in nav_labels(page)
    assert open_case(page, jxw_case).status == 200


def test_phone_screen_has_a_menu_button(phone_page, personas):
    login(phone_page, "p_staff", DEMO_PASSWORD)
    nav = phone_page.locator("nav.mainnav")
    assert not nav.is_visible()
    phone_page.click("button.menu-toggle")
    assert nav.is_visible()
