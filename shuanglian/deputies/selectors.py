"""Reads for deputies and stations, through the permission funnel (DESIGN.md §4.4).

Who reads what:
- admin: everything;
- staff and leaders: deputies and stations of their region subtree (区镇两级联动);
- a deputy: their own Deputy record, and the stations they head or are a member of;
- department handlers and leaders: none (their work is cases, not the registry).

Writes are for staff (and admin) whose region scope covers the object's region; a reader who
may not write gets 403, a user who may not read gets 404 exactly like a missing id.
"""

from django.db.models import Prefetch, Q

from shuanglian.core.models import Role
from shuanglian.core.permissions import (
    deny_read,
    deny_write,
    in_region_scope,
    is_admin,
    is_staff_role,
    regional_or_own,
)
from shuanglian.lib.parse import id_or_none

from .models import Deputy, Station, StationMember


def is_deputy_role(user) -> bool:
    return user.is_authenticated and user.role == Role.DEPUTY and not is_admin(user)


def can_write_region(user, region) -> bool:
    """Staff may change registry records of their own region subtree; admins anywhere."""
    return is_staff_role(user) and in_region_scope(user, region)


def deputy_list(user):
    return regional_or_own(user, Deputy.objects.select_related("region"), lambda: Q(user=user))


def station_list(user):
    def own():
        mine = StationMember.objects.filter(deputy__user=user).values("station_id")
        return Q(head__user=user) | Q(pk__in=mine)

    return regional_or_own(user, Station.objects.select_related("region", "chain", "head"), own)


def member_prefetch():
    return Prefetch(
        "members",
        queryset=StationMember.objects.select_related("deputy").order_by("kind", "id"),
    )


def access_deputy(user, deputy_id, *, write: bool = False) -> Deputy:
    deputy = deputy_list(user).filter(pk=id_or_none(deputy_id)).first()
    if deputy is None:
        deny_read()
    if write and not can_write_region(user, deputy.region):
        deny_write("只有本区域的人大工作人员可以修改代表信息。")
    return deputy


def access_station(user, station_id, *, write: bool = False) -> Station:
    qs = station_list(user).prefetch_related(member_prefetch())
    station = qs.filter(pk=id_or_none(station_id)).first()
    if station is None:
        deny_read()
    if write and not can_write_region(user, station.region):
        deny_write("只有本区域的人大工作人员可以修改履职阵地。")
    return station


def access_member(user, station_id, member_id) -> StationMember:
    station = access_station(user, station_id, write=True)
    member = StationMember.objects.filter(station=station, pk=id_or_none(member_id)).select_related("deputy").first()
    if member is None:
        deny_read()
    return member


def deputy_choices(user):
    """Active deputies a staff user may post at a station or name as its head."""
    return deputy_list(user).filter(is_active=True)


def public_notice(station) -> dict:
    """What goes on the wall (公示): head, members' names and the reception day. No phones."""
    members = list(station.members.all())
    return {
        "head": station.head.name if station.head_id else "",
        "deputies": [m.deputy.name for m in members if m.deputy_id],
        "grid_workers": [m.name for m in members if not m.deputy_id],
        "reception": f"每月{station.reception_day}日" if station.reception_day else "",
    }


def deputy_for_code(token) -> Deputy | None:
    """The serving deputy whose 代表码 carries `token`, or None (unknown, rotated or revoked code,
    or a deputy no longer serving): the public page then says the code no longer works."""
    token = str(token or "")
    if not token or len(token) > 64:
        return None
    return Deputy.objects.select_related("region").filter(code_token=token, is_active=True).first()


def can_manage_code(user, deputy) -> bool:
    """The deputy's own code: the deputy and the staff of the deputy's region hand it out and
    rotate or revoke it."""
    own = getattr(user, "deputy", None) if is_deputy_role(user) else None
    return (own is not None and own.pk == deputy.pk) or can_write_region(user, deputy.region)
