"""Reads of oversight topics, through the same funnel as opinions: staff and leaders of the region
subtree; deputies of their region; departments see none (they see the opinions sent to them)."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from shuanglian.core.models import Role
from shuanglian.core.permissions import (
    deny_read,
    deny_write,
    is_admin,
    reads_region,
    region_subtree_q,
)
from shuanglian.lib.parse import id_or_none

from .models import InspectionCampaign, Opinion, Topic, TopicMaterial
from .selectors import can_write


def topic_list(user):
    qs = Topic.objects.select_related("region", "plan_item")
    if not user.is_authenticated:
        return qs.none()
    if is_admin(user):
        return qs
    if reads_region(user) or user.role == Role.DEPUTY:
        return qs.filter(region_subtree_q(user))
    return qs.none()


def access_topic(user, topic_id, *, write: bool = False) -> Topic:
    pk = id_or_none(topic_id)
    topic = topic_list(user).filter(pk=pk).first() if pk is not None else None
    if topic is None:
        deny_read()
    if write and not can_write(user, topic.region):
        deny_write("只有本区域的人大工作人员可以维护监督议题。")
    return topic


def _count(qs):
    rows = qs.filter(topic=OuterRef("pk")).order_by().values("topic").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def with_counts(qs):
    """Each topic with the number of its opinions, campaigns and materials (one subquery each)."""
    return qs.annotate(n_opinions=_count(Opinion.objects.all()), n_campaigns=_count(InspectionCampaign.objects.all()),
                       n_materials=_count(TopicMaterial.objects.all()))


def topic_totals(qs) -> dict:
    """For a set of topics: how many, how many produced an opinion, and the opinions they produced
    (seed 000: 26 topics, 19 opinions)."""
    opinions = Opinion.objects.filter(topic__in=qs.values("pk"))
    return {"topics": qs.count(), "with_opinion": qs.filter(Q(opinions__isnull=False)).distinct().count(),
            "opinions": opinions.count()}
