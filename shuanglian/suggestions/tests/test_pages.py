"""The pages: the staff list with filters and lights, 我的建议, the unit's inbox, the create form and
the suggestion's page whose forms take the same moves as the API (bad input keeps what was typed)."""

import pytest
from django.test import Client

from shuanglian.cases.models import Case, Category
from shuanglian.suggestions.models import Commitment, Suggestion

from .conftest import D

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_for(people):
    def make(name):
        c = Client()
        c.force_login(people[name])
        return c
    return make


def test_staff_list_filters_and_lights_in_bounded_queries(page_for, make_suggestion, walk, today,
                                                          django_assert_max_num_queries):
    for _ in range(6):
        walk(make_suggestion(), "assigned")
    late = walk(make_suggestion(title="关于优化惠企平台的建议"), "assigned")
    Suggestion.objects.filter(pk=late.pk).update(due_date=D(2026, 11, 1), warn_date=D(2026, 10, 1))
    walk(make_suggestion(), "submitted")
    c = page_for("staff")
    with django_assert_max_num_queries(9):  # session, user, notices badge, units, count, rows …
        r = c.get("/suggestions/")
    html = r.content.decode()
    assert r.status_code == 200 and "共 <b>8</b> 件" in html
    assert html.index("《关于优化惠企平台的建议》") < html.index("《关于加快“充储泊配”设施建设的建议》")  # red first
    r = c.get("/suggestions/?light=red")
    assert "共 <b>1</b> 件" in r.content.decode() and "红灯" in r.content.decode()
    assert "共 <b>1</b> 件" in c.get("/suggestions/?status=submitted").content.decode()
    assert "共 <b>0</b> 件" in c.get("/suggestions/?status=nonsense&q=不存在").content.decode()
    assert c.get("/suggestions/?unit=٣").status_code == 200


def test_deputy_and_unit_lists_show_only_their_own(page_for, make_suggestion, walk, people):
    mine = walk(make_suggestion(), "assigned")
    walk(make_suggestion(title="关于推进渝西片区交通互联互通一体化发展的建议"), "submitted")
    assert page_for("deputy").get("/suggestions/").url == "/suggestions/mine/"
    html = page_for("deputy").get("/suggestions/mine/").content.decode()
    assert "我的建议" in html and "共 <b>2</b> 件" in html
    html = page_for("other_deputy").get("/suggestions/mine/").content.decode()
    assert "共 <b>0</b> 件" in html
    html = page_for("handler").get("/suggestions/inbox/").content.decode()
    assert "共 <b>1</b> 件" in html and f'data-suggestion="{mine.pk}"' in html
    html = page_for("outsider").get("/suggestions/inbox/").content.decode()
    assert "（协办）" in html
    assert page_for("staff").get("/suggestions/mine/").status_code == 404
    assert page_for("bishan_staff").get(f"/suggestions/{mine.pk}/").status_code == 404


def test_assign_answer_rate_and_follow_the_commitment_through_the_pages(page_for, make_suggestion, walk, people,
                                                                        departments, today):
    s = walk(make_suggestion(), "submitted")
    staff = page_for("staff")
    html = staff.get(f"/suggestions/{s.pk}/").content.decode()
    assert 'data-action="assign"' in html and 'data-action="refuse"' in html and "区经济信息委" in html
    # bad input: the page again, 400, the typed choice kept
    r = staff.post(f"/suggestions/{s.pk}/act/assign/", {"version": s.version, "co_units": [departments["fgw"].pk]})
    assert r.status_code == 400 and "请选择主办单位" in r.content.decode()
    r = staff.post(f"/suggestions/{s.pk}/act/assign/", {"version": s.version, "lead_unit": departments["jxw"].pk,
                                                         "co_units": [departments["fgw"].pk]})
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.status == "assigned" and list(s.co_units.all()) == [departments["fgw"]]

    handler = page_for("handler")
    r = handler.post(f"/suggestions/{s.pk}/act/answer/", {
        "version": s.version, "category": "B", "content": "正在推进。",
        "commitment_content_1": "年底前建成10座一体站", "commitment_due_1": "2026-12-31"})
    assert r.status_code == 302
    c = Commitment.objects.get(suggestion=s)
    r = page_for("deputy").post(f"/suggestions/{s.pk}/act/rate/", {"rating": "basically_satisfied"})
    assert r.status_code == 302
    s.refresh_from_db()
    assert (s.status, s.get_rating_display()) == ("closed", "基本满意")
    html = page_for("deputy").get("/suggestions/mine/").content.decode()
    assert "年底前建成10座一体站" in html  # followed on the deputy's own page
    html = handler.get(f"/suggestions/{s.pk}/").content.decode()
    assert "报告兑现" in html
    handler.post(f"/suggestions/commitments/{c.pk}/act/deliver/", {"note": "已建成。", "version": c.version})
    page_for("deputy").post(f"/suggestions/commitments/{c.pk}/act/rate/", {"rating": "satisfied"})
    c.refresh_from_db()
    assert (c.status, c.rating) == ("rated", "satisfied")


