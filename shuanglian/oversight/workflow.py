"""An opinion's moves as data (the shared mechanism: core.workflow).

起草 → 通过 (adopt) → 交办 (transfer) → 报送办理方案 (submit_plan) → 报告 (report) → 测评 (vote):
passed → 测评满意 (closed); failed → 重新报告 (a new report clock) → report → vote … The government
body (the opinion's `body` department) submits the plan and the report; staff may record them on
its behalf (many bodies send paper). Item responses and 回头看 are not status moves (services.py).
"""

from shuanglian.core.permissions import in_region_scope, is_department_role, is_staff_role
from shuanglian.core.workflow import Workflow, action

from .models import Opinion
from .models import OpinionStatus as S

STAFF = "staff"  # committee staff with the opinion in their region
BODY = "body"  # handler or leader of the government body it was sent to

ACTIONS = {
    "adopt": action("通过", {S.DRAFT}, S.ADOPTED, {STAFF}),
    "transfer": action("交办", {S.ADOPTED}, S.TRANSFERRED, {STAFF}),
    "submit_plan": action("报送办理方案", {S.TRANSFERRED}, S.PLANNED, {BODY, STAFF}),
    "report": action("报告办理情况", {S.PLANNED, S.REREPORT}, S.REPORTED, {BODY, STAFF}),
    # The vote decides the next status itself (satisfied or re-report): target None.
    "vote": action("满意度测评", {S.REPORTED}, None, {STAFF}),
}


def opinion_roles(op: Opinion, user) -> set[str]:
    roles = set()
    if user is None or not user.is_authenticated:
        return roles
    if is_staff_role(user) and in_region_scope(user, op.region):
        roles.add(STAFF)
    if is_department_role(user) and user.department_id == op.body_id and op.status != S.DRAFT:
        roles.add(BODY)
    return roles


def _adopt_guard(op: Opinion) -> str | None:
    return None if op.items.exists() else "审议意见至少应有一条建议或问题，方可通过。"


WORKFLOW = Workflow(
    model=Opinion, actions=ACTIONS, roles=opinion_roles, guards={"adopt": _adopt_guard},
    noun="该审议意见", event_prefix="opinion",
)
