"""The staff pages: work queue, filtered list, case page with timeline and only the user's actions,
action forms (version, concurrent change keeps the input), entry form; query counts pinned."""

import pytest
from django.urls import reverse

from shuanglian.cases import services
from shuanglian.cases.models import Case

pytestmark = pytest.mark.django_db


def test_queue_shows_each_role_its_items(make_case, client_for, walk, day):
    triage = make_case(title="待受理的诉求")
    running = walk(make_case(title="办理中的诉求"), "in_progress")
    staff_page = client_for("staff").get(reverse("cases:queue")).content.decode()
    assert "待受理的诉求" in staff_page and "办理中的诉求" not in staff_page
    handler_page = client_for("handler").get(reverse("cases:queue")).content.decode()
    assert "办理中的诉求" in handler_page and "待受理的诉求" not in handler_page
    assert "办理中的诉求" not in client_for("outsider").get(reverse("cases:queue")).content.decode()
    assert triage.pk and running.pk


def test_queue_orders_red_first(make_case, client_for, walk, day):
    later = walk(make_case(title="后到期"), "in_progress")
    early = walk(make_case(title="已超期"), "in_progress")
    Case.objects.filter(pk=early.pk).update(due_date=day.value.replace(year=day.value.year - 1))
    page = client_for("handler").get(reverse("cases:queue")).content.decode()
    assert page.index("已超期") < page.index("后到期")
    assert "红灯" in page and later.pk


def test_list_search_finds_chinese_substring(make_case, client_for):
    make_case(title="燃气走线需要调整")
    make_case(title="园区道路拥堵", description="上下班高峰")
    page = client_for("staff").get(reverse("cases:list"), {"q": "燃气"}).content.decode()
    assert "燃气走线需要调整" in page and "园区道路拥堵" not in page


@pytest.mark.parametrize("rows", [4, 16])
def test_list_and_queue_query_counts_are_pinned(rows, make_case, client_for, walk, django_assert_max_num_queries):
    """Session, user, region, count, the five filter menus (the station's since issue 12.11) and the
    page: the same for any number of rows."""
    for i in range(rows):
        walk(make_case(title=f"诉求{i}"), ["submitted", "accepted", "assigned", "in_progress"][i % 4])
    c = client_for("staff")
    c.get(reverse("cases:list"))  # warm the session
    with django_assert_max_num_queries(10):
        r = c.get(reverse("cases:list"), {"status": "accepted"})
    assert r.status_code == 200
    with django_assert_max_num_queries(10):
        assert c.get(reverse("cases:list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert c.get(reverse("cases:queue")).status_code == 200
    h = client_for("handler")
    with django_assert_max_num_queries(10):
        assert h.get(reverse("cases:queue")).status_code == 200


def test_case_page_shows_only_allowed_actions(make_case, client_for, walk):
    case = walk(make_case(), "assigned")
    staff_page = client_for("staff").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-action="assign"' in staff_page and 'data-action="sign"' not in staff_page
    handler_page = client_for("handler").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-action="sign"' in handler_page and 'data-action="return"' in handler_page
    assert 'data-action="assign"' not in handler_page
    leader_page = client_for("leader").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "没有可执行的操作" in leader_page


def test_timeline_lists_every_step_in_chinese(make_case, client_for, walk):
    case = walk(make_case(), "closed")
    page = client_for("staff").get(reverse("cases:detail", args=[case.pk])).content.decode()
    for label in ("受理", "交办", "签收", "办结答复", "回访评价", "销号"):
        assert f"<b>{label}</b>" in page
    assert "主办部门：— → 区经济信息委" in page
    assert "状态：已回访待销号 → 已销号" in page


def test_action_form_moves_the_case(make_case, client_for, departments):
    case = make_case()
    c = client_for("staff")
    r = c.post(reverse("cases:act", args=[case.pk, "accept"]), {"accept-version": case.version, "accept-note": "属实"})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.status == "accepted"
    r = c.post(reverse("cases:act", args=[case.pk, "assign"]), {
        "assign-version": case.version, "assign-department": departments["jxw"].pk,
        "assign-co_departments": [departments["fgw"].pk], "assign-due_workdays": "10"})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.status == "assigned" and case.co_departments.count() == 1


def test_concurrent_change_rerenders_with_input_kept(make_case, client_for, personas):
    case = make_case()
    services.case_accept(case=case, actor=personas["admin"])  # someone else, a moment before
    r = client_for("staff").post(reverse("cases:act", args=[case.pk, "reject"]),
                                 {"reject-version": 1, "reject-note": "不属于人大受理范围，我写了很长的理由"})
    assert r.status_code == 409
    page = r.content.decode()
    assert "已被他人更新" in page and "不属于人大受理范围，我写了很长的理由" in page
    case.refresh_from_db()
    assert case.status == "accepted"


def test_missing_reason_is_a_field_error(make_case, client_for):
    case = make_case()
    r = client_for("staff").post(reverse("cases:act", args=[case.pk, "reject"]), {"reject-version": 1})
    assert r.status_code == 400 and "请填写不予受理的理由" in r.content.decode()
    case.refresh_from_db()
    assert case.status == "submitted"


def test_leader_posting_an_action_is_403(make_case, client_for):
    case = make_case()
    r = client_for("leader").post(reverse("cases:act", args=[case.pk, "accept"]), {"accept-version": 1})
    assert r.status_code == 403
    assert Case.objects.get(pk=case.pk).status == "submitted"


def test_entry_form_records_source_and_deputy(client_for, personas, regions, category):
    r = client_for("deputy").post(reverse("cases:create"), {
        "source": "reception_day", "description": "希望协调人才公寓", "category": category.pk, "urgency": "normal",
        "region": regions["beibei"].pk, "enterprise_name": "重庆某科技公司", "contact_name": "王五",
        "contact_phone": "13700001111", "collected_by": personas["deputy_record"].pk,
    })
    assert r.status_code == 302, r.content.decode()[:2000]
    case = Case.objects.get()
    assert case.source == "reception_day" and case.collected_by == personas["deputy_record"]
    page = client_for("deputy").get(r["Location"]).content.decode()
    assert "希望协调人才公寓" in page


def test_entry_form_errors_in_chinese(client_for, regions, category):
    r = client_for("staff").post(reverse("cases:create"), {
        "source": "visit", "description": "x", "category": category.pk, "urgency": "normal",
        "region": regions["beibei"].pk, "enterprise_name": "某厂", "contact_name": "王五", "contact_phone": "123",
    })
    assert r.status_code == 400 and "手机号" in r.content.decode()
    assert not Case.objects.exists()


def test_handler_cannot_enter_cases(client_for):
    assert client_for("handler").get(reverse("cases:create")).status_code == 403


def test_documents_and_ledger_links_follow_the_role(make_case, client_for, walk):
    case = walk(make_case(), "assigned")
    slip = reverse("cases:assignment_slip", args=[case.pk])
    notice = reverse("cases:supervision_notice", args=[case.pk])
    handler_page = client_for("handler").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert slip in handler_page and notice not in handler_page
    staff_page = client_for("staff").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert slip in staff_page and notice in staff_page
    assert client_for("handler").get(slip).status_code == 200
    staff_list = client_for("staff").get(reverse("cases:list") + "?q=燃气").content.decode()
    assert reverse("cases:ledger_export") + "?q=" in staff_list and reverse("cases:import") in staff_list
    handler_list = client_for("handler").get(reverse("cases:list")).content.decode()
    assert reverse("cases:import") not in handler_list
