"""Reads for the duty chain, through the permission funnel (DESIGN.md §4.4).

Who reads what: a station's receptions are read by whoever reads the station (deputies.selectors:
staff and leaders of the region subtree, the deputies posted there); a deputy also reads the
receptions they are on duty at. Receptions are changed by staff of the station's region; a deputy
on the roster signs in and records the day. The public reads only published stations
(StationPage.is_public) of active stations, and only what is on the wall: no phone, no contact.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from shuanglian.cases.models import Case, CaseStatus
from shuanglian.cases.rates.rollup import CONFIRMED_RATINGS, SOLVED_RESULTS
from shuanglian.core.permissions import (
    deny_read,
    deny_write,
    in_region_scope,
    is_staff_role,
    reads_region,
    region_subtree_q,
)
from shuanglian.deputies.models import Station, StationMember
from shuanglian.deputies.selectors import access_station, is_deputy_role, station_list
from shuanglian.lib.parse import id_or_none

from .models import Activity, ActivityKind, Reception, ReceptionDuty, ReceptionRule
from .schedule import ReceptionDate, reception_dates

MIN_RECEPTIONS_A_YEAR = 2  # local rule: each deputy attends at least two reception days a year


def today() -> dt.date:
    return timezone.localdate()


def notice_days() -> int:
    return settings.SHUANGLIAN_RECEPTION_NOTICE_DAYS


def deputy_of(user):
    return getattr(user, "deputy", None) if is_deputy_role(user) else None


# --- receptions ---------------------------------------------------------------------------------

def reception_list(user):
    qs = Reception.objects.select_related("station", "station__region")
    readable = Q(station__in=station_list(user).values("pk"))
    deputy = deputy_of(user)
    if deputy is not None:
        readable |= Q(duties__deputy=deputy)
    return qs.filter(pk__in=Reception.objects.filter(readable).values("pk"))


def can_manage(user, station) -> bool:
    return is_staff_role(user) and in_region_scope(user, station.region)


def on_duty(user, reception) -> ReceptionDuty | None:
    deputy = deputy_of(user)
    if deputy is None:
        return None
    return reception.duties.filter(deputy=deputy).first()


def access_reception(user, reception_id, *, write: bool = False) -> Reception:
    """write=True: staff of the station's region, or a deputy on the day's roster."""
    number = id_or_none(reception_id)
    found = reception_list(user).filter(pk=number).first() if number is not None else None
    if found is None:
        deny_read()
    if write and not (can_manage(user, found.station) or on_duty(user, found) is not None):
        deny_write("只有本区域的人大工作人员和当天值班的代表可以填写接待记录。")
    return found


def access_station_receptions(user, station_id, *, write: bool = False) -> Station:
    station = access_station(user, station_id)
    if write and not can_manage(user, station):
        deny_write("只有本区域的人大工作人员可以安排接待日。")
    return station


def station_dates(station, start: dt.date, end: dt.date) -> list[ReceptionDate]:
    rules = list(ReceptionRule.objects.filter(station=station))
    scheduled = list(Reception.objects.filter(station=station, date__range=(start, end)))
    return reception_dates(rules, scheduled, start, end)


def next_receptions(station, *, on: dt.date | None = None, count: int = 3) -> list[ReceptionDate]:
    on = on or today()
    return station_dates(station, on, on + dt.timedelta(days=190))[:count]


def announced(dates: list[ReceptionDate], *, on: dt.date | None = None) -> list[ReceptionDate]:
    """The receptions to announce now: those within the notice period (setting, default 3 days)."""
    on = on or today()
    return [d for d in dates if on <= d.date <= on + dt.timedelta(days=notice_days())]


def attendance(deputy_ids, year: int) -> dict[int, int]:
    """Reception days each deputy signed in at in `year`."""
    rows = (ReceptionDuty.objects.filter(deputy_id__in=list(deputy_ids), signed_in_at__isnull=False,
                                         reception__date__year=year)
            .values("deputy_id").annotate(n=Count("reception_id", distinct=True)))
    counts = {d: 0 for d in deputy_ids}
    counts.update({row["deputy_id"]: row["n"] for row in rows})
    return counts


def station_deputies(station) -> list:
    """The head first, then the deputies posted at the station (deputies only, no grid workers)."""
    members = [m.deputy for m in StationMember.objects.filter(station=station, deputy__isnull=False)
               .select_related("deputy").order_by("id")]
    head = [station.head] if station.head_id else []
    return head + [d for d in members if d.pk != station.head_id]


# --- the wall's figures -------------------------------------------------------------------------

def station_figures(stations) -> dict[str, int]:
    """Counted, never typed, over one or several stations (a person posted at two counts once):
    members = deputies (heads included) and grid workers; inspections = 视察 activities;
    demands collected = the stations' cases (duplicates merged into another not counted);
    demands solved = replied solved or partly solved and confirmed at the revisit (the same rule
    as the 解决率); suggestions = those made at the stations' activities and receptions."""
    return figures_with_focus(stations, None)[0]


