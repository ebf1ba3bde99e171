"""An opinion's clocks (监督法 art. 17 and local rules; figures in SHUANGLIAN_OPINION_CLOCKS):
transfer to the government body within 7 days of adoption; a handling plan within 3 months of
transfer; a report within the opinion's period (default 3 months; 2–6 months or 12 configurable
per opinion); after a failed vote a new report within the same period from the vote.

Day and month clocks end on the same calendar day (民法典 art. 202–203: the same day of the due
month, its last day if it has none); a due day on a rest day moves to the next working day.
Only the running step's deadline has a light (lib.lights), like a case's.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from shuanglian.lib.lights import warn_from
from shuanglian.lib.workdays import add_months, next_workday

from .models import OpinionStatus as S

REPORT_MONTHS_CHOICES = [(2, "2个月"), (3, "3个月"), (4, "4个月"), (5, "5个月"), (6, "6个月"), (12, "1年")]


def config() -> dict:
    return settings.SHUANGLIAN_OPINION_CLOCKS


def add_days(start: dt.date, days: int) -> tuple[dt.date, bool]:
    """`days` calendar days after `start` (the start day not counted), moved off a rest day."""
    return next_workday(start + dt.timedelta(days=days))


def derive(op) -> None:
    """Set the stored deadlines and the running clock (due_date, warn_date) from the inputs."""
    cfg = config()
    provisional = False
    op.transfer_due = op.plan_due = op.report_due = None
    if op.adopted_on:
        op.transfer_due, p = add_days(op.adopted_on, cfg["transfer_days"])
        provisional |= p
    if op.transferred_on:
        op.plan_due, p1 = add_months(op.transferred_on, cfg["plan_months"])
        op.report_due, p2 = add_months(op.rereport_from or op.transferred_on, op.report_months)
        provisional |= p1 or p2
    running = {
        S.ADOPTED: (op.adopted_on, op.transfer_due),
        S.TRANSFERRED: (op.transferred_on, op.plan_due),
        S.PLANNED: (op.transferred_on, op.report_due),
        S.REREPORT: (op.rereport_from, op.report_due),
    }.get(op.status)
    if running and running[0] and running[1]:
        op.due_date, op.warn_date = running[1], warn_from(running[0], running[1])
        op.due_provisional = provisional
    else:
        op.due_date = op.warn_date = None
        op.due_provisional = False
