"""The main menu, by role. Entries whose page is not installed are skipped."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .models import Role

ALL = set(Role.values)
NAV = [
    # (label, url name, roles that see it)
    (_("工作台"), "dashboard:home", ALL),
    (_("诉求办理"), "cases:list", ALL),
    (_("督办通知"), "cases:inbox", {Role.STAFF, Role.HANDLER, Role.DEPT_LEADER, Role.LEADER, Role.ADMIN}),
    (_("领导驾驶舱"), "screens:cockpit", {Role.STAFF, Role.LEADER, Role.ADMIN}),
    (_("三率统计"), "dashboard:rates", {Role.STAFF, Role.LEADER, Role.ADMIN, Role.DEPT_LEADER}),
    (_("产业链"), "chains:list", {Role.STAFF, Role.LEADER, Role.ADMIN, Role.DEPUTY, Role.DEPT_LEADER, Role.HANDLER}),
    (_("代表"), "deputies:deputy_list", {Role.STAFF, Role.LEADER, Role.ADMIN, Role.DEPUTY}),
    (_("履职阵地"), "deputies:station_list", {Role.STAFF, Role.LEADER, Role.ADMIN, Role.DEPUTY}),
    (_("代表履职"), "duties:home", {Role.STAFF, Role.LEADER, Role.ADMIN, Role.DEPUTY}),
    (_("履职积分"), "points:home", {Role.STAFF, Role.LEADER, Role.ADMIN, Role.DEPUTY}),
    (_("监督工作"), "oversight:opinion_list", {Role.STAFF, Role.LEADER, Role.ADMIN, Role.DEPUTY, Role.DEPT_LEADER, Role.HANDLER}),
    (_("代表建议"), "suggestions:list", {Role.STAFF, Role.LEADER, Role.ADMIN}),
    (_("我的建议"), "suggestions:mine", {Role.DEPUTY}),
    (_("建议办理"), "suggestions:inbox", {Role.HANDLER, Role.DEPT_LEADER}),
    (_("区域与部门"), "regions:department_list", {Role.STAFF, Role.LEADER, Role.ADMIN}),
    (_("大屏"), "screens:admin", {Role.STAFF, Role.LEADER, Role.ADMIN}),
    (_("月度简报"), "briefs:list", {Role.STAFF, Role.LEADER, Role.ADMIN}),
    (_("工作日历"), "core:calendar", {Role.STAFF, Role.ADMIN}),
    (_("审计日志"), "core:audit_list", {Role.STAFF, Role.ADMIN}),
    (_("集成密钥"), "cases:integration_keys", {Role.ADMIN}),
]


def nav_for(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    role = Role.ADMIN if user.is_superuser else user.role
    items = []
    for label, name, roles in NAV:
        if role not in roles:
            continue
        try:
            items.append({"label": label, "url": reverse(name), "name": name})
        except NoReverseMatch:
            continue
    return items
