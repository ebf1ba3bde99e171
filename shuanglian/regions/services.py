"""Writes for regions and departments."""

from django.db import transaction

from shuanglian.core.audit import audit_record, diff_fields
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import deny_write, in_region_scope, is_admin, require_staff

from .models import Department, Region


def _require_region_scope(actor, region):
    """Staff change only what lies in their own region subtree (a town cannot edit the district)."""
    require_staff(actor)
    if region is None or not in_region_scope(actor, region):
        deny_write("只能新建或修改本区域（含下辖镇街）范围内的记录。")


@transaction.atomic
def region_create(*, name: str, code: str, level: str, parent: Region | None, actor) -> Region:
    require_staff(actor)
    if parent is None and not is_admin(actor):
        deny_write("只有系统管理员可以新建顶级区域。")
    if parent is not None:
        _require_region_scope(actor, parent)
    if Region.objects.filter(code=code).exists():
        raise BusinessError(f"区划代码 {code} 已存在。", code="duplicate")
    region = Region(name=name, code=code, level=level, parent=parent)
    region.path = region.compute_path()
    region.full_clean()
    region.save()
    audit_record(event_type="region.create", actor=actor, target=region, region=region)
    return region


@transaction.atomic
def department_create(*, name: str, region: Region, actor, short_name: str = "", email: str = "",
                      webhook_url: str = "") -> Department:
    _require_region_scope(actor, region)
    name = (name or "").strip()
    if Department.objects.filter(region=region, name=name).exists():
        raise BusinessError(f"{region.name}已有名为「{name}」的部门。", code="duplicate")
    dept = Department(name=name, region=region, short_name=short_name, email=email, webhook_url=webhook_url)
    dept.full_clean()
    dept.save()
    audit_record(event_type="department.create", actor=actor, target=dept)
    return dept


@transaction.atomic
def department_update(*, department: Department, actor, **values) -> Department:
    dept = Department.objects.select_for_update().select_related("region").get(pk=department.pk)
    _require_region_scope(actor, dept.region)
    if "region" in values:
        _require_region_scope(actor, values["region"])
    if "name" in values and Department.objects.filter(
        region=values.get("region", dept.region), name=values["name"]
    ).exclude(pk=dept.pk).exists():
        raise BusinessError(f"已有名为「{values['name']}」的部门。", code="duplicate")
    changes = diff_fields(dept, values)
    for field, value in values.items():
        setattr(dept, field, value)
    dept.full_clean()
    if changes:
        dept.save(update_fields=[k for k in values if k in changes])
        audit_record(event_type="department.update", actor=actor, target=dept, changes=changes)
    return dept
