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


def subtree_q(region, field: str = "region") -> Q:
    """Q limiting `field` (a Region FK path, or "" for Region itself) to `region` and below.

    Regions carry a materialised path, so a subtree is one indexed prefix match, not a
    recursive walk. The one place that spells the prefix match.
    """
    lookup = f"{field}__path__startswith" if field else "path__startswith"
    return Q(**{lookup: region.path})


def region_subtree_q(user, field: str = "region") -> Q:
    """Q limiting `field` (a Region FK path, or "" for Region itself) to the user's subtree."""
    if is_admin(user):
        return Q()
    region = getattr(user, "region", None)
    if region is None:
        return Q(pk__in=[])
    return subtree_q(region, field)



def regional_or_own(user, qs, own=None, field: str = "region"):
    """The common read scope of a regional record: admins everything; staff and leaders the
    subtree of their region (over `field`); a deputy only what `own()` (a Q, built when needed)
    says is theirs; every other role nothing. Deputies, stations and inspection campaigns share it."""
    if not user.is_authenticated:
        return qs.none()
    if is_admin(user):
        return qs
    if reads_region(user):
        return qs.filter(region_subtree_q(user, field))
    if user.role == Role.DEPUTY and own is not None:
        return qs.filter(own())
    return qs.none()


def chain_scope_q(user, prefix: str = "") -> Q:
    """Who reads which industrial chain — the one rule (Q over Chain, or over a model reaching
    Chain through `prefix`, e.g. "chain__"):

    - admins: every chain;
    - handlers and department leaders: chains whose task force (lead or member department)
      includes their department;
    - staff and leaders: chains of their region subtree;
    - deputies: chains of their region subtree and chains whose expert group they are in;
    - anyone: chains they are the chief (链长) of.
    A queryset filtered by this may repeat rows through the M2M parts: filter by ids.
    """
    if not user.is_authenticated:
        return Q(pk__in=[])
    if is_admin(user):
        return Q()
    if is_department_role(user):
        return Q(**{f"{prefix}lead_department": user.department_id}) | Q(
            **{f"{prefix}member_departments": user.department_id}
        )
    q = region_subtree_q(user, f"{prefix}region")
    if user.role == Role.DEPUTY:
        deputy_id = getattr(getattr(user, "deputy", None), "pk", None)
        if deputy_id is not None:
            q |= Q(**{f"{prefix}expert_deputies": deputy_id})
    elif user.role not in (Role.STAFF, Role.LEADER):
        return Q(pk__in=[])
    return q | Q(**{f"{prefix}chief_user": user.pk})


def region_within(region, scope) -> bool:
    """`region` is `scope` or below it (Python twin of `subtree_q`)."""
    return region is not None and scope is not None and region.path.startswith(scope.path)


def in_region_scope(user, region) -> bool:
    """Python twin of `region_subtree_q` for one object already in hand."""
    if is_admin(user):
        return True
    return region_within(region, getattr(user, "region", None))


def deny_read():
    raise Http404("未找到该记录，或您无权查看。")


def deny_write(message: str = "您没有执行此操作的权限。"):
    raise PermissionDenied(message)


def require_staff(user):
    if not is_staff_role(user):
        deny_write("只有人大工作人员可以执行此操作。")