def test_a_stale_form_keeps_the_typed_text_and_says_why(page_for, make_suggestion, walk, people):
    s = walk(make_suggestion(), "assigned")
    page_for("handler").post(f"/suggestions/{s.pk}/act/answer/", {"category": "A", "content": "已采纳"})
    r = page_for("handler").post(f"/suggestions/{s.pk}/act/answer/",
                                 {"version": s.version, "category": "A", "content": "我写的答复"})
    html = r.content.decode()
    assert r.status_code == 409 and "已被他人更新" in html and "我写的答复" in html


def test_create_form_for_a_deputy_and_for_staff(page_for, people):
    r = page_for("deputy").post("/suggestions/new/", {
        "kind": "suggestion", "title": "关于支持璧山区打造智能网联新能源汽车控制器百亿级产业基地的建议",
        "reasons": "产业基础好", "proposals": "出台专项政策", "co_signers": [people["cosigner_record"].pk]})
    assert r.status_code == 302
    s = Suggestion.objects.get()
    assert (s.lead_deputy, s.status) == (people["deputy_record"], "draft")
    r = page_for("staff").post("/suggestions/new/", {"kind": "suggestion", "title": "关于优化惠企平台的建议",
                                                      "reasons": "x", "proposals": "y", "lead_deputy": "٣"})
    assert r.status_code == 200 and "请选择" in r.content.decode()
    r = page_for("deputy").post("/suggestions/new/", {"kind": "suggestion", "title": "优化惠企平台",
                                                       "reasons": "x", "proposals": "y"})
    assert "标题应为《关于……的建议》" in r.content.decode()
    assert Suggestion.objects.count() == 1
    assert page_for("handler").get("/suggestions/new/").status_code == 403


def test_a_collected_case_becomes_a_suggestion_from_its_page_link(page_for, people, regions):
    case = Case.objects.create(title="链主企业政策兑现慢", description="需市级协调", category=Category.objects.first(),
                               source="visit", enterprise_name="某公司", contact_name="刘",
                               contact_phone="13900000000", region=regions["beibei"],
                               collected_by=people["deputy_record"])
    link = f'href="/suggestions/new/?case={case.pk}"'
    case_page = page_for("deputy").get(f"/cases/{case.pk}/").content.decode()
    assert link in case_page and "转为建议" in case_page
    # Only the collecting deputy may turn it into a suggestion: staff are not offered a link that refuses them.
    assert link not in page_for("staff").get(f"/cases/{case.pk}/").content.decode()
    html = page_for("deputy").get(f"/suggestions/new/?case={case.pk}").content.decode()
    assert "关于链主企业政策兑现慢的建议" in html
    r = page_for("deputy").post(f"/suggestions/new/?case={case.pk}", {
        "kind": "suggestion", "title": "关于加快链主企业政策兑现的建议", "reasons": "需市级协调", "proposals": "建专班"})
    assert r.status_code == 302 and case.suggestions.get().title == "关于加快链主企业政策兑现的建议"
    # Linked both ways: the case page names the suggestion it became.
    staff_page = page_for("staff").get(f"/cases/{case.pk}/").content.decode()
    assert "《关于加快链主企业政策兑现的建议》" in staff_page and f"/suggestions/{case.suggestions.get().pk}/" in staff_page
    assert page_for("other_deputy").get(f"/suggestions/new/?case={case.pk}").status_code in (403, 404)