# Suggestions live in an app above duties: reached through the reverse relation its model declares
# on Activity and Reception (docs/architecture.md), never imported. Counted once submitted and
# still standing as suggestions (not drafts, withdrawn, refused, or the parent of a split).
NOT_COUNTED = ("draft", "withdrawn", "refused", "split")


def _suggestions_of(ids, focus_id) -> dict[str, int]:
    suggestion = Activity._meta.get_field("suggestions").related_model
    at = Q(source_activity__station_id__in=ids) | Q(source_reception__station_id__in=ids)
    mine = Q(source_activity__station_id=focus_id) | Q(source_reception__station_id=focus_id)
    return suggestion.objects.filter(at).exclude(status__in=NOT_COUNTED).aggregate(
        all=Count("id", distinct=True), focus=Count("id", distinct=True, filter=mine))


def figures_with_focus(stations, focus) -> tuple[dict[str, int], dict[str, int] | None]:
    """(figures of all `stations`, figures of `focus` alone, one of them) in the same three
    queries and one for suggestions: a wall shows its own station and its area's total without counting twice."""
    ids = [s.pk for s in stations]
    focus_id = getattr(focus, "pk", None)
    people = {None: ({s.head_id for s in stations if s.head_id}, [0]),
              focus_id: ({focus.head_id} if getattr(focus, "head_id", None) else set(), [0])}
    for station_id, deputy_id in StationMember.objects.filter(station_id__in=ids).values_list("station_id", "deputy_id"):
        for key in {None, focus_id if station_id == focus_id else None}:
            deputies, grid = people[key]
            if deputy_id:
                deputies.add(deputy_id)
            else:
                grid[0] += 1
    solved = Q(reply_result__in=SOLVED_RESULTS, rating__in=CONFIRMED_RATINGS)
    mine = Q(station_id=focus_id)
    cases = Case.objects.filter(station_id__in=ids).exclude(status=CaseStatus.MERGED).aggregate(
        collected=Count("id"), solved=Count("id", filter=solved),
        focus_collected=Count("id", filter=mine), focus_solved=Count("id", filter=mine & solved),
    )
    inspections = Activity.objects.filter(station_id__in=ids, kind=ActivityKind.INSPECTION).aggregate(
        all=Count("id"), focus=Count("id", filter=mine))
    suggestions = _suggestions_of(ids, focus_id)

    def figures(key, prefix):
        deputies, grid = people[key]
        return {"members": len(deputies) + grid[0], "inspections": inspections[prefix or "all"],
                "demands_collected": cases[f"{prefix}_collected" if prefix else "collected"],
                "demands_solved": cases[f"{prefix}_solved" if prefix else "solved"],
                "suggestions": suggestions[prefix or "all"]}

    return figures(None, ""), (figures(focus_id, "focus") if focus_id is not None else None)


def public_station(station_id) -> Station:
    """A published, active station, or 404 (the same answer as a missing id)."""
    station = (Station.objects.select_related("region", "head", "public_page")
               .filter(pk=id_or_none(station_id), is_active=True, public_page__is_public=True).first()
               if id_or_none(station_id) is not None else None)
    if station is None:
        deny_read()
    return station


def area_stations(station) -> list[Station]:
    """The published stations of the same region (e.g. a 街道工委's points), for the area total."""
    return list(Station.objects.filter(region=station.region, is_active=True, public_page__is_public=True)
                .only("id", "head_id", "name").order_by("id"))


# --- activities ---------------------------------------------------------------------------------

def activity_list(user):
    """Activities of the user's region subtree (staff, leaders); a deputy's own and their stations'."""
    qs = Activity.objects.select_related("station", "region")
    if reads_region(user):
        return qs.filter(region_subtree_q(user, "region"))
    deputy = deputy_of(user)
    if deputy is not None:
        mine = Q(participants__deputy=deputy) | Q(station__in=station_list(user).values("pk"))
        return qs.filter(pk__in=Activity.objects.filter(mine).values("pk"))
    return qs.none()
