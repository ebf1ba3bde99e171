"""Writes for regions and departments."""

from django.db import transaction

from shuanglian.core.audit import audit_record, diff_fields
from shuanglian.core.permissions import require_staff

from .models import Department, Region


@transaction.atomic
def region_create(*, name: str, code: str, level: str, parent: Region | None, actor) -> Region:
    require_staff(actor)
    region = Region(name=name, code=code, level=level, parent=parent)
    region.path = region.compute_path()
    region.full_clean()
    region.save()
    audit_record(event_type="region.create", actor=actor, target=region, region=region)
    return region


@transaction.atomic
def department_create(*, name: str, region: Region, actor, short_name: str = "", email: str = "",
                      webhook_url: str = "") -> Department:
    require_staff(actor)
    dept = Department(name=name, region=region, short_name=short_name, email=email, webhook_url=webhook_url)
    dept.full_clean()
    dept.save()
    audit_record(event_type="department.create", actor=actor, target=dept)
    return dept


@transaction.atomic
def department_update(*, department: Department, actor, **values) -> Department:
    require_staff(actor)
    dept = Department.objects.select_for_update().get(pk=department.pk)
    changes = diff_fields(dept, values)
    for field, value in values.items():
        setattr(dept, field, value)
    dept.full_clean()
    dept.save(update_fields=list(values) or None)
    if changes:
        audit_record(event_type="department.update", actor=actor, target=dept, changes=changes)
    return dept
