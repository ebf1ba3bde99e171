"""Issue 12 item 6: the 督办通知 is offered only where it means something (a case with a
department: assigned or in progress), never sets a deadline earlier than the one already
running, and carries one number (its 文号), not a second "编号"."""

import pytest
from django.urls import reverse

from shuanglian.cases import services
from shuanglian.cases.models import Notice
from shuanglian.cases.tests.test_exports import docx_text
from shuanglian.lib.docx import cn_date
from shuanglian.lib.workdays import add_workdays

pytestmark = pytest.mark.django_db


def link_offered(client, case):
    return 'data-testid="supervision-notice-link"' in client.get(reverse("cases:detail", args=[case.pk])).content.decode()


def test_offered_only_while_a_department_holds_the_case(make_case, walk, client_for):
    staff = client_for("staff")
    case = make_case()
    for status, offered in [("submitted", False), ("accepted", False), ("assigned", True), ("in_progress", True),
                            ("replied", False), ("revisited", False), ("closed", False)]:
        case = walk(case, status) if status != "submitted" else case
        assert link_offered(staff, case) is offered, status
        if not offered:
            r = staff.post(reverse("cases:supervision_notice", args=[case.pk]), follow=True)
            assert "无需发督办通知" in r.content.decode() or "无需再发督办通知" in r.content.decode(), status
    assert not Notice.objects.filter(level="formal").exists()


def test_a_case_not_late_keeps_its_longer_deadline(make_case, walk, personas, departments, client_for, day):
    case = walk(make_case(), "accepted")
    case = services.case_assign(case=case, department=departments["jxw"], due_workdays=15, actor=personas["staff"])
    case = services.case_sign(case=case, actor=personas["handler"])
    reply_by = add_workdays(day(), 15)
    confirm = client_for("staff").get(reverse("cases:supervision_notice", args=[case.pk])).content.decode()
    assert f"{reply_by.year}年{reply_by.month}月{reply_by.day}日前办结答复" in confirm
    response = client_for("staff").post(reverse("cases:supervision_notice", args=[case.pk]))
    text = docx_text(response.content)
    assert f"请于{cn_date(reply_by)}前办结" in text
    early = add_workdays(day(), 3)
    assert cn_date(early) not in text
    notice = Notice.objects.get(case=case, level="formal")
    assert f"{reply_by:%Y年%m月%d日}前" in notice.text


def test_a_late_case_gets_the_short_deadline_and_one_number(make_case, walk, client_for, day):
    import datetime as dt

    from shuanglian.cases import clock

    case = walk(make_case(), "in_progress")
    case.clock_start -= dt.timedelta(days=30)  # assigned a month ago: the 7-day reply clock has run out
    clock.recompute(case)
    case.save()
    text = docx_text(client_for("staff").post(reverse("cases:supervision_notice", args=[case.pk])).content)
    assert f"请于{cn_date(add_workdays(day(), 3))}前办结" in text
    assert f"办理时限已于{cn_date(case.due_date)}届满，已超期" in text
    assert "北碚人大督〔" in text and "1号" in text
    assert "编号：" not in text.replace("诉求编号", "")  # one number per notice: the 文号
