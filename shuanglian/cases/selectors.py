"""Reads for the closed loop, through the permission funnel (DESIGN.md §4.4).

Who reads which cases (`case_list`):
- admin: every case;
- staff and leaders: cases of their region subtree (区镇两级联动);
- department handlers and department leaders: cases their department leads or co-handles;
- deputies: cases they collected or follow, and cases raised at stations they head or serve;
- anyone else: none.

`access_case(user, id)` raises Http404 for an unreadable case exactly like a missing id, and
with write=True raises PermissionDenied (403) for a reader who holds no workflow role on it
(a leader, a co-department on a lead-only action …). The traffic light is computed in SQL
by `with_light` from due_date/warn_date and today; it is never stored.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import Case as When_
from django.db.models import CharField, F, IntegerField, Q, Value, When

from shuanglian.core.models import AuditEvent, Role
from shuanglian.core.permissions import (
    deny_read,
    deny_write,
    is_admin,
    is_department_role,
    reads_region,
    region_q,
)

from . import clock
from .models import OPEN_STATUSES, Case, CaseStatus, CoDepartment, ExtensionStatus
from .workflow import actor_roles

NUMBER_RE = re.compile(r"^SQ\d{4}-0*(\d+)$", re.IGNORECASE)
LIGHTS = {"red": "红灯（已超期）", "yellow": "黄灯（临近期限）", "green": "绿灯（正常）", "none": "未计时"}


def deputy_of(user):
    if user is None or not user.is_authenticated or user.role != Role.DEPUTY:
        return None
    return getattr(user, "deputy", None)


def deputy_q(deputy) -> Q:
    from shuanglian.deputies.models import Station, StationMember

    member_stations = StationMember.objects.filter(deputy=deputy).values("station_id")
    stations = Station.objects.filter(Q(head=deputy) | Q(pk__in=member_stations)).values("pk")
    followed = Case.following_deputies.through.objects.filter(deputy_id=deputy.pk).values("case_id")
    return Q(collected_by=deputy) | Q(pk__in=followed) | Q(station_id__in=stations)


def department_q(department_id) -> Q:
    co = CoDepartment.objects.filter(department_id=department_id).values("case_id")
    return Q(lead_department_id=department_id) | Q(pk__in=co)


def case_scope_q(user) -> Q | None:
    """The Q a user's readable cases satisfy; None: no case at all."""
    if user is None or not user.is_authenticated:
        return None
    if is_admin(user):
        return Q()
    if reads_region(user):
        return region_q(user)
    if is_department_role(user):
        return department_q(user.department_id)
    deputy = deputy_of(user)
    if deputy is not None:
        return deputy_q(deputy)
    return None


def case_list(user):
    """Cases `user` may read, with what list pages show (no N+1)."""
    qs = Case.objects.select_related("category", "region", "lead_department")
    q = case_scope_q(user)
    if q is None:
        return qs.none()
    return qs.filter(q)


def with_light(qs, today: dt.date | None = None):
    """Annotate `light` (red / yellow / green / "") and `light_rank` (red first) in SQL."""
    today = today or clock.today()
    return qs.annotate(
        light=When_(
            When(due_date__isnull=True, then=Value("")),
            When(due_date__lt=today, then=Value("red")),
            When(warn_date__lte=today, then=Value("yellow")),
            default=Value("green"),
            output_field=CharField(),
        ),
        light_rank=When_(
            When(due_date__isnull=True, then=Value(3)),
            When(due_date__lt=today, then=Value(0)),
            When(warn_date__lte=today, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
    )


def light_q(light: str, today: dt.date | None = None) -> Q:
    """Index-friendly conditions for one light (the same rules as with_light)."""
    today = today or clock.today()
    if light == "red":
        return Q(due_date__lt=today)
    if light == "yellow":
        return Q(due_date__gte=today, warn_date__lte=today)
    if light == "green":
        return Q(due_date__gte=today) & (Q(warn_date__isnull=True) | Q(warn_date__gt=today))
    if light == "none":
        return Q(due_date__isnull=True)
    return Q()


def case_search(qs, text: str):
    """Full-text search that works for Chinese: substring match over title, description,
    enterprise name and tracking code (燃气 finds 燃气走线), plus the case number SQ2025-000123."""
    text = (text or "").strip()
    if not text:
        return qs
    cond = (Q(title__icontains=text) | Q(description__icontains=text) | Q(enterprise_name__icontains=text)
            | Q(tracking_code__iexact=text.upper()))
    number = NUMBER_RE.match(text)
    if number:
        cond |= Q(pk=int(number.group(1)))
    return qs.filter(cond)


def access_case(user, case_id, *, write: bool = False) -> Case:
    """The funnel: unreadable → 404 (like a missing id); readable without a role → 403 on write."""
    case = case_list(user).filter(pk=case_id).first() if str(case_id).isdigit() else None
    if case is None:
        deny_read()
    if write and not actor_roles(case, user):
        deny_write("您对该诉求只有查看权限。")
    return case


def can_see_details(case, user) -> bool:
    """Commercial details of a confidential case: staff and the handling departments only."""
    if not case.confidential:
        return True
    roles = actor_roles(case, user)
    return bool(roles & {"staff", "lead", "co"})


def can_see_phone(case, user) -> bool:
    """The full contact phone: staff (in scope) and the lead department on the case page."""
    return bool(actor_roles(case, user) & {"staff", "lead"})


def case_timeline(case) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(target_type="cases.case", target_id=str(case.pk))
        .select_related("actor").order_by("at", "id")
    )


def work_queue(user, today: dt.date | None = None):
    """"My items": what the user has to act on next, red first, then by due date.

    staff → submitted/accepted to triage, replied awaiting revisit, revisited awaiting close, and
    cases with a pending extension request; department → assigned to sign and in progress (and
    co-handled cases still waiting for its report); deputy → their open cases; leader → overdue
    cases in their region."""
    today = today or clock.today()
    base = case_list(user)
    if not user.is_authenticated:
        return base.none()
    if is_admin(user) or user.role == Role.STAFF:
        pending_ext = Q(pk__in=_pending_extension_cases())
        qs = base.filter(
            Q(status__in=[CaseStatus.SUBMITTED, CaseStatus.ACCEPTED, CaseStatus.REPLIED, CaseStatus.REVISITED])
            | (Q(status=CaseStatus.IN_PROGRESS) & pending_ext)
        )
    elif is_department_role(user):
        unreported = CoDepartment.objects.filter(department_id=user.department_id, reported_at__isnull=True)
        qs = base.filter(
            Q(lead_department_id=user.department_id, status__in=[CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS])
            | Q(status=CaseStatus.IN_PROGRESS, pk__in=unreported.values("case_id"))
        )
    elif deputy_of(user) is not None:
        qs = base.filter(status__in=OPEN_STATUSES)
    elif reads_region(user):
        qs = base.filter(status__in=OPEN_STATUSES, due_date__lt=today)
    else:
        return base.none()
    return with_light(qs, today).order_by("light_rank", F("due_date").asc(nulls_last=True), "submitted_at", "id")


def _pending_extension_cases():
    from .models import ExtensionRequest

    return ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING).values("case_id")
