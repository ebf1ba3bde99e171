"""A suggestion followed in Chromium (issue 7, "Done when"): the deputy writes and submits it on a
phone, staff assign it, the unit answers B with a commitment, the deputy rates it, and the
commitment is followed — on the deputy's own list, delivered by the unit, rated by the deputy."""

import datetime as dt

import pytest
from django.utils import timezone

from e2e.conftest import act

pytestmark = pytest.mark.django_db(transaction=True)


def test_suggestion_from_the_deputy_to_a_rated_commitment(as_user, personas, departments):
    from shuanglian.suggestions.models import Suggestion

    deputy = as_user("p_deputy", phone=True)
    deputy.goto(f"{deputy.base}/suggestions/")  # a deputy lands on 我的建议
    deputy.get_by_role("link", name="提出建议").click()
    deputy.fill("#id_title", "关于加快“充储泊配”设施建设的建议")
    deputy.fill("#id_reasons", "园区物流车辆排队充电，影响生产。")
    deputy.fill("#id_proposals", "统筹建设充电、储能、停车、配电一体站。")
    with deputy.expect_navigation():
        deputy.get_by_role("button", name="保存草稿").click()
    assert deputy.get_by_test_id("suggestion-status").inner_text() == "草稿"
    act(deputy, "submit")
    assert deputy.get_by_test_id("suggestion-status").inner_text() == "已提交，待交办"
    s = Suggestion.objects.get()

    staff = as_user("p_staff")
    staff.goto(f"{staff.base}/suggestions/")
    staff.get_by_role("link", name="《关于加快“充储泊配”设施建设的建议》").click()
    act(staff, "assign", {"select[name=lead_unit]": str(departments["jxw"].pk)})
    assert staff.get_by_test_id("suggestion-status").inner_text() == "已交办，办理中"
    assert staff.get_by_test_id("lead-unit").inner_text() == "区经济信息委"

    unit = as_user("p_handler", phone=True)
    unit.goto(f"{unit.base}/suggestions/inbox/")
    unit.get_by_role("link", name="《关于加快“充储泊配”设施建设的建议》").click()
    due = (timezone.localdate() + dt.timedelta(days=90)).isoformat()
    act(unit, "answer", {"select[name=category]": "B", "textarea[name=content]": "正在推进，年内建成首批站点。",
                         "input[name=commitment_content_1]": "年底前建成10座一体站",
                         "input[name=commitment_due_1]": due})
    assert unit.get_by_test_id("suggestion-status").inner_text() == "已答复，待代表评价"
    assert "年底前建成10座一体站" in unit.get_by_test_id("commitments").inner_text()

    deputy.goto(f"{deputy.base}/suggestions/{s.pk}/")
    act(deputy, "rate", {"select[name=rating]": "basically_satisfied"})
    assert deputy.get_by_test_id("suggestion-status").inner_text() == "已办结"
    assert deputy.get_by_test_id("rating").inner_text().startswith("基本满意")
    deputy.goto(f"{deputy.base}/suggestions/mine/")  # the commitment is followed on the deputy's page
    assert "年底前建成10座一体站" in deputy.get_by_test_id("commitments").inner_text()

    unit.reload()
    unit.locator("[data-testid=commitments] summary", has_text="报告兑现").click()
    unit.locator("[data-testid=commitments] textarea[name=note]").fill("10座一体站已投用。")
    with unit.expect_navigation():
        unit.locator("[data-testid=commitments]").get_by_role("button", name="报告兑现").click()
    assert unit.get_by_test_id("commitment-status").inner_text() == "已兑现，待代表评价"

    deputy.goto(f"{deputy.base}/suggestions/{s.pk}/")
    deputy.locator("[data-testid=commitments] summary", has_text="评价兑现").click()
    deputy.locator("[data-testid=commitments] select[name=rating]").select_option("satisfied")
    with deputy.expect_navigation():
        deputy.locator("[data-testid=commitments]").get_by_role("button", name="评价兑现").click()
    assert deputy.get_by_test_id("commitment-status").inner_text() == "已评价"
    assert "代表评价：满意" in deputy.get_by_test_id("commitments").inner_text()
