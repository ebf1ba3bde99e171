"""积分异议 (错/重/漏): a deputy objects to one of their entries (wrong, duplicate) or to a missing
one; staff of the deputy's region decide. Accepting writes a correcting entry (never edits the
entry objected to); rejecting needs a reason. Moves through core.workflow (one mover, one audit
event per move)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError
from shuanglian.core.models import Role
from shuanglian.core.permissions import deny_write, in_region_scope, is_admin, is_staff_role
from shuanglian.core.workflow import Workflow, action

from . import services
from .models import EntryKind, ObjectionKind, PointObjection, PointRule
from .models import ObjectionStatus as S

STAFF = "staff"
OWNER = "owner"

ACTIONS = {
    "accept": action("采纳并更正", {S.SUBMITTED}, S.ACCEPTED, {STAFF}),
    "reject": action("不予采纳", {S.SUBMITTED}, S.REJECTED, {STAFF}, needs_note=True),
    "withdraw": action("撤回", {S.SUBMITTED}, S.WITHDRAWN, {OWNER}),
}


def objection_roles(obj: PointObjection, user) -> set[str]:
    roles = set()
    if user is None or not user.is_authenticated:
        return roles
    if is_staff_role(user) and in_region_scope(user, obj.deputy.region):
        roles.add(STAFF)
    if user.role == Role.DEPUTY and not is_admin(user) and obj.deputy.user_id == user.pk:
        roles.add(OWNER)
    return roles


WORKFLOW = Workflow(model=PointObjection, actions=ACTIONS, roles=objection_roles, noun="该积分异议",
                    event_prefix="point_objection")


@transaction.atomic
def objection_submit(*, actor, kind: str, reason: str, entry=None, rule: PointRule | None = None,
                     occurred_on: dt.date | None = None) -> PointObjection:
    """The deputy objects: to an entry of theirs (错/重), or to one missing (漏: rule and day)."""
    deputy = getattr(actor, "deputy", None) if getattr(actor, "role", None) == Role.DEPUTY else None
    if deputy is None:
        deny_write("只有代表本人可以对自己的积分提出异议。")
    if kind not in ObjectionKind.values:
        raise BusinessError("请选择异议类型：错、重或漏。", code="invalid_kind")
    reason = services.clean_reason(reason, "异议理由")
    if kind == ObjectionKind.MISSING:
        if rule is None:
            raise BusinessError("漏计异议请选择应计的积分规则。", code="rule_required")
        occurred_on = services.check_day(occurred_on, "漏计事项的发生日期")
        entry = None
    else:
        if entry is None or entry.deputy_id != deputy.pk:
            raise BusinessError("请选择您本人的一条积分明细。", code="entry_required")
        if entry.kind == EntryKind.CORRECTION:
            raise BusinessError("异议更正的明细不能再提异议。", code="invalid_entry")
        if PointObjection.objects.filter(entry=entry, status=S.SUBMITTED).exists():
            raise BusinessError("这条积分明细已有待处理的异议。", code="duplicate")
        rule, occurred_on = None, None
    objection = PointObjection.objects.create(deputy=deputy, kind=kind, entry=entry, rule=rule,
                                              occurred_on=occurred_on, reason=reason, created_by=actor)
    audit_record(event_type="point_objection.submit", actor=actor, target=objection, region=deputy.region,
                 changes={"kind": [None, objection.get_kind_display()]}, note=reason)
    return objection


def _note(note) -> str:
    text = (note or "").strip()
    if len(text) > services.MAX_REASON:
        raise BusinessError(f"处理意见不能超过{services.MAX_REASON}字（当前{len(text)}字）。", code="too_long")
    return text


def default_correction(objection: PointObjection):
    """What accepting pays when staff give no amount: undo the entry (错/重), the rule's value (漏)."""
    if objection.entry_id:
        return -objection.entry.points
    version = services.version_on(objection.rule, objection.occurred_on)
    return version.points if version is not None else None


def objection_accept(*, objection: PointObjection, actor, note: str = "", points=None,
                     expected_version: int | None = None) -> PointObjection:
    """Accept: a correcting entry of `points` (default: see default_correction) in the deputy's
    open quarter; the entry objected to stays as it was."""

    def apply(obj):
        _note(note)
        value = default_correction(obj) if points in (None, "") else services.parse_points(points, label="更正分值")
        if value is None or value == 0:
            raise BusinessError("请填写更正分值（不能为 0）。", code="invalid_points")
        rule = obj.entry.rule if obj.entry_id else obj.rule
        day = obj.entry.occurred_on if obj.entry_id else obj.occurred_on
        deputy = services.lock_deputy(obj.deputy)
        entry = services.write_entry(deputy=deputy, rule=rule, kind=EntryKind.CORRECTION, points=value,
                                     occurred_on=day, source_key=f"objection:{obj.pk}", actor=actor,
                                     reason=_note(note) or f"异议更正：{obj.reason}"[:500])
        obj.correction = entry
        obj.decision_note = _note(note)
        obj.decided_by, obj.decided_at = actor, timezone.now()
        return {"correction": [None, f"{rule.name} {services.fmt(value)}（{entry.period}）"]}

    return WORKFLOW.transition(obj=objection, action="accept", actor=actor, apply=apply, note=note,
                               expected_version=expected_version)


def objection_reject(*, objection: PointObjection, actor, note: str, expected_version: int | None = None):
    def apply(obj):
        obj.decision_note = services.clean_reason(note, "不予采纳的理由")
        obj.decided_by, obj.decided_at = actor, timezone.now()

    return WORKFLOW.transition(obj=objection, action="reject", actor=actor, apply=apply, note=note,
                               expected_version=expected_version)


def objection_withdraw(*, objection: PointObjection, actor, expected_version: int | None = None):
    return WORKFLOW.transition(obj=objection, action="withdraw", actor=actor, expected_version=expected_version)
