"""The permission funnel's shared rules (DESIGN.md §4.4).

Every app fetches user-addressed objects through its own `access_<thing>(user, id, write=…)`
helper, built from these rules:

- an object the user may not read is reported as *not found* (404), exactly like an id that
  does not exist, so guessing ids reveals nothing;
- an object the user may read but not change raises PermissionDenied (403) on write.

Scope is regional: staff, leaders and deputies see their region and everything below it
(区镇两级联动); handlers and department leaders see their department's work only; the
system admin sees everything.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from .models import Role

REGIONAL_READERS = {Role.STAFF, Role.LEADER, Role.ADMIN}
REGISTRY_WRITERS = {Role.STAFF, Role.ADMIN}
DEPARTMENT_ROLES = {Role.HANDLER, Role.DEPT_LEADER}


def is_admin(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role == Role.ADMIN)


def is_staff_role(user) -> bool:
    """Committee staff or system admin: may change anything in their scope."""
    return user.is_authenticated and (is_admin(user) or user.role == Role.STAFF)


def is_department_role(user) -> bool:
    return user.is_authenticated and user.role in DEPARTMENT_ROLES and user.department_id is not None


def reads_region(user) -> bool:
    """Staff, leaders and admins read everything in their regional scope."""
    return user.is_authenticated and (is_admin(user) or user.role in REGIONAL_READERS)


def region_q(user, field: str = "region") -> Q:
    """Q limiting `field` (a Region FK path) to the user's region subtree.

    Regions carry a materialised path, so a subtree is one indexed prefix match, not a
    recursive walk.
    """
    if is_admin(user):
        return Q()
    region = getattr(user, "region", None)
    if region is None:
        return Q(pk__in=[])
    return Q(**{f"{field}__path__startswith": region.path})


def in_region_scope(user, region) -> bool:
    if is_admin(user):
        return True
    if region is None or getattr(user, "region", None) is None:
        return False
    return region.path.startswith(user.region.path)


def deny_read():
    raise Http404("未找到该记录，或您无权查看。")


def deny_write(message: str = "您没有执行此操作的权限。"):
    raise PermissionDenied(message)


def require_staff(user):
    if not is_staff_role(user):
        deny_write("只有人大工作人员可以执行此操作。")
