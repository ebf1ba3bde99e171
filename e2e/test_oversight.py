"""An opinion followed to the end in Chromium (issue 8, "Done when"): staff adopt and transfer it,
the government body answers each item on its page, a 回头看 is recorded, the first vote fails and
a re-report falls due, the second vote passes."""

import datetime as dt

import pytest

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
    today = dt.date.today()

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
