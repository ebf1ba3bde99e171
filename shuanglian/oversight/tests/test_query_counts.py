"""Every oversight list and board answers in a fixed number of queries, whatever its size (no N+1):
the count is the same for one row and for many."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shuanglian.oversight import services, services_campaigns, services_ledgers

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def count(client, url):
    """Queries of a request after a first one (the session, the user and the per-process caches
    are read once)."""
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _opinions(staff, region, body, n):
    for k in range(n):
        op = services.opinion_create(actor=staff, region=region, title=f"意见{k}", body=body)
        services.opinion_item_add(actor=staff, opinion=op, category="suggestion", group="分类", content="内容")
        services.opinion_adopt(opinion=op, actor=staff, adopted_on=TODAY - dt.timedelta(days=k))


def _campaign(staff, region, k):
    c = services_campaigns.campaign_create(actor=staff, region=region, title=f"视察{k}",
                                           starts_on=TODAY - dt.timedelta(days=9), ends_on=TODAY)
    g = services_campaigns.campaign_group_add(actor=staff, campaign=c, name="一组", level="city", region=region)
    s = services_campaigns.campaign_site_add(actor=staff, group=g, name=f"现场{k}")
    services_campaigns.finding_record(actor=staff, site=s, kind="problem", content="问题")
    return c


@pytest.mark.parametrize("url", ["/oversight/opinions/", "/api/v1/opinions/", "/oversight/campaigns/",
                                 "/api/v1/campaigns/", "/oversight/ledgers/", "/api/v1/plans/"])
def test_lists_do_not_grow_with_rows(url, personas, regions, departments, client_for, api_for):
    staff = personas["staff"]
    client = api_for("staff") if url.startswith("/api/") else client_for("staff")
    _opinions(staff, regions["beibei"], departments["jxw"], 1)
    _campaign(staff, regions["beibei"], 0)
    services_ledgers.ledger_area_create(actor=staff, region=regions["beibei"], name="领域0")
    one = count(client, url)
    _opinions(staff, regions["beibei"], departments["jxw"], 5)
    for k in range(1, 5):
        _campaign(staff, regions["beibei"], k)
        services_ledgers.ledger_area_create(actor=staff, region=regions["beibei"], name=f"领域{k}")
    assert count(client, url) == one


def test_ledger_board_does_not_grow_with_lines(personas, regions, departments, client_for):
    from shuanglian.cases.models import Case

    staff = personas["staff"]
    area = services_ledgers.ledger_area_create(actor=staff, region=regions["beibei"], name="优化发展环境")

    def add(k):
        case = Case.objects.create(title=f"问题{k}", description="d", category_id=_category().pk, source="qr",
                                   enterprise_name="企业", contact_name="刘", contact_phone="13912345678",
                                   region=regions["beibei"])
        services_ledgers.ledger_problem_add(actor=staff, area=area, case=case)
        services_ledgers.ledger_task_create(actor=staff, area=area, title=f"任务{k}", owner=departments["jxw"],
                                            starts_on=TODAY, due_on=TODAY + dt.timedelta(days=k + 1))

    add(0)
    client = client_for("staff")
    one = count(client, f"/oversight/ledgers/{area.pk}/")
    for k in range(1, 6):
        add(k)
    assert count(client, f"/oversight/ledgers/{area.pk}/") == one


def _category():
    from shuanglian.cases.models import Category

    return Category.objects.get_or_create(code="energy", defaults={"name": "水电气保障", "order": 3})[0]


def test_campaign_page_does_not_grow_with_findings(personas, regions, client_for):
    staff = personas["staff"]
    campaign = _campaign(staff, regions["beibei"], 0)
    site = campaign.groups.get().sites.get()
    client = client_for("staff")
    one = count(client, f"/oversight/campaigns/{campaign.pk}/")
    for k in range(6):  # each problem offers its own "转为诉求" and "纳入审议意见" forms
        services_campaigns.finding_record(actor=staff, site=site, kind="problem" if k % 2 else "opinion",
                                          content=f"发现{k}")
    assert count(client, f"/oversight/campaigns/{campaign.pk}/") == one


def test_plans_list_counts_and_one_plan_its_items(personas, regions, api_for):
    staff = personas["staff"]
    plan = services.plan_create(actor=staff, region=regions["beibei"], year=2026)
    for k in range(3):
        services.plan_item_create(actor=staff, plan=plan, kind="report", subject=f"事项{k}", planned_month=k + 1)
    api = api_for("leader")
    row = api.get("/api/v1/plans/").json()["results"][0]
    assert (row["item_count"], row["industry_count"], "items" in row) == (3, 0, False)
    assert [i["subject"] for i in api.get(f"/api/v1/plans/{plan.pk}/").json()["items"]] == ["事项0", "事项1", "事项2"]
