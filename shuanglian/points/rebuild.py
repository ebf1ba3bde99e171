"""Rebuild a year's points from the registered event sources (sources.py).

Entries in published (frozen) quarters, and entries a deputy objected to, are kept as they are;
the other event entries of every open quarter of the year are deleted and the events replayed with the same rules as the incremental
award (engine.py): the rule version of the event's day, placement past frozen quarters, caps.
Events are replayed in the order they were first paid (then by day), so a yearly cap falls on the
same entries as it did; an event a service failed to pay is paid now. Manual entries and
objection corrections are not events: they stay. Rebuild and incremental totals must agree
(tests/test_rebuild_property.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from operator import itemgetter

from django.db import connection, transaction
from django.db.models import Q, Sum, Value
from django.utils import timezone

from shuanglian.core.audit import audit_record
from shuanglian.core.permissions import (
    deny_write,
    in_region_scope,
    is_admin,
    require_staff,
    subtree_q,
)
from shuanglian.deputies.models import Deputy

from . import engine
from .models import EntryKind, PointEntry, PointPublication, PointRule, PointRuleVersion, PointTotal
from .sources import event_sources

BATCH = 5000
NEVER = float("inf")  # an event never paid before is replayed after those that were
MISSING = object()


def _versions() -> dict[int, list[PointRuleVersion]]:
    by_rule = defaultdict(list)
    for v in PointRuleVersion.objects.order_by("valid_from"):
        by_rule[v.rule_id].append(v)
    return by_rule


def _version_on(versions: list[PointRuleVersion], day: dt.date):
    found = None
    for v in versions:
        if v.valid_from > day:
            break
        found = v
    return found


def _frozen_by_path(paths: set[str]) -> dict[str, set[str]]:
    pubs = list(PointPublication.objects.values_list("region__path", "period"))
    return {path: {period for ppath, period in pubs if path.startswith(ppath)} for path in paths}


# Plain SQL for the bulk of a rebuild (a province's year is over a million entries): the ORM's
# per-object work (model instances, delete collector) costs more than the database itself.

def _delete(ids: list[int]) -> None:
    table = connection.ops.quote_name(PointEntry._meta.db_table)
    with connection.cursor() as cursor:
        for i in range(0, len(ids), 900):
            chunk = ids[i:i + 900]
            cursor.execute(f"DELETE FROM {table} WHERE id IN ({', '.join(['%s'] * len(chunk))})", chunk)


def _insert(rows: list[tuple]) -> None:
    qn, ops = connection.ops.quote_name, connection.ops
    columns = ["deputy_id", "rule_id", "kind", "points", "uncapped", "period", "occurred_on", "source_key", "reason",
               "created_at"]
    sql = (f"INSERT INTO {qn(PointEntry._meta.db_table)} ({', '.join(qn(c) for c in columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    now = ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        for i in range(0, len(rows), BATCH):
            cursor.executemany(sql, [(d, r, EntryKind.EVENT.value, p, u, period, ops.adapt_datefield_value(day), key, "",
                                      now) for d, r, p, u, period, day, key in rows[i:i + BATCH]])


def _sum_totals(periods: list[str], scope) -> None:
    """PointTotal of the year's quarters and of the year = the sums of the entries (INSERT … SELECT)."""
    qn = connection.ops.quote_name
    table = qn(PointTotal._meta.db_table)
    entries = PointEntry.objects.filter(period__in=periods, deputy__in=scope.values("pk")).order_by()
    by_quarter = entries.values("deputy_id", "period").annotate(s=Sum("points")).values_list("deputy_id", "period", "s")
    by_year = (entries.values("deputy_id").annotate(s=Sum("points"), y=Value(periods[0][:4]))
               .values_list("deputy_id", "y", "s"))
    with connection.cursor() as cursor:
        for sums in (by_quarter, by_year):
            select, params = sums.query.sql_with_params()
            cursor.execute(f"INSERT INTO {table} ({qn('deputy_id')}, {qn('period')}, {qn('points')}) {select}", params)


