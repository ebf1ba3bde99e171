"""Deadlines in working days. Inputs live on the Case; due_date and warn_date are derived here.

Every step of the loop runs a clock: the committee staff's own (accept 1 working day from the
submission — "1个工作日内启动核实" — then assign 2 from the acceptance), the lead department's
(sign 1 and reply 7 / urgent 2 / complex 15 from the assignment, at most 25 with extensions;
co-handlers report within 3) and the staff's revisit (3). Limits come from practice and can be
changed per deployment with SHUANGLIAN_CASE_LIMITS in settings, and per category
(Category.reply_days …).
"""

from datetime import date

from django.conf import settings
from django.utils import timezone

from shuanglian.lib.lights import deadline_light, warn_offset
from shuanglian.lib.workdays import add_workdays, due

DEFAULT_LIMITS = {
    "accept": 1,  # staff take a submitted case in (受理) within this many working days
    "assign": 2,  # … and assign an accepted one (交办) within this many
    "sign": 1,
    "co_report": 3,
    "reply": {"normal": 7, "urgent": 2, "complex": 15},
    "reply_max": 25,  # reply limit plus all approved extensions may not exceed this
    "revisit": 3,
    "no_response_after": 5,  # working days after the reply with no rating → may close as 未回复
    "basically_counts_as_satisfied": True,
    "ranking_min_cases": 5,
}


def limits() -> dict:
    merged = dict(DEFAULT_LIMITS)
    merged.update(settings.SHUANGLIAN_CASE_LIMITS)
    return merged


def today() -> date:
    return timezone.localdate()


def reply_limit(case) -> int:
    cat = case.category
    own = {"normal": cat.reply_days, "urgent": cat.urgent_reply_days, "complex": cat.complex_reply_days}.get(case.urgency)
    return own or limits()["reply"][case.urgency]


def reply_limit_of(case) -> int:
    """The reply limit in working days: the one fixed at assignment (staff's choice, else the
    category/urgency limit of that moment), never above reply_max."""
    return min(case.assigned_workdays or reply_limit(case), limits()["reply_max"])


def sign_due(case) -> date | None:
    """The lead department's sign deadline (签收期限), while the case waits to be signed."""
    return case.due_date if case.clock_kind == "sign" else None


def reply_due(case) -> date | None:
    """The handling (reply) deadline (答复期限), known from the moment of assignment.

    The reply clock counts from the assignment (or reopen) date — signing starts it with that
    start — so before signing it is the sign clock's start plus the reply limit, the very date
    signing will give. While handling it is the running clock's due date (extensions and pauses
    included; None while paused). Before assignment and after the reply there is none."""
    if case.clock_kind == "reply":
        return case.due_date
    if case.clock_kind == "sign" and case.clock_start is not None:
        return add_workdays(case.clock_start, reply_limit_of(case))
    return None


def start_clock(case, kind: str, *, start: date | None = None, limit: int | None = None) -> None:
    """Begin a new clock on `case` (not saved). Extensions and pauses reset with it."""
    case.clock_kind = kind
    case.clock_start = start or today()
    case.clock_limit = limit if limit is not None else (reply_limit(case) if kind == "reply" else limits()[kind])
    case.clock_extension = 0
    case.clock_paused_days = 0
    case.paused_since = None
    case.pause_reason = ""
    recompute(case)


def stop_clock(case) -> None:
    case.clock_kind = ""
    case.clock_start = None
    case.clock_limit = None
    case.clock_extension = 0
    case.clock_paused_days = 0
    case.paused_since = None
    case.pause_reason = ""
    case.due_date = case.warn_date = None
    case.due_provisional = False


def allowed_days(case) -> int:
    return (case.clock_limit or 0) + case.clock_extension + case.clock_paused_days


def recompute(case) -> None:
    """Derive due_date and warn_date from the inputs. A paused clock has no due date."""
    if not case.clock_kind or case.clock_start is None or case.paused_since is not None:
        case.due_date = case.warn_date = None
        case.due_provisional = False
        return
    total = allowed_days(case)
    case.due_date, case.due_provisional = due(case.clock_start, total)
    # the house warning window (lib.lights.warn_offset), counted in working days
    case.warn_date = add_workdays(case.clock_start, warn_offset(total))


CLOCK_FIELDS = [
    "clock_kind", "clock_start", "clock_limit", "clock_extension", "clock_paused_days",
    "paused_since", "pause_reason", "due_date", "warn_date", "due_provisional",
]


def light_of(case, on: date | None = None) -> str:
    """green / yellow / red, or "" when no clock runs (closed, paused, not yet assigned): the
    lib.lights rule, the same as selectors.with_light in SQL."""
    return deadline_light(case.due_date, case.warn_date, on or today())
