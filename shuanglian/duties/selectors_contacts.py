"""Reads of 联系包挂 (contact links) and their coverage, through the permission funnel.

Who reads what: staff and leaders read the links of enterprises registered in their region
subtree; a deputy reads only their own links; everyone else nothing (404).

Coverage (docs/duties.md §六): over the key enterprises (chains.key_enterprise_q: 链主, 规上,
专精特新) of a scope — a station (its region subtree, and its chain when it has one), a chain (the
enterprises on its nodes) or a region (its subtree) — the share with a current contact deputy and
the share visited within the last N months (setting SHUANGLIAN_CONTACT_VISIT_MONTHS, default 3).
A visit is an activity of a visiting kind (走访, 视察, 调研) that lists the enterprise, or a
reception day that received it; the last visit is the latest such day up to today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import DateField, Exists, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from shuanglian.chains.contacts import ContactProvider
from shuanglian.chains.models import Enterprise, key_enterprise_q
from shuanglian.chains.selectors import access_chain
from shuanglian.core.permissions import (
    deny_read,
    deny_write,
    in_region_scope,
    is_staff_role,
    reads_region,
    region_subtree_q,
    subtree_q,
)
from shuanglian.deputies.selectors import access_station
from shuanglian.lib.parse import BadInput, id_or_none
from shuanglian.lib.workdays import months_later
from shuanglian.regions.models import Region

from .models import Activity, ActivityKind, ContactLink, ReceptionVisitor
from .selectors import deputy_of, today

VISIT_KINDS = (ActivityKind.VISIT, ActivityKind.INSPECTION, ActivityKind.RESEARCH)
MAX_LISTED = 200  # rows of each coverage list given (the counts are always complete)
NEVER = dt.date(1900, 1, 1)  # stands for "no visit" inside Greatest (SQLite's Greatest is NULL with a NULL)


def visit_months() -> int:
    return settings.SHUANGLIAN_CONTACT_VISIT_MONTHS


def visit_since(on: dt.date | None = None) -> dt.date:
    """The first day that still counts as "visited in time"."""
    return months_later(on or today(), -visit_months())


# --- links ---------------------------------------------------------------------------------------

def contact_link_list(user):
    qs = ContactLink.objects.select_related("deputy", "enterprise", "enterprise__region")
    if reads_region(user):
        return qs.filter(region_subtree_q(user, "enterprise__region"))
    deputy = deputy_of(user)
    if deputy is not None:
        return qs.filter(deputy=deputy)
    return qs.none()


def can_manage_enterprise(user, enterprise) -> bool:
    return is_staff_role(user) and in_region_scope(user, enterprise.region)


def access_contact_link(user, link_id, *, write: bool = False) -> ContactLink:
    number = id_or_none(link_id)
    link = contact_link_list(user).filter(pk=number).first() if number is not None else None
    if link is None:
        deny_read()
    if write and not can_manage_enterprise(user, link.enterprise):
        deny_write("只有企业所在区域的人大工作人员可以调整联系包挂。")
    return link


def station_links(station):
    """Links of the station's deputies (the head and the deputies posted there), current first."""
    posted = station.members.filter(deputy__isnull=False).values("deputy_id")
    mine = Q(deputy_id__in=posted) | (Q(deputy_id=station.head_id) if station.head_id else Q(pk__in=[]))
    return (ContactLink.objects.filter(mine).select_related("deputy", "enterprise")
            .order_by("ended_on", "enterprise__name", "deputy__name"))


# --- visits --------------------------------------------------------------------------------------

def last_visit_expression(on: dt.date, ref: str = "pk"):
    """The latest visit of the enterprise `ref` (an OuterRef path) up to `on`, NEVER if none."""
    activity = (Activity.objects.filter(enterprises=OuterRef(ref), kind__in=VISIT_KINDS, date__lte=on)
                .order_by().values("enterprises").annotate(last=Max("date")).values("last")[:1])
    reception = (ReceptionVisitor.objects.filter(enterprise=OuterRef(ref), reception__date__lte=on)
                 .order_by().values("enterprise").annotate(last=Max("reception__date")).values("last")[:1])
    never = Value(NEVER, output_field=DateField())
    return Greatest(Coalesce(Subquery(activity, output_field=DateField()), never),
                    Coalesce(Subquery(reception, output_field=DateField()), never))


