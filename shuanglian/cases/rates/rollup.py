"""The three rates' roll-up (三率): kept up to date in the writing transaction, never a scan.

Each case contributes counts to one CaseStat row, keyed by (month of submission, region, lead
department, chain, category). `case_changed(before, after)` — called by case_transition and
case_submit inside their transaction — subtracts the case's old contribution and adds the new
one with F() updates, so concurrent writers never lose an increment. `rebuild()` recomputes the
same rows from the cases with the same `contribution` function; the two must always agree.

Definitions (each a fraction of integer counts; percentages shown with one decimal):
- response rate 响应率 = signed on time / signed
- resolution rate 解决率 = replied solved or partly solved AND confirmed at revisit (satisfied or
  basically satisfied) / rated (rated = satisfied + basically + unsatisfied; 未回复 excluded)
- satisfaction rate 满意率 = (satisfied [+ basically, if the setting says so]) / rated
- on-time rate 按时办结率 = replied on time / replied with a clock (on time + late)
- average and median working days to reply (median from the histogram columns wd_0 … wd_over)
- reopen rate 重办率 = cases reopened at least once / cases replied at least once

The fractions, periods, groupings and rankings read from the rows are in figures.py.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from ..models import VISITOR_RATINGS, Case
from ..models_stats import ALL, HIST_FIELDS, REPLY_DAYS_MAX, STAT_COUNTS, CaseStat

SUM_FIELDS = STAT_COUNTS + HIST_FIELDS

STAT_FIELDS = [
    "submitted_at", "region_id", "lead_department_id", "chain_id", "category_id", "status",
    "sign_on_time", "reply_on_time", "replied_at", "reply_result", "rating", "reopen_count",
    "reply_workdays", "station_id", "collected_by_id",
]
KEY_FIELDS = ("month", "region_id", "department_key", "chain_key", "category_key")
SOLVED_RESULTS = {"solved", "partly_solved"}
CONFIRMED_RATINGS = {"satisfied", "basically_satisfied"}

# --- contributions --------------------------------------------------------------------------------

def month_of(moment) -> dt.date:
    if isinstance(moment, dt.datetime):
        moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
        moment = moment.date()
    return moment.replace(day=1)


def _values(case) -> dict | None:
    if case is None or isinstance(case, dict):
        return case
    return {f: getattr(case, f) for f in STAT_FIELDS}


def grain_keys(key: tuple) -> list[tuple]:
    """The four roll-up rows a case adds to (grouping sets over chain and category)."""
    month, region, department, chain, category = key
    return [(month, region, department, c, k) for c in (chain, ALL) for k in (category, ALL)]


def contribution(case) -> tuple[tuple, dict] | None:
    """(exact key, counts) that `case` (a Case or a dict of its field values)
    adds to the roll-up; None when it counts nowhere (a merged duplicate not rated, or not yet saved)."""
    v = _values(case)
    if v is None or v.get("submitted_at") is None:
        return None
    merged = v.get("status") == "merged"
    if merged and v.get("rating") not in VISITOR_RATINGS:
        return None
    key = (
        month_of(v["submitted_at"]), v["region_id"], v.get("lead_department_id") or 0,
        v.get("chain_id") or 0, v["category_id"],
    )
    if merged:
        # a merged duplicate is not a case of its own (no clock, no reply), but its submitter's
        # rating of the reply it received counts: in the satisfaction and resolution rates
        return key, _rating_counts(v)
    c = {"cases": 1}
    sign = v.get("sign_on_time")
    if sign is not None:
        c["signed"] = 1
        if sign:
            c["signed_on_time"] = 1
    reopened = (v.get("reopen_count") or 0) > 0
    if v.get("replied_at") is not None or reopened:
        c["replied"] = 1
    on_time = v.get("reply_on_time")
    if on_time is True:
        c["replied_on_time"] = 1
    elif on_time is False:
        c["replied_late"] = 1
    rating = v.get("rating") or ""
    if rating == "no_response":
        c["no_response"] = 1
    c.update(_rating_counts(v))
    solved = "solved_confirmed" in c
    if reopened:
        c["reopened"] = 1
    if v.get("status") == "closed":
        c["closed"] = 1
    if v.get("station_id") or v.get("collected_by_id"):
        c["collected"] = 1
        if solved:
            c["collected_solved"] = 1
    days = v.get("reply_workdays")
    if days is not None:
        c["reply_workdays_sum"] = days
        c[hist_field(days)] = 1
    return key, c


def _rating_counts(v: dict) -> dict:
    rating = v.get("rating") or ""
    if rating not in VISITOR_RATINGS:
        return {}
    c = {"rated": 1, {"satisfied": "satisfied", "basically_satisfied": "basically", "unsatisfied": "unsatisfied"}[rating]: 1}
    if v.get("reply_result") in SOLVED_RESULTS and rating in CONFIRMED_RATINGS:
        c["solved_confirmed"] = 1
    return c


def hist_field(days: int) -> str:
    return f"wd_{days}" if days <= REPLY_DAYS_MAX else "wd_over"


def case_changed(before, after) -> None:
    """Move a case's contribution from its `before` state to its `after` state (either a Case,
    a dict of field values, or None for "did not exist"). Call inside the writing transaction."""
    deltas: dict[tuple, Counter] = defaultdict(Counter)
    for values, sign in ((before, -1), (after, 1)):
        part = contribution(values)
        if part is not None:
            key, counts = part
            for grain in grain_keys(key):
                for name, n in counts.items():
                    deltas[grain][name] += sign * n
    # Stable order (by key) so two transactions touching the same rows lock them alike.
    for key in sorted(deltas, key=repr):
        counts = {k: n for k, n in deltas[key].items() if n}
        if counts:
            _apply(key, counts)


def _apply(key: tuple, counts: dict) -> None:
    """Add `counts` to the row for `key` with one UPDATE … SET x = x + n; create the row first
    if it does not exist (get_or_create absorbs the race of two first writers)."""
    where = dict(zip(KEY_FIELDS, key, strict=True))
    updates = {name: F(name) + n for name, n in counts.items()}
    if not CaseStat.objects.filter(**where).update(**updates):
        stat, _ = CaseStat.objects.get_or_create(**where)
        CaseStat.objects.filter(pk=stat.pk).update(**updates)


def rebuild(*, batch_size: int = 5000, case_model=None, stat_model=None) -> int:
    """Recompute every roll-up row from the cases. Returns the number of rows written.
    (The models can be passed in so a migration can run it with its historical models.)"""
    case_model = case_model or Case
    stat_model = stat_model or CaseStat
    totals: dict[tuple, Counter] = defaultdict(Counter)
    for values in case_model.objects.values(*STAT_FIELDS).order_by().iterator(chunk_size=batch_size):
        part = contribution(values)
        if part is not None:
            for grain in grain_keys(part[0]):
                totals[grain].update(part[1])
    with transaction.atomic():
        stat_model.objects.all().delete()
        rows = [stat_model(**dict(zip(KEY_FIELDS, key, strict=True)), **counts) for key, counts in totals.items()]
        stat_model.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def snapshot() -> dict:
    """Every non-zero roll-up count by key, for comparing incremental upkeep with a rebuild."""
    out = {}
    for row in CaseStat.objects.values(*KEY_FIELDS, *SUM_FIELDS):
        counts = {k: row[k] for k in SUM_FIELDS if row[k]}
        if counts:
            out[tuple(row[k] for k in KEY_FIELDS)] = counts
    return out



def rollup_add(case) -> None:
    """`case_changed(None, case)` for a new case in one statement: the four grouping-set
    rows (exact, chain only, category only, neither) get the same counts, so one UPDATE … SET
    x = x + n over the four rows, RETURNING which rows existed; rows not there yet go through
    stats' own create-then-update path. On PostgreSQL the rows are locked in stats' order
    (ascending chain, then category — the order of repr-sorted keys) so a submit and a workflow
    step touching the same rows cannot deadlock."""
    part = contribution(case)
    if part is None:
        return
    key, counts = part
    grains = grain_keys(key)
    month, region_id, department_key, chain_key, category_key = key
    qn = connection.ops.quote_name
    meta = CaseStat._meta
    column = {name: qn(meta.get_field(name).column) for name in (*KEY_FIELDS, *counts)}
    table = qn(meta.db_table)
    where = (f"{column['month']} = %s AND {column['region_id']} = %s AND {column['department_key']} = %s "
             f"AND {column['chain_key']} IN (%s, %s) AND {column['category_key']} IN (%s, %s)")
    params_where = [connection.ops.adapt_datefield_value(month), region_id, department_key,
                    chain_key, ALL, category_key, ALL]
    if connection.vendor == "postgresql":
        where = (f"{qn(meta.pk.column)} IN (SELECT {qn(meta.pk.column)} FROM {table} WHERE {where} "
                 f"ORDER BY {column['chain_key']}, {column['category_key']} FOR UPDATE)")
    assignments = ", ".join(f"{column[name]} = {column[name]} + %s" for name in counts)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {assignments} WHERE {where} RETURNING {column['chain_key']}, {column['category_key']}",
            [*counts.values(), *params_where],
        )
        updated = {tuple(row) for row in cursor.fetchall()}
    for grain in grains:
        if (grain[3], grain[4]) not in updated:
            _apply(grain, dict(counts))


