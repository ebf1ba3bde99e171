"""The big screen (数字人大大屏) in a real Chromium: it fills 1920×1080 and 1366×768 with no panel
overflowing, passes axe-core, keeps its last figures with their time through a real outage of
the network path (a relay in front of the live server is closed, then reopened), recovers by
itself, and stops at the next refresh once staff revoke it."""

from pathlib import Path

import pytest

from shuanglian.cases.tests.conftest import category, make_case, walk  # noqa: F401  (fixtures)

from .relay import Relay

pytestmark = pytest.mark.django_db(transaction=True)
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

OVERFLOW = """() => {
  const out = [];
  for (const el of document.querySelectorAll('.panel, .panel .rows')) {
    if (el.scrollHeight > el.clientHeight + 1) out.push((el.dataset.panel || el.dataset.list) + ' ' + el.scrollHeight + '>' + el.clientHeight);
  }
  const doc = document.documentElement;
  if (doc.scrollHeight > doc.clientHeight + 1 || doc.scrollWidth > doc.clientWidth + 1) out.push('document scrolls');
  return out;
}"""


@pytest.fixture
def screen(personas, regions, make_case, walk, settings):  # noqa: F811
    from shuanglian.cases.rates import rollup
    from shuanglian.deputies.models import Station
    from shuanglian.screens.services import screen_create

    settings.SHUANGLIAN_SCREEN_REFRESH_SECONDS = 1  # the page polls every second in this test
    settings.SHUANGLIAN_SCREEN_CACHE_SECONDS = 0
    for i in range(12):
        case = make_case(title=f"厂房用电增容诉求{i}号，涉及园区变电站扩容和线路改造的协调事项")
        rollup.case_changed(None, case)
        walk(case, "closed" if i % 3 else "assigned")
    Station.objects.create(kind="monitoring_point", name="蔡家岗监测点", region=regions["caijia"])
    Station.objects.create(kind="activity_point", name="童家溪活动点", region=regions["tongjia"])
    return screen_create(actor=personas["staff"], region=regions["beibei"], name="北碚区人大常委会大厅")


def _open(browser, relay, screen, width, height):
    from e2e.conftest import watch_console

    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems = watch_console(page)
    page.goto(relay.url + screen.url)
    page.wait_for_selector('#screen[data-state="live"]')
    page.wait_for_function("() => document.querySelector('[data-field=received]').textContent === '12'")
    return context, page, problems


@pytest.fixture
def relay(live_server):
    r = Relay(int(live_server.url.rsplit(":", 1)[1]))
    r.up()
    yield r
    r.down()


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)])
def test_screen_fits_without_scrolling_and_passes_axe(browser, relay, screen, size):
    context, page, problems = _open(browser, relay, screen, *size)
    page.wait_for_timeout(300)  # charts draw on the next animation frame
    assert page.evaluate(OVERFLOW) == []
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.locator('[data-field="solved"]').text_content() == "8"
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(f"async () => await axe.run(document, {{runOnly: {TAGS}}})")
    assert [f"{v['id']}: {v['help']} — {v['nodes'][0]['target']}" for v in result["violations"]] == []
    context.close()
    assert problems == []


def test_screen_survives_an_outage_and_stops_when_revoked(browser, relay, screen, personas):
    from shuanglian.screens.services import screen_revoke

    context, page, problems = _open(browser, relay, screen, 1366, 768)
    as_of = page.locator('[data-role="as-of"]').text_content()
    assert as_of != "—"
    relay.down()  # the network path is gone: refused and reset, several refresh periods long
    page.wait_for_selector('#screen[data-state="offline"]')
    notice = page.locator('[data-role="notice"]')
    assert notice.is_visible()
    assert notice.text_content().startswith("连接中断，显示 ") and notice.text_content().endswith(" 的数据")
    page.wait_for_timeout(5_000)
    assert page.locator('[data-field="received"]').text_content() == "12"  # the last figures stay
    assert page.locator('#screen').get_attribute("data-state") == "offline"
    assert page.evaluate(OVERFLOW) == []  # the notice fits in the header
    relay.up()
    page.wait_for_selector('#screen[data-state="live"]')
    assert not notice.is_visible()
    assert page.locator('[data-field="received"]').text_content() == "12"

    screen_revoke(screen=screen, actor=personas["staff"])
    page.wait_for_selector('#screen[data-state="gone"]')
    assert "已停用" in notice.text_content()
    assert not page.locator('[data-panel="demands"]').is_visible()
    context.close()
    assert problems == []


def test_staff_page_passes_axe(browser, live_server, screen):
    from conftest import DEMO_PASSWORD
    from e2e.conftest import login

    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.base = live_server.url
    login(page, "p_staff", DEMO_PASSWORD)
    page.goto(live_server.url + "/screens/")
    assert page.locator("h1").text_content() == "数字人大大屏"
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(f"async () => await axe.run(document, {{runOnly: {TAGS}}})")
    assert [f"{v['id']}: {v['help']} — {v['nodes'][0]['target']}" for v in result["violations"]] == []
    context.close()


def test_leaders_cockpit_on_a_phone(browser, live_server, screen):
    from conftest import DEMO_PASSWORD
    from e2e.conftest import login, watch_console

    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    problems = watch_console(page)
    page.base = live_server.url
    login(page, "p_leader", DEMO_PASSWORD)
    page.goto(live_server.url + "/cockpit/")
    assert page.locator('[data-testid="c-received"]').text_content() == "12"
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")  # no sideways scroll
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(f"async () => await axe.run(document, {{runOnly: {TAGS}}})")
    assert [f"{v['id']}: {v['help']} — {v['nodes'][0]['target']}" for v in result["violations"]] == []
    page.locator('[data-testid="cockpit-lights"] a').first.click()  # drill down: the red items' list
    page.wait_for_url("**/cases/?light=red")
    assert page.locator("h1").first.is_visible()
    context.close()
    assert problems == []
