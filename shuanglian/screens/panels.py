"""The big screen's panels, each a plain dict ready for JSON. Every figure comes from the
selector that owns its rule — the three rates and the ranking from cases.rates (the roll-up),
the lights from lib.lights through cases.selectors, gaps from the chain panorama — nothing is
recomputed here. Scope is the screen's region subtree; nothing personal is ever included."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F
from django.utils import timezone

from shuanglian.cases import clock
from shuanglian.cases import selectors as case_selectors
from shuanglian.cases.models import OPEN_STATUSES, Case, CaseStatus
from shuanglian.cases.rates import figures, ranking
from shuanglian.chains.models import Chain
from shuanglian.chains.panorama import build_panorama
from shuanglian.core.permissions import subtree_q
from shuanglian.deputies.models import Station, StationKind
from shuanglian.duties.models import Activity, ActivityKind, Reception
from shuanglian.lib import lights
from shuanglian.lib.names import enterprise_mask
from shuanglian.lib.workdays import workdays_between
from shuanglian.regions.models import Region

CONFIDENTIAL_TITLE = "（涉及商业秘密）"
RANKING_ROWS = 8
OLDEST_RED = 5
TICKER_ITEMS = 10
CHAINS_SHOWN = 3


def region_ids(region) -> list[int]:
    return list(Region.objects.filter(subtree_q(region, "")).values_list("pk", flat=True))


def _pct(rate) -> str | None:
    return None if rate.percent is None else str(rate.percent)


def rate_panels(region, today: dt.date) -> tuple[dict, dict]:
    """This year's demands (totals with the /api/v1/rates/ names, trend by month) and the
    departments' on-time ranking, from one scan of the roll-up grouped by department (the same
    totals the rates API sums) and one grouped by month."""
    period = figures.parse_period(str(today.year), today=today)
    rows = figures.region_rows(period, region)
    by_department = figures.grouped(rows, "department")
    totals = figures.total_of(by_department)
    trend = [{
        "month": month.strftime("%Y-%m"), "label": f"{month.month}月",
        "received": r.counts["cases"], "solved": r.counts["closed"],
        "response_rate": _pct(r.response), "resolution_rate": _pct(r.resolution),
        "satisfaction_rate": _pct(r.satisfaction),
    } for month, r in figures.monthly(rows).items()]
    demands = {
        "period": {"value": period.value, "label": period.label},
        "received": totals.counts["cases"], "solved": totals.counts["closed"],
        "totals": totals.as_dict(), "trend": trend,
    }
    ranked = ranking.department_ranking(rows, metric="on_time", groups=by_department)
    min_cases = clock.limits()["ranking_min_cases"]
    dept_ranking = {
        "metric": "on_time", "label": figures.METRICS["on_time"][0], "min_cases": min_cases,
        "below_minimum": sum(1 for k, r in by_department.items() if k and r.on_time.den < max(1, min_cases)),
        "rows": [{"position": r.position, "name": r.name, "on_time_rate": r.rate.as_dict(),
                  "display": r.rate.display} for r in ranked[:RANKING_ROWS]],
    }
    return demands, dept_ranking


def light_panel(ids: list[int], today: dt.date) -> dict:
    """Open demands by light, and the oldest red ones named — title hidden when confidential,
    enterprise masked (lib.names), no contact."""
    open_cases = Case.objects.filter(region_id__in=ids, status__in=OPEN_STATUSES)
    counts = case_selectors.work_queue_counts(case_selectors.with_light(open_cases, today))
    reds = (open_cases.filter(case_selectors.light_q(lights.RED, today)).order_by("due_date", "id")
            .values("title", "confidential", "enterprise_name", "due_date", department=F("lead_department__name"))
            [:OLDEST_RED])
    return {
        "counts": {(light or "none"): counts[light] for light in lights.ORDER},
        "labels": {(light or "none"): lights.LONG_LABELS[light] for light in lights.ORDER},
        "oldest_red": [{
            "title": CONFIDENTIAL_TITLE if c["confidential"] else c["title"],
            "enterprise": enterprise_mask(c["enterprise_name"]),
            "department": c["department"] or "尚未交办",
            "overdue_workdays": workdays_between(c["due_date"], today),
        } for c in reds],
    }


def chain_panel(region, today: dt.date) -> dict:
    """The region's chains in miniature (the panorama's own layout and gap rule)."""
    chains = list(Chain.objects.filter(subtree_q(region)).select_related("region", "lead_department")
                  .order_by("region__path", "name")[:CHAINS_SHOWN])
    out = []
    for chain in chains:
        pano = build_panorama(chain, as_of=today)
        nodes = [n for n in pano["nodes"] if not n["is_target"]]
        out.append({
            "id": chain.pk, "name": chain.name, "nodes_count": pano["totals"]["nodes"],
            "gaps": pano["totals"]["gaps"],
            "gap_names": [n["name"] for n in nodes if n["is_gap"]],
            "nodes": [{"id": n["id"], "parent_id": n["parent_id"], "name": n["name"], "x": n["x"], "y": n["y"],
                       "is_gap": n["is_gap"]} for n in nodes],
        })
    return {"chains": out, "total": Chain.objects.filter(subtree_q(region)).count()}


def station_panel(region) -> dict:
    """A schematic of the region tree (no map tiles, no invented boundaries): the region and its
    direct sub-regions, each with its active stations counted by kind — a deeper region's stations
    counted under the sub-region holding it, so a city screen stays readable. The registry keeps
    no coordinates for stations, so there are no points to place on a map."""
    regions = list(Region.objects.filter(subtree_q(region, "")).order_by("path").values("id", "name", "path"))
    shown = {r["path"]: r for r in regions if r["path"].count("/") <= region.path.count("/") + 1}
    holder = {}
    for r in regions:  # the shown region whose path is the longest prefix of this one's
        prefix = r["path"]
        while prefix not in shown:
            prefix = prefix[: prefix.rstrip("/").rfind("/") + 1]
        holder[r["id"]] = shown[prefix]["id"]
    counts: dict[int, dict[str, int]] = {}
    for row in (Station.objects.filter(subtree_q(region), is_active=True)
                .values("region_id", "kind").annotate(n=Count("id"))):
        per_kind = counts.setdefault(holder[row["region_id"]], {})
        per_kind[row["kind"]] = per_kind.get(row["kind"], 0) + row["n"]

    def stations(region_id):
        return [{"kind": k, "label": str(StationKind(k).label), "count": n}
                for k, n in sorted(counts.get(region_id, {}).items())]

    root = shown[region.path]
    tree = {"name": root["name"], "stations": stations(root["id"]), "children": [
        {"name": r["name"], "stations": stations(r["id"]), "children": []}
        for path, r in shown.items() if path != region.path]}
    totals = {k.value: 0 for k in StationKind}
    for per_kind in counts.values():
        for k, n in per_kind.items():
            totals[k] += n
    return {"tree": tree,
            "totals": [{"kind": k, "label": str(StationKind(k).label), "count": n} for k, n in totals.items()]}


def duty_panel(region, ids: list[int], today: dt.date) -> dict:
    """Deputies' work this month: receptions held (recorded), visits, and demands collected by
    deputies and stations (the roll-up's `collected`, the rates page's figure)."""
    start = today.replace(day=1)
    receptions = Reception.objects.filter(station__region_id__in=ids, date__gte=start, date__lte=today,
                                          recorded_at__isnull=False).count()
    visits = Activity.objects.filter(region_id__in=ids, kind=ActivityKind.VISIT, date__gte=start,
                                     date__lte=today).count()
    month = figures.summarize(figures.region_rows(figures.parse_period(f"{today:%Y-%m}", today=today), region))
    recorded = (Reception.objects.filter(station__region_id__in=ids, recorded_at__isnull=False).exists()
                or Activity.objects.filter(region_id__in=ids).exists())
    return {"month": f"{today.year}年{today.month}月", "has_records": recorded, "receptions": receptions,
            "visits": visits, "demands_collected": month.counts["collected"]}


def _month_day(moment) -> str:
    day = timezone.localtime(moment)  # Beijing time
    return f"{day.month}月{day.day}日"


def ticker_panel(ids: list[int]) -> dict:
    """The latest demands written off: what, which kind, which department, when — no enterprise,
    no contact, and no title when the case is confidential."""
    rows = (Case.objects.filter(region_id__in=ids, status=CaseStatus.CLOSED, closed_at__isnull=False)
            .order_by("-closed_at", "-id")
            .values("title", "confidential", "closed_at", category_name=F("category__name"),
                    department=F("lead_department__name"))[:TICKER_ITEMS])
    return {"items": [{
        "title": CONFIDENTIAL_TITLE if r["confidential"] else r["title"],
        "category": r["category_name"] or "", "department": r["department"] or "当场办结",
        "closed_on": _month_day(r["closed_at"]),
    } for r in rows]}
