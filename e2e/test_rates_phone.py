"""Issue 12.13 in Chromium: on a phone the departments' comparison chart lays its bars on their side
(one department name per row, none overlapping), and the region and chain comparisons are on the page."""

import pytest


@pytest.fixture
def rated_cases(personas, regions, departments):
    from shuanglian.cases import services
    from shuanglian.cases.models import Case, Category

    energy = Category.objects.get_or_create(code="energy", defaults={"name": "水电气保障", "order": 3})[0]
    for department in (departments["jxw"], departments["fgw"]):
        for i in range(3):
            case = Case.objects.create(title=f"诉求{i}", description="需要协调。", category=energy, source="qr",
                                       enterprise_name="重庆某制造有限公司", contact_name="刘经理",
                                       contact_phone="13912345678", region=regions["beibei"])
            case = services.case_accept(case=case, actor=personas["staff"])
            case = services.case_assign(case=case, department=department, actor=personas["staff"])
            handler = personas["handler"] if department == departments["jxw"] else personas["outsider"]
            case = services.case_sign(case=case, actor=handler)
            case = services.case_reply(case=case, actor=handler, result="solved", content="已解决。")
            services.case_revisit(case=case, actor=None, rating="satisfied")


def test_phone_chart_has_one_row_per_department(as_user, rated_cases, settings):
    settings.SHUANGLIAN_CASE_LIMITS = {"ranking_min_cases": 3}  # both departments are ranked and charted
    page = as_user("p_staff", phone=True)
    page.goto(f"{page.base}/cases/rates/")
    page.wait_for_function("""window.echarts && document.getElementById('rates-chart')
        && echarts.getInstanceByDom(document.getElementById('rates-chart'))""")
    option = page.evaluate("""() => { const o = echarts.getInstanceByDom(document.getElementById('rates-chart')).getOption();
        return {y: o.yAxis[0].type, labels: o.yAxis[0].data, x: o.xAxis[0].type}; }""")
    assert option["y"] == "category" and option["x"] == "value"
    assert set(option["labels"]) == {"区经济信息委", "区发改委"}
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.get_by_test_id("rates-region").is_visible()
