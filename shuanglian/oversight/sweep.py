"""The oversight sweep (红黄绿督办 for the committee's own clocks): a yellow or red notice to the
government body for an opinion whose plan or report is due or late, to the owner of a late
ledger task, and a reminder to a monitoring point's deputies when last month's report is missing
after the configured day. The notices go to the same inbox, e-mail and webhook as the closed
loop's (cases.supervision.notice_deliver). Idempotent and safe on many hosts: one notice per key
(the unique `dedupe_key`); a concurrent sweep that wins a key makes the other skip it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from shuanglian.cases.models import Notice
from shuanglian.cases.supervision import notice_deliver
from shuanglian.deputies.models import Station, StationKind
from shuanglian.lib import lights
from shuanglian.lib.workdays import months_later

from .models import LedgerTask, MonitoringReport, Opinion, OpinionStatus, TaskStatus

BODY_STEPS = {OpinionStatus.TRANSFERRED: "报送办理方案", OpinionStatus.PLANNED: "报告研究处理情况",
              OpinionStatus.REREPORT: "重新报告研究处理情况"}


def _lit(qs, on, due, warn):
    return qs.filter(lights.deadline_light_q(lights.RED, on, due=due, warn=warn)
                     | lights.deadline_light_q(lights.YELLOW, on, due=due, warn=warn))


def _text(level, what, due, on):
    if level == Notice.Level.YELLOW:
        return f"【黄灯提醒】{what}将于{due:%Y年%m月%d日}到期，请抓紧办理。"
    return f"【红灯督办】{what}已超期（截止{due:%Y年%m月%d日}，已超{(on - due).days}天），请立即办理并报告情况。"


def _pending(on: dt.date):
    """(key, department, user id, level, text) for everything lit today."""
    for op in _lit(Opinion.objects.filter(status__in=list(BODY_STEPS)).select_related("body"), on,
                   "due_date", "warn_date"):
        level = lights.deadline_light(op.due_date, op.warn_date, on)
        yield (f"opinion:{op.pk}:{op.status}:{level}:{op.due_date:%Y%m%d}", op.body, None, level,
               _text(level, f"审议意见《{op.title}》的{BODY_STEPS[op.status]}时限", op.due_date, on))
    for task in _lit(LedgerTask.objects.filter(status=TaskStatus.OPEN).select_related("owner"), on,
                     "due_on", "warn_on"):
        level = lights.deadline_light(task.due_on, task.warn_on, on)
        yield (f"ledger_task:{task.pk}:{level}:{task.due_on:%Y%m%d}", task.owner, None, level,
               _text(level, f"台账任务「{task.title}」的完成时限", task.due_on, on))
    if on.day > settings.SHUANGLIAN_MONITORING_REPORT_DAY:
        month = months_later(on.replace(day=1), -1)
        reported = MonitoringReport.objects.filter(period=month).values("station_id")
        points = (Station.objects.filter(kind=StationKind.MONITORING_POINT, is_active=True, head__user__isnull=False)
                  .exclude(pk__in=reported).select_related("head"))
        for point in points:
            yield (f"monitoring:{point.pk}:{month:%Y%m}", None, point.head.user_id, Notice.Level.INFO,
                   f"【监测提醒】{point.name}尚未报送{month:%Y年%m月}的营商环境监测报告，请尽快报送。")


def oversight_sweep(*, on: dt.date | None = None) -> str:
    on = on or timezone.localdate()
    made = Counter()
    for key, department, user_id, level, text in _pending(on):
        if Notice.objects.filter(dedupe_key=key).exists():
            continue
        try:
            with transaction.atomic():
                notice = Notice.objects.create(dedupe_key=key, department=department, user_id=user_id,
                                               level=level, text=text[:300])
                transaction.on_commit(lambda pk=notice.pk: notice_deliver(notice_id=pk))
        except IntegrityError:  # another host wrote this key first
            continue
        made[level] += 1
    labels = dict(Notice.Level.choices)
    return "监督督办扫描：" + ("，".join(f"{labels[k]} {v} 条" for k, v in made.items()) or "没有新的提醒")
