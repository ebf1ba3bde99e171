"""A deputy's duty record of a year, as read by the public page, the open-data feed and the yearly
履职档案: the reception days signed in at, the activities attended (present), the enterprises
linked (联系包挂). One definition of each, so the page, the feed and the document agree."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from .models import Activity, ActivityKind, Attendance, ContactLink, Reception


def receptions_attended(deputy, year: int):
    """The reception days the deputy signed in at in `year` (the same count as selectors.attendance)."""
    return (Reception.objects.filter(duties__deputy=deputy, duties__signed_in_at__isnull=False, date__year=year)
            .select_related("station").distinct().order_by("date", "pk"))


def activities_attended(deputy, year: int):
    """The activities of `year` the deputy was present at, oldest first."""
    return (Activity.objects.filter(participants__deputy=deputy, participants__attendance=Attendance.PRESENT,
                                    date__year=year)
            .select_related("station").distinct().order_by("date", "pk"))


def activity_counts(deputy, year: int) -> list[dict]:
    """Activities attended in `year` by kind, in the kinds' order (zeros included)."""
    rows = dict(activities_attended(deputy, year).order_by().values_list("kind").annotate(n=Count("pk", distinct=True)))
    return [{"kind": k, "label": label, "count": rows.get(k, 0)} for k, label in ActivityKind.choices]


def visits(deputy, year: int) -> int:
    """走访: the activities of kind 走访 the deputy was present at in `year`."""
    return activities_attended(deputy, year).filter(kind=ActivityKind.VISIT).count()


def contact_links_in(deputy, year: int):
    """The deputy's contact links (联系包挂) in force at some time in `year`."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (ContactLink.objects.filter(deputy=deputy, started_on__lte=end)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
            .select_related("enterprise").order_by("started_on", "pk"))
