"""Who reads and who generates which brief (the funnel, DESIGN.md §4.4).

Staff, leaders and admins read the briefs of their region subtree (a district's leader reads its
towns' too); only staff (and admins) of that subtree generate one. A brief outside the reader's
scope is 404, like a missing id."""

from django.core.exceptions import PermissionDenied

from shuanglian.core.permissions import (
    deny_read,
    in_region_scope,
    is_staff_role,
    reads_region,
    region_subtree_q,
)
from shuanglian.lib.parse import id_or_none

from .models import Brief


def brief_list(user):
    """The briefs `user` may read; refuses roles that read no region (handlers, deputies)."""
    if not user.is_authenticated:
        raise PermissionDenied("请先登录。")
    if not reads_region(user):
        raise PermissionDenied("只有人大工作人员和领导可以查看月度简报。")
    return Brief.objects.filter(region_subtree_q(user, "region")).select_related("region", "generated_by")


def can_generate(user, region) -> bool:
    return is_staff_role(user) and in_region_scope(user, region)


def access_brief(user, brief_id) -> Brief:
    pk = id_or_none(brief_id)
    brief = brief_list(user).filter(pk=pk).first() if pk is not None else None
    if brief is None:
        deny_read()
    return brief
