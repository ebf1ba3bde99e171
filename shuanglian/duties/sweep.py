"""The duty chain's sweep: a reminder to a contact deputy (their own inbox, and e-mail/webhook as
the closed loop's notices: cases.supervision.notice_deliver) when an enterprise they keep in
touch with (联系包挂) has not been visited within SHUANGLIAN_CONTACT_VISIT_MONTHS months.

A link younger than that period is not reminded (nobody can be late on a link made last week).
Idempotent and safe on several hosts: one notice per link and month (the unique `dedupe_key`);
a rerun, or a concurrent sweep that won the key, makes no second notice.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from shuanglian.cases.models import Notice
from shuanglian.cases.supervision import notice_deliver

from .models import ContactLink
from .selectors_contacts import last_visit_expression, visit_months, visit_since


def _due(on: dt.date):
    """(key, user id, text) for each current link whose enterprise is overdue a visit on `on`."""
    since = visit_since(on)
    links = (ContactLink.objects.filter(ended_on__isnull=True, started_on__lte=since, deputy__is_active=True,
                                        deputy__user__isnull=False)
             .annotate(last_seen=last_visit_expression(on, "enterprise_id"))
             .filter(last_seen__lt=since)
             .select_related("deputy", "enterprise").order_by("pk"))
    for link in links:
        seen = link.last_seen if link.last_seen and link.last_seen.year > 1900 else None
        last = f"上次走访为{seen:%Y年%-m月%-d日}" if seen else "登记包挂以来尚未走访"
        yield (f"contact_visit:{link.pk}:{on:%Y%m}", link.deputy.user_id,
               f"【联系包挂提醒】您联系包挂的“{link.enterprise.name}”已超过{visit_months()}个月未走访（{last}），"
               f"请安排走访并在履职活动中登记。")


def duties_sweep(*, on: dt.date | None = None) -> str:
    on = on or timezone.localdate()
    made = 0
    for key, user_id, text in _due(on):
        if Notice.objects.filter(dedupe_key=key).exists():
            continue
        try:
            with transaction.atomic():
                notice = Notice.objects.create(dedupe_key=key, user_id=user_id, level=Notice.Level.INFO, text=text[:300])
                transaction.on_commit(lambda pk=notice.pk: notice_deliver(notice_id=pk))
        except IntegrityError:  # another host wrote this key first
            continue
        made += 1
    return f"代表履职扫描：联系包挂走访提醒 {made} 条" if made else "代表履职扫描：没有新的提醒"
