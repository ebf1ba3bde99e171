"""A deputy's public duty record (代表法 art. 58: deputies' basic data and duty record are made
public) — one builder for the deputy's public page (代表码) and the open-data feed, so the two can
never disagree. Only what is public: name, level, sector, region, stations; reception days
attended, activities attended by kind, the suggestions they led (title, number, status, answer
category); points only of quarters staff published (亮分). Never a phone number, an employer, the
enterprises linked or any demand's content."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from shuanglian.core.list_filters import year_param
from shuanglian.deputies.models import Deputy, Station
from shuanglian.duties import records
from shuanglian.lib.parse import BadInput
from shuanglian.points.periods import display
from shuanglian.points.selectors import public_totals
from shuanglian.points.services import fmt
from shuanglian.suggestions.selectors import deputy_suggestions

FIRST_YEAR = 2000


def record_year(value) -> int:
    """`?year=` of a record page: this year when absent. What a year is, is decided once
    (core.list_filters.year_param); a record page names one year, so anything else is a clear
    Chinese 400 rather than silently another year's record."""
    this_year = timezone.localdate().year
    if value in (None, ""):
        return this_year
    year = year_param(value)
    if year is None or year < FIRST_YEAR or year > this_year + 1:
        raise BadInput(f"年度应为 {FIRST_YEAR} 至 {this_year + 1} 之间的四位数年份，如 {this_year}。",
                       code="invalid_year")
    return year


def public_stations(deputy) -> list[Station]:
    """The active stations the deputy heads or is posted at."""
    return list(Station.objects.filter(Q(head=deputy) | Q(members__deputy=deputy), is_active=True)
                .select_related("region").distinct().order_by("pk"))


@dataclass
class PublicRecord:
    deputy: Deputy
    year: int
    stations: list[Station]
    receptions: list = field(default_factory=list)
    activities: list = field(default_factory=list)
    activity_counts: list[dict] = field(default_factory=list)
    suggestions: list = field(default_factory=list)
    points: list[dict] = field(default_factory=list)

    @property
    def visits(self) -> int:
        return next(c["count"] for c in self.activity_counts if c["kind"] == "visit")

    def as_json(self) -> dict:
        d = self.deputy
        return {
            "name": d.name, "level": d.get_level_display(), "sector": d.sector, "region": d.region.name,
            "stations": [s.name for s in self.stations], "year": self.year,
            "receptions_attended": len(self.receptions),
            "activities": {c["label"]: c["count"] for c in self.activity_counts},
            "suggestions": [{"number": s.number, "title": s.display_title, "status": s.get_status_display(),
                             "answer_category": s.answer_category or None} for s in self.suggestions],
            "points": self.points,
        }


def public_record(deputy: Deputy, year: int) -> PublicRecord:
    return PublicRecord(
        deputy=deputy, year=year, stations=public_stations(deputy),
        receptions=list(records.receptions_attended(deputy, year)),
        activities=list(records.activities_attended(deputy, year)),
        activity_counts=records.activity_counts(deputy, year),
        suggestions=list(deputy_suggestions(deputy, year)),
        points=[{"period": display(q), "points": fmt(v)} for q, v in public_totals(deputy, year)],
    )


def record_years(today: dt.date | None = None) -> list[int]:
    this_year = (today or timezone.localdate()).year
    return [this_year, this_year - 1, this_year - 2]
