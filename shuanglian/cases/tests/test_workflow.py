"""Every workflow action through its service: what it changes, which clock runs, and every
refusal (wrong status → 409, wrong person → 403, bad input → 400, nothing written)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from shuanglian.cases import clock, services
from shuanglian.cases.api.actions import case_act
from shuanglian.cases.models import CaseStatus, CoDepartment, ExtensionRequest
from shuanglian.cases.workflow import allowed_actions
from shuanglian.core.errors import BusinessError, ConcurrentUpdate, TransitionNotAllowed
from shuanglian.core.models import AuditEvent
from shuanglian.lib.workdays import add_workdays, workdays_between


def events(case, action=None):
    qs = AuditEvent.objects.filter(target_type="cases.case", target_id=str(case.pk))
    if action:
        qs = qs.filter(event_type=f"case.{action}")
    return list(qs.order_by("at", "id"))


@pytest.fixture
def case(make_case, day):
    return make_case()


def test_accept_sets_milestone_and_one_event(case, personas):
    case = services.case_accept(case=case, actor=personas["staff"], note="属实")
    assert case.status == CaseStatus.ACCEPTED and case.accepted_at is not None
    assert case.version == 2
    [event] = events(case)
    assert event.event_type == "case.accept" and event.note == "属实" and event.actor == personas["staff"]
    assert event.changes["status"] == ["submitted", "accepted"]


def test_reject_needs_a_reason_and_ends_the_case(case, personas):
    with pytest.raises(BusinessError, match="理由"):
        services.case_reject(case=case, actor=personas["staff"], note=" ")
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED and events(case) == []
    case = services.case_reject(case=case, actor=personas["staff"], note="不属于本区事项")
    assert case.status == CaseStatus.REJECTED and case.due_date is None
    assert allowed_actions(case, personas["staff"]) == []


def test_resolve_on_spot_goes_straight_to_revisit(case, personas, day):
    with pytest.raises(BusinessError, match="处理情况"):
        services.case_resolve_on_spot(case=case, actor=personas["staff"], content="")
    case = services.case_resolve_on_spot(case=case, actor=personas["staff"], content="现场协调供电所解决。")
    assert case.status == CaseStatus.REPLIED
    assert case.reply_result == "solved" and case.reply_on_time is True and case.replied_at is not None
    assert case.clock_kind == "revisit" and case.due_date == add_workdays(day(), 3)


def test_deputy_who_collected_may_resolve_on_spot(make_case, personas, day):
    case = make_case(collected_by=personas["deputy_record"], source="reception_day")
    assert "resolve_on_spot" in allowed_actions(case, personas["deputy"])
    assert "accept" not in allowed_actions(case, personas["deputy"])
    case = services.case_resolve_on_spot(case=case, actor=personas["deputy"], content="接待日当场答复政策。")
    assert case.status == CaseStatus.REPLIED


def test_assign_starts_one_working_day_sign_clock(case, personas, departments, day, walk):
    case = walk(case, "accepted")
    case = services.case_assign(case=case, department=departments["jxw"], co_departments=[departments["fgw"]],
                                actor=personas["staff"], note="请尽快办理")
    assert case.status == CaseStatus.ASSIGNED and case.lead_department == departments["jxw"]
    assert case.assigned_at is not None
    assert case.clock_kind == "sign" and case.clock_start == day() and case.due_date == add_workdays(day(), 1)
    co = CoDepartment.objects.get(case=case)
    assert co.department == departments["fgw"] and co.due_date == add_workdays(day(), 3)
    [event] = events(case, "assign")
    assert event.changes["lead_department_name"] == [None, "区经济信息委"]
    assert event.changes["co_departments"] == [[], ["区发改委"]]


def test_assign_refuses_a_department_outside_the_region(case, personas, departments, walk):
    case = walk(case, "accepted")
    with pytest.raises(BusinessError, match="不在您的工作范围"):
        services.case_assign(case=case, department=departments["bishan_jxw"], actor=personas["staff"])
    with pytest.raises(BusinessError, match="不能超过25"):
        services.case_assign(case=case, department=departments["jxw"], due_workdays=30, actor=personas["staff"])
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED and events(case, "assign") == []


def test_reassign_replaces_department(case, personas, departments, walk):
    case = walk(case, "assigned")
    case = services.case_assign(case=case, department=departments["fgw"], actor=personas["staff"])
    assert case.lead_department == departments["fgw"] and case.status == CaseStatus.ASSIGNED


def test_sign_starts_reply_clock_from_assignment_date(case, personas, day, walk):
    assigned_on = day()
    case = walk(case, "assigned")
    day.advance(1)
    case = services.case_sign(case=case, actor=personas["handler"])
    assert case.status == CaseStatus.IN_PROGRESS and case.sign_on_time is True and case.signed_at
    assert case.clock_kind == "reply" and case.clock_start == assigned_on and case.clock_limit == 7
    assert case.due_date == add_workdays(assigned_on, 7)


def test_late_sign_is_marked_late(case, personas, day, walk):
    case = walk(case, "assigned")
    day.advance(3)
    case = services.case_sign(case=case, actor=personas["handler"])
    assert case.sign_on_time is False


def test_staff_chosen_limit_and_urgency(make_case, personas, departments, day, walk):
    case = walk(make_case(), "accepted")
    case = services.case_assign(case=case, department=departments["jxw"], due_workdays=12, actor=personas["staff"])
    case = services.case_sign(case=case, actor=personas["handler"])
    assert case.clock_limit == 12
    urgent = walk(make_case(urgency="urgent"), "in_progress")
    assert urgent.clock_limit == 2


def test_the_staff_chosen_limit_is_the_cases_own_not_read_back_from_history(make_case, personas, departments, walk):
    """The reply limit chosen at assignment lives on the case: signing uses it even when the audit
    trail is not there to read (audit records what happened; no rule reads from it)."""
    case = walk(make_case(), "accepted")
    case = services.case_assign(case=case, department=departments["jxw"], due_workdays=12, actor=personas["staff"])
    AuditEvent.objects.filter(target_type="cases.case", target_id=str(case.pk)).delete()
    case = services.case_sign(case=case, actor=personas["handler"])
    assert case.clock_limit == 12
    # a reassignment without a chosen limit goes back to the category's limit
    case = services.case_return(case=case, actor=personas["handler"], note="非本部门职责")
    case = services.case_assign(case=case, department=departments["jxw"], actor=personas["staff"])
    case = services.case_sign(case=case, actor=personas["handler"])
    assert case.clock_limit == 7


def test_only_the_lead_department_signs(case, personas, walk):
    case = walk(case, "assigned")
    for who in ("outsider", "leader", "staff", "deputy"):
        with pytest.raises(PermissionDenied):
            services.case_sign(case=case, actor=personas[who])
    assert services.case_sign(case=case, actor=personas["dept_leader"]).status == CaseStatus.IN_PROGRESS


def test_return_sends_back_to_staff(case, personas, departments, walk):
    case = walk(case, "assigned")
    with pytest.raises(BusinessError, match="理由"):
        services.case_return(case=case, actor=personas["handler"], note="")
    case = services.case_return(case=case, actor=personas["handler"], note="属于区发改委职责")
    assert case.status == CaseStatus.ACCEPTED and case.lead_department is None
    assert case.clock_kind == "assign"  # back on the staff's own clock, to be reassigned
    assert events(case, "return")[0].changes["lead_department_name"] == ["区经济信息委", None]


def test_co_report(case, personas, departments, walk):
    case = walk(case, "accepted")
    case = services.case_assign(case=case, department=departments["jxw"], co_departments=[departments["fgw"]],
                                actor=personas["staff"])
    case = services.case_sign(case=case, actor=personas["handler"])
    assert "co_report" in allowed_actions(case, personas["outsider"])
    with pytest.raises(BusinessError, match="协办意见"):
        services.case_co_report(case=case, actor=personas["outsider"], report="")
    services.case_co_report(case=case, actor=personas["outsider"], report="已出具规划意见。")
    co = CoDepartment.objects.get(case=case)
    assert co.report == "已出具规划意见。" and co.reported_at is not None
    with pytest.raises(PermissionDenied):
        services.case_co_report(case=case, actor=personas["handler"], report="主办不能协办反馈")


def test_extension_request_and_approval(case, personas, day, walk):
    case = walk(case, "in_progress")
    due_before = case.due_date
    with pytest.raises(BusinessError, match="最多还能延期18"):
        services.case_request_extension(case=case, actor=personas["handler"], days=19, note="需要规划调整")
    case = services.case_request_extension(case=case, actor=personas["handler"], days=5, note="需要规划调整")
    assert case.due_date == due_before  # not until approved
    assert "decide_extension" in allowed_actions(case, personas["staff"])
    assert "request_extension" not in allowed_actions(case, personas["handler"])
    case = services.case_decide_extension(case=case, actor=personas["staff"], approve=True, note="同意")
    assert case.clock_extension == 5 and case.due_date == add_workdays(case.clock_start, 12)
    req = ExtensionRequest.objects.get(case=case)
    assert req.status == "approved" and req.decided_by == personas["staff"]


def test_extension_refused_keeps_due_date(case, personas, walk):
    case = walk(case, "in_progress")
    due = case.due_date
    case = services.case_request_extension(case=case, actor=personas["handler"], days=3, note="材料不全")
    case = services.case_decide_extension(case=case, actor=personas["staff"], approve=False, note="请按期办理")
    assert case.due_date == due and case.clock_extension == 0
    assert ExtensionRequest.objects.get(case=case).status == "refused"


def test_extension_must_come_a_working_day_before_due(case, personas, day, walk):
    case = walk(case, "in_progress")
    day.set(case.due_date)
    with pytest.raises(BusinessError, match="前至少1个工作日"):
        services.case_request_extension(case=case, actor=personas["handler"], days=2, note="来不及")
    assert not ExtensionRequest.objects.filter(case=case).exists()


def test_extensions_are_capped_at_reply_max(case, personas, walk):
    case = walk(case, "in_progress")
    case = services.case_request_extension(case=case, actor=personas["handler"], days=18, note="复杂")
    case = services.case_decide_extension(case=case, actor=personas["staff"], approve=True)
    assert case.clock_limit + case.clock_extension == 25
    with pytest.raises(BusinessError, match="上限25"):
        services.case_request_extension(case=case, actor=personas["handler"], days=1, note="还要")


def test_pause_and_resume_add_paused_working_days(case, personas, day, walk):
    case = walk(case, "in_progress")
    due = case.due_date
    with pytest.raises(BusinessError, match="理由"):
        services.case_pause(case=case, actor=personas["handler"], note="")
    case = services.case_pause(case=case, actor=personas["handler"], note="等待企业补充材料")
    assert case.due_date is None and case.paused_since == day()
    assert "pause" not in allowed_actions(case, personas["handler"])
    day.advance(4)
    case = services.case_resume(case=case, actor=personas["staff"])
    assert case.clock_paused_days == 4 and case.paused_since is None
    assert case.due_date == add_workdays(case.clock_start, 11)
    assert case.due_date > due


def test_reply_requires_commitment_unless_solved(case, personas, day, walk):
    case = walk(case, "in_progress")
    with pytest.raises(BusinessError, match="承诺事项"):
        services.case_reply(case=case, actor=personas["handler"], result="partly_solved", content="部分解决")
    with pytest.raises(BusinessError, match="办理结果"):
        services.case_reply(case=case, actor=personas["handler"], result="maybe", content="x")
    with pytest.raises(BusinessError, match="答复内容"):
        services.case_reply(case=case, actor=personas["handler"], result="solved", content=" ")
    started = case.clock_start
    day.advance(2)
    case = services.case_reply(case=case, actor=personas["handler"], result="partly_solved", content="已调整一半",
                               commitment="二期管线9月完成", commitment_due=day() + dt.timedelta(days=60))
    assert case.status == CaseStatus.REPLIED and case.reply_on_time is True
    assert case.reply_workdays == workdays_between(started, day()) == 2
    assert case.commitment == "二期管线9月完成"
    assert case.clock_kind == "revisit" and case.due_date == add_workdays(day(), 3)


def test_late_reply_is_marked_late(case, personas, day, walk):
    case = walk(case, "in_progress")
    day.set(add_workdays(case.due_date, 1))
    case = services.case_reply(case=case, actor=personas["handler"], result="solved", content="已解决")
    assert case.reply_on_time is False and case.reply_workdays == 8


def test_reply_while_paused_ends_the_pause(case, personas, day, walk):
    case = walk(case, "in_progress")
    case = services.case_pause(case=case, actor=personas["handler"], note="等企业")
    day.advance(2)
    case = services.case_reply(case=case, actor=personas["handler"], result="solved", content="已解决")
    assert case.reply_workdays == 0 and case.reply_on_time is True


def test_revisit_by_enterprise_and_by_phone(case, make_case, personas, walk):
    case = walk(case, "replied")
    with pytest.raises(BusinessError, match="请选择评价"):
        services.case_revisit(case=case, actor=None, rating="no_response")
    case = services.case_revisit(case=case, actor=None, rating="basically_satisfied", comment="还行")
    assert case.status == CaseStatus.REVISITED and case.rated_by_phone is False and case.rated_at
    assert case.due_date is None
    assert events(case, "revisit")[0].actor_label == "企业（查询码）"
    other = walk(make_case(), "replied")
    other = services.case_revisit(case=other, actor=personas["staff"], rating="satisfied", by_phone=True)
    assert other.rated_by_phone is True
    with pytest.raises(PermissionDenied):
        services.case_revisit(case=walk(make_case(), "replied"), actor=personas["handler"], rating="satisfied")


def test_close_after_revisit(case, personas, walk):
    case = walk(case, "closed")
    assert case.status == CaseStatus.CLOSED and case.closed_at and case.rating == "satisfied"
    assert allowed_actions(case, personas["staff"]) == []
    with pytest.raises(TransitionNotAllowed, match="已销号"):
        services.case_reopen(case=case, actor=personas["staff"], note="再办")


def test_close_without_rating_only_after_no_response_window(case, personas, day, walk):
    case = walk(case, "replied")
    assert "close" not in allowed_actions(case, personas["staff"])
    with pytest.raises(TransitionNotAllowed, match="未回复"):
        services.case_close(case=case, actor=personas["staff"])
    day.advance(clock.limits()["no_response_after"])
    assert "close" in allowed_actions(case, personas["staff"])
    case = services.case_close(case=case, actor=personas["staff"], note="电话未接通，按未回复销号")
    assert case.status == CaseStatus.CLOSED and case.rating == "no_response"


def test_reopen_unsatisfied_keeps_old_answer_in_audit(case, personas, departments, day, walk):
    case = walk(case, "replied")
    case = services.case_revisit(case=case, actor=None, rating="unsatisfied", comment="没解决")
    with pytest.raises(BusinessError, match="理由"):
        services.case_reopen(case=case, actor=personas["staff"], note="")
    day.advance(1)
    case = services.case_reopen(case=case, actor=personas["staff"], note="企业不满意，重新办理")
    assert case.status == CaseStatus.ASSIGNED and case.lead_department == departments["jxw"]
    assert case.reopen_count == 1 and case.rating == "" and case.reply_content == "" and case.replied_at is None
    assert case.clock_kind == "sign" and case.clock_start == day()
    changes = events(case, "reopen")[0].changes
    assert changes["reply_content"] == ["已协调燃气公司调整走线。", ""]
    assert changes["rating"] == ["unsatisfied", ""] and changes["rating_comment"] == ["没解决", ""]
    case = services.case_sign(case=case, actor=personas["handler"])
    assert case.clock_start == day() and case.due_date == add_workdays(day(), 7)


def test_reopen_only_when_unsatisfied(case, personas, walk):
    case = walk(case, "revisited")
    assert "reopen" not in allowed_actions(case, personas["staff"])
    with pytest.raises(TransitionNotAllowed, match="不满意"):
        services.case_reopen(case=case, actor=personas["staff"], note="再办")


def test_merge_keeps_both_tracking_codes(make_case, personas, walk):
    master = make_case(title="燃气管道改线")
    dup = make_case(title="燃气走线冲突")
    code = dup.tracking_code
    with pytest.raises(BusinessError, match="自身"):
        services.case_merge(case=dup, into=dup, actor=personas["staff"])
    dup = services.case_merge(case=dup, into=master, actor=personas["staff"], note="同一问题")
    assert dup.status == CaseStatus.MERGED and dup.merged_into == master and dup.tracking_code == code
    assert master.tracking_code != code
    other = make_case()
    with pytest.raises(BusinessError, match="不能并入"):
        services.case_merge(case=other, into=dup, actor=personas["staff"])


def test_wrong_status_is_409_and_writes_nothing(case, personas, walk):
    """The lead department's handler may sign — but not twice: the status says no (409)."""
    case = walk(case, "in_progress")  # signed: 办理中
    version, before = case.version, len(events(case))
    with pytest.raises(TransitionNotAllowed, match="不能执行“签收”"):
        services.case_sign(case=case, actor=personas["handler"])
    case.refresh_from_db()
    assert case.version == version and len(events(case)) == before