def _visit(value) -> dt.date | None:
    return None if value is None or value <= NEVER else value


def current_contact_exists(ref: str = "pk"):
    return Exists(ContactLink.objects.filter(enterprise=OuterRef(ref), ended_on__isnull=True))


def my_enterprises(deputy, *, on: dt.date | None = None) -> list:
    """The deputy's current contact enterprises, each with `last_visit` (None if never) and
    `overdue` (not visited since visit_since)."""
    on = on or today()
    since = visit_since(on)
    rows = list(Enterprise.objects.filter(contact_links__deputy=deputy, contact_links__ended_on__isnull=True)
                .annotate(last_seen=last_visit_expression(on)).only("id", "name").order_by("name").distinct())
    for e in rows:
        e.last_visit = _visit(e.last_seen)
        e.overdue = e.last_visit is None or e.last_visit < since
    return rows


# --- coverage ------------------------------------------------------------------------------------

@dataclass
class Coverage:
    scope: str  # what the figures are of, in words ("青山工业人大代表活动点（青杠街道 · 智能网联新能源汽车产业链）")
    on: dt.date
    since: dt.date
    months: int
    total: int = 0
    with_contact: int = 0
    visited: int = 0
    uncovered: list = field(default_factory=list)  # key enterprises without a current contact deputy
    unvisited: list = field(default_factory=list)  # not visited since `since` (with their contact deputies)
    uncovered_count: int = 0
    unvisited_count: int = 0

    @staticmethod
    def _pct(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def contact_rate(self) -> float | None:
        return self._pct(self.with_contact, self.total)

    @property
    def visit_rate(self) -> float | None:
        return self._pct(self.visited, self.total)

    def as_json(self) -> dict:
        def row(e):
            return {"id": e.pk, "name": e.name, "region": e.region.name, "labels": e.key_labels,
                    "last_visit": e.last_visit.isoformat() if e.last_visit else None,
                    "deputies": [{"id": d.pk, "name": d.name} for d in e.deputies]}

        return {"scope": self.scope, "as_of": self.on.isoformat(), "visited_since": self.since.isoformat(),
                "months": self.months, "key_enterprises": self.total, "with_contact": self.with_contact,
                "visited": self.visited, "contact_rate": self.contact_rate, "visit_rate": self.visit_rate,
                "uncovered_count": self.uncovered_count, "unvisited_count": self.unvisited_count,
                "uncovered": [row(e) for e in self.uncovered], "unvisited": [row(e) for e in self.unvisited]}


def _key_labels(e) -> list[str]:
    labels = ["链主"] if e.is_chain_master else []
    labels += ["规上"] if e.scale == "above" else []
    labels += ["专精特新"] if e.is_specialised or e.is_little_giant else []
    return labels


def station_scope_q(station) -> Q:
    q = subtree_q(station.region, "region")
    if station.chain_id:
        q &= Q(pk__in=Enterprise.objects.filter(nodes__chain_id=station.chain_id).values("pk"))
    return q


def chain_scope_q(chain) -> Q:
    return Q(pk__in=Enterprise.objects.filter(nodes__chain_id=chain.pk).values("pk"))


def coverage(scope_q: Q, *, scope: str, on: dt.date | None = None, listed: int = MAX_LISTED) -> Coverage:
    """The coverage figures and the two lists over the key enterprises matching `scope_q`, in six
    set-wise queries whatever the size (a district's thousands of key enterprises): the key
    enterprises, those with a current link, those visited by an activity and by a reception since
    `since`, the listed ones with their last visit, and their contact deputies."""
    on = on or today()
    since = visit_since(on)
    result = Coverage(scope=scope, on=on, since=since, months=visit_months())
    keys = Enterprise.objects.filter(key_enterprise_q(), scope_q)
    key_ids = keys.values("pk")
    covered = set(ContactLink.objects.filter(ended_on__isnull=True, enterprise_id__in=key_ids).order_by()
                  .values_list("enterprise_id", flat=True).distinct())
    # from the period's visiting activities to their enterprises (not the other way round: a
    # district's key enterprises have years of activities, the period a few weeks')
    recent = Activity.objects.filter(kind__in=VISIT_KINDS, date__range=(since, on)).order_by().values("pk")
    visited = set(Activity.enterprises.through.objects.filter(activity_id__in=recent, enterprise_id__in=key_ids)
                  .order_by().values_list("enterprise_id", flat=True).distinct())
    received = ReceptionVisitor.objects.filter(reception__date__range=(since, on), enterprise_id__in=key_ids)
    visited |= set(received.order_by().values_list("enterprise_id", flat=True).distinct())
    uncovered, unvisited = [], []
    for pk in keys.order_by("name", "id").values_list("pk", flat=True):
        result.total += 1
        if pk in covered:
            result.with_contact += 1
        else:
            result.uncovered_count += 1
            if len(uncovered) < listed:
                uncovered.append(pk)
        if pk in visited:
            result.visited += 1
        else:
            result.unvisited_count += 1
            if len(unvisited) < listed:
                unvisited.append(pk)
    shown = {e.pk: e for e in Enterprise.objects.filter(pk__in=set(uncovered) | set(unvisited))
              .annotate(last_seen=last_visit_expression(on)).select_related("region")
              .only("id", "name", "scale", "is_chain_master", "is_specialised", "is_little_giant", "region__name")}
    deputies: dict[int, list] = {pk: [] for pk in shown}
    if shown:
        for link in (ContactLink.objects.filter(enterprise_id__in=list(shown), ended_on__isnull=True)
                     .select_related("deputy").order_by("deputy__name")):
            deputies[link.enterprise_id].append(link.deputy)
    for pk, e in shown.items():
        e.last_visit, e.deputies, e.key_labels = _visit(e.last_seen), deputies[pk], _key_labels(e)
    result.uncovered = [shown[pk] for pk in uncovered]
    result.unvisited = [shown[pk] for pk in unvisited]
    return result


# --- what the chain module and the deputies' pages show (chains.contacts) ------------------------

class DutiesContacts(ContactProvider):
    def deputies_of(self, enterprise_ids) -> dict[int, list]:
        found: dict[int, list] = {}
        for link in (ContactLink.objects.filter(enterprise_id__in=list(enterprise_ids), ended_on__isnull=True)
                     .select_related("deputy").order_by("deputy__name")):
            found.setdefault(link.enterprise_id, []).append(link.deputy)
        return found

    def enterprises_of(self, deputy) -> list:
        links = (ContactLink.objects.filter(deputy=deputy, ended_on__isnull=True)
                 .select_related("enterprise").order_by("enterprise__name"))
        found = []
        for link in links:
            link.enterprise.contact_since = link.started_on
            found.append(link.enterprise)
        return found


# --- one entry for the pages and the API ---------------------------------------------------------

def coverage_for(user, *, station_id=None, chain_id=None, region_id=None, on: dt.date | None = None,
                 listed: int = MAX_LISTED) -> Coverage:
    """Coverage of one scope the user reads: a station, a chain, or a region (default: the
    user's own region). Staff and leaders only; a scope outside theirs is 404."""
    if not reads_region(user):
        deny_write("只有人大工作人员和领导可以查看联系包挂覆盖情况。")
    given = [v for v in (station_id, chain_id, region_id) if v not in (None, "")]
    if len(given) > 1:
        raise BadInput("阵地、产业链、区域只能指定一个（station、chain、region）。", code="ambiguous_scope")
    if station_id not in (None, ""):
        station = access_station(user, station_id)
        return coverage(station_scope_q(station), scope=station_scope_label(station), on=on, listed=listed)
    if chain_id not in (None, ""):
        chain = access_chain(user, chain_id)
        return coverage(chain_scope_q(chain), scope=f"{chain.name}（{chain.region.name}）", on=on, listed=listed)
    region = _region(user, region_id)
    return coverage(subtree_q(region, "region"), scope=region.name, on=on, listed=listed)


def station_scope_label(station) -> str:
    chain = f" · {station.chain.name}" if station.chain_id else ""
    return f"{station.name}（{station.region.name}{chain}）"


def _region(user, region_id) -> Region:
    if region_id in (None, ""):
        region = getattr(user, "region", None) or Region.objects.filter(parent__isnull=True).order_by("pk").first()
    else:
        number = id_or_none(region_id)
        region = (Region.objects.filter(region_subtree_q(user, ""), pk=number).first() if number is not None else None)
    if region is None:
        deny_read()
    return region
