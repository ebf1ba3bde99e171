"""代表码 on phones (issue 7.6): an enterprise scans a deputy's code and submits a demand; the deputy
finds it among "my 代表码 demands", answers it on the spot in one step; the enterprise's tracking
page shows the deputy's answer and asks for a rating."""

import pytest

from e2e.test_duties import A11Y

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def deputy(personas, regions):
    from shuanglian.deputies.models import Station

    me = personas["deputy_record"]
    Station.objects.create(kind="activity_point", name="千里科技人大代表活动点", region=regions["beibei"], head=me,
                           address="北碚区蔡家岗街道同兴北路")
    return me


def test_scan_submit_answer_on_the_spot_and_track(browser, live_server, as_user, deputy):
    phone = {"width": 390, "height": 844}
    enterprise = browser.new_context(locale="zh-CN", viewport=phone, is_mobile=True, has_touch=True).new_page()
    enterprise.set_default_timeout(30_000)  # the first page of a cold live server on a busy machine
    enterprise.goto(f"{live_server.url}/d/{deputy.code_token}/")
    assert "周代表" in enterprise.inner_text("h1")
    form = enterprise.locator("form.pub-form")
    form.get_by_label("企业名称").fill("重庆乾凤锻造有限公司")
    form.get_by_label("联系人").fill("张经理")
    form.get_by_label("联系电话").fill("13912345678")
    form.get_by_label("诉求类别").select_option(label="其他")
    form.get_by_label("标题").fill("园区电价优惠如何申报")
    form.get_by_label("诉求内容").fill("听说园区企业有电价优惠，不知道如何申报。")
    form.get_by_label("我已阅读并同意《个人信息保护告知》").check()
    form.get_by_role("button", name="提交诉求").click()
    enterprise.wait_for_load_state()
    code = enterprise.inner_text("[data-testid=tracking-code]")
    assert len(code) == 14

    page = as_user("p_deputy", phone=True)
    page.set_default_timeout(30_000)
    page.goto(f"{page.base}/duties/me/")
    page.click("[data-testid=code-waiting]")
    page.wait_for_load_state()
    card = page.locator("[data-testid=code-demand]", has_text="园区电价优惠如何申报")
    assert "听说园区企业有电价优惠" in card.inner_text()
    assert page.evaluate(A11Y) == []
    card.get_by_label("当场答复（企业凭查询码查看）").fill("可登录区经信委网站“惠企政策”栏目在线申报，本月底截止。")
    card.get_by_role("button", name="当场答复").click()
    page.wait_for_load_state()
    assert "已当场答复" in page.inner_text("main")
    assert "暂无待您处理的代表码诉求" in page.inner_text("main")
    figures = page.inner_text("[data-testid=code-figures-summary]")
    assert "当场答复\n1" in figures and "100.0%" in figures

    enterprise.goto(f"{live_server.url}/t/{code}/")
    reply = enterprise.inner_text("[data-testid=reply]")
    assert "代表当场答复" in reply and "惠企政策" in reply
    assert enterprise.locator("[data-testid=rating-form]").is_visible()
    enterprise.context.close()