def test_a_department_not_yet_given_the_case_is_refused_as_such(case, personas):
    """Permission before state: before assignment the handler holds no role on the case (403)."""
    with pytest.raises(PermissionDenied, match="您无权对该诉求执行“签收”"):
        services.case_sign(case=case, actor=personas["handler"])
    case.refresh_from_db()
    assert case.version == 1 and events(case) == []


def test_stale_version_is_refused(case, personas):
    services.case_accept(case=case, actor=personas["staff"], expected_version=1)
    with pytest.raises(ConcurrentUpdate, match="已被他人更新"):
        services.case_reject(case=case, actor=personas["staff"], note="重复", expected_version=1)
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED and case.version == 2


def test_leader_and_outsider_cannot_act(case, personas):
    for who in ("leader", "outsider", "handler", "bishan_staff"):
        with pytest.raises(PermissionDenied):
            services.case_accept(case=case, actor=personas[who])
        assert allowed_actions(case, personas[who]) == []


def test_case_act_dispatches_and_parses(case, personas, departments, walk):
    case = walk(case, "accepted")
    case = case_act(case=case, action="assign", actor=personas["staff"], data={
        "department": str(departments["jxw"].pk), "co_departments": [departments["fgw"].pk], "due_workdays": "10",
        "version": case.version, "note": "限期办理",
    })
    assert case.status == "assigned" and case.co_departments.count() == 1
    with pytest.raises(BusinessError, match="整数"):
        case_act(case=case, action="assign", actor=personas["staff"], data={"department": "x"})
    with pytest.raises(BusinessError, match="没有这个操作"):
        case_act(case=case, action="explode", actor=personas["staff"], data={})


def test_calendar_change_moves_open_deadlines(case, personas, walk, day, django_capture_on_commit_callbacks):
    from shuanglian.core.models import CalendarOverride
    from shuanglian.lib.workdays import is_workday

    case = walk(case, "in_progress")
    due = case.due_date
    # a working day inside the reply clock becomes a holiday: the deadline moves one working day later
    holiday = add_workdays(case.clock_start, 2)
    assert is_workday(holiday)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            from shuanglian.core.services import calendar_override_set
        except ImportError:  # older core without calendar services
            CalendarOverride.objects.create(date=holiday, is_workday=False, name="测试假日")
        else:
            calendar_override_set(day=holiday, is_workday=False, name="测试假日", actor=personas["admin"])
    case.refresh_from_db()
    assert case.due_date == add_workdays(due, 1)
    assert AuditEvent.objects.filter(event_type="case.recompute_deadlines").count() == 1
