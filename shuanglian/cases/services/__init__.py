"""The closed loop's write path (DESIGN.md §4.1): one service per workflow action, by stage.

triage.py   accept, reject, resolve on the spot, merge, assign, sign, return, co-report and its waiver
handling.py extension, pause/resume, reply, revisit, close, reopen
deputy_code.py the deputy's own step on a demand sent to their 代表码 (forward, suggestion)
deadlines.py recompute open deadlines when the calendar changes

Callers use `from shuanglian.cases import services` and `services.case_<verb>(...)`. A new case
(every channel, staff and deputy entry too) comes from intake.case_submit.
"""

from .deadlines import RECOMPUTE_BATCH, case_recompute_deadlines
from .deputy_code import case_deputy_forward, case_deputy_suggest
from .handling import (
    RATING_FIELDS,
    REPLY_FIELDS,
    case_close,
    case_decide_extension,
    case_pause,
    case_reopen,
    case_reply,
    case_request_extension,
    case_resume,
    case_revisit,
    no_response_date,
)
from .triage import (
    case_accept,
    case_accept_and_assign,
    case_assign,
    case_co_report,
    case_merge,
    case_reject,
    case_resolve_on_spot,
    case_return,
    case_sign,
    case_waive_co_report,
    reply_limit_of,
)

__all__ = [
    "RATING_FIELDS", "RECOMPUTE_BATCH", "REPLY_FIELDS", "case_accept", "case_accept_and_assign", "case_assign", "case_close",
    "case_deputy_forward", "case_deputy_suggest",
    "case_co_report", "case_decide_extension", "case_merge", "case_pause", "case_recompute_deadlines",
    "case_reject", "case_reopen", "case_reply", "case_request_extension", "case_resolve_on_spot", "case_resume",
    "case_return", "case_revisit", "case_sign", "case_waive_co_report", "no_response_date", "reply_limit_of",
]
