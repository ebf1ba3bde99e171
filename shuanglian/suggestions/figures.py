"""The handling figures of suggestions, by lead unit and by lead deputy, computed from the records
(never typed), in one grouped query each:

- 办复率: of the suggestions whose first answer deadline has come, the share answered;
- 按时办复率: of the answered ones, the share first answered by the first deadline;
- A类占比: of the answered ones, the share whose (latest) answer is category A;
- 满意率: of the ratings returned in time, the share 满意 or 基本满意. A rating not returned by its
  deadline (late, or never) is left out (重庆 rule art. 29, `late_rating: "exclude"`) or counted as
  satisfied (`"as_satisfied"`), per SHUANGLIAN_SUGGESTION_CLOCKS.
Counted over the suggestions assigned in the year (assignment date), in the reader's scope.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.db.models import Count, F, Q

from shuanglian.core.errors import BusinessError
from shuanglian.lib.parse import parse_int

from . import clocks
from .models import Rating, Status
from .selectors import suggestion_list

HANDLED = [Status.ASSIGNED, Status.ANSWERED, Status.REHANDLING, Status.CLOSED]
GROUPS = {"unit": ("lead_unit_id", "lead_unit__name"), "deputy": ("lead_deputy_id", "lead_deputy__name")}


def _rate(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


@dataclass
class Figures:
    id: int | None
    name: str
    assigned: int
    due: int
    answered_due: int
    answered: int
    on_time: int
    category_a: int
    rated_in_time: int
    satisfied_in_time: int
    late_ratings: int

    @property
    def satisfaction_base(self) -> tuple[int, int]:
        if clocks.config()["late_rating"] == "as_satisfied":
            return self.satisfied_in_time + self.late_ratings, self.rated_in_time + self.late_ratings
        return self.satisfied_in_time, self.rated_in_time

    def as_dict(self) -> dict:
        satisfied, rated = self.satisfaction_base
        return {**asdict(self), "answer_rate": _rate(self.answered_due, self.due),
                "on_time_rate": _rate(self.on_time, self.answered), "a_share": _rate(self.category_a, self.answered),
                "satisfaction": _rate(satisfied, rated)}


def _counts(on: dt.date) -> dict:
    answered = Q(rounds__gte=1)
    good = [Rating.SATISFIED, Rating.BASICALLY_SATISFIED]
    in_time = Q(rated_on__isnull=False, rated_on__lte=F("rating_due"))
    late = answered & Q(rating_due__lt=on) & ~in_time & ~Q(status=Status.ASSIGNED)
    return {
        "assigned": Count("pk"),
        "due": Count("pk", filter=Q(first_answer_due__lte=on)),
        "answered_due": Count("pk", filter=Q(first_answer_due__lte=on) & answered),
        "answered": Count("pk", filter=answered),
        "on_time": Count("pk", filter=answered & Q(first_answered_on__lte=F("first_answer_due"))),
        "category_a": Count("pk", filter=answered & Q(answer_category="A")),
        "rated_in_time": Count("pk", filter=in_time & ~Q(rating="")),
        "satisfied_in_time": Count("pk", filter=in_time & Q(rating__in=good)),
        "late_ratings": Count("pk", filter=late),
    }


def suggestion_figures(user, *, year: int, by: str, on: dt.date | None = None) -> tuple[list[Figures], Figures]:
    """(rows per unit or deputy, the total) for the suggestions assigned in `year` that `user` reads."""
    on = on or clocks.today()
    key, name = GROUPS[by]
    qs = suggestion_list(user).filter(status__in=HANDLED, assigned_on__year=year)
    counts = _counts(on)
    rows = [Figures(id=r[key], name=r[name] or "—", **{k: r[k] for k in counts})
            for r in qs.order_by().values(key, name).annotate(**counts).order_by(name)]
    total = qs.order_by().aggregate(**counts)
    return rows, Figures(id=None, name="合计", **total)


def assigned_years(user) -> list[int]:
    years = suggestion_list(user).filter(assigned_on__isnull=False).dates("assigned_on", "year", order="DESC")
    return [d.year for d in years]


def figures_payload(user, year_param, by_param) -> dict:
    year = clocks.today().year if year_param in (None, "") else parse_int(year_param, name="年度", minimum=2000,
                                                                          maximum=2100)
    by = by_param or "unit"
    if by not in GROUPS:
        raise BusinessError("统计口径 by 应为 unit（按承办单位）或 deputy（按代表）。", code="invalid_by")
    rows, total = suggestion_figures(user, year=year, by=by)
    return {"year": year, "by": by, "late_rating": clocks.config()["late_rating"],
            "rows": [r.as_dict() for r in rows], "total": total.as_dict()}
