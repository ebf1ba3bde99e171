"""Intake triage and assignment (DESIGN.md §4.1): one service per workflow action.

Each service is a thin function that calls `workflow.case_transition` with an `apply` that sets
the action's own fields and clocks. `case_transition` locks the row, checks status, role, guard
and version, saves only the changed fields and writes exactly one audit event `case.<action>`
whose `changes` carry every field's [old, new] — so fields cleared by a reopen are never lost.

Clocks (clock.py): submission starts the staff's accept clock, accept (and a return) their
assign clock; assign starts the sign clock (1 working day) and records the reply limit staff
chose (`assigned_workdays`); sign starts the reply clock from the assignment date with that limit
or the category/urgency limit (capped by `reply_max`).
"""

from __future__ import annotations

from django.db import transaction

from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import in_region_scope
from shuanglian.lib.workdays import workdays_between
from shuanglian.regions.selectors import department_list

from .. import clock
from ..models import Case, CaseStatus, ClockKind, CoDepartment, ReplyResult
from ..workflow import case_transition
from . import common

reply_limit_of = clock.reply_limit_of  # kept for callers of services.reply_limit_of

# --- intake and triage --------------------------------------------------------------------------

def case_accept(*, case, actor, note="", expected_version=None) -> Case:
    def apply(c):
        c.accepted_at = common.now()
        clock.start_clock(c, ClockKind.ASSIGN)  # the staff's own next step: assign it

    return case_transition(case=case, action="accept", actor=actor, apply=apply, note=note,
                           expected_version=expected_version)


def case_reject(*, case, actor, note, expected_version=None) -> Case:
    def apply(c):
        clock.stop_clock(c)

    return case_transition(case=case, action="reject", actor=actor, apply=apply, note=note or "",
                           expected_version=expected_version)


def case_resolve_on_spot(*, case, actor, content, note="", expected_version=None) -> Case:
    """当场办结: solved at once (at a reception day, by staff or the collecting deputy); the
    enterprise is then asked to rate it like any other reply."""
    content = (content or "").strip()

    def apply(c):
        if not content:
            raise BusinessError("请填写当场办结的处理情况。", code="content_required")
        now = common.now()
        c.accepted_at = c.accepted_at or now
        c.reply_result = ReplyResult.SOLVED
        c.reply_content = content
        c.replied_at = now
        c.reply_on_time = True
        c.reply_workdays = max(0, workdays_between(common.local_date(c.submitted_at), common.today()))
        clock.start_clock(c, ClockKind.REVISIT)

    return case_transition(case=case, action="resolve_on_spot", actor=actor, apply=apply, note=note,
                           expected_version=expected_version)


def case_merge(*, case, into, actor, note="", expected_version=None) -> Case:
    """并案: a duplicate joins a master case. The duplicate keeps its own tracking code; its
    tracking page shows the master's progress and reply."""

    def apply(c):
        if into is None:
            raise BusinessError("请选择要并入的诉求。", code="into_required")
        if into.pk == c.pk:
            raise BusinessError("不能将诉求并入其自身。", code="merge_self")
        if into.status in (CaseStatus.MERGED, CaseStatus.REJECTED, CaseStatus.CLOSED):
            raise BusinessError(f"目标诉求状态为“{into.get_status_display()}”，不能并入。", code="merge_target_closed")
        if not in_region_scope(actor, into.region):
            raise BusinessError("目标诉求不在您的工作范围内。", code="merge_out_of_scope")
        c.merged_into_id = into.pk
        clock.stop_clock(c)
        return {"merged_into_number": [None, into.number]}

    return case_transition(case=case, action="merge", actor=actor, apply=apply, note=note,
                           expected_version=expected_version)


# --- assignment ---------------------------------------------------------------------------------

@transaction.atomic
def case_accept_and_assign(*, case, department, co_departments=(), due_workdays=None, actor, note="",
                           expected_version=None) -> Case:
    """受理并交办 in one step, for staff who decide both at once: the two transitions, each with its
    own audit event, or — if the assignment is refused — neither."""
    accepted = case_accept(case=case, actor=actor, note=note, expected_version=expected_version)
    return case_assign(case=accepted, department=department, co_departments=co_departments,
                       due_workdays=due_workdays, actor=actor, expected_version=accepted.version)


def _check_department(actor, department, label="承办部门"):
    if department is None:
        raise BusinessError(f"请选择{label}。", code="department_required")
    if not department.is_active:
        raise BusinessError(f"{label}“{department}”已停用。", code="department_inactive")
    if not department_list(actor).filter(pk=department.pk).exists():
        raise BusinessError(f"{label}“{department}”不在您的工作范围内。", code="department_out_of_scope")


