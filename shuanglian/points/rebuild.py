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

from django.db import transaction
from django.db.models import Q, Sum

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


@transaction.atomic
def points_rebuild(*, year: int, actor, region=None) -> dict:
    """Recompute `year` (its open quarters) for the deputies of `region` (None: every deputy)."""
    require_staff(actor)
    if region is None and not is_admin(actor):
        deny_write("重算全部代表的积分须由系统管理员执行；请选择区域。")
    if region is not None and not in_region_scope(actor, region):
        deny_write("只能重算本区域（含下辖镇街）代表的积分。")
    periods = [f"{year}Q{q}" for q in (1, 2, 3, 4)]
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
    ids = list(first_paid.values())
    for i in range(0, len(ids), BATCH):
        PointEntry.objects.filter(pk__in=ids[i:i + BATCH]).delete()

    start, end = dt.date(year - 1, 1, 1), dt.date(year, 12, 31)
    in_scope = PointEntry.objects.filter(deputy__in=scope.values("pk"), kind=EntryKind.EVENT)
    paid_keys = set(in_scope.filter(occurred_on__gte=start).values_list("deputy_id", "rule_id", "source_key"))
    used = defaultdict(lambda: engine.ZERO)
    for row in in_scope.filter(period__in=periods).values("deputy_id", "rule_id", "period").annotate(
            s=Sum("points")).order_by():
        used[(row["deputy_id"], row["rule_id"], row["period"])] += row["s"]

    rules = {r.code: r for r in PointRule.objects.all()}
    versions = _versions()
    events = []
    for source in event_sources():
        for event in source.events(start, end):
            rule = rules.get(event.rule_code)
            if event.deputy_id in path_of and rule is not None:
                key = (event.deputy_id, rule.pk, event.source_key)
                events.append((first_paid.get(key, float("inf")), event.occurred_on, event.source_key, key, event, rule))
    events.sort(key=lambda e: e[:3])

    new, skipped = [], 0
    for _, _, _, key, event, rule in events:
        if key in paid_keys:
            skipped += 1
            continue
        version = _version_on(versions[rule.pk], event.occurred_on)
        if version is None or not version.active:
            continue
        period = engine.place(event.occurred_on, frozen_of_path[path_of[event.deputy_id]])
        if int(period[:4]) != year:
            continue
        cap_used = sum((used[(event.deputy_id, rule.pk, p)] for p in engine.cap_periods(rule.period, period)),
                       engine.ZERO)
        paid = engine.granted(version.points, version.cap, cap_used)
        used[(event.deputy_id, rule.pk, period)] += paid
        paid_keys.add(key)
        new.append(PointEntry(deputy_id=event.deputy_id, rule=rule, kind=EntryKind.EVENT, points=paid,
                              uncapped=version.points if paid != version.points else None, period=period,
                              occurred_on=event.occurred_on, source_key=event.source_key))
    PointEntry.objects.bulk_create(new, batch_size=BATCH)

    PointTotal.objects.filter(period__in=periods, deputy__in=scope.values("pk")).delete()
    sums = (PointEntry.objects.filter(period__in=periods, deputy__in=scope.values("pk"))
            .values("deputy_id", "period").annotate(s=Sum("points")).order_by())
    PointTotal.objects.bulk_create([PointTotal(deputy_id=r["deputy_id"], period=r["period"], points=r["s"])
                                    for r in sums.iterator()], batch_size=BATCH)
    report = {"year": year, "events": len(events), "already_paid": skipped, "deleted": deleted, "written": len(new)}
    audit_record(event_type="point.rebuild", actor=actor, target=None, region=region,
                 changes={"rebuild": [None, f"{year}年：删除{deleted}条，重写{len(new)}条"]})
    return report
