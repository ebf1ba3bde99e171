"""Reads of the audit log, scoped by the permission funnel (DESIGN.md §4.4).

Staff see events of their region subtree; the system admin sees everything; other roles none
(403). Events without a region (e.g. failed logins of unknown names) are visible to admins only.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from shuanglian.lib.parse import id_or_none

from .models import AuditEvent, CalendarOverride, CalendarYear
from .permissions import deny_read, region_subtree_q, require_staff


def calendar_overrides(year: int) -> tuple[dict[dt.date, bool], bool]:
    """Staff's word on `year`: ({date: is_workday} entered by staff, whether the year is confirmed).
    The source of overrides the working-day rules in lib.workdays read (installed in CoreConfig.ready)."""
    overrides = dict(CalendarOverride.objects.filter(date__year=year).values_list("date", "is_workday"))
    return overrides, CalendarYear.objects.filter(year=year, confirmed=True).exists()


AUDIT_FILTERS = ("event_type", "actor", "target_type", "target_id", "date_from", "date_to")


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def audit_event_list(user, params=None) -> QuerySet[AuditEvent]:
    """Events the user may read, filtered by `params` (a QueryDict or dict; bad dates are ignored)."""
    require_staff(user)
    params = params or {}
    qs = AuditEvent.objects.filter(region_subtree_q(user)).select_related("actor")
    if kind := params.get("event_type", "").strip():
        # "case." is every event of cases (the filter's group), "case.import" that event alone
        qs = qs.filter(event_type__startswith=kind) if kind.endswith(".") else qs.filter(event_type=kind)
    if params.get("actor"):
        qs = qs.filter(actor_label__icontains=params["actor"].strip())
    if params.get("target_type"):
        qs = qs.filter(target_type=params["target_type"].strip())
    if params.get("target_id"):
        qs = qs.filter(target_id=params["target_id"].strip())
    if day := _date(params.get("date_from")):
        qs = qs.filter(at__date__gte=day)
    if day := _date(params.get("date_to")):
        qs = qs.filter(at__date__lte=day)
    return qs


def access_audit_event(user, event_id) -> AuditEvent:
    require_staff(user)
    event = AuditEvent.objects.filter(region_subtree_q(user)).select_related("actor").filter(pk=id_or_none(event_id)).first()
    if event is None:
        deny_read()
    return event
