"""A suggestion's moves as data (the shared mechanism: core.workflow), and a commitment's.

草稿 → 提交 (submit) → 交办 (assign) → 答复 (answer) → 评价 (rate): satisfied or basically → 办结;
unsatisfied → 重新办理 (a new clock) → answer → rate … (staff may record a rating returned on the
paper 征询意见表). Before assignment the lead deputy may
withdraw it and staff may refuse it (a reason from a fixed list) or split it (一事一议). Within
the return window the lead unit may give it back (not its duty) with a reason: staff assign it
again. Co-units send their opinion (not a status move). A rating not returned in time lets staff
close the suggestion (逾期未评价); such ratings are left out of the satisfaction rate (figures.py).

A commitment (承诺事项) of a B or C answer: the lead unit delivers it, the lead deputy rates it.
"""

from shuanglian.core.permissions import in_region_scope, is_department_role, is_staff_role
from shuanglian.core.workflow import Workflow, action

from . import clocks
from .models import Commitment, CommitmentStatus, Suggestion
from .models import Status as S

STAFF = "staff"  # committee staff with the suggestion in their region
LEAD_DEPUTY = "lead_deputy"
LEAD_UNIT = "lead_unit"  # handler or leader of the lead unit (主办单位)
CO_UNIT = "co_unit"

WAITING = {S.SUBMITTED, S.RETURNED}
HANDLING = {S.ASSIGNED, S.REHANDLING}

ACTIONS = {
    "submit": action("提交", {S.DRAFT}, S.SUBMITTED, {LEAD_DEPUTY, STAFF}),
    "withdraw": action("撤回", {S.DRAFT, *WAITING}, S.WITHDRAWN, {LEAD_DEPUTY}),
    "refuse": action("不作为建议处理", WAITING, S.REFUSED, {STAFF}),
    "split": action("拆分（一事一议）", WAITING, S.SPLIT, {STAFF}),
    "assign": action("交办", WAITING, S.ASSIGNED, {STAFF}),
    "return": action("申请退回", {S.ASSIGNED}, S.RETURNED, {LEAD_UNIT}, needs_note=True),
    "co_opinion": action("提出协办意见", HANDLING, None, {CO_UNIT}),
    "answer": action("答复", HANDLING, S.ANSWERED, {LEAD_UNIT, STAFF}),
    # The rating decides the next status itself (closed or re-handling): target None.
    # Staff may record a rating the deputy returned on the paper 征询意见表.
    "rate": action("评价", {S.ANSWERED}, None, {LEAD_DEPUTY, STAFF}),
    "close": action("逾期未评价办结", {S.ANSWERED}, S.CLOSED, {STAFF}),
}


def suggestion_roles(s: Suggestion, user) -> set[str]:
    roles = set()
    if user is None or not user.is_authenticated:
        return roles
    if is_staff_role(user) and in_region_scope(user, s.region):
        roles.add(STAFF)
    deputy = getattr(user, "deputy", None)
    if deputy is not None and deputy.pk == s.lead_deputy_id:
        roles.add(LEAD_DEPUTY)
    if is_department_role(user) and s.status in (*HANDLING, S.ANSWERED, S.CLOSED):
        if user.department_id == s.lead_unit_id:
            roles.add(LEAD_UNIT)
        elif s.co_units.filter(pk=user.department_id).exists():
            roles.add(CO_UNIT)
    return roles


def _return_guard(s: Suggestion) -> str | None:
    if s.return_due is not None and clocks.today() > s.return_due:
        return (f"申请退回应在交办后{clocks.config()['return_days']}日内（截至{s.return_due:%Y年%m月%d日}）"
                "提出，已逾期。")
    return None


def _close_guard(s: Suggestion) -> str | None:
    if s.rating_due is not None and clocks.today() <= s.rating_due:
        return f"代表评价期限（{s.rating_due:%Y年%m月%d日}）未到，不能按逾期未评价办结。"
    return None


SUGGESTION_WORKFLOW = Workflow(
    model=Suggestion, actions=ACTIONS, roles=suggestion_roles,
    guards={"return": _return_guard, "close": _close_guard},
    noun="该建议", event_prefix="suggestion",
)


def allowed_actions(s: Suggestion, user) -> list[str]:
    """The moves offered to `user` — the one list the pages and the API show. A co-unit that has
    sent its opinion this round is not offered another."""
    names = SUGGESTION_WORKFLOW.allowed(s, user)
    if "co_opinion" in names and s.co_opinions.filter(department_id=user.department_id,
                                                      round=s.rounds + 1).exists():
        names.remove("co_opinion")
    return names


# --- commitments --------------------------------------------------------------------------------

C = CommitmentStatus
COMMITMENT_ACTIONS = {
    "deliver": action("报告兑现", {C.OPEN}, C.DELIVERED, {LEAD_UNIT, STAFF}),
    "rate": action("评价兑现", {C.DELIVERED}, C.RATED, {LEAD_DEPUTY, STAFF}),
}


def commitment_roles(c: Commitment, user) -> set[str]:
    return suggestion_roles(c.suggestion, user) & {LEAD_UNIT, STAFF, LEAD_DEPUTY}


COMMITMENT_WORKFLOW = Workflow(
    model=Commitment, actions=COMMITMENT_ACTIONS, roles=commitment_roles,
    noun="该承诺事项", event_prefix="commitment",
)
