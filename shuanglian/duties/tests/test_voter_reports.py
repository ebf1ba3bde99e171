"""向选民述职: staff of the deputy's region record a deputy's report to voters (date, place,
attendees, summary); every refusal is in Chinese, keeps the input and writes nothing; others read
the list but cannot record."""

import datetime as dt

import pytest
from django.utils import timezone

from shuanglian.core.models import AuditEvent
from shuanglian.duties.models import VoterReport

pytestmark = pytest.mark.django_db


def url(deputy):
    return f"/duties/deputies/{deputy.pk}/voter-reports/"


def good(**kw):
    return {"date": (timezone.localdate() - dt.timedelta(days=3)).isoformat(), "place": "同兴社区会议室",
            "attendees": "46", "summary": "报告履职情况，选民评议满意。"} | kw


def test_staff_record_a_report_to_voters(personas, client_for):
    me = personas["deputy_record"]
    r = client_for("staff").post(url(me), good())
    assert r.status_code == 302
    report = VoterReport.objects.get()
    assert (report.deputy, report.place, report.attendees) == (me, "同兴社区会议室", 46)
    assert AuditEvent.objects.filter(event_type="voter_report.record").count() == 1
    page = client_for("deputy").get(url(me)).content.decode()
    assert "同兴社区会议室" in page and "46 人" in page and "登记向选民述职" not in page
    assert "向选民述职" in client_for("staff").get(f"/deputies/{me.pk}/").content.decode()


@pytest.mark.parametrize("bad, message", [
    ({"date": ""}, "请填写述职日期"),
    ({"date": "2026-02-30"}, "述职日期"),
    ({"date": (timezone.localdate() + dt.timedelta(days=1)).isoformat()}, "述职日期不能晚于今天"),
    ({"place": "  "}, "请填写述职地点"),
    ({"attendees": "0"}, "参加选民人数至少为 1"),
    ({"attendees": "٤٦"}, "参加选民人数"),
    ({"attendees": "abc"}, "参加选民人数"),
    ({"summary": ""}, "请填写述职及评议情况"),
])
def test_bad_input_is_refused_in_chinese_keeps_the_input_and_writes_nothing(personas, client_for, bad, message):
    r = client_for("staff").post(url(personas["deputy_record"]), good(**bad) | {"summary": bad.get("summary", "选民评议原文")})
    html = r.content.decode()
    assert r.status_code == 400 and message in html
    if "summary" not in bad:
        assert "选民评议原文" in html
    assert not VoterReport.objects.exists()


def test_the_same_day_twice_is_one_report(personas, client_for):
    me = personas["deputy_record"]
    client_for("staff").post(url(me), good())
    again = client_for("staff").post(url(me), good())
    assert again.status_code == 400 and "已登记" in again.content.decode()
    assert VoterReport.objects.count() == 1


def test_only_staff_of_the_region_record(personas, client_for):
    me = personas["deputy_record"]
    for who, status in (("deputy", 403), ("leader", 403), ("bishan_staff", 404), ("handler", 404)):
        assert client_for(who).post(url(me), good()).status_code == status, who
    assert not VoterReport.objects.exists()
