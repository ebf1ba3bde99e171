"""Handling after signing (DESIGN.md §4.1): extension, pause, reply, revisit, close, reopen.

Reply starts the revisit clock (3 working days); reopen starts a new sign clock for the same
department; close and revisit stop the clock. See triage.py for how each service is shaped.
"""

from __future__ import annotations

import datetime as dt

from shuanglian.core.errors import BusinessError
from shuanglian.lib.workdays import workdays_between
from shuanglian.points.services import point_award

from .. import clock
from ..models import (
    VISITOR_RATINGS,
    Case,
    CaseStatus,
    ClockKind,
    ExtensionRequest,
    ExtensionStatus,
    Rating,
    ReplyResult,
)
from ..point_sources import RULE as DEMAND_SATISFIED
from ..point_sources import case_key, pays_on_close
from ..workflow import case_transition, outstanding_co_reports
from . import common

REPLY_FIELDS = [
    "reply_result", "reply_content", "commitment", "commitment_due", "replied_at", "reply_on_time",
    "reply_workdays",
]
RATING_FIELDS = ["rating", "rating_comment", "rated_by_phone", "rated_at"]


# --- extension and pause ------------------------------------------------------------------------

def _extension_room(case) -> int:
    return max(0, clock.limits()["reply_max"] - (case.clock_limit or 0) - case.clock_extension)


def case_request_extension(*, case, actor, days, note, expected_version=None) -> Case:
    """延期申请: at least 1 working day before the due date; within the reply_max cap."""
    def apply(c):
        if days is None or not isinstance(days, int) or days < 1:
            raise BusinessError("请填写申请延期的工作日天数（至少1个工作日）。", code="days_invalid")
        if c.clock_kind != ClockKind.REPLY:
            raise BusinessError("只有办理期间可以申请延期。", code="no_reply_clock")
        if c.paused_since is not None:
            raise BusinessError("计时暂停期间不能申请延期，请先恢复计时。", code="paused")
        if workdays_between(common.today(), c.due_date) < 1:
            raise BusinessError(
                f"延期须在截止日期（{c.due_date:%Y-%m-%d}）前至少1个工作日提出，现已不能申请，请尽快答复。",
                code="extension_too_late",
            )
        room = _extension_room(c)
        if room < 1:
            raise BusinessError(f"办理时限连同延期已达上限{clock.limits()['reply_max']}个工作日，不能再延期。",
                                code="extension_cap")
        if days > room:
            raise BusinessError(f"最多还能延期{room}个工作日（总时限不超过{clock.limits()['reply_max']}个工作日）。",
                                code="extension_cap")
        req = ExtensionRequest.objects.create(case=c, days=days, reason=note, requested_by=actor)
        return {"extension_request": [None, {"id": req.pk, "days": days, "status": req.status}]}

    return case_transition(case=case, action="request_extension", actor=actor, apply=apply, note=note or "",
                           expected_version=expected_version)


def case_decide_extension(*, case, actor, approve: bool, note="", expected_version=None) -> Case:
    """延期审批: approved days extend the reply clock, capped so limit + extensions ≤ reply_max."""

    def apply(c):
        req = c.extension_requests.filter(status=ExtensionStatus.PENDING).first()
        req.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
        req.decided_by = actor
        req.decided_at = common.now()
        req.decision_note = (note or "")[:200]
        req.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        granted = 0
        if approve:
            granted = min(req.days, _extension_room(c))
            c.clock_extension += granted
            clock.recompute(c)
        return {"extension_request": [{"id": req.pk, "days": req.days, "status": "pending"},
                                      {"id": req.pk, "status": req.status, "granted_days": granted}]}

    return case_transition(case=case, action="decide_extension", actor=actor, apply=apply, note=note,
                           expected_version=expected_version)


def _paused_workdays(case, today) -> int:
    if case.paused_since is None:
        return 0
    return max(0, workdays_between(case.paused_since, today))


def case_pause(*, case, actor, note, expected_version=None) -> Case:
    """暂停计时: while waiting on the enterprise; the case has no due date until resumed."""

    def apply(c):
        c.paused_since = common.today()
        c.pause_reason = (note or "")[:200]
        clock.recompute(c)

    return case_transition(case=case, action="pause", actor=actor, apply=apply, note=note or "",
                           expected_version=expected_version)


def case_resume(*, case, actor, note="", expected_version=None) -> Case:
    def apply(c):
        c.clock_paused_days += _paused_workdays(c, common.today())
        c.paused_since = None
        c.pause_reason = ""
        clock.recompute(c)

    return case_transition(case=case, action="resume", actor=actor, apply=apply, note=note,
                           expected_version=expected_version)


# --- reply, revisit, close, reopen --------------------------------------------------------------

