"""Reads of the points app, through the permission funnel (DESIGN.md §4.4).

Who reads what:
- a deputy: their own entries and objections; the ranking of a published quarter of a region they
  belong to (their region or a region above it), nothing unpublished;
- staff and leaders: the entries, objections and rankings of their region subtree (leaders only
  read); another region's staff nothing (404);
- department handlers: nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q, Window
from django.db.models.functions import Rank

from shuanglian.core.permissions import deny_read, in_region_scope, reads_region, region_within
from shuanglian.deputies.models import Deputy, Station, StationMember
from shuanglian.deputies.selectors import access_deputy, deputy_list, is_deputy_role
from shuanglian.lib.parse import id_or_none

from .models import (
    ObjectionStatus,
    PointEntry,
    PointObjection,
    PointPublication,
    PointRule,
    PointTotal,
)
from .periods import ancestor_paths, quarters_of

PAGE = 100


def deputy_of(user):
    return getattr(user, "deputy", None) if is_deputy_role(user) else None


def rule_list():
    return PointRule.objects.all()


def access_rule(user, rule_id) -> PointRule:
    if not user.is_authenticated:
        deny_read()
    rule = PointRule.objects.filter(pk=id_or_none(rule_id)).first()
    if rule is None:
        deny_read()
    return rule


def access_points_deputy(user, deputy_id) -> Deputy:
    """The deputy whose points `user` may read: themselves, or one in the reader's region."""
    return access_deputy(user, deputy_id)


def entry_list(deputy, periods: list[str] | None = None):
    qs = PointEntry.objects.filter(deputy=deputy).select_related("rule", "actor")
    if periods:
        qs = qs.filter(period__in=periods)
    return qs.order_by("-period", "-occurred_on", "-id")


def access_entry(user, entry_id) -> PointEntry:
    entry = PointEntry.objects.select_related("deputy__region", "rule").filter(pk=id_or_none(entry_id)).first()
    if entry is None or not deputy_list(user).filter(pk=entry.deputy_id).exists():
        deny_read()
    return entry


def totals_of(deputy, periods: list[str]) -> dict[str, object]:
    return dict(PointTotal.objects.filter(deputy=deputy, period__in=periods).values_list("period", "points"))


# --- publication ---------------------------------------------------------------------------------------

def published(region, period: str) -> bool:
    """Every quarter of `period` published for `region` or a region above it."""
    quarters = quarters_of(period)
    found = set(PointPublication.objects.filter(region__path__in=ancestor_paths(region.path),
                                                period__in=quarters).values_list("period", flat=True))
    return found == set(quarters)


def published_quarters(region, year: int) -> list[str]:
    """The quarters of `year` published (亮分) for `region` or a region above it, in order."""
    return sorted(set(PointPublication.objects.filter(
        region__path__in=ancestor_paths(region.path), period__startswith=f"{year}Q").values_list("period", flat=True)))


def public_totals(deputy, year: int) -> list[tuple[str, object]]:
    """What the public may see of a deputy's points: the totals of the published quarters only."""
    quarters = published_quarters(deputy.region, year)
    totals = totals_of(deputy, quarters)
    return [(q, totals.get(q, 0)) for q in quarters]


def publication_list(region):
    return PointPublication.objects.filter(region__path__in=ancestor_paths(region.path)).select_related("region")


def can_read_ranking(user, region, period: str) -> bool:
    if reads_region(user):
        return in_region_scope(user, region)
    deputy = deputy_of(user)
    return deputy is not None and region_within(deputy.region, region) and published(region, period)


# --- ranking -----------------------------------------------------------------------------------------

@dataclass
class Ranking:
    rows: list[dict]  # {"rank", "deputy_id", "name", "region", "points"}
    deputies: int  # deputies in the ranking (all active deputies of the scope, points or not)
    scored: int  # of whom with any entry in the period
    published: bool


def ranking(*, period: str, region=None, station: Station | None = None, limit: int = PAGE, offset: int = 0) -> Ranking:
    """Standard competition ranking (1, 1, 3) of the active deputies of a region subtree or of a
    station over a quarter or a year. Deputies without an entry count as 0 and share one rank. A
    fixed number of queries whatever the size: PointTotal holds one row per deputy and quarter
    (and year), so a ranking is a window over one indexed period's rows, no aggregation."""
    if station is not None:
        members = StationMember.objects.filter(station=station, deputy__isnull=False).values("deputy_id")
        people = Deputy.objects.filter(Q(pk__in=members) | Q(pk=station.head_id), is_active=True)
        totals = PointTotal.objects.filter(period=period, deputy__in=people.values("pk"))
        scope_region = station.region
    else:
        people = Deputy.objects.filter(region__path__startswith=region.path, is_active=True)
        totals = PointTotal.objects.filter(period=period, deputy__region__path__startswith=region.path,
                                           deputy__is_active=True)
        scope_region = region
    deputies = people.count()
    counts = totals.aggregate(positive=Count("pk", filter=Q(points__gt=0)), zero=Count("pk", filter=Q(points=0)),
                              negative=Count("pk", filter=Q(points__lt=0)))
    # Three segments in rank order: totals ≥ 0, deputies without any entry (0), negative totals.
    a = counts["positive"] + counts["zero"]
    scored = a + counts["negative"]
    unscored = deputies - scored
    zero_rank = counts["positive"] + 1

    def ranked(qs, skip, take, shift):
        if take <= 0:
            return []
        rows = qs.annotate(rank=Window(Rank(), order_by=F("points").desc())).order_by("rank", "deputy_id")
        return [{"rank": r["rank"] + shift, "deputy_id": r["deputy_id"], "points": r["points"]}
                for r in rows.values("deputy_id", "points", "rank")[skip:skip + take]]

    out = ranked(totals.filter(points__gte=0), offset, min(limit, a - offset), 0)
    b_skip = max(0, offset - a)
    b_take = min(limit - len(out), unscored - b_skip)
    if b_take > 0:
        rest = people.exclude(pk__in=totals.values("deputy_id")).order_by("name", "pk")[b_skip:b_skip + b_take]
        out += [{"rank": zero_rank, "deputy_id": pk, "points": 0} for pk in rest.values_list("pk", flat=True)]
    if counts["negative"]:
        c_skip = max(0, offset - a - unscored)
        out += ranked(totals.filter(points__lt=0), c_skip, limit - len(out), a + unscored)
    info = {pk: (name, rname) for pk, name, rname in Deputy.objects.filter(
        pk__in=[r["deputy_id"] for r in out]).values_list("pk", "name", "region__name")}
    for r in out:
        r["name"], r["region"] = info.get(r["deputy_id"], ("", ""))
    return Ranking(rows=out, deputies=deputies, scored=scored, published=published(scope_region, period))


# --- objections ----------------------------------------------------------------------------------------

def objection_list(user, *, status: str = ""):
    qs = PointObjection.objects.select_related("deputy", "deputy__region", "entry__rule", "rule", "correction")
    deputy = deputy_of(user)
    if deputy is not None:
        qs = qs.filter(deputy=deputy)
    elif reads_region(user):
        qs = qs.filter(deputy__in=deputy_list(user).values("pk"))
    else:
        qs = qs.none()
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def access_objection(user, objection_id) -> PointObjection:
    found = objection_list(user).filter(pk=id_or_none(objection_id)).first()
    if found is None:
        deny_read()
    return found


PENDING = ObjectionStatus.SUBMITTED
