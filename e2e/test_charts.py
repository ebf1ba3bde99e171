"""Issue 9.4 in Chromium: the charts where people compare are drawn by ECharts from the page's own
numbers (the same numbers as the table folded under each), under the CSP, and the table opens."""

import datetime as dt

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def compared(personas, regions, departments):
    from shuanglian.cases import services
    from shuanglian.cases.models import Case, Category
    from shuanglian.oversight import services_campaigns as cs

    energy = Category.objects.get_or_create(code="energy", defaults={"name": "水电气保障", "order": 3})[0]
    for i in range(3):
        case = Case.objects.create(title=f"诉求{i}", description="需要协调。", category=energy, source="qr",
                                   enterprise_name="重庆某制造有限公司", contact_name="刘经理",
                                   contact_phone="13912345678", region=regions["beibei"])
        case = services.case_accept(case=case, actor=personas["staff"])
        case = services.case_assign(case=case, department=departments["jxw"], actor=personas["staff"])
        case = services.case_sign(case=case, actor=personas["handler"])
        case = services.case_reply(case=case, actor=personas["handler"], result="solved", content="已解决。")
        services.case_revisit(case=case, actor=None, rating="satisfied")
    today = timezone.localdate()
    c = cs.campaign_create(actor=personas["staff"], region=regions["beibei"], title="重大产业项目集中视察",
                           starts_on=today - dt.timedelta(days=5), ends_on=today)
    group = cs.campaign_group_add(actor=personas["staff"], campaign=c, name="第一组", level="city",
                                  region=regions["beibei"])
    site = cs.campaign_site_add(actor=personas["staff"], group=group, name="电芯项目")
    cs.finding_record(actor=personas["staff"], site=site, kind="problem", content="施工用电不足")
    return c


def drawn(page, chart_id):
    page.wait_for_function(f"""window.echarts && document.getElementById('{chart_id}')
        && echarts.getInstanceByDom(document.getElementById('{chart_id}'))""")
    return page.evaluate(f"""() => {{ const o = echarts.getInstanceByDom(document.getElementById('{chart_id}')).getOption();
        return {{series: o.series.map(s => ({{name: s.name, data: s.data}})),
                 canvas: !!document.querySelector('#{chart_id} canvas')}}; }}""")


def test_charts_are_drawn_and_their_tables_open(compared, as_user, settings):
    settings.SHUANGLIAN_CASE_LIMITS = {"ranking_min_cases": 1}
    page = as_user("p_leader")
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{page.base}/cases/rates/")
    trend = drawn(page, "rates-trend-chart")
    assert trend["canvas"] and [s["name"] for s in trend["series"]][-1] == "满意率"
    assert trend["series"][-1]["data"][-1] == 100  # three rated satisfied this month
    page.get_by_text("查看数据表：按月趋势 · 受理、办结与三率").click()
    assert page.get_by_role("table", name="按月趋势 · 受理、办结与三率（按诉求提交月份）").is_visible()
    assert drawn(page, "rates-region-chart")["series"][0]["data"] == [100]
    page.goto(f"{page.base}/oversight/campaigns/{compared.pk}/")
    figures = drawn(page, "campaign-figures-chart")
    assert figures["canvas"] and figures["series"][0]["data"][3] == 1  # 问题
    assert not errors, errors
