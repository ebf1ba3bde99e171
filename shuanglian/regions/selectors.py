"""Reads for regions and departments, through the permission funnel."""

from django.db.models import Q

from shuanglian.core.permissions import (
    deny_read,
    in_region_scope,
    is_admin,
    is_department_role,
    is_staff_role,
    subtree_q,
)
from shuanglian.lib.parse import id_or_none

from .models import Department, Region


def region_list(user):
    """Regions a user works in: their region's subtree (a department user: their department's)."""
    if is_admin(user):
        return Region.objects.all()
    if is_department_role(user):
        return Region.objects.filter(subtree_q(user.department.region, ""))
    if getattr(user, "region", None) is None:
        return Region.objects.none()
    return Region.objects.filter(subtree_q(user.region, ""))


def department_list(user):
    """Every logged-in role may see the departments of its region: assigning, co-handling and
    reassigning all need the list. A department user sees its own region's units."""
    qs = Department.objects.select_related("region")
    if is_admin(user):
        return qs
    region = user.department.region if is_department_role(user) else getattr(user, "region", None)
    if region is None:
        return qs.none()
    # A town user also sees the district's departments above it: cases go up as well as down.
    ancestors = [p for p in region.path.split("/") if p]
    return qs.filter(Q(region__code__in=ancestors) | subtree_q(region))


def can_write_department(user, department) -> bool:
    return is_staff_role(user) and in_region_scope(user, department.region)


def access_region(user, region_id) -> Region:
    region = region_list(user).filter(pk=id_or_none(region_id)).first()
    if region is None:
        deny_read()
    return region


def access_department(user, department_id) -> Department:
    dept = department_list(user).filter(pk=id_or_none(department_id)).first()
    if dept is None:
        deny_read()
    return dept
