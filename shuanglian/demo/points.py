"""履职积分 in the demo (issue 7, demo data: "a quarter of published points"): the points were paid
by the services while the earlier builders recorded receptions, activities and suggestions; here
璧山区's staff publish (亮分) the last finished quarter, so the ranking, the deputies' public pages
and the open-data feed show published points. Idempotent: a published quarter is left as it is."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shuanglian.points.models import PointPublication
from shuanglian.points.periods import display, quarter_bounds, quarter_of
from shuanglian.points.services import point_publish
from shuanglian.regions.models import Region

from .cases.life import People

BISHAN = "500120"


def last_finished_quarter(today: dt.date) -> str:
    start, _ = quarter_bounds(quarter_of(today))
    return quarter_of(start - dt.timedelta(days=1))


def build(today: dt.date | None = None) -> str:
    bishan = Region.objects.filter(code=BISHAN).first()
    if bishan is None:
        return "璧山：无此区域，跳过"
    staff = People().staff_of(BISHAN, "璧山区")
    period = last_finished_quarter(today or timezone.localdate())
    if PointPublication.objects.filter(region=bishan, period=period).exists():
        return f"璧山区{display(period)}已亮分"
    point_publish(region=bishan, period=period, actor=staff)
    return f"璧山区{display(period)}亮分"
