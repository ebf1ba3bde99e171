"""向选民述职 (reports to voters): staff of the deputy's region record each report — date, place,
attendees, summary — and the yearly 履职档案 reads them back. Keyword-only, explicit actor, one
transaction, one audit event; bad input is a Chinese BusinessError and writes nothing. One report
per deputy and day (a double submit records it once)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import deny_write, in_region_scope, is_staff_role

from .models import VoterReport
from .selectors import today

MAX_ATTENDEES = 100_000


def can_record(user, deputy) -> bool:
    return is_staff_role(user) and in_region_scope(user, deputy.region)


def voter_reports_in(deputy, year: int):
    """The deputy's reports to voters of `year`, oldest first (the 履职档案's section)."""
    return VoterReport.objects.filter(deputy=deputy, date__year=year).order_by("date", "pk")


def _text(value, label: str, limit: int) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else None
    if value is None:
        raise BusinessError(f"{label}应为文字。", code="invalid")
    if not value:
        raise BusinessError(f"请填写{label}。", code="required")
    if len(value) > limit:
        raise BusinessError(f"{label}不能超过 {limit} 个字。", code="too_long")
    return value


@transaction.atomic
def voter_report_record(*, actor, deputy, date: dt.date, place: str, attendees: int, summary: str) -> VoterReport:
    """Record one report to voters of `deputy` (on a past or today's date)."""
    if deputy is None or not can_record(actor, deputy):
        deny_write("只有代表所在区域的人大工作人员可以登记向选民述职。")
    if not isinstance(date, dt.date):
        raise BusinessError("请填写述职日期（格式：2026-03-15）。", code="date_required")
    if date > today():
        raise BusinessError("述职日期不能晚于今天。", code="future_date")
    if isinstance(attendees, bool) or not isinstance(attendees, int) or not 1 <= attendees <= MAX_ATTENDEES:
        raise BusinessError(f"参加选民人数应为 1 至 {MAX_ATTENDEES} 之间的整数。", code="invalid_attendees")
    place, summary = _text(place, "述职地点", 120), _text(summary, "述职及评议情况", 5000)
    if VoterReport.objects.filter(deputy=deputy, date=date).exists():
        raise BusinessError(f"{deputy.name}{date:%Y年%-m月%-d日}的向选民述职已登记。", code="duplicate")
    try:
        with transaction.atomic():
            report = VoterReport.objects.create(deputy=deputy, date=date, place=place, attendees=attendees,
                                                summary=summary, created_by=actor)
    except IntegrityError:  # the same report submitted twice at once
        raise BusinessError(f"{deputy.name}{date:%Y年%-m月%-d日}的向选民述职已登记。", code="duplicate") from None
    audit_record(event_type="voter_report.record", actor=actor, target=report, region=deputy.region, changes={
        "deputy": [None, deputy.name], "date": [None, date.isoformat()], "place": [None, place],
        "attendees": [None, attendees]})
    return report
