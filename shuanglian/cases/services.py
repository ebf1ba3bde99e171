"""The closed loop's write path (DESIGN.md §4.1): one service per workflow action.

Each service is a thin function that calls `workflow.case_transition` with an `apply` that sets
the action's own fields and clocks. `case_transition` locks the row, checks status, role, guard
and version, saves only the changed fields and writes exactly one audit event `case.<action>`
whose `changes` carry every field's [old, new] — so fields cleared by a reopen are never lost.

Clocks (clock.py): assign starts the sign clock (1 working day); sign starts the reply clock
from the assignment date with the category/urgency limit (or the staff-chosen `due_workdays`,
capped by `reply_max`); reply starts the revisit clock (3); reopen starts a new sign clock for
the same department; close, reject and merge stop the clock.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import logging

from django.db import transaction
from django.utils import timezone

from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError
from shuanglian.lib.workdays import workdays_between

from . import clock
from .models import (
    OPEN_STATUSES,
    Case,
    CaseStatus,
    ClockKind,
    CoDepartment,
    ExtensionRequest,
    ExtensionStatus,
    Rating,
    ReplyResult,
)
from .workflow import ACTIONS, case_transition

log = logging.getLogger(__name__)

REPLY_FIELDS = [
    "reply_result", "reply_content", "commitment", "commitment_due", "replied_at", "reply_on_time",
    "reply_workdays",
]
RATING_FIELDS = ["rating", "rating_comment", "rated_by_phone", "rated_at"]
VISITOR_RATINGS = [Rating.SATISFIED, Rating.BASICALLY_SATISFIED, Rating.UNSATISFIED]


def _now():
    return timezone.now()


def _today() -> dt.date:
    return clock.today()


def _local_date(moment) -> dt.date:
    return timezone.localdate(moment) if moment is not None else _today()


# --- intake and triage --------------------------------------------------------------------------

def case_accept(*, case, actor, note="", expected_version=None) -> Case:
    def apply(c):
        c.accepted_at = _now()

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
        now = _now()
        c.accepted_at = c.accepted_at or now
        c.reply_result = ReplyResult.SOLVED
        c.reply_content = content
        c.replied_at = now
        c.reply_on_time = True
        c.reply_workdays = max(0, workdays_between(_local_date(c.submitted_at), _today()))
        clock.start_clock(c, ClockKind.REVISIT)

    return case_transition(case=case, action="resolve_on_spot", actor=actor, apply=apply, note=note,
                           expected_version=expected_version)


def case_merge(*, case, into, actor, note="", expected_version=None) -> Case:
    """并案: a duplicate joins a master case. The duplicate keeps its own tracking code; its
    tracking page shows the master's progress and reply."""

    def apply(c):
        from shuanglian.core.permissions import in_region_scope

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

def _check_department(actor, department, label="承办部门"):
    from shuanglian.regions.selectors import department_list

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
        c.assigned_workdays = due_workdays
        c.assigned_at = _now()
        clock.start_clock(c, ClockKind.SIGN)
        c.co_departments.all().delete()
        co_due = clock.add_workdays(_today(), cfg["co_report"])
        for d in co_list:
            CoDepartment.objects.create(case=c, department=d, due_date=co_due)
        return {"lead_department_name": [old_lead, str(department)],
                "co_departments": [old_co, sorted(str(d) for d in co_list)]}

    return case_transition(case=case, action="assign", actor=actor, apply=apply, note=note,
                           expected_version=expected_version)


def reply_limit_of(case) -> int:
    """The reply limit in working days: the one staff chose at assignment, else the
    category/urgency limit; never above reply_max."""
    return min(case.assigned_workdays or clock.reply_limit(case), clock.limits()["reply_max"])


def case_sign(*, case, actor, note="", expected_version=None) -> Case:
    """签收: the lead department takes the case; the reply clock runs from the assignment date."""

    def apply(c):
        today = _today()
        c.signed_at = _now()
        c.sign_on_time = c.due_date is None or today <= c.due_date
        start = c.clock_start or today  # the sign clock started on the assignment (or reopen) date
        clock.start_clock(c, ClockKind.REPLY, start=start, limit=reply_limit_of(c))

    return case_transition(case=case, action="sign", actor=actor, apply=apply, note=note,
                           expected_version=expected_version)


