"""Workflow as data (DESIGN.md §4.2): which action moves a case from which statuses to which,
and who may take it. `case_transition` is the only code that changes Case.status.

The UI and the API both ask `allowed_actions(case, user)`; services in services.py call
`case_transition(..., apply=...)` with the action's own field changes.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError, ConcurrentUpdate, TransitionNotAllowed
from shuanglian.core.permissions import (
    deny_write,
    in_region_scope,
    is_department_role,
    is_staff_role,
)

from . import clock
from .models import Case, DeputyStep
from .models import CaseStatus as S
from .rates import rollup

# Who may act. An actor of None is the enterprise, acting through its tracking code.
STAFF = "staff"  # committee staff / admin with the case in their region
LEAD = "lead"  # handler or leader of the lead department
CO = "co"  # handler or leader of a co-handling department
DEPUTY = "deputy"  # the deputy who collected or follows the case
PUBLIC = "public"  # the enterprise, by tracking code


@dataclass(frozen=True)
class Action:
    label: str  # Chinese verb shown on buttons and in messages
    sources: frozenset
    target: str | None  # None: status stays (extension, pause, co-report …)
    actors: frozenset
    needs_note: bool = False  # a reason is required (reject, return, pause …)


def _a(label, sources, target, actors, needs_note=False):
    return Action(label, frozenset(sources), target, frozenset(actors), needs_note)


ACTIONS: dict[str, Action] = {
    "accept": _a("受理", {S.SUBMITTED}, S.ACCEPTED, {STAFF}),
    "reject": _a("不予受理", {S.SUBMITTED, S.ACCEPTED}, S.REJECTED, {STAFF}, needs_note=True),
    "resolve_on_spot": _a("当场办结", {S.SUBMITTED, S.ACCEPTED}, S.REPLIED, {STAFF, DEPUTY}),
    "merge": _a("并案", {S.SUBMITTED, S.ACCEPTED}, S.MERGED, {STAFF}),
    "assign": _a("交办", {S.ACCEPTED, S.ASSIGNED}, S.ASSIGNED, {STAFF}),
    "sign": _a("签收", {S.ASSIGNED}, S.IN_PROGRESS, {LEAD}),
    "return": _a("退回", {S.ASSIGNED, S.IN_PROGRESS}, S.ACCEPTED, {LEAD}, needs_note=True),
    "co_report": _a("协办反馈", {S.IN_PROGRESS}, None, {CO}),
    "waive_co_report": _a("免除协办反馈", {S.ASSIGNED, S.IN_PROGRESS}, None, {STAFF}, needs_note=True),
    "request_extension": _a("申请延期", {S.IN_PROGRESS}, None, {LEAD}, needs_note=True),
    "decide_extension": _a("审批延期", {S.IN_PROGRESS}, None, {STAFF}),
    "pause": _a("暂停计时", {S.IN_PROGRESS}, None, {LEAD, STAFF}, needs_note=True),
    "resume": _a("恢复计时", {S.IN_PROGRESS}, None, {LEAD, STAFF}),
    "reply": _a("办结答复", {S.IN_PROGRESS}, S.REPLIED, {LEAD}),
    "revisit": _a("回访评价", {S.REPLIED}, S.REVISITED, {STAFF, PUBLIC}),
    # the submitter of a merged duplicate rates the reply to their own demand; the case stays merged
    "rate_merged": _a("回访评价", {S.MERGED}, None, {STAFF, PUBLIC}),
    "close": _a("销号", {S.REVISITED, S.REPLIED}, S.CLOSED, {STAFF}),
    "reopen": _a("重办", {S.REVISITED}, S.ASSIGNED, {STAFF}, needs_note=True),
    # 代表码: the deputy the demand was sent to hands it to staff as a case they collected
    "deputy_forward": _a("转入闭环", {S.SUBMITTED}, None, {DEPUTY}),
}

# Moves no button or API offers: taken only by another service in its own transaction
# (suggestions.services.suggestion_from_case marks a 代表码 demand turned into a suggestion).
INTERNAL_ACTIONS: dict[str, Action] = {
    "deputy_suggest": _a("转为建议", {S.SUBMITTED}, None, {DEPUTY}),
}

# 代表码: what each of the deputy's own moves records; any other move while the demand waits for
# the deputy (staff accept, reject, merge or resolve it) takes it out of the deputy's hands.
DEPUTY_STEPS = {"resolve_on_spot": DeputyStep.ANSWERED, "deputy_forward": DeputyStep.FORWARDED,
                "deputy_suggest": DeputyStep.SUGGESTION}


def actor_roles(case: Case, user) -> set[str]:
    """The workflow roles `user` holds on `case` (empty for a stranger)."""
    if user is None:
        return {PUBLIC}
    roles = set()
    if is_staff_role(user) and in_region_scope(user, case.region):
        roles.add(STAFF)
    if is_department_role(user):
        if case.lead_department_id == user.department_id:
            roles.add(LEAD)
        elif case.co_departments.filter(department_id=user.department_id).exists():
            roles.add(CO)
    deputy = getattr(user, "deputy", None) if user.is_authenticated else None
    if deputy is not None and (case.collected_by_id == deputy.pk or (
            # a demand sent to one deputy's code is that deputy's to act on while it waits for them
            case.deputy_step != DeputyStep.PENDING and case.following_deputies.filter(pk=deputy.pk).exists())):
        roles.add(DEPUTY)
    return roles


def _settle_deputy_step(case: Case, action: str, roles: set[str], now) -> None:
    if case.deputy_step != DeputyStep.PENDING:
        return
    step = DEPUTY_STEPS.get(action) if DEPUTY in roles else None
    if step is None and STAFF not in roles:
        return
    case.deputy_step = step or DeputyStep.STAFF
    case.deputy_step_at = now


# Extra conditions beyond status and role, checked both when listing and when acting.
# Each returns None when the action is available, else the Chinese reason it is not.
def _close_guard(c: Case) -> str | None:
    """From 已答复 a case may be closed only as 未回复, once the no-response window has passed."""
    if c.status != S.REPLIED:
        return None
    days = clock.limits()["no_response_after"]
    first = clock.add_workdays(timezone.localdate(c.replied_at), days) if c.replied_at else None
    if first is None or clock.today() < first:
        when = f"（最早 {first:%Y-%m-%d}）" if first else ""
        return f"企业尚未评价：答复后满{days}个工作日仍未评价的，方可按“未回复”销号{when}。"
    return None


def outstanding_co_reports(c: Case):
    """Co-handling departments whose report the lead still waits for (neither given nor waived):
    while there is one, the lead may not reply (services.case_reply)."""
    return c.co_departments.filter(reported_at__isnull=True, waived_at__isnull=True)


def merged_rating_guard(c: Case) -> str | None:
    """A merged case is rated once, after the case it joined has been answered."""
    if c.rating:
        return "已评价。"
    followed = c.merged_into
    if followed is None or followed.replied_at is None or followed.status not in (S.REPLIED, S.REVISITED, S.CLOSED):
        return "合并办理的诉求尚未答复，答复后方可评价。"
    return None


GUARDS: dict[str, Callable[[Case], str | None]] = {
    "rate_merged": merged_rating_guard,
    "pause": lambda c: "计时已暂停" if c.paused_since else None,
    "resume": lambda c: None if c.paused_since else "计时未暂停",
    "reopen": lambda c: None if c.rating == "unsatisfied" else "只有企业评价“不满意”的诉求才能重办",
    "request_extension": lambda c: "已有待审批的延期申请" if c.extension_requests.filter(status="pending").exists() else None,
    "decide_extension": lambda c: None if c.extension_requests.filter(status="pending").exists() else "没有待审批的延期申请",
    "close": _close_guard,
    "waive_co_report": lambda c: None if outstanding_co_reports(c).exists() else "没有尚未反馈的协办部门",
    "deputy_forward": lambda c: None if c.deputy_step == DeputyStep.PENDING else "该诉求不是等待代表处理的代表码诉求",
    "deputy_suggest": lambda c: None if c.deputy_step == DeputyStep.PENDING else "该诉求不是等待代表处理的代表码诉求",
}


def allowed_actions(case: Case, user) -> list[str]:
    roles = actor_roles(case, user)
    names = []
    for name, spec in ACTIONS.items():
        if case.status in spec.sources and roles & spec.actors:
            guard = GUARDS.get(name)
            if guard is None or guard(case) is None:
                names.append(name)
    return names


@transaction.atomic
def case_transition(
    *,
    case: Case,
    action: str,
    actor,
    apply: Callable[[Case], dict | None] | None = None,
    note: str = "",
    expected_version: int | None = None,
    actor_label: str = "",
    on_commit: Callable[[Case], None] | None = None,
) -> Case:
    """Lock the case, check status, role, guard and version, apply the action's changes, save
    only changed fields, and write exactly one audit event — all in one transaction.

    `apply(locked_case)` mutates the locked case (and may raise BusinessError to refuse); it may
    return extra {field: [old, new]} entries for the audit event (e.g. about related rows).
    """
    spec = ACTIONS.get(action) or INTERNAL_ACTIONS[action]
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentUpdate(
            f"该诉求已被他人更新（当前状态：{locked.get_status_display()}），您的操作未生效。请刷新页面查看最新情况后再试。"
        )
    # Permission before state: someone who may never take this action is refused as such (403),
    # whatever the status — the status is news only to those who may act.
    roles = actor_roles(locked, actor)
    if not (roles & spec.actors):
        deny_write(f"您无权对该诉求执行“{spec.label}”。")
    if locked.status not in spec.sources:
        raise TransitionNotAllowed(f"该诉求当前状态为“{locked.get_status_display()}”，不能执行“{spec.label}”。")
    guard = GUARDS.get(action)
    reason = guard(locked) if guard else None
    if reason:
        raise TransitionNotAllowed(reason)
    if spec.needs_note and not note.strip():
        raise BusinessError(f"请填写{spec.label}的理由。", code="note_required")

    tracked = [f.attname for f in Case._meta.concrete_fields]
    before = {f: getattr(locked, f) for f in tracked}
    extra = (apply(locked) if apply else None) or {}
    if spec.target or action in DEPUTY_STEPS:
        _settle_deputy_step(locked, action, roles, timezone.now())
    if spec.target:
        locked.status = spec.target
    locked.version += 1
    changed = [f for f in tracked if getattr(locked, f) != before[f]]
    locked.save(update_fields=changed)
    rollup.case_changed(before, locked)  # the three rates' roll-up, in the same transaction
    changes = {f: [_plain(before[f]), _plain(getattr(locked, f))] for f in changed if f != "version"}
    changes.update(extra)
    audit_record(
        event_type=f"case.{action}", actor=actor, target=locked, changes=changes, note=note,
        region=locked.region, actor_label=actor_label,
    )
    if on_commit is not None:
        transaction.on_commit(lambda: on_commit(locked))
    return locked


def _plain(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)
