"""Reads of the oversight app through the permission funnel (DESIGN.md §4.4).

Who reads what:
- admin: everything; staff and leaders: their region subtree (staff write, leaders read only);
- a government body's handlers and leaders: the opinions sent to their department (once adopted)
  and the plan items naming it — nothing else;
- deputies: their region's adopted opinions and plans (监督法 art. 17: made known to the deputies).
Unreadable is 404 like a missing id; readable but not writable is 403.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q

from shuanglian.core.models import Role
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
from shuanglian.lib import lights
from shuanglian.lib.parse import id_or_none

from .models import Opinion, OpinionItem, OpinionStatus, PlanItem, WorkPlan


def _reads_as_region(user) -> bool:
    return reads_region(user) or (user.is_authenticated and user.role == Role.DEPUTY)


def opinion_list(user):
    qs = Opinion.objects.select_related("region", "body")
    if not user.is_authenticated:
        return qs.none()
    if is_admin(user):
        return qs
    if is_department_role(user):
        return qs.filter(body_id=user.department_id).exclude(status=OpinionStatus.DRAFT)
    if reads_region(user):
        return qs.filter(region_subtree_q(user))
    if user.role == Role.DEPUTY:
        return qs.filter(region_subtree_q(user)).exclude(status=OpinionStatus.DRAFT)
    return qs.none()


def public_opinions():
    """What the public reads (监督法 art. 17): the opinions staff chose to publish — the public page
    and the open-data feed, no login."""
    return Opinion.objects.filter(published_at__isnull=False).select_related("region", "body")


def with_light(qs, on: dt.date):
    return qs.annotate(light=lights.deadline_light_expression(on),
                       light_rank=lights.deadline_rank_expression(on))


def can_write(user, region) -> bool:
    return is_staff_role(user) and in_region_scope(user, region)


def access_opinion(user, opinion_id, *, write: bool = False) -> Opinion:
    pk = id_or_none(opinion_id)
    op = opinion_list(user).filter(pk=pk).first() if pk is not None else None
    if op is None:
        deny_read()
    if write and not can_write(user, op.region):
        deny_write("只有本区域的人大工作人员可以修改审议意见。")
    return op


def access_item(user, item_id) -> OpinionItem:
    pk = id_or_none(item_id)
    item = (OpinionItem.objects.filter(pk=pk, opinion__in=opinion_list(user)).select_related("opinion").first()
            if pk is not None else None)
    if item is None:
        deny_read()
    return item


def opinion_detail(op: Opinion) -> Opinion:
    """The opinion with everything its page shows, in a fixed number of queries."""
    return (Opinion.objects.select_related("region", "body", "plan_item__plan")
            .prefetch_related("items", "submissions", "votes",
                              Prefetch("reviews__findings__item"))
            .get(pk=op.pk))


def plan_list(user):
    qs = WorkPlan.objects.select_related("region")
    if not user.is_authenticated:
        return qs.none()
    if is_admin(user):
        return qs
    if _reads_as_region(user):
        return qs.filter(region_subtree_q(user))
    if is_department_role(user):
        return qs.filter(items__departments=user.department_id).distinct()
    return qs.none()


def access_plan(user, plan_id, *, write: bool = False) -> WorkPlan:
    pk = id_or_none(plan_id)
    plan = plan_list(user).filter(pk=pk).first() if pk is not None else None
    if plan is None:
        deny_read()
    if write and not can_write(user, plan.region):
        deny_write("只有本区域的人大工作人员可以修改监督工作计划。")
    return plan


def plan_items(user, plan: WorkPlan):
    qs = plan.items.annotate(n_chains=Count("chains", distinct=True)).prefetch_related("departments", "chains")
    if is_department_role(user) and not is_admin(user):
        qs = qs.filter(departments=user.department_id)
    return qs.order_by("number")


def serves_industry_q() -> Q:
    """An item serves industry when it is linked to at least one industrial chain (seed 000:
    "29项监督工作中…助力拼经济、强产业的有10项" is a filter over these links, never a typed figure)."""
    return Q(chains__isnull=False)


def access_plan_item(user, item_id, *, write: bool = False) -> PlanItem:
    pk = id_or_none(item_id)
    item = PlanItem.objects.filter(pk=pk, plan__in=plan_list(user)).select_related("plan__region").first() \
        if pk is not None else None
    if item is None:
        deny_read()
    if write and not can_write(user, item.plan.region):
        deny_write("只有本区域的人大工作人员可以修改监督事项。")
    return item
