"""Staff keep the chain up to date from a phone: rate a node 断 in place (htmx) and see the panorama
mark it as a break."""

import pytest

from conftest import DEMO_PASSWORD
from e2e.conftest import login
from shuanglian.chains.tests.conftest import chain_data  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_sets_a_node_to_broken_and_the_panorama_marks_it(phone_page, chain_data):  # noqa: F811
    page, chain, gear = phone_page, chain_data["chain"], chain_data["gear"]
    login(page, "p_staff", DEMO_PASSWORD)
    page.goto(f"{page.base}/chains/{chain.pk}/")
    page.wait_for_function("window.panoramaChart && window.panoramaChart.getModel()")
    assert "齿轮" not in page.inner_text(".node-table tbody tr.is-gap")  # 齿轮 is weak, not a gap, before
    page.click("[data-testid=node-manage-link]")
    row = page.locator(f"#node-row-{gear.pk}")
    row.locator("select").select_option("broken")
    row.locator("input[type=text]").fill("唯一齿轮供应商停产")
    row.locator("button[type=submit]").click()
    # the row is swapped in place: no page load, the rating and note show, the form reflects them
    page.locator(f"#node-row-{gear.pk} .saved-note").wait_for()
    row = page.locator(f"#node-row-{gear.pk}")
    assert row.locator("[data-testid=node-strength]").inner_text() == "断"
    assert "唯一齿轮供应商停产" in row.inner_text()
    assert row.locator("select").input_value() == "broken"
    assert page.evaluate("document.documentElement.scrollWidth") <= 400  # usable on the phone

    page.goto(f"{page.base}/chains/{chain.pk}/")
    page.wait_for_function("window.panoramaChart && window.panoramaChart.getModel()")
    gap_rows = page.locator(".node-table tbody tr.is-gap")
    assert any("齿轮" in t and "断" in t for t in gap_rows.all_inner_texts())
    drawn = page.evaluate("""() => {
        const d = window.panoramaChart.getOption().series[0].data.find(n => n.name === "齿轮");
        return {border: d.itemStyle.borderColor, width: d.itemStyle.borderWidth, strength: d.node.strength};
    }""")
    assert drawn == {"border": "#7b241c", "width": 4, "strength": "broken"}