def _check_reply(result, content, commitment, commitment_due):
    if result not in ReplyResult.values:
        raise BusinessError("请选择办理结果（已解决 / 部分解决 / 暂不具备解决条件）。", code="result_invalid")
    if not content:
        raise BusinessError("请填写答复内容。", code="content_required")
    if result != ReplyResult.SOLVED:
        if not commitment or commitment_due is None:
            raise BusinessError("部分解决或暂不具备解决条件的，须填写承诺事项和承诺完成日期。", code="commitment_required")
        if commitment_due < common.today():
            raise BusinessError("承诺完成日期不能早于今天。", code="commitment_due_past")


def case_reply(*, case, actor, result, content, commitment="", commitment_due=None, note="",
               expected_version=None) -> Case:
    """办结答复. For 部分解决 and 暂不具备解决条件 a commitment (what, by when) is required."""
    content = (content or "").strip()
    commitment = (commitment or "").strip()

    def apply(c):
        _check_reply(result, content, commitment, commitment_due)
        waiting = [str(co.department) for co in outstanding_co_reports(c).select_related("department")]
        if waiting:
            raise BusinessError(
                f"协办部门{'、'.join(waiting)}尚未反馈协办意见，暂不能办结答复。请催促协办部门反馈；"
                "确实无需等待的，请人大工作人员说明理由后免除其反馈。", code="co_report_outstanding")
        today = common.today()
        paused = _paused_workdays(c, today)
        if c.paused_since is not None:  # replying ends a pause
            c.clock_paused_days += paused
            c.paused_since = None
            clock.recompute(c)
        c.reply_result = result
        c.reply_content = content
        c.commitment = commitment if result != ReplyResult.SOLVED else ""
        c.commitment_due = commitment_due if result != ReplyResult.SOLVED else None
        c.replied_at = common.now()
        c.reply_on_time = c.due_date is None or today <= c.due_date
        used = workdays_between(c.clock_start, today) - c.clock_paused_days if c.clock_start else 0
        c.reply_workdays = max(0, used)
        clock.start_clock(c, ClockKind.REVISIT)

    return case_transition(case=case, action="reply", actor=actor, apply=apply, note=note,
                           expected_version=expected_version)


def case_revisit(*, case, actor, rating, comment="", by_phone=False, expected_version=None) -> Case:
    """回访评价: the enterprise on its tracking page (actor None) or staff by phone."""
    if rating not in VISITOR_RATINGS:
        raise BusinessError("请选择评价：满意、基本满意或不满意。", code="rating_invalid")

    merged = case.status == CaseStatus.MERGED

    def apply(c):
        c.rating = rating
        c.rating_comment = (comment or "").strip()
        c.rated_by_phone = bool(by_phone) if actor is not None else False
        c.rated_at = common.now()
        clock.stop_clock(c)
        if merged:  # the rating is of the reply the merged case received: keep who gave it and what
            followed = c.merged_into
            c.lead_department_id, c.reply_result = followed.lead_department_id, followed.reply_result

    label = "" if actor is not None else "企业（查询码）"
    return case_transition(case=case, action="rate_merged" if merged else "revisit", actor=actor, apply=apply,
                           note=comment or "", expected_version=expected_version, actor_label=label)


def no_response_date(case) -> dt.date | None:
    """The first day a replied, unrated case may be closed as 未回复."""
    if case.replied_at is None:
        return None
    return clock.add_workdays(common.local_date(case.replied_at), clock.limits()["no_response_after"])


def case_close(*, case, actor, note="", expected_version=None) -> Case:
    """销号: after a revisit; or, from 已答复, as 未回复 once the no-response window has passed."""

    def apply(c):
        if c.status == CaseStatus.REPLIED:  # the window has passed: workflow's close guard checked it
            c.rating = Rating.NO_RESPONSE
        c.closed_at = common.now()
        clock.stop_clock(c)
        if pays_on_close(c):  # 履职积分: the collecting deputy's demand closed satisfied (same transaction)
            point_award(deputy=c.collected_by, rule_code=DEMAND_SATISFIED, source_key=case_key(c),
                        occurred_on=common.local_date(c.closed_at), actor=actor)

    return case_transition(case=case, action="close", actor=actor, apply=apply, note=note,
                           expected_version=expected_version)


def case_reopen(*, case, actor, note, expected_version=None) -> Case:
    """重办: an unsatisfied case goes back to the same department with a new sign clock. The reply
    and rating are cleared on the case; the audit event keeps their old values."""

    def apply(c):
        for field in REPLY_FIELDS + RATING_FIELDS:
            setattr(c, field, Case._meta.get_field(field).get_default())
        c.reopen_count += 1
        clock.start_clock(c, ClockKind.SIGN)

    return case_transition(case=case, action="reopen", actor=actor, apply=apply, note=note or "",
                           expected_version=expected_version)


