"""Each role logs in through a real browser and sees only what it may see."""

import pytest

from conftest import DEMO_PASSWORD
from e2e.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def nav_labels(page):
    return page.locator("nav.mainnav a").all_inner_texts()


def test_staff_sees_registry_and_audit(page, personas):
    login(page, "p_staff", DEMO_PASSWORD)
    assert "王工作" in page.inner_text("[data-testid=whoami]")
    assert "审计日志" in nav_labels(page)


def test_handler_sees_no_audit_and_cannot_open_it(page, personas):
    login(page, "p_handler", DEMO_PASSWORD)
    assert "李经办" in page.inner_text("[data-testid=whoami]")
    assert "审计日志" not in nav_labels(page)
    resp = page.goto(f"{page.base}/audit/")
    assert resp.status == 403


def test_leader_is_read_only(page, personas):
    login(page, "p_leader", DEMO_PASSWORD)
    assert "审计日志" not in nav_labels(page)


def test_phone_screen_has_a_menu_button(phone_page, personas):
    login(phone_page, "p_staff", DEMO_PASSWORD)
    nav = phone_page.locator("nav.mainnav")
    assert not nav.is_visible()
    phone_page.click("button.menu-toggle")
    assert nav.is_visible()
