"""A deputy's own view (phone first): my stations, my next reception duty, my open demands by
light (cases I collected), the demands sent to my 代表码 and what I did with them, my enterprises
(联系包挂), my attendance this year. Reads only."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from shuanglian.cases.models import OPEN_STATUSES, Case
from shuanglian.cases.selectors import DeputyCodeFigures, deputy_code_figures
from shuanglian.deputies.selectors import station_list
from shuanglian.lib.lights import LABELS, ORDER, deadline_light_expression, deadline_rank_expression

from .models import Reception
from .schedule import ReceptionDate
from .selectors import MIN_RECEPTIONS_A_YEAR, attendance, next_receptions, notice_days, today
from .selectors_contacts import my_enterprises, visit_months

MAX_DEMANDS_SHOWN = 50


@dataclass
class MyDuties:
    deputy: object
    stations: list = field(default_factory=list)
    next_duty: Reception | None = None
    station_dates: list[tuple[object, ReceptionDate | None]] = field(default_factory=list)
    demands: list = field(default_factory=list)
    light_counts: list[dict] = field(default_factory=list)
    enterprises: list = field(default_factory=list)
    visit_months: int = 3
    attended: int = 0
    year: int = 0
    code: DeputyCodeFigures = field(default_factory=DeputyCodeFigures)

    @property
    def below_minimum(self) -> bool:
        return self.attended < MIN_RECEPTIONS_A_YEAR

    @property
    def minimum(self) -> int:
        return MIN_RECEPTIONS_A_YEAR


def my_duties(user, deputy) -> MyDuties:
    on = today()
    mine = MyDuties(deputy=deputy, year=on.year)
    mine.stations = list(station_list(user).order_by("name"))
    mine.next_duty = (Reception.objects.filter(duties__deputy=deputy, date__gte=on)
                      .select_related("station").order_by("date", "start_time").first())
    for station in mine.stations:
        upcoming = next_receptions(station, on=on, count=1)
        mine.station_dates.append((station, upcoming[0] if upcoming else None))
    open_cases = Case.objects.filter(collected_by=deputy, status__in=OPEN_STATUSES).annotate(
        light=deadline_light_expression(on), light_rank=deadline_rank_expression(on))
    mine.demands = list(
        open_cases.only("id", "title", "enterprise_name", "status", "due_date", "warn_date", "submitted_at")
        .order_by("light_rank", "due_date", "id")[:MAX_DEMANDS_SHOWN]
    )
    counts = {light: 0 for light in ORDER}
    counts.update({row["light"]: row["n"] for row in open_cases.order_by().values("light").annotate(n=Count("id"))})
    mine.light_counts = [{"light": light, "label": LABELS[light], "count": counts[light]} for light in ORDER]
    mine.enterprises = my_enterprises(deputy, on=on)
    mine.visit_months = visit_months()
    mine.attended = attendance([deputy.pk], on.year)[deputy.pk]
    mine.code = deputy_code_figures(deputy)
    return mine


def is_announced(reception: Reception | None) -> bool:
    if reception is None:
        return False
    return (reception.date - today()).days <= notice_days()
