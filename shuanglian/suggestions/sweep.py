"""The suggestions' sweep (红黄绿督办 on their clocks): a yellow or red notice to the lead unit for a
suggestion whose answer is due or late (first answer or 重办) and for a commitment due or late,
and to the lead deputy for a rating due or late. Notices go to the same inbox, e-mail and webhook
as the closed loop's (cases.supervision.notice_deliver). Idempotent and safe on many hosts: one
notice per key (the unique `dedupe_key`); a concurrent sweep that wins a key makes the other skip it.
The assignment clock is the committee staff's own: its light shows on their list, no notice.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import IntegrityError, transaction

from shuanglian.cases.models import Notice
from shuanglian.cases.supervision import notice_deliver
from shuanglian.lib import lights

from . import clocks
from .models import Commitment, CommitmentStatus, Status, Suggestion

UNIT_STEPS = {Status.ASSIGNED: "答复", Status.REHANDLING: "重新办理答复"}


def _lit(qs, on, due, warn):
    return qs.filter(lights.deadline_light_q(lights.RED, on, due=due, warn=warn)
                     | lights.deadline_light_q(lights.YELLOW, on, due=due, warn=warn))


def _text(level, what, due, on, *, soon="请抓紧办理", late="请立即办理并报告情况"):
    if level == Notice.Level.YELLOW:
        return f"【黄灯提醒】{what}将于{due:%Y年%m月%d日}到期，{soon}。"
    return f"【红灯督办】{what}已超期（截止{due:%Y年%m月%d日}，已超{(on - due).days}天），{late}。"


def _pending(on: dt.date):
    """(key, department, user id, level, text) for everything lit today."""
    handling = Suggestion.objects.filter(status__in=list(UNIT_STEPS), lead_unit__isnull=False).select_related("lead_unit")
    for s in _lit(handling, on, "due_date", "warn_date"):
        level = lights.deadline_light(s.due_date, s.warn_date, on)
        yield (f"suggestion:{s.pk}:{s.status}:{level}:{s.due_date:%Y%m%d}", s.lead_unit, None, level,
               _text(level, f"代表建议{s.number}《{s.title}》的{UNIT_STEPS[s.status]}时限", s.due_date, on))
    rating = Suggestion.objects.filter(status=Status.ANSWERED, lead_deputy__user__isnull=False).select_related(
        "lead_deputy")
    for s in _lit(rating, on, "due_date", "warn_date"):
        level = lights.deadline_light(s.due_date, s.warn_date, on)
        yield (f"suggestion-rating:{s.pk}:{s.rounds}:{level}", None, s.lead_deputy.user_id, level,
               _text(level, f"您领衔的建议《{s.title}》的办理评价", s.due_date, on, soon="请及时评价",
                     late="请尽快评价"))
    commitments = Commitment.objects.filter(status=CommitmentStatus.OPEN, suggestion__lead_unit__isnull=False
                                            ).select_related("suggestion__lead_unit")
    for c in _lit(commitments, on, "due", "warn_date"):
        level = lights.deadline_light(c.due, c.warn_date, on)
        yield (f"commitment:{c.pk}:{level}:{c.due:%Y%m%d}", c.suggestion.lead_unit, None, level,
               _text(level, f"建议《{c.suggestion.title}》答复中承诺的“{c.content[:40]}”", c.due, on))


def suggestion_sweep(*, on: dt.date | None = None) -> str:
    on = on or clocks.today()
    made = Counter()
    for key, department, user_id, level, text in _pending(on):
        if Notice.objects.filter(dedupe_key=key).exists():
            continue
        try:
            with transaction.atomic():
                notice = Notice.objects.create(dedupe_key=key[:120], department=department, user_id=user_id,
                                               level=level, text=text[:300])
                transaction.on_commit(lambda pk=notice.pk: notice_deliver(notice_id=pk))
        except IntegrityError:  # another host wrote this key first
            continue
        made[level] += 1
    labels = dict(Notice.Level.choices)
    return "代表建议督办扫描：" + ("，".join(f"{labels[k]} {v} 条" for k, v in made.items()) or "没有新的提醒")
