"""An opinion followed to the end in Chromium (issue 8, "Done when"): staff adopt and transfer it,
the government body answers each item on its page, a 回头看 is recorded, the first vote fails and
a re-report falls due, the second vote passes."""

import datetime as dt

import pytest
from django.utils import timezone

from e2e.conftest import act

pytestmark = pytest.mark.django_db(transaction=True)


def test_opinion_from_adoption_to_a_passed_second_vote(as_user, personas, regions, departments):
    from shuanglian.oversight import services
    from shuanglian.oversight.models import Opinion

    op = services.opinion_create(actor=personas["staff"], region=regions["beibei"],
                                 title="关于重大项目建设情况的审议意见", body=departments["jxw"])
    for k, (category, group) in enumerate([("suggestion", "强化要素保障"), ("problem", "项目推进不够快")]):
        services.opinion_item_add(actor=personas["staff"], opinion=op, category=category, group=group,
                                  content=f"条目内容{k + 1}")
    today = timezone.localdate()

    staff = as_user("p_staff")
    staff.goto(f"{staff.base}/oversight/opinions/")
    staff.get_by_role("link", name="关于重大项目建设情况的审议意见").click()
    act(staff, "adopt", {"input[name=adopted_on]": (today - dt.timedelta(days=60)).isoformat()})
    assert staff.get_by_test_id("opinion-status").inner_text() == "已通过，待交办"
    act(staff, "transfer", {"input[name=transferred_on]": (today - dt.timedelta(days=58)).isoformat()})
    assert staff.get_by_test_id("opinion-status").inner_text() == "已交办，待报送办理方案"

    # The government body (区经济信息委's handler) on its phone: the plan, each item, the report.
    body = as_user("p_handler", phone=True)
    body.goto(f"{body.base}/oversight/opinions/{op.pk}/")
    act(body, "submit_plan", {"input[name=received_on]": (today - dt.timedelta(days=50)).isoformat(),
                              "textarea[name=content]": "办理方案：逐条明确责任单位和时限"})
    for item in op.items.order_by("pk"):
        row = body.locator(f"tr[data-item='{item.pk}']")
        row.locator("summary").click()
        row.locator("select[name=status]").select_option("done")
        row.locator("textarea[name=response]").fill(f"已落实：{item.content}")
        with body.expect_navigation():
            row.get_by_role("button", name="保存回复").click()
        assert "已落实" in body.locator(f"tr[data-item='{item.pk}']").inner_text()
    act(body, "report", {"input[name=received_on]": (today - dt.timedelta(days=20)).isoformat(),
                         "textarea[name=content]": "办理情况报告"})

    # Staff: a 回头看, then the vote fails (15 of 30 satisfied is not more than half).
    staff.reload()
    staff.locator("summary", has_text="记录回头看").click()
    staff.fill("#rv-date", (today - dt.timedelta(days=15)).isoformat())
    staff.fill("#rv-summary", "重点整改回头看：用地问题整改到位")
    for item in op.items.all():
        staff.locator(f"input[name=item-{item.pk}][value=holds]").check()
    with staff.expect_navigation():
        staff.get_by_role("button", name="保存回头看").click()
    assert "用地问题整改到位" in staff.content()
    votes = {"input[name=members]": "30", "input[name=present]": "26", "input[name=basically_satisfied]": "8",
             "input[name=unsatisfied]": "3"}
    act(staff, "vote", {"input[name=held_on]": (today - dt.timedelta(days=10)).isoformat(),
                        "input[name=satisfied]": "15", **votes})
    assert staff.get_by_test_id("opinion-status").inner_text() == "测评不满意，重新报告中"
    report_due = Opinion.objects.get(pk=op.pk).report_due
    assert staff.get_by_test_id("due-date").inner_text() == report_due.isoformat()
    assert "第1轮" in staff.get_by_test_id("votes").inner_text()

    # The body reports again; the second vote passes.
    body.reload()
    act(body, "report", {"input[name=received_on]": (today - dt.timedelta(days=3)).isoformat(),
                         "textarea[name=content]": "再次报告：问题已全部整改"})
    staff.reload()
    act(staff, "vote", {"input[name=held_on]": today.isoformat(), **votes, "input[name=satisfied]": "20",
                        "input[name=basically_satisfied]": "4", "input[name=unsatisfied]": "1"})
    assert staff.get_by_test_id("opinion-status").inner_text() == "测评满意，已办结"
    assert "第2轮（" in staff.get_by_test_id("votes").inner_text()
    assert staff.get_by_test_id("no-actions").is_visible()


