"""代表码 (issue 7.6): a demand sent to a deputy's own code reaches that deputy first; in one step
each the deputy answers it on the spot, forwards it to staff's acceptance queue, or turns it into a
suggestion (linked both ways). Only that deputy and staff act on it; two clicks at once leave one
winner and a Chinese conflict message; per-deputy figures on the deputy's own pages."""

import pytest
from django.test import Client

from shuanglian.cases.models import Case
from shuanglian.cases.tests.test_intake_helpers import form_values
from shuanglian.core.models import User
from shuanglian.deputies.models import Deputy, Station, StationMember
from shuanglian.suggestions.models import Suggestion

pytestmark = pytest.mark.django_db
PAGE = "/duties/me/code-demands/"


@pytest.fixture
def me(personas, regions):
    deputy = personas["deputy_record"]
    station = Station.objects.create(kind="activity_point", name="千里科技人大代表活动点", region=regions["beibei"],
                                     head=deputy, address="北碚区蔡家岗街道同兴北路")
    # a second deputy of the same station: follows the station's demands, but not one sent to 周代表
    other = Deputy.objects.create(name="吴代表", level="district", region=regions["beibei"], sector="企业界",
                                  user=User.objects.create_user(username="p_wu", password="x", role="deputy",
                                                                region=regions["beibei"]))
    StationMember.objects.create(station=station, kind="deputy", deputy=other)
    return deputy


def send(deputy, n=1, **kw) -> Case:
    r = Client().post(f"/d/{deputy.code_token}/", form_values(**kw), REMOTE_ADDR=f"10.8.0.{n}")
    assert r.status_code == 302, r.content.decode()[:2000]
    return Case.objects.order_by("-pk").first()


def as_user(user):
    c = Client()
    c.force_login(user)
    return c


def queue_html(client_for):
    return client_for("staff").get("/cases/queue/").content.decode()


def test_the_demand_waits_for_that_deputy_not_in_staff_queue(me, client_for, rate_window):
    case = send(me)
    assert case.deputy_step == "pending" and case.get_deputy_step_display() == "待代表处理"
    mine = client_for("deputy").get(PAGE).content.decode()
    assert case.title in mine and "当场答复" in mine and "转入诉求闭环" in mine and "转为代表建议" in mine
    assert case.title not in queue_html(client_for)
    home = client_for("deputy").get("/duties/me/").content.decode()
    assert "待我处理 1 件" in home
    # the station's other deputy follows the station, but this demand is 周代表's to act on
    wu = as_user(User.objects.get(username="p_wu"))
    assert case.title not in wu.get(PAGE).content.decode()
    r = wu.post(f"{PAGE}{case.pk}/answer/", {"content": "我来答", "version": case.version})
    assert r.status_code == 403
    case.refresh_from_db()
    assert case.status == "submitted" and case.deputy_step == "pending"


def test_answered_on_the_spot_the_enterprise_reads_the_answer(me, client_for, rate_window):
    case = send(me)
    r = client_for("deputy").post(f"{PAGE}{case.pk}/answer/",
                                  {"content": "已联系区经信委，电价优惠可在网上申报。", "version": case.version})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.status == "replied" and case.deputy_step == "answered" and case.reply_result == "solved"
    track = Client().get(f"/t/{case.tracking_code}/").content.decode()
    assert "代表当场答复" in track and "电价优惠可在网上申报" in track and "请评价办理结果" in track
    page = client_for("deputy").get(PAGE).content.decode()
    assert "暂无待您处理的代表码诉求" in page
    assert "<dt>收到</dt><dd>1</dd>" in page and "<dt>当场答复</dt><dd>1</dd>" in page
    assert "<dt>本人处理占比</dt><dd>100.0%</dd>" in page


def test_an_empty_answer_is_refused_in_chinese_and_changes_nothing(me, client_for, rate_window):
    case = send(me)
    r = client_for("deputy").post(f"{PAGE}{case.pk}/answer/", {"content": "  ", "version": case.version})
    assert r.status_code == 400 and "请填写当场办结的处理情况" in r.content.decode()
    case.refresh_from_db()
    assert case.status == "submitted" and case.deputy_step == "pending" and case.version == 1


