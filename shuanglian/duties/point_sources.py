"""The duty chain's verified events for 履职积分 (points sits below duties and never imports it):
a deputy signed in at a reception; a deputy present at (or absent without leave from) an activity.
The services pay them as they happen (point_award); this source yields the same events for the
rebuild, registered at start-up (DutiesConfig.ready). Same rule codes and source keys in both."""

from __future__ import annotations

from shuanglian.points.sources import EventSource, PointEvent, register_event_source

from .models import ActivityKind, ActivityParticipant, Attendance, ReceptionDuty


def activity_rule(kind: str, attendance: str) -> str | None:
    """The rule an activity participation pays (None: on leave pays nothing)."""
    if attendance == Attendance.ABSENT:
        return "activity_absent"
    if attendance != Attendance.PRESENT:
        return None
    return "inspection_attended" if kind == ActivityKind.INSPECTION else "activity_attended"


def reception_key(duty) -> str:
    return f"reception_duty:{duty.pk}"


def activity_key(activity) -> str:
    return f"activity:{activity.pk}"


class DutyEvents(EventSource):
    label = "接待日与履职活动"

    def events(self, start, end):
        duties = ReceptionDuty.objects.filter(signed_in_at__isnull=False, reception__date__gte=start,
                                              reception__date__lte=end)
        for pk, deputy_id, day in duties.values_list("pk", "deputy_id", "reception__date").iterator():
            yield PointEvent(day, f"reception_duty:{pk}", deputy_id, "reception_attended")
        rows = ActivityParticipant.objects.filter(deputy__isnull=False, activity__date__gte=start,
                                                  activity__date__lte=end)
        for activity_id, deputy_id, day, kind, attendance in rows.values_list(
                "activity_id", "deputy_id", "activity__date", "activity__kind", "attendance").iterator():
            rule = activity_rule(kind, attendance)
            if rule:
                yield PointEvent(day, f"activity:{activity_id}", deputy_id, rule)


def register_with_points() -> None:
    register_event_source(DutyEvents())
