"""The chain chief opens the panorama, clicks a gap node in the chart, sees the investment leads
that would fill it, and downloads the "一图五单" workbook whose sums match the page."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import DEMO_PASSWORD
from e2e.conftest import login
from shuanglian.chains.tests.conftest import chain_data  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def click_chart_node(page, name):
    """Click the node called `name` where ECharts drew it on the canvas."""
    point = page.evaluate(
        """(name) => {
            const chart = window.panoramaChart;
            chart.getDom().scrollIntoView({block: "center"});
            const data = chart.getModel().getSeriesByIndex(0).getData();
            const idx = data.mapArray((i) => i).find((i) => data.getName(i) === name);
            const [x, y] = data.getItemLayout(idx);
            const [px, py] = chart.convertToPixel({seriesIndex: 0}, [x, y]);
            const box = chart.getDom().getBoundingClientRect();
            return [box.left + px, box.top + py];
        }""",
        name,
    )
    page.mouse.click(point[0], point[1])


def test_chief_clicks_a_gap_node_sees_its_leads_and_downloads_the_workbook(page, chain_data, personas):  # noqa: F811
    chain = chain_data["chain"]
    chain.chief_user = personas["leader"]
    chain.save(update_fields=["chief_user"])
    login(page, "p_leader", DEMO_PASSWORD)
    page.goto(f"{page.base}/chains/{chain.pk}/")
    page.wait_for_function("window.panoramaChart && window.panoramaChart.getModel()")
    # the gap stands out in the node table too
    assert "电芯" in page.inner_text("tr.is-gap")
    click_chart_node(page, "电芯")
    panel = page.locator("[data-testid=node-panel]")
    panel.wait_for()
    assert "电芯" in panel.locator("h2").inner_text()
    leads = panel.locator("[data-testid=node-leads]").inner_text()
    assert "某动力电池电芯企业" in leads and "谈判" in leads

    page_total = Decimal(page.inner_text("[data-testid=kpi-project-total]"))
    page_firms = int(page.inner_text("[data-testid=kpi-enterprises]"))
    with page.expect_download() as info:
        page.click("[data-testid=workbook-link]")
    assert "一图五单" in info.value.suggested_filename
    assert info.value.suggested_filename.endswith(".xlsx")
    wb = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    projects = wb["项目清单"]
    col = [c.value for c in projects[1]].index("总投资（亿元）")
    assert sum(Decimal(str(r[col])) for r in projects.iter_rows(min_row=2, values_only=True)) == page_total
    assert wb["企业清单"].max_row - 1 == page_firms
    summary = {r[0]: r[1] for r in wb["汇总"].iter_rows(min_row=2, values_only=True)}
    assert Decimal(str(summary["项目总投资（亿元）"])) == page_total


def test_panorama_on_a_phone_and_comparison_mode(phone_page, chain_data):  # noqa: F811
    login(phone_page, "p_staff", DEMO_PASSWORD)
    phone_page.goto(f"{phone_page.base}/chains/{chain_data['chain'].pk}/")
    phone_page.wait_for_function("window.panoramaChart && window.panoramaChart.getModel()")
    # chain nodes drawn (the three stage headings 上游/中游/下游 are drawn as label nodes too)
    count = "window.panoramaChart.getOption().series[0].data.filter(d => !String(d.id).startsWith('stage-')).length"
    assert phone_page.evaluate(count) == 4  # the planned 固态电池 is hidden in "现状"
    phone_page.click("button[data-mode=compare]")
    assert phone_page.evaluate(count) == 5
    assert phone_page.is_visible("#compare-summary")
    # the node list is usable without the chart: tap a node name to open its panel
    phone_page.click("tr.is-gap a")
    phone_page.locator("[data-testid=node-panel]").wait_for()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400