def test_forwarded_it_reaches_staff_as_a_case_the_deputy_collected(me, client_for, rate_window):
    case = send(me)
    r = client_for("deputy").post(f"{PAGE}{case.pk}/forward/", {"version": case.version})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.deputy_step == "forwarded" and case.status == "submitted" and case.collected_by == me
    assert case.clock_kind == "accept"
    assert case.title in queue_html(client_for)
    detail = client_for("staff").get(f"/cases/{case.pk}/").content.decode()
    assert "周代表" in detail and "受理" in detail
    # forwarding twice is no second step
    again = client_for("deputy").post(f"{PAGE}{case.pk}/forward/", {"version": case.version})
    assert again.status_code == 409 and "该诉求不是等待代表处理的代表码诉求" in again.content.decode()


def test_turned_into_a_suggestion_linked_both_ways(me, client_for, rate_window):
    case = send(me)
    r = client_for("deputy").post(f"/suggestions/from-code-demand/{case.pk}/", {
        "title": "关于降低园区企业用电成本的建议", "reasons": case.description, "proposals": "统一执行园区电价政策。",
        "version": case.version})
    assert r.status_code == 302
    s = Suggestion.objects.get()
    assert s.source_case == case and s.lead_deputy == me and s.status == "draft"
    case.refresh_from_db()
    assert case.deputy_step == "suggestion" and list(case.suggestions.all()) == [s]
    assert "关于降低园区企业用电成本的建议" in client_for("staff").get(f"/cases/{case.pk}/").content.decode()
    assert case.title in queue_html(client_for)  # staff answer the enterprise
    assert "<dt>转为建议</dt><dd>1</dd>" in client_for("deputy").get(PAGE).content.decode()


def test_a_refused_suggestion_keeps_the_input_and_writes_nothing(me, client_for, rate_window):
    case = send(me)
    r = client_for("deputy").post(f"/suggestions/from-code-demand/{case.pk}/", {
        "title": "降低用电成本", "reasons": "电价高", "proposals": "我的建议原文", "version": case.version})
    html = r.content.decode()
    assert r.status_code == 400 and "标题应为《关于……的建议》的形式" in html and "我的建议原文" in html
    assert not Suggestion.objects.exists()
    case.refresh_from_db()
    assert case.deputy_step == "pending" and case.version == 1


def test_two_clicks_at_once_one_wins_the_other_is_told(me, client_for, rate_window):
    case = send(me)
    deputy = client_for("deputy")
    first = deputy.post(f"{PAGE}{case.pk}/answer/", {"content": "第一部手机的答复", "version": case.version})
    assert first.status_code == 302
    second = deputy.post(f"/suggestions/from-code-demand/{case.pk}/", {
        "title": "关于降低园区企业用电成本的建议", "reasons": "电价高", "proposals": "第二部手机写的建议",
        "version": case.version})
    html = second.content.decode()
    assert second.status_code == 409 and "已被他人更新" in html and "第二部手机写的建议" in html
    assert not Suggestion.objects.exists()
    case.refresh_from_db()
    assert case.deputy_step == "answered" and case.reply_content == "第一部手机的答复"


def test_staff_may_take_it_over_and_it_leaves_the_deputys_hands(me, client_for, rate_window):
    case = send(me)
    assert client_for("staff").get(f"/cases/{case.pk}/").status_code == 200
    r = client_for("staff").post(f"/cases/{case.pk}/act/accept/", {"version": case.version})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.status == "accepted" and case.deputy_step == "staff"
    page = client_for("deputy").get(PAGE).content.decode()
    assert case.title not in page.split("code-demands")[-1]
    assert "<dt>收到</dt><dd>1</dd>" in page and "<dt>本人处理占比</dt><dd>0.0%</dd>" in page
    late = client_for("deputy").post(f"{PAGE}{case.pk}/forward/", {"version": case.version})
    assert late.status_code == 409


def test_only_deputies_use_the_page(me, client_for):
    assert client_for("staff").get(PAGE).status_code == 403
    assert Client().get(PAGE).status_code == 302  # to the login
