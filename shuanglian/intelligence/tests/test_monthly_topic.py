"""每月一题: staff accept a common demand of the month and hand it on to a deliberation topic or a
deputy's draft suggestion; readers outside the region or without the role see and change nothing."""

import pytest
from django.utils import timezone

from shuanglian.core.models import AuditEvent
from shuanglian.intelligence.models import MonthlyTopic
from shuanglian.oversight.models import Topic
from shuanglian.suggestions.models import Status, Suggestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def power(units, submit):
    return [submit("厂区电力增容", f"{firm}新增冲压设备后用电负荷不足，申请专线增容。", enterprise=firm)
            for firm in ("甲公司", "乙公司", "丙公司")]


def _accept(client, cases, label="增容、专线", month=None):
    month = month or timezone.localdate().strftime("%Y-%m")
    return client.post("/cases/common/accept/", {"month": month, "label": label, "cases": [c.pk for c in cases]})


def test_staff_accept_a_cluster_from_the_page_and_it_is_marked_there(power, client_for):
    staff = client_for("staff")
    month = timezone.localdate().strftime("%Y-%m")
    page = staff.get(f"/cases/common/?month={month}").content.decode()
    assert "确定为每月一题" in page
    label = page.split('name="label" value="')[1].split('"')[0]
    r = _accept(staff, power, label=label)
    assert r.status_code == 302 and r["Location"] == "/cases/common/topics/"
    topic = MonthlyTopic.objects.get()
    assert topic.label == label and set(topic.cases.all()) == set(power) and topic.accepted_by.username == "p_staff"
    assert AuditEvent.objects.filter(event_type="monthly_topic.accept", target_id=str(topic.pk)).exists()
    page = staff.get(f"/cases/common/?month={month}").content.decode()
    assert "确定为每月一题</button>" not in page and "已确定" in page
    listing = staff.get("/cases/common/topics/").content.decode()
    assert label in listing and "0 / 3" in listing and power[0].number in listing
    again = _accept(staff, power, label=label)  # twice the same → a Chinese message, no second row
    assert MonthlyTopic.objects.count() == 1
    assert "已有每月一题" in staff.get(again["Location"]).content.decode()


def test_a_topic_needs_two_firms_and_only_this_months_cases(units, submit, power, client_for):
    staff = client_for("staff")
    one_firm = [submit("用地指标", "需要扩产用地。", category="land", enterprise="丁公司") for _ in range(2)]
    r = _accept(staff, one_firm, label="用地")
    assert "两家以上企业" in staff.get(r["Location"]).content.decode()
    r = _accept(staff, power, month="2025-01")  # the cases are not of that month
    assert "请刷新页面" in staff.get(r["Location"]).content.decode()
    r = _accept(staff, power, month="2099-01")
    assert MonthlyTopic.objects.count() == 0


def test_who_may_accept_and_read(power, client_for):
    assert _accept(client_for("leader"), power).status_code == 403  # leaders read, never write
    assert _accept(client_for("handler"), power).status_code == 403
    assert _accept(client_for("bishan_staff"), power).status_code == 302  # … but the cases are not theirs
    assert MonthlyTopic.objects.count() == 0
    _accept(client_for("staff"), power)
    topic = MonthlyTopic.objects.get()
    assert "增容" in client_for("leader").get("/cases/common/topics/").content.decode()
    assert "增容" not in client_for("bishan_staff").get("/cases/common/topics/").content.decode()
    assert client_for("bishan_staff").post(f"/suggestions/monthly-topic/{topic.pk}/to-topic/").status_code == 404
    assert client_for("leader").post(f"/suggestions/monthly-topic/{topic.pk}/to-topic/").status_code == 403
    assert client_for("handler").get("/cases/common/topics/").status_code == 403


def test_hand_over_to_a_deliberation_topic_once(power, client_for):
    staff = client_for("staff")
    _accept(staff, power)
    topic = MonthlyTopic.objects.get()
    r = staff.post(f"/suggestions/monthly-topic/{topic.pk}/to-topic/", {"version": topic.version})
    made = Topic.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/oversight/topics/{made.pk}/"
    assert made.title.startswith("每月一题：增容") and "3家企业" in made.summary and power[2].number in made.summary
    topic.refresh_from_db()
    assert topic.oversight_topic == made
    stale = staff.post(f"/suggestions/monthly-topic/{topic.pk}/to-topic/", {"version": topic.version - 1})
    assert Topic.objects.count() == 1 and "已被他人修改" in staff.get(stale["Location"]).content.decode()
    assert made.title in staff.get("/cases/common/topics/").content.decode()


def test_hand_over_to_a_deputys_draft_suggestion(power, personas, client_for):
    staff = client_for("staff")
    _accept(staff, power)
    topic = MonthlyTopic.objects.get()
    form = staff.get(f"/suggestions/new/?monthly_topic={topic.pk}").content.decode()
    assert "关于解决增容" in form and power[0].number in form
    url = f"/suggestions/new/?monthly_topic={topic.pk}"
    refused = staff.post(url, {"title": "关于解决增容问题的建议", "reasons": "三家企业反映", "proposals": "", "kind": "suggestion",
                               "lead_deputy": personas["deputy_record"].pk})
    assert refused.status_code == 200 and Suggestion.objects.count() == 0  # proposals are required; input kept
    assert "三家企业反映" in refused.content.decode()
    r = staff.post(url, {"title": "关于解决增容问题的建议", "reasons": "三家企业反映", "proposals": "统筹电网改造",
                         "kind": "suggestion", "lead_deputy": personas["deputy_record"].pk})
    s = Suggestion.objects.get()
    assert r.status_code == 302 and s.status == Status.DRAFT and s.lead_deputy == personas["deputy_record"]
    topic.refresh_from_db()
    assert topic.suggestion == s
    assert "关于解决增容问题的建议" in staff.get("/cases/common/topics/").content.decode()


def test_the_common_page_filters_by_chain(power, client_for, regions):
    from shuanglian.chains.models import Chain

    chain = Chain.objects.create(name="汽摩产业链", region=regions["beibei"])
    staff = client_for("staff")
    month = timezone.localdate().strftime("%Y-%m")
    page = staff.get(f"/cases/common/?month={month}&chain={chain.pk}").content.decode()
    assert "汽摩产业链" in page and "本月暂无" in page  # none of the power demands is of that chain
    type(power[0]).objects.filter(pk__in=[c.pk for c in power]).update(chain=chain)
    assert "增容" in staff.get(f"/cases/common/?month={month}&chain={chain.pk}").content.decode()
    assert staff.get("/cases/common/?chain=999999").status_code == 404
