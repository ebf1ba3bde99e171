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
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q
from django.utils import timezone

from shuanglian.core.models import AuditEvent, Role
from shuanglian.core.permissions import (
    deny_read,
    deny_write,
    is_admin,
    is_department_role,
    reads_region,
    subtree_q,
)
from shuanglian.deputies.models import Station, StationMember
from shuanglian.lib import lights
from shuanglian.lib.lights import (
    deadline_light_expression,
    deadline_light_q,
    deadline_rank_expression,
)
from shuanglian.lib.parse import id_or_none
from shuanglian.regions.models import Region
from shuanglian.regions.selectors import department_list

from . import clock
from .models import (
    OPEN_STATUSES,
    Case,
    CaseStatus,
    CoDepartment,
    DeputyStep,
    ExtensionRequest,
    ExtensionStatus,
    Source,
    tracking_code_normalize,
)
from .workflow import actor_roles

NUMBER_RE = re.compile(r"^SQ\d{4}-0*(\d+)$", re.IGNORECASE)
# The list filter's choices: "none" stands for "no clock" in a URL.
LIGHTS = {light or "none": lights.LONG_LABELS[light] for light in lights.ORDER}


def deputy_of(user):
    if user is None or not user.is_authenticated or user.role != Role.DEPUTY:
        return None
    return getattr(user, "deputy", None)


def deputy_q(deputy) -> Q:
    member_stations = StationMember.objects.filter(deputy=deputy).values("station_id")
    stations = Station.objects.filter(Q(head=deputy) | Q(pk__in=member_stations)).values("pk")
    followed = Case.following_deputies.through.objects.filter(deputy_id=deputy.pk).values("case_id")
    return Q(collected_by=deputy) | Q(pk__in=followed) | Q(station_id__in=stations)


def department_q(department_id) -> Q:
    co = CoDepartment.objects.filter(department_id=department_id).values("case_id")
    return Q(lead_department_id=department_id) | Q(pk__in=co)


def scope_region_ids(user) -> list[int]:
    """Ids of the user's region subtree, in one small query.

    Cases are filtered with `region_id IN (…)` rather than a join on `regions_region.path LIKE
    '…%'`: with the ids the database uses the indexes that start with region (and skips the
    join); a district has a handful of towns, so the list stays short."""

    region = getattr(user, "region", None)  # cached on the user: the filter menus reuse it
    if region is None:
        return []
    return list(Region.objects.filter(subtree_q(region, "")).values_list("pk", flat=True))


def case_scope_q(user) -> Q | None:
    """The Q a user's readable cases satisfy; None: no case at all."""
    if user is None or not user.is_authenticated:
        return None
    if is_admin(user):
        return Q()
    if reads_region(user):
        return Q(region_id__in=scope_region_ids(user))
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


LIST_FIELDS = ["id", "title", "confidential", "urgency", "enterprise_name", "status", "due_date", "due_provisional",
               "paused_since", "submitted_at", "clock_kind", "clock_start", "assigned_workdays"]


def list_rows(qs):
    """Only what a list row shows (templates/cases/partials/case_rows.html): ten columns and the two
    names as annotations instead of three joined model instances per row — building model
    objects is a large part of a list page's time."""
    return qs.select_related(None).only(*LIST_FIELDS).annotate(
        category_name=F("category__name"), lead_department_name=F("lead_department__name"))


RECENT_DAYS = 180  # "most used" departments: by assignments in the last half year


def departments_by_use(user):
    """The user's active departments, most assigned to in the last half year first, then by name
    (the assignment forms' order)."""
    since = timezone.now() - dt.timedelta(days=RECENT_DAYS)
    return (department_list(user).filter(is_active=True)
            .annotate(recent=Count("led_cases", filter=Q(led_cases__assigned_at__gte=since)))
            .order_by("-recent", "name"))


def with_light(qs, today: dt.date | None = None):
    """Annotate `light` (red / yellow / green / "") and `light_rank` (red first) in SQL — the
    lib.lights rule, the same as clock.light_of."""
    today = today or clock.today()
    return qs.annotate(light=deadline_light_expression(today), light_rank=deadline_rank_expression(today))


def light_q(light: str, today: dt.date | None = None) -> Q:
    """Index-friendly condition for one light ("none": no clock); an unknown light filters nothing."""
    light = lights.NONE if light == "none" else light
    if light not in lights.ORDER:
        return Q()
    return deadline_light_q(light, today or clock.today())


def case_search(qs, text: str):
    """Full-text search that works for Chinese: substring match over title, description,
    enterprise name and tracking code (燃气 finds 燃气走线), plus the case number SQ2025-000123."""
    text = (text or "").strip()
    if not text:
        return qs
    # On PostgreSQL each icontains is UPPER(col) LIKE UPPER('%q%'), served by the trigram GIN
    # indexes on UPPER(col) of migration 0005 when the query has three or more characters (pg_trgm
    # finds no trigram in a two-character word such as 燃气: those scan, like SQLite always does;
    # the list bounds the scan with its capped count). The tracking code is matched exactly (codes
    # are stored in capitals) so its unique index can join the trigram BitmapOr — the former
    # UPPER(tracking_code) = … arm had no index and forced a scan of every row.
    cond = Q(title__icontains=text) | Q(description__icontains=text) | Q(enterprise_name__icontains=text)
    code = tracking_code_normalize(text)
    if code is not None:
        cond |= Q(tracking_code=code)
    number = NUMBER_RE.match(text)
    if number:
        cond |= Q(pk=int(number.group(1)))
    return qs.filter(cond)


def access_case(user, case_id, *, write: bool = False) -> Case:
    """The funnel: unreadable → 404 (like a missing id); readable without a role → 403 on write."""
    pk = id_or_none(case_id)
    case = case_list(user).filter(pk=pk).first() if pk is not None else None
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


