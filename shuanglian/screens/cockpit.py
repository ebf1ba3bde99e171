"""领导驾驶舱: the big screen's figures for one reader on a phone — their region's three rates, open
items by light and the department ranking, each figure a link to the list behind it, and "this
week" (new red items, items written off, opinions due). Everything is read through the reader's
own funnel (rates scope, case_list, opinion_list), so a drill-down never shows what they may not
read; the rules are the rates page's and the lights' own."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from shuanglian.cases import clock
from shuanglian.cases import selectors as case_selectors
from shuanglian.cases.models import OPEN_STATUSES, CaseStatus
from shuanglian.cases.rates import figures, ranking
from shuanglian.core.permissions import reads_region
from shuanglian.core.replica import replica_reads
from shuanglian.lib import lights
from shuanglian.oversight.models import OpinionStatus
from shuanglian.oversight.selectors import opinion_list

WEEK_ITEMS = 5
RANKING_ROWS = 5


def week_of(today: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the week holding `today`."""
    monday = today - dt.timedelta(days=today.weekday())
    return monday, monday + dt.timedelta(days=6)


def cockpit_figures(user, today: dt.date | None = None) -> dict:
    if not reads_region(user):
        raise PermissionDenied("领导驾驶舱仅供人大工作人员和领导查看。")
    today = today or clock.today()
    period = figures.parse_period(str(today.year), today=today)
    rows = figures.stat_rows(user, period)  # the rates page's own scope and grain
    by_department = figures.grouped(rows, "department")
    totals = figures.total_of(by_department)
    ranked = ranking.department_ranking(rows, metric="on_time", groups=by_department)[:RANKING_ROWS]

    cases = case_selectors.case_list(user)
    open_cases = cases.filter(status__in=OPEN_STATUSES)
    counts = case_selectors.work_queue_counts(case_selectors.with_light(open_cases, today))
    monday, sunday = week_of(today)
    # A case turns red the day after its due date: red since this Monday = due from last Sunday on.
    new_red = (open_cases.filter(case_selectors.light_q(lights.RED, today),
                                 due_date__gte=monday - dt.timedelta(days=1))
               .order_by("due_date", "id"))
    closed = cases.filter(status=CaseStatus.CLOSED, closed_at__date__gte=monday).order_by("-closed_at", "-id")
    opinions = (opinion_list(user).filter(due_date__gte=today, due_date__lte=sunday)
                .exclude(status__in=[OpinionStatus.DRAFT, OpinionStatus.SATISFIED]).order_by("due_date", "id"))
    shown = {"new_red": list(new_red[:WEEK_ITEMS]), "closed": list(closed[:WEEK_ITEMS])}
    for case in shown["new_red"] + shown["closed"]:  # a confidential case's title: staff and its departments only
        case.shown_title = case.title if case_selectors.can_see_details(case, user) else "（涉及商业秘密）"
    return {
        "period": period, "totals": totals, "ranking": ranked,
        "min_cases": clock.limits()["ranking_min_cases"],
        "lights": [{"key": light, "label": lights.LONG_LABELS[light], "count": counts[light]}
                   for light in (lights.RED, lights.YELLOW, lights.GREEN)],
        "monday": monday, "sunday": sunday,
        "new_red": shown["new_red"], "new_red_count": new_red.count(),
        "closed": shown["closed"], "closed_count": closed.count(),
        "opinions": list(opinions[:WEEK_ITEMS]), "opinions_count": opinions.count(),
    }


@login_required
@replica_reads
def cockpit(request):
    return render(request, "screens/cockpit.html", cockpit_figures(request.user))
