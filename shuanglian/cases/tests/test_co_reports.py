"""Issue 12 item 4: co-handlers' feedback is visible per co-handler and required. The case page
says for each co-handling department whether and when it reported; the lead's reply is refused
with a clear message while a report is outstanding, unless staff waive it with a reason."""

import pytest
from django.urls import reverse

from shuanglian.cases import services
from shuanglian.cases.workflow import allowed_actions
from shuanglian.core.errors import BusinessError

pytestmark = pytest.mark.django_db


@pytest.fixture
def co_case(make_case, walk, personas, departments, day):
    case = walk(make_case(), "accepted")
    case = services.case_assign(case=case, department=departments["jxw"], co_departments=[departments["fgw"]],
                                actor=personas["staff"])
    return services.case_sign(case=case, actor=personas["handler"])


def reply(case, handler):
    return services.case_reply(case=case, actor=handler, result="solved", content="已协调燃气公司调整走线。")


def test_the_lead_cannot_reply_while_a_co_report_is_outstanding(co_case, personas, api_for):
    with pytest.raises(BusinessError, match="协办部门区发改委尚未反馈协办意见，暂不能办结答复"):
        reply(co_case, personas["handler"])
    co_case.refresh_from_db()
    assert co_case.status == "in_progress"
    r = api_for("handler").post(f"/api/v1/cases/{co_case.pk}/actions/reply/",
                                {"result": "solved", "content": "已解决"}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "co_report_outstanding"
    services.case_co_report(case=co_case, actor=personas["outsider"], report="规划调整已会签。")
    assert reply(co_case, personas["handler"]).status == "replied"


def test_staff_may_waive_a_report_with_a_reason(co_case, personas, departments, client_for):
    staff = personas["staff"]
    assert "waive_co_report" in allowed_actions(co_case, staff)
    assert "waive_co_report" not in allowed_actions(co_case, personas["handler"])
    with pytest.raises(BusinessError, match="理由"):
        services.case_waive_co_report(case=co_case, actor=staff, department=departments["fgw"], note="")
    # through the case page's form, as staff would
    page = client_for("staff")
    r = page.post(reverse("cases:act", args=[co_case.pk, "waive_co_report"]), {
        "waive_co_report-version": co_case.version,
        "waive_co_report-department": departments["fgw"].pk, "waive_co_report-note": "协办事项已由市级部门办结"})
    assert r.status_code == 302
    co_case.refresh_from_db()
    assert "waive_co_report" not in allowed_actions(co_case, staff)  # nothing left to waive
    assert reply(co_case, personas["handler"]).status == "replied"
    html = page.get(reverse("cases:detail", args=[co_case.pk])).content.decode()
    assert "区发改委：已免除反馈" in html and "协办事项已由市级部门办结" in html


def test_the_page_shows_per_co_handler_whether_and_when_it_reported(co_case, personas, departments, client_for):
    html = client_for("handler").get(reverse("cases:detail", args=[co_case.pk])).content.decode()
    assert "区发改委：<b>尚未反馈</b>" in html and "反馈前主办部门不能办结答复" in html
    services.case_co_report(case=co_case, actor=personas["outsider"], report="规划调整已会签。")
    co = co_case.co_departments.get()
    html = client_for("handler").get(reverse("cases:detail", args=[co_case.pk])).content.decode()
    from django.utils import timezone

    assert f"区发改委：<b>已于 {timezone.localtime(co.reported_at):%m-%d %H:%M} 反馈</b>" in html
    assert "规划调整已会签。" in html