@transaction.atomic
def points_rebuild(*, year: int, actor, region=None) -> dict:
    """Recompute `year` (its open quarters) for the deputies of `region` (None: every deputy)."""
    require_staff(actor)
    if region is None and not is_admin(actor):
        deny_write("重算全部代表的积分须由系统管理员执行；请选择区域。")
    if region is not None and not in_region_scope(actor, region):
        deny_write("只能重算本区域（含下辖镇街）代表的积分。")
    periods, prefix = [f"{year}Q{q}" for q in (1, 2, 3, 4)], f"{year}Q"
    scope = Deputy.objects.filter(subtree_q(region)) if region is not None else Deputy.objects.all()
    path_of = dict(scope.values_list("pk", "region__path"))
    frozen_of_path = _frozen_by_path(set(path_of.values()))

    frozen_q = Q(pk__in=[])
    for path, period in PointPublication.objects.filter(period__in=periods).values_list("region__path", "period"):
        frozen_q |= Q(period=period, deputy__region__path__startswith=path)
    # An entry a deputy objected to is part of the record (the objection points at it): kept too.
    open_events = (PointEntry.objects.filter(kind=EntryKind.EVENT, period__in=periods, deputy__in=scope.values("pk"))
                   .exclude(frozen_q).exclude(objections__isnull=False))
    first_paid = {(d, r, k): pk for pk, d, r, k in open_events.values_list("pk", "deputy_id", "rule_id", "source_key")}
    deleted = len(first_paid)
    _delete(list(first_paid.values()))

    start, end = dt.date(year - 1, 1, 1), dt.date(year, 12, 31)
    in_scope = PointEntry.objects.filter(deputy__in=scope.values("pk"), kind=EntryKind.EVENT)
    paid_keys = set(in_scope.filter(occurred_on__gte=start).values_list("deputy_id", "rule_id", "source_key"))
    # What each rule already paid in the year's kept entries: per quarter, and per year (year caps).
    used_q, used_y = defaultdict(lambda: engine.ZERO), defaultdict(lambda: engine.ZERO)
    for d, r, p, total in in_scope.filter(period__in=periods).values("deputy_id", "rule_id", "period").annotate(
            s=Sum("points")).values_list("deputy_id", "rule_id", "period", "s").order_by():
        used_q[(d, r, p)] += total
        used_y[(d, r)] += total

    rules = {r.code: r for r in PointRule.objects.all()}
    versions = _versions()
    events = []
    for source in event_sources():
        for event in source.events(start, end):
            rule = rules.get(event.rule_code)
            if event.deputy_id in path_of and rule is not None:
                key = (event.deputy_id, rule.pk, event.source_key)
                events.append((first_paid.get(key, NEVER), event.occurred_on, event.source_key, key, rule))
    events.sort(key=itemgetter(0, 1, 2))

    new, skipped = [], 0
    version_of, period_of = {}, {}  # memo: (rule, day) → version; (region path, day) → quarter
    for _, day, source_key, key, rule in events:
        if key in paid_keys:
            skipped += 1
            continue
        deputy_id = key[0]
        version = version_of.get((rule.pk, day), MISSING)
        if version is MISSING:
            version = version_of[(rule.pk, day)] = _version_on(versions[rule.pk], day)
        if version is None or not version.active:
            continue
        path = path_of[deputy_id]
        period = period_of.get((path, day))
        if period is None:
            period = period_of[(path, day)] = engine.place(day, frozen_of_path[path])
        if not period.startswith(prefix):
            continue
        yearly = rule.period == "year"
        cap_used = used_y[(deputy_id, rule.pk)] if yearly else used_q[(deputy_id, rule.pk, period)]
        paid = engine.granted(version.points, version.cap, cap_used)
        used_q[(deputy_id, rule.pk, period)] += paid
        used_y[(deputy_id, rule.pk)] += paid
        paid_keys.add(key)
        new.append((deputy_id, rule.pk, paid, version.points if paid != version.points else None, period, day,
                    source_key))
    _insert(new)

    PointTotal.objects.filter(period__in=[*periods, str(year)], deputy__in=scope.values("pk")).delete()
    _sum_totals(periods, scope)
    report = {"year": year, "events": len(events), "already_paid": skipped, "deleted": deleted, "written": len(new)}
    audit_record(event_type="point.rebuild", actor=actor, target=None, region=region,
                 changes={"rebuild": [None, f"{year}年：删除{deleted}条，重写{len(new)}条"]})
    return report
