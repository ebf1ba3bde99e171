"""Deadlines follow the calendar: when staff change working days, open clocks are recomputed
(connected in cases/signals.py)."""

from __future__ import annotations

from django.db import transaction

from shuanglian.core.audit import audit_record

from .. import clock
from ..models import OPEN_STATUSES, Case

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


