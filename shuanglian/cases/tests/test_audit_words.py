"""Issue 12.8: a person reads the audit log and the timeline as Chinese sentences in Beijing time —
no event codes, English field names or raw values — with the raw record one click away."""

import datetime as dt
import re

from django.utils import timezone

from shuanglian.cases import services
from shuanglian.core.audit import audit_record
from shuanglian.core.models import AuditEvent


def _visible(html: str) -> str:
    """The page's text as a person sees it: no tags, no attribute values, no collapsed raw record."""
    html = re.sub(r"<details.*?</details>", "", html, flags=re.S)
    html = re.sub(r"<(script|style).*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_assignment_reads_as_a_sentence_with_department_and_limit(make_case, client_for, personas, departments):
    case = services.case_accept(case=make_case(), actor=personas["staff"])
    services.case_assign(case=case, department=departments["jxw"], due_workdays=7, actor=personas["staff"])
    html = client_for("staff").get("/audit/", {"event_type": "case.assign"}).content.decode()
    assert f"王工作 将 {case.number} 燃气走线需要调整 交办给 区经济信息委，期限 7 个工作日" in html
    text = _visible(html)
    assert "case.assign" not in text and "lead_department_name" not in text and "assigned_workdays" not in text
    assert "主办部门" in text


def test_filter_offers_event_kinds_by_name_and_each_group(client_for, personas, regions):
    audit_record(event_type="case.accept", actor=personas["staff"], region=regions["beibei"], note="受理一件")
    html = client_for("staff").get("/audit/").content.decode()
    assert '<option value="case.assign">交办</option>' in html
    assert '<optgroup label="诉求">' in html and '<option value="case.">全部诉求事件</option>' in html
    assert '<option value="opinion.adopt">通过</option>' in html  # workflows name their own moves


def test_supervision_and_times_read_in_chinese_and_beijing_time(make_case, client_for, walk, personas, day):
    case = walk(make_case(), "in_progress")
    utc_moment = dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.UTC)  # 09:30 in Beijing
    event = audit_record(event_type="case.pause", actor=personas["staff"], target=case,
                         changes={"paused_since": [None, str(utc_moment)], "notice": [None, "formal"]})
    drawer = client_for("staff").get(f"/audit/{event.pk}/").content.decode()
    text = _visible(drawer)
    assert "2026-03-02 09:30" in text and "+00:00" not in text
    assert "督办通知书" in text and "formal" not in text and "paused_since" not in text
    assert "case.pause" in drawer  # the raw record stays one click away
    assert timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M") in text


def test_timeline_names_a_supervision_notice(make_case, client_for, walk, personas):
    case = walk(make_case(), "in_progress")
    audit_record(event_type="case.supervise", actor=personas["staff"], target=case, changes={"notice": [None, "red"]})
    html = client_for("staff").get(f"/cases/{case.pk}/").content.decode()
    assert "case.supervise" not in _visible(html)
    assert "督办" in _visible(html)


def test_csv_export_carries_the_sentence(make_case, client_for, personas, departments):
    case = services.case_accept(case=make_case(), actor=personas["staff"])
    services.case_assign(case=case, department=departments["jxw"], due_workdays=5, actor=personas["staff"])
    body = b"".join(client_for("staff").get("/audit/export.csv", {"event_type": "case.assign"}).streaming_content)
    assert "交办给 区经济信息委，期限 5 个工作日".encode() in body
    assert AuditEvent.objects.filter(event_type="audit.export").count() == 1
