"""The shell in a real browser: due-date preview, calendar management on a phone, English, audit drawer."""

import pytest

from conftest import DEMO_PASSWORD
from e2e.conftest import login
from shuanglian.lib import workdays

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    workdays.clear_cache()
    yield
    workdays.clear_cache()


def test_due_date_preview_follows_typing(page, personas):
    login(page, "p_staff", DEMO_PASSWORD)
    page.goto(f"{page.base}/calendar/?year=2026")
    page.fill("#calc-start", "2026-02-13")
    page.fill("#calc-days", "2")
    preview = page.locator("[data-due-preview]")
    preview.filter(has_text="2026-02-24").wait_for()
    assert "星期二" in preview.inner_text()
    page.fill("#calc-start", "2027-02-04")
    page.fill("#calc-days", "1")
    preview.filter(has_text="2027-02-11").wait_for()
    assert "暂定" in preview.inner_text()
    page.fill("#calc-days", "999")
    preview.filter(has_text="0 到 365").wait_for()


def test_staff_enters_a_holiday_on_a_phone(phone_page, personas):
    page = phone_page
    login(page, "p_staff", DEMO_PASSWORD)
    page.goto(f"{page.base}/calendar/?year=2027")
    assert "暂定" in page.inner_text("[data-testid=year-status]")
    page.fill("#calc-start", "2027-02-04")
    page.fill("#calc-days", "1")
    page.locator("[data-due-preview]").filter(has_text="2027-02-11").wait_for()
    page.fill("input[name=date]", "2027-02-11")
    page.select_option("select[name=kind]", "rest")
    page.fill("input[name=name]", "春节")
    page.click("form[action='/calendar/override/'] button[type=submit]")
    page.wait_for_load_state()
    assert "2027-02-11" in page.inner_text("[data-testid=overrides]")
    page.fill("#calc-start", "2027-02-04")
    page.fill("#calc-days", "1")
    page.locator("[data-due-preview]").filter(has_text="2027-02-12").wait_for()
    page.click("[data-testid=year-status] button[type=submit]")
    page.wait_for_load_state()
    assert "已确认" in page.inner_text("[data-testid=year-status]")
    # Nothing sticks out of a phone screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_switch_to_english_in_the_footer(page, personas):
    page.goto(f"{page.base}/accounts/login/")
    assert page.locator("button[type=submit]").inner_text() == "登录"
    # Choosing a language submits the footer form; wait for that navigation, not just any load.
    with page.expect_navigation():
        page.select_option("footer select[name=language]", "en")
    assert page.locator("form button.primary").inner_text() == "Log in"
    page.fill("input[name=username]", "p_staff")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form button.primary")
    page.wait_for_load_state()
    labels = page.locator("nav.mainnav a").all_inner_texts()
    assert "Home" in labels and "Audit log" in labels and "Calendar" in labels


def test_audit_drawer_opens_in_place(page, personas):
    login(page, "p_staff", DEMO_PASSWORD)  # the login itself is an audit event
    page.goto(f"{page.base}/audit/")
    page.locator("table a").first.click()
    drawer = page.locator("[data-testid=audit-detail]")
    drawer.wait_for()
    assert "王工作 登录" in drawer.inner_text()  # a sentence, not the code (issue 12.8)
    assert page.url.endswith("/audit/")  # no navigation: htmx filled the drawer
    page.click(".drawer-close")
    assert not drawer.is_visible()