def case_return(*, case, actor, note, expected_version=None) -> Case:
    """退回: a misrouted case goes back to staff for reassignment."""

    def apply(c):
        old_lead = str(c.lead_department) if c.lead_department_id else None
        old_co = sorted(str(x.department) for x in c.co_departments.select_related("department"))
        c.lead_department = None
        c.co_departments.all().delete()
        clock.stop_clock(c)
        return {"lead_department_name": [old_lead, None], "co_departments": [old_co, []]}

    return case_transition(case=case, action="return", actor=actor, apply=apply, note=note or "",
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
        co.reported_at = _now()
        co.save(update_fields=["report", "reported_at"])
        return {f"co_report:{co.department}": [old or None, report]}

    return case_transition(case=case, action="co_report", actor=actor, apply=apply, note=report,
                           expected_version=expected_version)


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
        if workdays_between(_today(), c.due_date) < 1:
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
        req.decided_at = _now()
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
        c.paused_since = _today()
        c.pause_reason = (note or "")[:200]
        clock.recompute(c)

    return case_transition(case=case, action="pause", actor=actor, apply=apply, note=note or "",
                           expected_version=expected_version)


def case_resume(*, case, actor, note="", expected_version=None) -> Case:
    def apply(c):
        c.clock_paused_days += _paused_workdays(c, _today())
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
        if commitment_due < _today():
            raise BusinessError("承诺完成日期不能早于今天。", code="commitment_due_past")


def case_reply(*, case, actor, result, content, commitment="", commitment_due=None, note="",
               expected_version=None) -> Case:
    """办结答复. For 部分解决 and 暂不具备解决条件 a commitment (what, by when) is required."""
    content = (content or "").strip()
    commitment = (commitment or "").strip()

    def apply(c):
        _check_reply(result, content, commitment, commitment_due)
        today = _today()
        paused = _paused_workdays(c, today)
        if c.paused_since is not None:  # replying ends a pause
            c.clock_paused_days += paused
            c.paused_since = None
            clock.recompute(c)
        c.reply_result = result
        c.reply_content = content
        c.commitment = commitment if result != ReplyResult.SOLVED else ""
        c.commitment_due = commitment_due if result != ReplyResult.SOLVED else None
        c.replied_at = _now()
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

    def apply(c):
        c.rating = rating
        c.rating_comment = (comment or "").strip()
        c.rated_by_phone = bool(by_phone) if actor is not None else False
        c.rated_at = _now()
        clock.stop_clock(c)

    label = "" if actor is not None else "企业（查询码）"
    return case_transition(case=case, action="revisit", actor=actor, apply=apply, note=comment or "",
                           expected_version=expected_version, actor_label=label)


def no_response_date(case) -> dt.date | None:
    """The first day a replied, unrated case may be closed as 未回复."""
    if case.replied_at is None:
        return None
    return clock.add_workdays(_local_date(case.replied_at), clock.limits()["no_response_after"])


def case_close(*, case, actor, note="", expected_version=None) -> Case:
    """销号: after a revisit; or, from 已答复, as 未回复 once the no-response window has passed."""

    def apply(c):
        if c.status == CaseStatus.REPLIED:  # the window has passed: workflow's close guard checked it
            c.rating = Rating.NO_RESPONSE
        c.closed_at = _now()
        clock.stop_clock(c)

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


# --- deadlines follow the calendar --------------------------------------------------------------

RECOMPUTE_BATCH = 1000


def case_recompute_deadlines(*, actor=None, year: int | None = None) -> int:
    """Recompute due/warn dates of every open case with a running clock (the calendar changed).
    With `year`, only clocks whose counting reaches into that year. Each batch locks its rows
    and re-reads the clock inputs, so a transition committed meanwhile is never overwritten.
    Returns how many cases' dates moved; writes one audit event when any moved."""
    fields = ["id", *clock.CLOCK_FIELDS]
    qs = Case.objects.filter(status__in=OPEN_STATUSES, due_date__isnull=False).exclude(clock_kind="")
    if year is not None:
        qs = qs.filter(clock_start__year__lte=year, due_date__year__gte=year)
    qs = qs.only(*fields).order_by("pk")
    changed, last_pk = 0, 0
    while True:
        with transaction.atomic():
            chunk = list(qs.filter(pk__gt=last_pk).select_for_update()[:RECOMPUTE_BATCH])
            if not chunk:
                break
            last_pk = chunk[-1].pk
            batch = []
            for case in chunk:
                before = (case.due_date, case.warn_date, case.due_provisional)
                clock.recompute(case)
                if (case.due_date, case.warn_date, case.due_provisional) != before:
                    batch.append(case)
            if batch:
                Case.objects.bulk_update(batch, ["due_date", "warn_date", "due_provisional"])
                changed += len(batch)
    if changed:
        audit_record(event_type="case.recompute_deadlines", actor=actor,
                     note=f"工作日历调整，{changed}件在办诉求的截止日期已重新计算。",
                     changes={"year": [None, year], "cases": [None, changed]})
    return changed


def _on_calendar_changed(sender=None, year=None, actor=None, **kwargs):
    case_recompute_deadlines(actor=actor, year=year)


def _connect_calendar():
    """Recompute when staff change the calendar: on core's `calendar_changed` (sent by its calendar
    services after commit) and, for edits that bypass those services (the admin site), on the
    models' own save/delete after commit. A second run finds nothing to move and writes nothing."""
    from django.db.models.signals import post_delete, post_save

    from shuanglian.core.models import CalendarOverride, CalendarYear

    def on_model_change(sender, instance, **kwargs):
        year = getattr(instance, "year", None) or instance.date.year
        transaction.on_commit(lambda: case_recompute_deadlines(year=year))

    for model in (CalendarOverride, CalendarYear):
        post_save.connect(on_model_change, sender=model, dispatch_uid=f"cases-recompute-{model.__name__}-save",
                          weak=False)
        post_delete.connect(on_model_change, sender=model, dispatch_uid=f"cases-recompute-{model.__name__}-del",
                            weak=False)
    try:
        from shuanglian.core.signals import calendar_changed
    except ImportError:  # an older core without the signal: the model signals above suffice
        return
    calendar_changed.connect(_on_calendar_changed, dispatch_uid="cases-recompute-deadlines", weak=False)


_connect_calendar()


# --- entry by staff and deputies ----------------------------------------------------------------

def intake_available() -> bool:
    return importlib.util.find_spec("shuanglian.cases.intake") is not None


def case_create(*, actor, **fields) -> Case:
    """Staff or a deputy enters a case from a visit, reception day or inspection. Delegates to
    intake.case_submit (one intake path for every channel)."""
    if not intake_available():
        raise BusinessError("诉求录入功能尚未安装（intake）。", code="intake_missing")
    from .intake import case_submit

    return case_submit(actor=actor, **fields)


# --- one entry point for the API and the HTML forms ---------------------------------------------

def _int(value, label):
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise BusinessError(f"{label}须为整数。", code="invalid") from None


def _date(value, label):
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise BusinessError(f"{label}不是有效日期（格式 YYYY-MM-DD）。", code="invalid_date") from None


def _bool(value) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "on", "approve", "同意")


