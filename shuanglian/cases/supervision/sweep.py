"""Supervision (督办): the 红黄绿 sweep and the delivery of its notices (inbox, e-mail, webhook).

The sweep finds every open case whose light is yellow or red and writes one Notice per
(case, clock, level, due date). `Notice.dedupe_key` is unique, so running the sweep again — or
on several hosts at the same minute — adds nothing: the second writer hits the unique index and
skips. Red cases also escalate to the lead department's leaders (role dept_leader).

E-mail and the outgoing webhook (渝快政 and similar platforms) are sent only after the
notice's transaction commits (transaction.on_commit), so a rolled-back sweep sends nothing.
Each delivery is *claimed* first with a conditional UPDATE (emailed_at / webhook_at IS NULL),
so two hosts never send the same notice twice; a failed delivery releases its claim, records
the error, and the next sweep retries it.

Who is responsible for which clock: the sign and reply clocks are the lead department's; the
accept, assign and revisit clocks (statuses submitted, accepted, replied) are the committee
staff's own, so their notices carry no department and appear in the inbox of the staff of the
case's region.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from shuanglian.core.audit import audit_record
from shuanglian.core.models import Role, User
from shuanglian.lib.workdays import workdays_between

from .. import clock
from ..models import OPEN_STATUSES, Case, Notice

log = logging.getLogger(__name__)

Level = Notice.Level
DEPARTMENT_CLOCKS = {"sign", "reply"}
SWEEP_LABEL = "督办扫描"
RETRY_WINDOW = dt.timedelta(days=3)  # failed deliveries are retried by later sweeps this long


# --- keys and texts -----------------------------------------------------------------------------

def notice_key(case: Case, level: str, *, user_id: int | None = None) -> str:
    """One notice per case, clock, level and due date (and leader, for escalations)."""
    key = f"case:{case.pk}:{case.clock_kind or '-'}:{level}:{case.due_date:%Y%m%d}"
    return f"{key}:u{user_id}" if user_id else key


def short_title(case: Case, limit: int = 40) -> str:
    return case.title if len(case.title) <= limit else case.title[: limit - 1] + "…"


def _clock_label(case: Case) -> str:
    return {"accept": "受理", "assign": "交办", "sign": "签收", "reply": "办理答复",
            "revisit": "回访"}.get(case.clock_kind, "办理")


def notice_text(case: Case, level: str, on: dt.date) -> str:
    head = f"{case.number}「{short_title(case)}」"
    due = f"{case.due_date:%Y年%m月%d日}"
    if level == Level.YELLOW:
        left = max(0, workdays_between(on, case.due_date))
        return f"【黄灯提醒】{head}{_clock_label(case)}时限将于{due}到期（剩余{left}个工作日），请抓紧办理。"
    late = max(1, workdays_between(case.due_date, on))
    if level == Level.RED:
        return f"【红灯督办】{head}{_clock_label(case)}已超期（截止{due}，已超{late}个工作日），请立即办理并报告情况。"
    return (f"【升级督办】{case.lead_department}承办的{head}已超期{late}个工作日（截止{due}），"
            f"请部门负责人督促落实。")


# --- the sweep ----------------------------------------------------------------------------------

@dataclass
class SweepResult:
    on: dt.date
    checked: int = 0
    created: dict = field(default_factory=lambda: {Level.YELLOW: 0, Level.RED: 0, Level.ESCALATION: 0})
    retried: int = 0

    @property
    def total(self) -> int:
        return sum(self.created.values())

    def __str__(self):
        c = self.created
        return (f"{self.on:%Y-%m-%d} 检查{self.checked}件亮灯诉求，新发黄灯提醒{c[Level.YELLOW]}条、"
                f"红灯督办{c[Level.RED]}条、升级督办{c[Level.ESCALATION]}条；重试投递{self.retried}条")


def lit_cases(on: dt.date):
    """Open cases whose light is yellow or red on `on`, decided in SQL from due/warn dates."""
    return (
        Case.objects.filter(status__in=OPEN_STATUSES, due_date__isnull=False)
        .filter(Q(due_date__lt=on) | Q(warn_date__lte=on))
        .select_related("lead_department", "region")
        .order_by("due_date", "pk")
    )


def supervision_sweep(*, on: dt.date | None = None, actor=None, batch: int = 500) -> SweepResult:
    """Write the notices that are due today. Idempotent; safe to run on many hosts at once.

    Each case is handled in its own short transaction (notice rows + audit events), with
    deliveries queued for after its commit. If the caller wraps the sweep in an outer
    transaction that rolls back, nothing is sent.
    """
    on = on or clock.today()
    result = SweepResult(on=on)
    leaders = _leaders_by_department()
    pending: list[tuple[Case, str, int | None]] = []
    qs = lit_cases(on)
    for case in qs.iterator(chunk_size=batch):
        light = clock.light_of(case, on)
        if light not in ("yellow", "red"):
            continue
        result.checked += 1
        pending.append((case, light, None))
        if light == "red" and case.clock_kind in DEPARTMENT_CLOCKS and case.lead_department_id:
            for leader_id in leaders.get(case.lead_department_id, ()):
                pending.append((case, Level.ESCALATION, leader_id))
        if len(pending) >= batch:
            _write_batch(pending, on, actor, result)
            pending = []
    if pending:
        _write_batch(pending, on, actor, result)
    result.retried = _retry_failed_deliveries()
    return result


def _leaders_by_department() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    rows = User.objects.filter(role=Role.DEPT_LEADER, is_active=True, department__isnull=False)
    for uid, dept_id in rows.values_list("pk", "department_id").order_by("pk"):
        out.setdefault(dept_id, []).append(uid)
    return out


def _write_batch(pending, on, actor, result: SweepResult) -> None:
    keys = {notice_key(case, level, user_id=uid): (case, level, uid) for case, level, uid in pending}
    existing = set(Notice.objects.filter(dedupe_key__in=list(keys)).values_list("dedupe_key", flat=True))
    by_case: dict[int, list] = {}
    for key, (case, level, uid) in keys.items():
        if key not in existing:
            by_case.setdefault(case.pk, []).append((key, case, level, uid))
    for items in by_case.values():
        for level in _create_case_notices(items, on, actor):
            result.created[level] += 1


@transaction.atomic
def _create_case_notices(items, on, actor) -> list[str]:
    created = []
    for key, case, level, uid in items:
        own_clock = case.clock_kind in DEPARTMENT_CLOCKS
        notice = Notice(
            case=case, level=level, dedupe_key=key, text=notice_text(case, level, on)[:300],
            department=case.lead_department if own_clock else None, user_id=uid,
        )
        try:
            with transaction.atomic():  # savepoint: a concurrent sweep may have won this key
                notice.save()
        except IntegrityError:
            continue
        audit_record(
            event_type="case.supervise", actor=actor, target=case, region=case.region,
            actor_label="" if actor else SWEEP_LABEL,
            changes={"notice": [None, level]}, note=notice.text,
        )
        created.append(level)
        transaction.on_commit(lambda pk=notice.pk: notice_deliver(notice_id=pk))
    return created


# --- deliveries ---------------------------------------------------------------------------------

def case_url(case: Case) -> str:
    for name in ("cases:detail", "cases:case_detail"):
        try:
            return settings.SITE_URL + reverse(name, args=[case.pk])
        except NoReverseMatch:
            continue
    return settings.SITE_URL + reverse("cases:inbox")


def webhook_payload(notice: Notice) -> dict:
    """What the outgoing webhook posts. No personal data: no contact names or phone numbers."""
    case = notice.case
    return {
        "type": "supervision_notice",
        "notice_id": notice.pk,
        "level": notice.level,
        "level_label": notice.get_level_display(),
        "text": notice.text,
        "department": notice.department.name if notice.department_id else "",
        "created_at": timezone.localtime(notice.created_at).isoformat(),
        "case": {
            "id": case.pk,
            "number": case.number,
            "title": case.title,
            "status": case.status,
            "status_label": case.get_status_display(),
            "due_date": case.due_date.isoformat() if case.due_date else None,
            "light": clock.light_of(case),
            "url": case_url(case),
        } if case else None,
    }


def _recipient_email(notice: Notice) -> str:
    if notice.user_id:
        return notice.user.email
    return notice.department.email if notice.department_id else ""


def notice_deliver(*, notice_id: int) -> None:
    """Send a notice's e-mail and webhook, each at most once across all hosts.

    Runs after commit; never raises (a failure is recorded on the notice and retried later).
    """
    notice = Notice.objects.select_related("case", "department", "user").filter(pk=notice_id).first()
    if notice is None:
        return
    to = _recipient_email(notice)
    if to and notice.emailed_at is None and _claim(notice, "emailed_at"):
        try:
            send_mail(
                subject=f"[双链] {notice.get_level_display()}：{notice.case.number if notice.case else ''}",
                message=f"{notice.text}\n\n查看：{case_url(notice.case) if notice.case else settings.SITE_URL}\n",
                from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[to],
            )
        except Exception:  # SMTP down: release the claim, retry next sweep
            log.exception("notice %s: e-mail to %s failed", notice.pk, to)
            Notice.objects.filter(pk=notice.pk).update(emailed_at=None)
    url = notice.department.webhook_url if notice.department_id else ""
    if url and notice.webhook_at is None and _claim(notice, "webhook_at"):
        error = webhook_post(url, webhook_payload(notice))
        if error:
            Notice.objects.filter(pk=notice.pk).update(webhook_at=None, webhook_error=error[:200])
        else:
            Notice.objects.filter(pk=notice.pk).update(webhook_error="")


def _claim(notice: Notice, field_name: str) -> bool:
    """Mark the delivery as taken; only one host wins the conditional UPDATE."""
    return bool(Notice.objects.filter(pk=notice.pk, **{f"{field_name}__isnull": True})
                .update(**{field_name: timezone.now()}))


def webhook_post(url: str, payload: dict) -> str:
    """POST JSON; returns "" on a 2xx answer, else a short Chinese error."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "shuanglian-webhook/1"}
    secret = settings.SHUANGLIAN_WEBHOOK_SECRET
    if secret:
        headers["X-Shuanglian-Signature"] = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=settings.SHUANGLIAN_WEBHOOK_TIMEOUT) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        return f"推送失败：对方返回 HTTP {exc.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return f"推送失败：{reason}"
    return "" if 200 <= status < 300 else f"推送失败：对方返回 HTTP {status}"


def _retry_failed_deliveries() -> int:
    since = timezone.now() - RETRY_WINDOW
    failed = (
        Notice.objects.filter(created_at__gte=since)
        .filter(Q(webhook_at__isnull=True, department__webhook_url__gt="", webhook_error__gt="")
                | Q(emailed_at__isnull=True, department__email__gt="", user__isnull=True,
                    created_at__lt=timezone.now() - dt.timedelta(minutes=5)))
        .values_list("pk", flat=True)
    )
    ids = list(failed[:1000])
    for pk in ids:
        notice_deliver(notice_id=pk)
    return len(ids)
