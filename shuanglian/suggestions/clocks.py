"""A suggestion's clocks (代表法 2025 art. 51 and local rules; figures in SHUANGLIAN_SUGGESTION_CLOCKS):

- assignment (交办) within `assign_days` calendar days of submission, or of a unit's return;
- a unit may ask to return it (not its duty) within `return_days` calendar days of assignment;
- co-units send their opinion to the lead unit within `co_opinion_months` of assignment;
- the answer within `answer_months` of assignment (`complex_answer_months` for a complex case
  approved at assignment); after an unsatisfied rating a new answer within `rehandle_months` of
  the rating (重办);
- the lead deputy rates the answer within `rating_workdays` working days (重庆 rule).

Day and month clocks end on the same calendar day (民法典 art. 202–203: the same day of the due
month, its last day if it has none); a due day on a rest day moves to the next working day. The
rating clock counts working days. Only the running step's deadline has a light (lib.lights).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from shuanglian.lib.lights import warn_from
from shuanglian.lib.workdays import add_months, due, next_workday

from .models import Status as S


def config() -> dict:
    return settings.SHUANGLIAN_SUGGESTION_CLOCKS


def today() -> dt.date:
    """Today for the clocks (tests move it)."""
    return timezone.localdate()


def add_days(start: dt.date, days: int) -> tuple[dt.date, bool]:
    """`days` calendar days after `start` (the start day not counted), moved off a rest day."""
    return next_workday(start + dt.timedelta(days=days))


def commitment_warn(made_on: dt.date, due_on: dt.date) -> dt.date:
    return warn_from(made_on, due_on)


def derive(s) -> None:
    """Set the stored deadlines and the running clock (due_date, warn_date) from the inputs."""
    cfg = config()
    provisional = False
    s.assign_due = s.return_due = s.co_opinion_due = s.answer_due = s.first_answer_due = s.rating_due = None
    waiting_since = s.returned_on if s.status == S.RETURNED else s.submitted_on
    if waiting_since and s.status in (S.SUBMITTED, S.RETURNED):
        s.assign_due, p = add_days(waiting_since, cfg["assign_days"])
        provisional |= p
    if s.assigned_on and s.status not in (S.SUBMITTED, S.RETURNED):
        s.return_due, p1 = add_days(s.assigned_on, cfg["return_days"])
        s.co_opinion_due, p2 = add_months(s.assigned_on, cfg["co_opinion_months"])
        months = cfg["complex_answer_months"] if s.complex else cfg["answer_months"]
        first, p3 = add_months(s.assigned_on, months)
        s.first_answer_due = first
        if s.rehandle_from:
            s.answer_due, p4 = add_months(s.rehandle_from, cfg["rehandle_months"])
        else:
            s.answer_due, p4 = first, False
        provisional |= p1 or p2 or p3 or p4
    if s.answered_on and s.status in (S.ANSWERED, S.REHANDLING, S.CLOSED):
        s.rating_due, p = due(s.answered_on, cfg["rating_workdays"])
        provisional |= p
    running = {
        S.SUBMITTED: (s.submitted_on, s.assign_due),
        S.RETURNED: (s.returned_on, s.assign_due),
        S.ASSIGNED: (s.assigned_on, s.answer_due),
        S.REHANDLING: (s.rehandle_from, s.answer_due),
        S.ANSWERED: (s.answered_on, s.rating_due),
    }.get(s.status)
    if running and running[0] and running[1]:
        s.due_date, s.warn_date = running[1], warn_from(running[0], running[1])
        s.due_provisional = provisional
    else:
        s.due_date = s.warn_date = None
        s.due_provisional = False


def rating_late(s) -> bool:
    """A rating not returned by its deadline (rated after it, or not at all once it has passed)."""
    if s.rating_due is None:
        return False
    if s.rated_on is not None:
        return s.rated_on > s.rating_due
    return today() > s.rating_due
