"""Who sees which screen (the funnel, DESIGN.md §4.4) and the kiosk's token look-up.

Staff, leaders and admins read the screens of their region subtree; only staff (and admins) of
that subtree create or revoke them. A screen outside the reader's scope is 404, like a missing
id; a leader's revoke is 403."""

from django.core.exceptions import PermissionDenied

from shuanglian.core.permissions import (
    deny_read,
    deny_write,
    in_region_scope,
    is_staff_role,
    reads_region,
    region_subtree_q,
)
from shuanglian.lib.parse import id_or_none

from .models import Screen


def screen_list(user):
    """The screens `user` may read; refuses roles that read no region (handlers, deputies)."""
    if not user.is_authenticated:
        raise PermissionDenied("请先登录。")
    if not reads_region(user):
        raise PermissionDenied("只有人大工作人员和领导可以查看大屏。")
    return Screen.objects.filter(region_subtree_q(user, "region")).select_related("region", "station", "created_by")


def can_manage(user, region) -> bool:
    """Staff of `region`'s subtree (or an admin) create and revoke its screens."""
    return is_staff_role(user) and in_region_scope(user, region)


def access_screen(user, screen_id, *, write: bool = False) -> Screen:
    pk = id_or_none(screen_id)
    screen = screen_list(user).filter(pk=pk).first() if pk is not None else None
    if screen is None:
        deny_read()
    if write and not can_manage(user, screen.region):
        deny_write("只有本区域的人大工作人员可以停用大屏。")
    return screen


def screen_by_token(token: str) -> Screen | None:
    """The screen a kiosk URL opens, or None: unknown token, or one staff revoked."""
    if not token or len(token) > 64:
        return None
    return Screen.objects.select_related("region", "station").filter(token=token).first()
