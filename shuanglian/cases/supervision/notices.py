"""Supervision (督办): the in-app inbox (who sees which notice, read marks) and formal
supervision notices (督办通知, with a number and a reply period). The sweep that writes the
red/yellow notices is sweep.py."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import (
    deny_read,
    deny_write,
    in_region_scope,
    is_admin,
    is_department_role,
    is_staff_role,
    reads_region,
    region_subtree_q,
)
from shuanglian.lib.workdays import add_workdays

from .. import clock
from ..models import Case, CaseStatus, Notice
from .sweep import notice_deliver, short_title

Level = Notice.Level

# --- the inbox ----------------------------------------------------------------------------------

def notice_list(user):
    """Notices the user may see: their department's (not the leaders' personal escalations),
    their own, and — for staff, leaders and admins — every notice of cases in their region."""
    if not user.is_authenticated:
        return Notice.objects.none()
    qs = Notice.objects.all()
    if not is_admin(user):
        q = Q(user=user)
        if is_department_role(user):
            q |= Q(department_id=user.department_id, user__isnull=True)
        if reads_region(user):
            q |= region_subtree_q(user, "case__region")
        qs = qs.filter(q)
    return qs.select_related("case", "department", "user").order_by(
        F("read_at").asc(nulls_first=True), "-created_at", "-pk"
    )


def access_notice(user, notice_id: int) -> Notice:
    notice = notice_list(user).filter(pk=notice_id).first()
    if notice is None:
        deny_read()
    return notice


def can_mark_read(user, notice: Notice) -> bool:
    """Only the addressee marks a notice read: the user, the department, or (for notices with
    neither) the staff of the region."""
    if notice.user_id:
        return notice.user_id == user.pk
    if notice.department_id:
        return is_department_role(user) and user.department_id == notice.department_id
    return is_staff_role(user) and (notice.case is None or in_region_scope(user, notice.case.region))


@transaction.atomic
def notice_mark_read(*, notice: Notice, actor) -> Notice:
    if not can_mark_read(actor, notice):
        deny_write("只有通知的接收人可以将其标为已读。")
    if notice.read_at is not None:
        return notice
    notice.read_at = timezone.now()
    Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)
    audit_record(event_type="notice.read", actor=actor, target=notice,
                 region=notice.case.region if notice.case_id else None,
                 changes={"read_at": [None, str(notice.read_at)]})
    return notice


@transaction.atomic
def notice_mark_all_read(*, actor) -> int:
    ids = [n.pk for n in notice_list(actor).filter(read_at__isnull=True) if can_mark_read(actor, n)]
    count = Notice.objects.filter(pk__in=ids, read_at__isnull=True).update(read_at=timezone.now())
    if count:
        audit_record(event_type="notice.read", actor=actor, changes={"count": [0, count]}, note=f"全部标为已读（{count}条）")
    return count


def unread_count(user) -> int:
    return notice_list(user).filter(read_at__isnull=True).count()


# --- formal supervision notices (督办通知书) -------------------------------------------------------

def formal_reply_days() -> int:
    return settings.SHUANGLIAN_FORMAL_NOTICE_DAYS


def formal_number(notice: Notice) -> int:
    """The notice's sequence number in its year (督〔2025〕N号), stable: rows are never deleted."""
    year = timezone.localtime(notice.created_at).year
    start = timezone.make_aware(dt.datetime(year, 1, 1))
    return Notice.objects.filter(level=Level.FORMAL, created_at__gte=start, pk__lte=notice.pk).count()


# A formal notice presses a department: it means something only while the case is with one.
SUPERVISABLE = (CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS)


def not_supervisable_reason(case: Case) -> str | None:
    """Why a 督办通知 makes no sense for `case` now (None: it does). Asked by the case page (to
    offer the link), the confirmation page and notice_issue_formal alike."""
    if case.status in SUPERVISABLE and case.lead_department_id:
        return None
    if case.status in (CaseStatus.SUBMITTED, CaseStatus.ACCEPTED):
        return "该诉求尚未交办承办部门，无需发督办通知。"
    if case.status in (CaseStatus.REPLIED, CaseStatus.REVISITED):
        return "承办部门已答复，该诉求正在回访，无需再发督办通知。"
    return f"该诉求{case.get_status_display()}，无需发督办通知。"


def formal_until(case: Case, on: dt.date) -> dt.date:
    """The deadline a formal notice issued on `on` sets: FORMAL_NOTICE_DAYS working days on —
    but never earlier than the reply deadline already running (a case that is not late keeps its
    own, longer deadline; the notice never shortens it)."""
    pressed = add_workdays(on, formal_reply_days())
    running = clock.reply_due(case)
    return max(pressed, running) if running else pressed


@transaction.atomic
def notice_issue_formal(*, case: Case, actor, note: str = "") -> Notice:
    """Staff issue a formal supervision notice (督办通知书) to the lead department.

    One per case, due date and day: a double submit returns the same notice.
    """
    if not (is_staff_role(actor) and in_region_scope(actor, case.region)):
        deny_write("只有本区域的人大工作人员可以发出督办通知。")
    reason = not_supervisable_reason(case)
    if reason:
        raise BusinessError(reason, code="not_supervisable")
    on = clock.today()
    key = f"case:{case.pk}:formal:{case.due_date:%Y%m%d}:{on:%Y%m%d}" if case.due_date else f"case:{case.pk}:formal:-:{on:%Y%m%d}"
    existing = Notice.objects.filter(dedupe_key=key).first()
    if existing is not None:
        return existing
    until = formal_until(case, on)
    text = (f"【督办通知】请{case.lead_department}于{until:%Y年%m月%d日}前"
            f"办结{case.number}「{short_title(case)}」并书面报告办理情况。")
    notice = Notice(case=case, department=case.lead_department, level=Level.FORMAL, dedupe_key=key, text=text[:300])
    try:
        with transaction.atomic():
            notice.save()
    except IntegrityError:
        return Notice.objects.get(dedupe_key=key)
    audit_record(event_type="case.supervise", actor=actor, target=case, region=case.region,
                 changes={"notice": [None, Level.FORMAL]}, note=note or text)
    transaction.on_commit(lambda: notice_deliver(notice_id=notice.pk))
    return notice
