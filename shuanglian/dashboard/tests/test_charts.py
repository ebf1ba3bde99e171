"""Charts where people compare (issue 9.4): each chart's JSON and its table under it carry the
page's own figures — the rates page's trend by month, regions and chains; a chain's metrics; an
inspection campaign's figures."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from shuanglian.cases.rates import rollup
from shuanglian.cases.tests.conftest import category, make_case, walk  # noqa: F401  (fixtures)
from shuanglian.chains.tests.conftest import chain_data  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def chart_data(html: str, chart_id: str) -> dict:
    raw = re.search(rf'<script id="{chart_id}-data" type="application/json">(.*?)</script>', html, re.S).group(1)
    return json.loads(raw)


def table_rows(html: str, chart_id: str) -> list[list[str]]:
    """The chart's folded table, as the rows a screen reader reads."""
    figure = re.search(rf'data-testid="chart-{chart_id}">(.*?)</figure>', html, re.S).group(1)
    body = re.search(r"<tbody>(.*?)</tbody>", figure, re.S).group(1)
    return [re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_the_rates_pages_trend_by_month_is_its_own_figures(client_for, make_case, walk):  # noqa: F811
    for i in range(3):
        case = make_case(title=f"诉求{i}")
        rollup.case_changed(None, case)
        if i:
            walk(case, "closed")
    today = timezone.localdate()
    html = client_for("leader").get(reverse("dashboard:rates"), {"period": str(today.year)}).content.decode()
    data = chart_data(html, "rates-trend-chart")
    this_month = f"{today.year}年{today.month}月"
    assert data["labels"][-1] == this_month
    assert [s["name"] for s in data["series"]] == ["诉求件数", "办结销号", "响应率", "解决率", "满意率"]
    assert data["series"][0]["values"][-1] == 3 and data["series"][1]["values"][-1] == 2
    kpi = re.search(r'data-testid="kpi-satisfaction">([^<]*)<', html).group(1)
    row = table_rows(html, "rates-trend-chart")[-1]
    assert row[0] == this_month and row[1] == "3件" and row[2] == "2件" and row[5] == kpi
    assert "<caption>按月趋势 · 受理、办结与三率（按诉求提交月份）</caption>" in html
    assert "js/charts.js" in html and "<script>" not in html  # no inline script under the CSP


def test_regions_and_chains_are_charted_with_the_tables_numbers(client_for, settings, make_case, walk):  # noqa: F811
    limits = dict(settings.SHUANGLIAN_CASE_LIMITS, ranking_min_cases=1)
    settings.SHUANGLIAN_CASE_LIMITS = limits
    for i in range(2):
        walk(make_case(title=f"诉求{i}"), "closed")
    html = client_for("leader").get(reverse("dashboard:rates")).content.decode()
    data = chart_data(html, "rates-region-chart")
    assert data["kind"] == "hbar" and data["labels"] == ["北碚区"]
    assert table_rows(html, "rates-region-chart") == [["北碚区", f"{data['series'][0]['values'][0]}%"]]


def test_a_chains_metrics_are_charted(personas, chain_data, client_for):  # noqa: F811
    from shuanglian.chains import services

    chain = chain_data["chain"]
    for year, output, last in ((2024, "40.10", "35.00"), (2025, "48.46", "40.10")):
        services.metric_save(actor=personas["staff"], chain=chain, period_kind="year", year=year, quarter=None,
                             output=Decimal(output), last_output=Decimal(last), expected_version=0)
    html = client_for("leader").get(reverse("chains:metric_manage", args=[chain.pk])).content.decode()
    data = chart_data(html, "chain-metric-chart")
    assert data["series"][0]["values"] == [40.1, 48.46]
    rows = table_rows(html, "chain-metric-chart")
    assert rows[-1][1] == "48.46亿元" and rows[-1][2] == "20.8%"  # (48.46 − 40.10) / 40.10
    assert re.search(r'data-testid="yoy">\+20.8%<', html)


def test_a_campaigns_figures_are_charted(personas, regions, client_for):
    from shuanglian.oversight import services_campaigns as cs

    staff = personas["staff"]
    today = timezone.localdate()
    c = cs.campaign_create(actor=staff, region=regions["beibei"], title="重大产业项目集中视察",
                           starts_on=today - dt.timedelta(days=5), ends_on=today)
    group = cs.campaign_group_add(actor=staff, campaign=c, name="第一组", level="city", region=regions["beibei"])
    site = cs.campaign_site_add(actor=staff, group=group, name="电芯项目")
    cs.campaign_site_visit(actor=staff, site=site, visited_on=today)
    cs.finding_record(actor=staff, site=site, kind="problem", content="施工用电不足")
    page = client_for("leader").get(f"/oversight/campaigns/{c.pk}/").content.decode()
    rows = dict((r[0], r[1]) for r in table_rows(page, "campaign-figures-chart"))
    assert rows["问题"] == "1" == re.search(r'data-figure="problems">(\d+)<', page).group(1)
    assert rows["现场"] == "1" and rows["问题已解决"] == "0"
    listing = client_for("leader").get("/oversight/campaigns/").content.decode()
    assert chart_data(listing, "campaigns-chart")["labels"] == ["重大产业项目集中视察"]
