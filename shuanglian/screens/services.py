"""Screens' one write path: create and revoke, each audited."""

from django.db import transaction
from django.utils import timezone

from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import region_within

from .models import Screen
from .selectors import can_manage


def screen_create(*, actor, region, name: str, station=None) -> Screen:
    """A new kiosk URL for `region` (optionally one of its stations). Staff of the region only."""
    if not can_manage(actor, region):
        raise BusinessError("只有本区域的人大工作人员可以创建大屏。", code="forbidden_region")
    name = (name or "").strip()
    if not name:
        raise BusinessError("请填写大屏名称，如“北碚区人大常委会大厅”。", code="name_required")
    if len(name) > 80:
        raise BusinessError("大屏名称不能超过80个字。", code="name_too_long")
    if station is not None and not region_within(station.region, region):
        raise BusinessError(f"阵地“{station.name}”不在{region.name}范围内。", code="station_outside_region")
    screen = Screen.objects.create(region=region, station=station, name=name, created_by=actor)
    audit_record(event_type="screen.create", actor=actor, target=screen, region=region,
                 changes={"name": [None, name], "station": [None, station.name if station else None]})
    return screen


@transaction.atomic
def screen_revoke(*, screen: Screen, actor) -> Screen:
    """Stop the kiosk URL for good (the screen shows “已停用” at its next refresh). Idempotent."""
    current = Screen.objects.select_for_update().get(pk=screen.pk)
    if not can_manage(actor, current.region):
        raise BusinessError("只有本区域的人大工作人员可以停用大屏。", code="forbidden_region")
    if current.revoked_at is None:
        current.revoked_at = timezone.now()
        current.save(update_fields=["revoked_at"])
        audit_record(event_type="screen.revoke", actor=actor, target=current, region=current.region,
                     changes={"revoked_at": [None, current.revoked_at.isoformat()]})
    return current