def _department(value, label):
    from shuanglian.regions.models import Department

    if value in (None, ""):
        return None
    if isinstance(value, Department):
        return value
    pk = _int(value, label)
    department = Department.objects.filter(pk=pk).select_related("region").first()
    if department is None:
        raise BusinessError(f"{label}不存在。", code="department_not_found")
    return department


def case_act(*, case, action, actor, data: dict) -> Case:
    """Dispatch an action by name with loosely typed input (form or JSON)."""
    if action not in ACTIONS:
        raise BusinessError("没有这个操作。", code="unknown_action")
    data = data or {}
    note = str(data.get("note") or "").strip()
    version = _int(data.get("version"), "版本号")
    common = {"case": case, "actor": actor, "expected_version": version}
    if action == "accept":
        return case_accept(note=note, **common)
    if action == "reject":
        return case_reject(note=note, **common)
    if action == "resolve_on_spot":
        return case_resolve_on_spot(content=str(data.get("content") or ""), note=note, **common)
    if action == "merge":
        into_id = _int(data.get("into"), "并入诉求编号")
        from .selectors import case_list

        into = case_list(actor).filter(pk=into_id).first() if into_id else None
        if into_id and into is None:
            raise BusinessError("要并入的诉求不存在，或您无权查看。", code="into_not_found")
        return case_merge(into=into, note=note, **common)
    if action == "assign":
        co = data.get("co_departments") or []
        if isinstance(co, str | int):
            co = [co]
        return case_assign(
            department=_department(data.get("department"), "承办部门"),
            co_departments=[_department(x, "协办部门") for x in co if x not in (None, "")],
            due_workdays=_int(data.get("due_workdays"), "办理时限"), note=note, **common,
        )
    if action == "sign":
        return case_sign(note=note, **common)
    if action == "return":
        return case_return(note=note, **common)
    if action == "co_report":
        return case_co_report(report=str(data.get("report") or note), **common)
    if action == "request_extension":
        days = _int(data.get("days"), "延期天数")
        return case_request_extension(days=days, note=note, **common)
    if action == "decide_extension":
        return case_decide_extension(approve=_bool(data.get("approve")), note=note, **common)
    if action == "pause":
        return case_pause(note=note, **common)
    if action == "resume":
        return case_resume(note=note, **common)
    if action == "reply":
        return case_reply(
            result=str(data.get("result") or ""), content=str(data.get("content") or ""),
            commitment=str(data.get("commitment") or ""),
            commitment_due=_date(data.get("commitment_due"), "承诺完成日期"), note=note, **common,
        )
    if action == "revisit":
        by_phone = actor is not None if "by_phone" not in data else _bool(data.get("by_phone"))
        return case_revisit(rating=str(data.get("rating") or ""), comment=str(data.get("comment") or note),
                            by_phone=by_phone, **common)
    if action == "close":
        return case_close(note=note, **common)
    if action == "reopen":
        return case_reopen(note=note, **common)
    raise BusinessError("没有这个操作。", code="unknown_action")  # pragma: no cover