def case_assign(*, case, department, due_workdays=None, co_departments=(), actor, note="",
                expected_version=None) -> Case:
    """交办 (or reassign): one lead department, optional co-handlers, and optionally a reply
    limit in working days chosen by staff (capped by reply_max). Starts the sign clock."""
    cfg = clock.limits()

    def apply(c):
        _check_department(actor, department)
        if due_workdays is not None:
            if due_workdays < 1:
                raise BusinessError("办理时限至少为1个工作日。", code="due_workdays_invalid")
            if due_workdays > cfg["reply_max"]:
                raise BusinessError(f"办理时限不能超过{cfg['reply_max']}个工作日。", code="due_workdays_too_long")
        co_list = []
        for d in co_departments or ():
            if d.pk == department.pk or d in co_list:
                continue
            _check_department(actor, d, "协办部门")
            co_list.append(d)
        old_lead = str(c.lead_department) if c.lead_department_id else None
        old_co = sorted(str(x.department) for x in c.co_departments.select_related("department"))
        c.lead_department = department
        # the reply limit is fixed now (staff's choice or the category's): the reply deadline is
        # known — and shown, printed on the 交办单, returned by the API — from this moment on
        c.assigned_workdays = due_workdays or clock.reply_limit(c)
        c.assigned_at = common.now()
        clock.start_clock(c, ClockKind.SIGN)
        c.co_departments.all().delete()
        co_due = clock.add_workdays(common.today(), cfg["co_report"])
        for d in co_list:
            CoDepartment.objects.create(case=c, department=d, due_date=co_due)
        return {"lead_department_name": [old_lead, str(department)],
                "co_departments": [old_co, sorted(str(d) for d in co_list)]}

    return case_transition(case=case, action="assign", actor=actor, apply=apply, note=note,
                           expected_version=expected_version)


def case_sign(*, case, actor, note="", expected_version=None) -> Case:
    """签收: the lead department takes the case; the reply clock runs from the assignment date."""

    def apply(c):
        today = common.today()
        c.signed_at = common.now()
        c.sign_on_time = c.due_date is None or today <= c.due_date
        start = c.clock_start or today  # the sign clock started on the assignment (or reopen) date
        clock.start_clock(c, ClockKind.REPLY, start=start, limit=clock.reply_limit_of(c))

    return case_transition(case=case, action="sign", actor=actor, apply=apply, note=note,
                           expected_version=expected_version)


def case_return(*, case, actor, note, expected_version=None) -> Case:
    """退回: a misrouted case goes back to staff for reassignment."""

    def apply(c):
        old_lead = str(c.lead_department) if c.lead_department_id else None
        old_co = sorted(str(x.department) for x in c.co_departments.select_related("department"))
        c.lead_department = None
        c.co_departments.all().delete()
        clock.start_clock(c, ClockKind.ASSIGN)  # back with the staff, to be reassigned
        return {"lead_department_name": [old_lead, None], "co_departments": [old_co, []]}

    return case_transition(case=case, action="return", actor=actor, apply=apply, note=note or "",
                           expected_version=expected_version)


def case_waive_co_report(*, case, actor, department, note, expected_version=None) -> Case:
    """免除协办反馈: staff let the lead reply without one co-handler's report, with a reason (the
    co-handler is unreachable, its part turned out unnecessary …)."""

    def apply(c):
        co = c.co_departments.select_related("department").filter(department=department).first() if department else None
        if co is None:
            raise BusinessError("请选择尚未反馈的协办部门。", code="co_department_required")
        if not co.outstanding:
            raise BusinessError(f"{co.department}已反馈或已免除，无需再免除。", code="co_report_not_outstanding")
        co.waived_at, co.waived_by, co.waive_reason = common.now(), actor, (note or "")[:200]
        co.save(update_fields=["waived_at", "waived_by", "waive_reason"])
        return {f"co_report_waived:{co.department}": [None, co.waive_reason]}

    return case_transition(case=case, action="waive_co_report", actor=actor, apply=apply, note=note or "",
                           expected_version=expected_version)


def case_co_report(*, case, actor, report, expected_version=None) -> Case:
    """协办反馈: a co-handling department reports its part to the lead."""
    report = (report or "").strip()

    def apply(c):
        if not report:
            raise BusinessError("请填写协办意见。", code="report_required")
        co = c.co_departments.filter(department_id=getattr(actor, "department_id", None)).first()
        if co is None:
            raise BusinessError("您所在部门不是该诉求的协办部门。", code="not_co_department")
        old = co.report
        co.report = report
        co.reported_at = common.now()
        co.save(update_fields=["report", "reported_at"])
        return {f"co_report:{co.department}": [old or None, report]}

    return case_transition(case=case, action="co_report", actor=actor, apply=apply, note=report,
                           expected_version=expected_version)