STAFF_QUEUE = [CaseStatus.SUBMITTED, CaseStatus.ACCEPTED, CaseStatus.REPLIED, CaseStatus.REVISITED]
DEPARTMENT_QUEUE = [CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS]


def work_queue(user, today: dt.date | None = None):
    """"My items": what the user has to act on next, red first, then by due date.

    staff → submitted/accepted to triage, replied awaiting revisit, revisited awaiting close, and
    cases with a pending extension request; department → assigned to sign and in progress (and
    co-handled cases still waiting for its report); deputy → their open cases; leader → overdue
    cases in their region.

    Built for indexes: the region subtree and the few "side" cases (pending extensions, unreported
    co-handling) are resolved to id lists first, so the main query is `region_id IN (…) AND status
    IN (…)` or `lead_department_id = … AND status IN (…)` — ranges of the (region | lead_department,
    status, due_date) indexes over the open cases only, never a scan of the written-off ones."""
    today = today or clock.today()
    if user is None or not user.is_authenticated:
        return Case.objects.none()
    base = Case.objects.select_related("category", "region", "lead_department")
    if is_admin(user) or user.role == Role.STAFF:
        cond = Q(status__in=STAFF_QUEUE)
        pending = list(_pending_extension_cases())
        if pending:  # "… or in progress with a pending extension", written so one index range serves both
            cond = Q(status__in=[*STAFF_QUEUE, CaseStatus.IN_PROGRESS]) & (
                ~Q(status=CaseStatus.IN_PROGRESS) | Q(pk__in=pending))
        # a demand sent to a deputy's 代表码 reaches staff's queue once the deputy forwards it
        qs = base.filter(case_scope_q(user), cond).exclude(deputy_step=DeputyStep.PENDING)
    elif is_department_role(user):
        # Co-handled cases still waiting for this department's report (few: open cases only).
        unreported = list(CoDepartment.objects.filter(
            department_id=user.department_id, reported_at__isnull=True, case__status=CaseStatus.IN_PROGRESS,
        ).values_list("case_id", flat=True))
        cond = Q(lead_department_id=user.department_id, status__in=DEPARTMENT_QUEUE)
        if unreported:
            cond |= Q(status=CaseStatus.IN_PROGRESS, pk__in=unreported)
        qs = base.filter(cond)  # both arms lie inside department_q: no second scope filter needed
    elif deputy_of(user) is not None:
        qs = case_list(user).filter(status__in=OPEN_STATUSES)
    elif reads_region(user):
        qs = case_list(user).filter(status__in=OPEN_STATUSES, due_date__lt=today)
    else:
        return Case.objects.none()
    return with_light(qs, today).order_by(*QUEUE_ORDER)


QUEUE_ORDER = ("light_rank", F("due_date").asc(nulls_last=True), "submitted_at", "id")


def work_queue_page(queue, offset: int, limit: int, today: dt.date | None = None):
    """The rows of one queue page, in two steps inside one query: the page's ids are chosen from
    the queue's index alone (light, due date, submission time are all in it), then only those rows
    are read with what the list shows."""
    ids = queue.values("pk")[offset: offset + limit]
    return list_rows(with_light(Case.objects.filter(pk__in=ids), today)).order_by(*QUEUE_ORDER)


def work_queue_counts(queue) -> dict[str, int]:
    """How many queue items per light ("red", "yellow", "green", "" for no clock), in one grouped
    query over the same rows — the page's total, so no separate COUNT(*) is needed."""
    rows = queue.order_by().values_list("light").annotate(n=Count("pk"))
    counts = dict.fromkeys(lights.ORDER, 0)
    for light, n in rows:
        counts[light or ""] = n
    return counts


def _pending_extension_cases():
    return ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING).values_list("case_id", flat=True)


# --- 代表码: the demands sent to a deputy's own code ----------------------------------------------

def deputy_code_waiting(deputy, today: dt.date | None = None):
    """The demands sent to the deputy's code that wait for their step, oldest first (with light)."""
    qs = Case.objects.filter(source=Source.DEPUTY_CODE, collected_by=deputy, deputy_step=DeputyStep.PENDING)
    return with_light(qs.select_related("category"), today).order_by("submitted_at", "id")


@dataclass
class DeputyCodeFigures:
    """Per deputy: demands received through their 代表码 and what the deputy did with them."""
    received: int = 0
    waiting: int = 0
    answered: int = 0
    forwarded: int = 0
    suggestions: int = 0
    by_staff: int = 0

    @property
    def handled(self) -> int:
        return self.answered + self.forwarded + self.suggestions

    @property
    def handled_share(self) -> str:
        """Share handled by the deputy themselves, one decimal ("—" before the first demand)."""
        if not self.received:
            return "—"
        return f"{Decimal(self.handled * 100) / self.received:.1f}%"


def deputy_code_figures(deputy, year: int | None = None) -> DeputyCodeFigures:
    """One grouped query (the partial index on collected_by, deputy_step serves it)."""
    qs = Case.objects.filter(source=Source.DEPUTY_CODE, collected_by=deputy)
    if year is not None:
        qs = qs.filter(submitted_at__year=year)
    steps = dict(qs.order_by().values_list("deputy_step").annotate(n=Count("pk")))
    return DeputyCodeFigures(
        received=sum(steps.values()), waiting=steps.get(DeputyStep.PENDING, 0),
        answered=steps.get(DeputyStep.ANSWERED, 0), forwarded=steps.get(DeputyStep.FORWARDED, 0),
        suggestions=steps.get(DeputyStep.SUGGESTION, 0), by_staff=steps.get(DeputyStep.STAFF, 0),
    )