def test_campaign_page_shows_seed_003_figures(page):
    """The demo's 东莞 July campaign, built through the services, on its page in Chromium."""
    from e2e.conftest import login
    from shuanglian.demo import foundation, oversight_campaigns
    from shuanglian.oversight.models import InspectionCampaign

    foundation.build()
    oversight_campaigns.build()
    campaign = InspectionCampaign.objects.get(title=oversight_campaigns.TITLE)
    login(page, "demo_admin", foundation.DEMO_PASSWORD)
    page.goto(f"{page.base}/oversight/campaigns/")
    page.get_by_role("link", name=oversight_campaigns.TITLE).click()
    page.wait_for_url(f"**/oversight/campaigns/{campaign.pk}/")
    figures = {el.get_attribute("data-figure"): el.inner_text()
               for el in page.locator("[data-testid=campaign-figures] b").all()}
    assert figures == {"groups": "6+32", "deputies": "417", "sites": "81", "problems": "56", "opinions": "118",
                       "problems_solved": "0"}


def test_a_monitoring_finding_reaches_the_department_queue(as_user, personas, regions, departments):
    """A deputy of a monitoring point reports on a phone; staff send the finding into the loop and
    assign it; the department's handler finds it in the work queue."""
    from importlib import import_module

    from django.apps import apps

    from shuanglian.cases.models import Case, Category
    from shuanglian.deputies.models import Station, StationMember

    import_module("shuanglian.oversight.migrations.0004_default_indicators").forwards(apps, None)  # flushed
    category = Category.objects.get_or_create(code="energy", defaults={"name": "水电气保障", "order": 3})[0]
    point = Station.objects.create(kind="monitoring_point", name="蔡家岗监测点", host="重庆某智能装备公司",
                                   region=regions["beibei"])
    StationMember.objects.create(station=point, deputy=personas["deputy_record"], kind="deputy")

    deputy = as_user("p_deputy", phone=True)
    deputy.goto(f"{deputy.base}/oversight/monitoring/reports/new/")
    for group in deputy.locator("[role=radiogroup]").all():
        group.locator("input[type=radio]").first.check()
    deputy.fill("#m-findings", "工业用电报装需要跑三个部门")
    with deputy.expect_navigation():
        deputy.get_by_role("button", name="报送").click()
    assert "工业用电报装需要跑三个部门" in deputy.get_by_test_id("findings").inner_text()

    staff = as_user("p_staff")
    staff.goto(deputy.url)
    staff.locator("[data-testid=findings] summary").click()
    staff.select_option("select[name=category]", str(category.pk))
    staff.fill("input[name=contact_name]", "陈经理")
    staff.fill("input[name=contact_phone]", "13912345678")
    with staff.expect_navigation():
        staff.get_by_role("button", name="转为诉求，进入闭环办理").click()
    case = Case.objects.get(source="monitoring_point")
    from shuanglian.cases import services as case_services

    case = case_services.case_accept(case=case, actor=personas["staff"])
    case_services.case_assign(case=case, department=departments["jxw"], actor=personas["staff"])
    handler = as_user("p_handler")
    handler.goto(f"{handler.base}/cases/queue/")
    assert case.number in handler.content()
