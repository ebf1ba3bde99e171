"""A deputy on a phone signs in at today's reception, records an enterprise's demand and finds it
in "my demands"; the public station page shows the figures and no phone number."""

import pytest

from conftest import DEMO_PASSWORD
from e2e.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

# Basic accessibility checks the pages must pass (no axe-core in the offline toolchain): a page
# language, one h1, headings without skipped levels, every form control labelled, no sideways
# scrolling on a 390 px phone.
A11Y = """() => {
  const problems = [];
  if (!document.documentElement.lang) problems.push('no lang');
  if (document.querySelectorAll('h1').length !== 1) problems.push('h1 count');
  let last = 1;
  for (const h of document.querySelectorAll('main h1, main h2, main h3')) {
    const level = +h.tagName[1];
    if (level > last + 1) problems.push('skipped heading ' + h.textContent);
    last = level;
  }
  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
    const labelled = (el.id && document.querySelector(`label[for="${el.id}"]`)) || el.closest('label')
      || el.getAttribute('aria-label');
    if (!labelled) problems.push('unlabelled ' + el.name);
  }
  if (document.documentElement.scrollWidth > window.innerWidth + 1) problems.push('sideways scroll');
  return problems;
}"""


@pytest.fixture
def reception(personas, regions):
    import datetime as dt

    from django.utils import timezone

    from shuanglian.deputies.models import Deputy, Station, StationMember
    from shuanglian.duties import services

    staff = personas["staff"]
    head = Deputy.objects.create(name="陈点长", level="city", region=regions["beibei"], sector="企业界",
                                 phone="13600003333")
    station = Station.objects.create(kind="activity_point", name="千里科技人大代表活动点", host="千里科技",
                                     region=regions["beibei"], head=head, address="北碚区蔡家岗")
    StationMember.objects.create(station=station, kind="deputy", deputy=personas["deputy_record"])
    StationMember.objects.create(station=station, kind="grid_worker", name="网格员甲", phone="13511112222")
    services.station_page_save(station=station, actor=staff, is_public=True)
    return services.reception_schedule(station=station, actor=staff, date=timezone.localdate(),
                                       start_time=dt.time(9), end_time=dt.time(11),
                                       deputies=[personas["deputy_record"]])


def test_deputy_on_a_phone_takes_a_demand_at_a_reception(phone_page, reception):
    page = phone_page
    login(page, "p_deputy", DEMO_PASSWORD)
    page.goto(f"{page.base}/duties/me/")
    assert page.evaluate(A11Y) == []
    assert "今天" in page.inner_text("[data-testid=next-duty]")
    page.locator("[data-testid=next-duty] a").click()
    page.wait_for_load_state()

    page.click("[data-testid=sign-in]")
    page.wait_for_load_state()
    assert "签到成功" in page.inner_text("main")
    assert "已签到" in page.inner_text("[data-testid=roster]")
    assert page.evaluate(A11Y) == []

    form = page.locator("[data-testid=demand-form]")
    form.get_by_label("企业名称").fill("重庆千里科技股份有限公司")
    form.get_by_label("联系人").fill("李经理")
    form.get_by_label("联系电话").fill("13912345678")
    form.get_by_label("诉求类别").select_option(label="其他")
    form.get_by_label("标题（选填）").fill("园区充电桩不足")
    form.get_by_label("诉求内容").fill("园区职工电动车多，充电桩不足，希望增设。")
    form.get_by_role("button", name="提交诉求").click()
    page.wait_for_load_state()
    assert "已进入诉求闭环办理" in page.inner_text("main")

    page.goto(f"{page.base}/duties/me/")
    assert "园区充电桩不足" in page.inner_text("[data-testid=my-demands]")
    assert page.inner_text("[data-testid=attended]") == "1"
    assert page.evaluate(A11Y) == []


def test_public_station_page_shows_figures_and_no_phone(phone_page, reception):
    page = phone_page
    page.goto(f"{page.base}/s/{reception.station_id}/")
    assert page.inner_text("h1") == "千里科技人大代表活动点"
    figures = page.locator("[data-testid=figures]")
    assert figures.locator("[data-figure=members] b").inner_text() == "3"  # head, one deputy, one grid worker
    assert figures.locator("[data-figure=demands_collected] b").inner_text() == "0"
    text = page.inner_text("body")
    assert "陈点长" in text and "周代表" in text
    for phone in ("13600003333", "13511112222", "13812345678", "****"):
        assert phone not in page.content()
    assert page.evaluate(A11Y) == []


def test_duty_pages_pass_axe(browser, live_server, reception):
    """WCAG 2.1 AA (axe-core, as e2e/test_accessibility.py) on the duty pages: the public wall, and
    as staff and as the deputy the home, station, reception and activity pages."""
    from e2e.test_accessibility import AXE, _violations

    assert AXE.exists(), "npm ci installs axe-core (devDependencies)"
    station = reception.station_id
    problems = []
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.base = live_server.url
    problems += _violations(page, f"{page.base}/s/{station}/")
    for user, pages in (("p_staff", ["/duties/", f"/duties/stations/{station}/", f"/duties/receptions/{reception.pk}/",
                                     "/duties/activities/", f"/duties/stations/{station}/activities/new/"]),
                        ("p_deputy", ["/duties/me/", f"/duties/receptions/{reception.pk}/"])):
        page.context.clear_cookies()
        login(page, user, DEMO_PASSWORD)
        problems += [v for url in pages for v in _violations(page, f"{page.base}{url}")]
    context.close()
    assert not problems, "\n".join(problems)
