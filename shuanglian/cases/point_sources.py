"""The closed loop's verified event for 履职积分: a demand collected by a deputy (Case.collected_by)
and closed (销号) after a 满意 rating. case_close pays it as it happens; this source yields the
same events for the points rebuild (registered in CasesConfig.ready; points never imports cases)."""

from __future__ import annotations

from django.utils import timezone

from shuanglian.points.sources import EventSource, PointEvent, register_event_source

from .models import Case, CaseStatus, Rating

RULE = "demand_satisfied"


def case_key(case) -> str:
    return f"case:{case.pk}"


def pays_on_close(case) -> bool:
    """Closing this case pays its collecting deputy (the rebuild's filter below says the same)."""
    return case.rating == Rating.SATISFIED and case.collected_by_id is not None


class CaseEvents(EventSource):
    label = "诉求办结满意"

    def events(self, start, end):
        rows = Case.objects.filter(status=CaseStatus.CLOSED, rating=Rating.SATISFIED, collected_by__isnull=False,
                                   closed_at__date__gte=start, closed_at__date__lte=end)
        for pk, deputy_id, closed_at in rows.values_list("pk", "collected_by_id", "closed_at").iterator():
            yield PointEvent(timezone.localdate(closed_at), f"case:{pk}", deputy_id, RULE)


def register_with_points() -> None:
    register_event_source(CaseEvents())
