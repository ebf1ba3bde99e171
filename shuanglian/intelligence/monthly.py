"""每月一题: staff accept a common demand of the month as the month's topic, then hand it on to a
deliberation topic (议题) or to a deputy's draft suggestion. The hand-over itself is written by the
suggestions app (it may import oversight, suggestions and this app); here is only what this app
owns: the topic, its cases, and the record of where it went."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from shuanglian.cases.selectors import case_list
from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError, ConcurrentUpdate
from shuanglian.core.permissions import (
    deny_read,
    deny_write,
    in_region_scope,
    is_staff_role,
    reads_region,
    subtree_q,
)
from shuanglian.lib.parse import id_or_none

from .clusters import NOT_DEMANDS, month_bounds
from .index import enterprise_key
from .models import MonthlyTopic


def _require_staff_in(actor, region):
    if not (is_staff_role(actor) and in_region_scope(actor, region)):
        deny_write("只有本区域的人大工作人员可以确定每月一题。")


@transaction.atomic
def monthly_topic_accept(*, actor, region, month: dt.date, label: str, cases, chain=None,
                         note: str = "") -> MonthlyTopic:
    """The cluster staff saw becomes the month's topic. The cases are checked again (the page may be
    old): readable by the actor, of the region and the month, still demands, from two firms or more."""
    _require_staff_in(actor, region)
    month = month.replace(day=1)
    if month > timezone.localdate().replace(day=1):
        raise BusinessError("不能为尚未到来的月份立题。", code="future_month")
    label = (label or "").strip()
    if not label or len(label) > 100:
        raise BusinessError("请填写每月一题的关键词（100字以内）。", code="invalid_label")
    if len(note or "") > 2000:
        raise BusinessError("立题说明最多2000字。", code="note_too_long")
    start, end = month_bounds(month)
    ids = {c.pk for c in cases}
    found = dict(case_list(actor).filter(subtree_q(region), pk__in=ids, submitted_at__date__gte=start,
                                         submitted_at__date__lt=end).exclude(status__in=NOT_DEMANDS)
                 .values_list("pk", "enterprise_name"))
    if len(found) != len(ids):
        raise BusinessError("部分诉求已不在本月本区域的诉求之中（或已并案、不予受理），请刷新页面后重试。",
                            code="stale_cases")
    if len({enterprise_key(name) for name in found.values()}) < 2:
        raise BusinessError("每月一题应为两家以上企业反映的同类问题。", code="single_enterprise")
    try:
        with transaction.atomic():
            topic = MonthlyTopic.objects.create(region=region, month=month, chain=chain, label=label,
                                                note=(note or "").strip(), accepted_by=actor,
                                                accepted_at=timezone.now())
    except IntegrityError:
        raise BusinessError(f"{month:%Y年%m月}已有每月一题「{label}」。", code="duplicate") from None
    topic.cases.set(list(found))
    audit_record(event_type="monthly_topic.accept", actor=actor, target=topic, region=region,
                 changes={"month": [None, f"{month:%Y-%m}"], "label": [None, label], "cases": [None, len(found)]})
    return topic


def monthly_topic_lock(*, actor, topic: MonthlyTopic, expected_version: int | None = None,
                       target: str) -> MonthlyTopic:
    """The topic locked for a hand-over (inside the caller's transaction), before anything is written:
    a stale page or a second hand-over to the same kind of target is refused first."""
    _require_staff_in(actor, topic.region)
    row = MonthlyTopic.objects.select_for_update().get(pk=topic.pk)
    if expected_version is not None and row.version != expected_version:
        raise ConcurrentUpdate("该每月一题已被他人修改，请刷新后重试。")
    if target == "oversight_topic" and row.oversight_topic_id:
        raise BusinessError("该每月一题已转为监督议题。", code="duplicate")
    if target == "suggestion" and row.suggestion_id:
        raise BusinessError("该每月一题已转为代表建议。", code="duplicate")
    return row


@transaction.atomic
def monthly_topic_hand_over(*, actor, topic: MonthlyTopic, expected_version: int | None = None,
                            oversight_topic=None, suggestion=None) -> MonthlyTopic:
    """Records where the topic went; called by the app that wrote the deliberation topic or the
    draft suggestion, inside the same transaction (after monthly_topic_lock)."""
    row = monthly_topic_lock(actor=actor, topic=topic, expected_version=expected_version,
                             target="oversight_topic" if oversight_topic is not None else "suggestion")
    changes = {}
    if oversight_topic is not None:
        row.oversight_topic, changes["oversight_topic"] = oversight_topic, [None, str(oversight_topic)]
    if suggestion is not None:
        row.suggestion, changes["suggestion"] = suggestion, [None, str(suggestion)]
    if not changes:
        raise BusinessError("请选择转交的去向。", code="no_target")
    row.version += 1
    row.save(update_fields=[*changes, "version"])
    audit_record(event_type="monthly_topic.hand_over", actor=actor, target=row, region=row.region, changes=changes)
    return row


def monthly_topic_list(user):
    """每月一题 of the reader's region (staff and leaders; others read none)."""
    if not reads_region(user) or getattr(user, "region", None) is None:
        return MonthlyTopic.objects.none()
    return (MonthlyTopic.objects.filter(subtree_q(user.region))
            .select_related("region", "chain", "accepted_by", "oversight_topic", "suggestion"))


def access_monthly_topic(user, topic_id, *, write: bool = False) -> MonthlyTopic:
    topic = monthly_topic_list(user).filter(pk=id_or_none(topic_id)).first()
    if topic is None:
        deny_read()
    if write:
        _require_staff_in(user, topic.region)
    return topic


def monthly_topic_summary(topic: MonthlyTopic) -> str:
    """The paragraph handed on: what the firms asked, how many, where, and the cases' numbers."""
    cases = list(topic.cases.select_related("region").order_by("submitted_at", "pk"))
    firms = {enterprise_key(c.enterprise_name) for c in cases}
    towns = sorted({c.region.name for c in cases})
    return (f"{topic.month:%Y年%m月}，{len(firms)}家企业（{'、'.join(towns)}）反映同类问题「{topic.label}」，"
            f"共{len(cases)}件诉求：{'、'.join(c.number for c in cases)}。{topic.note}").strip()
