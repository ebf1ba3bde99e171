"""Abuse limits for the public side: per client address and per station for submissions, per
client address for tracking-code lookups (guessing codes).

One counter per key per fixed window (a window is the rate's period: a minute for "30/min"),
in the shared cache, so every app server counts against the same numbers and one request costs
one round trip however many limits apply:

- Redis (production, REDIS_URL): one pipeline of `SET key 0 EX ttl NX` + `INCR key` per limit;
  INCR is atomic.
- the database cache (no REDIS_URL): one `INSERT … ON CONFLICT (cache_key) DO UPDATE SET value =
  value + 1 … RETURNING` statement for all limits, on the cache table itself (rows named
  `…:rl:<scope>:<window>:<ident>`, expiring at the window's end); atomic on SQLite and PostgreSQL.
- any other cache backend (local memory in a test): `cache.add` + `cache.incr` per limit.

A refused request is charged only to the limit it broke: the others are given their hit back,
so one flooding address cannot use up a station's allowance for everyone else. A request is
counted before anything is written, and a refused one writes nothing but the counter.

The HTML pages and the API use the same scopes and counters, so a form submit and an API submit
count alike. Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] (intake_ip,
intake_station, track_ip), read at each request so a changed setting takes effect.

Fixed windows allow up to twice the rate across a window boundary; for abuse limits that is
acceptable and it keeps the cost at one atomic increment.

Why not plain `cache.add` + `cache.incr` (or DRF's throttles) on the configured cache (issue 11,
measured 2026-12-01 with bench/intake_profile.py, SQLite, 300 submissions, two runs each): on the
database cache `incr` is a read then a write (two processes can both read n and write n + 1, so a
flood undercounts), and one submission costs 30 statements instead of 9 and 2.9–3.3 ms CPU instead
of 2.3–2.6 ms — about a quarter more, which takes the measured 458/s below the 400/s intake
target. So the counters stay behind this one interface — `check(request, throttles, **idents)`
→ None or seconds to wait — and reach into the cache backends on purpose: the database cache's
table (`_table`, `make_and_validate_key`) and the Redis client (`_cache.get_client`). Any other
backend takes the generic add + incr path. A Django upgrade that renames those attributes fails
test_intake_throughput.py, not production.
"""

from __future__ import annotations

import math
import random
import time
from datetime import UTC, datetime

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

DEFAULT_RATES = {"intake_ip": "30/min", "intake_station": "600/min", "track_ip": "60/min",
                 "open311_ip": "120/min", "open311_key": "600/min"}
REFUSAL = "提交过于频繁，请稍后再试（约 {wait} 秒后）。如情况紧急，请直接联系所在履职阵地。"
TRACK_REFUSAL = "查询过于频繁，请稍后再试（约 {wait} 秒后）。"

# (scope, what identifies the caller, methods counted; None = every method)
INTAKE_THROTTLES = (("intake_ip", "ip", ("POST",)), ("intake_station", "token", ("POST",)))
TRACK_THROTTLES = (("track_ip", "ip", None),)
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
CLEANUP_CHANCE = 0.02  # of first hits in a window: delete expired counters from the cache table


def parse_rate(rate: str) -> tuple[int, int]:
    """'30/min' → (30, 60): requests allowed per window of seconds."""
    num, period = rate.split("/")
    return int(num), PERIODS[period.strip()[0].lower()]


def rate_of(scope: str) -> tuple[int, int]:
    return parse_rate(api_settings.DEFAULT_THROTTLE_RATES.get(scope) or DEFAULT_RATES[scope])


def client_ident(request) -> str:
    """The client address as DRF sees it (REMOTE_ADDR, or X-Forwarded-For behind NUM_PROXIES)."""
    return BaseThrottle().get_ident(request)


def check(request, throttles, **kwargs) -> int | None:
    """None when the request is allowed, else the seconds to wait. `throttles` is
    INTAKE_THROTTLES or TRACK_THROTTLES; `token` (the station's) comes as a keyword."""
    now = time.time()
    limits = []  # (cache key, allowed, seconds until the window ends, window length)
    for scope, ident_kind, methods in throttles:
        if methods is not None and request.method not in methods:
            continue
        ident = client_ident(request) if ident_kind == "ip" else kwargs.get(ident_kind)
        if not ident:
            continue
        allowed, period = rate_of(scope)
        window = int(now // period)
        limits.append((f"rl:{scope}:{period}:{window}:{ident}", allowed, (window + 1) * period - now, period))
    if not limits:
        return None
    counts = _hit([(key, period) for key, _, _, period in limits], now)
    broken = [(key, left) for (key, allowed, left, _) in limits if counts[key] > allowed]
    if not broken:
        return None
    refund = [key for key, allowed, _, _ in limits if counts[key] <= allowed]
    if refund:
        _refund(refund)
    return max(1, math.ceil(max(left for _, left in broken)))


# --- the counters ---------------------------------------------------------------------------------

def _cache():
    return caches["default"]


def _hit(keys: list[tuple[str, int]], now: float) -> dict[str, int]:
    """Add one to each key's counter (created for `period` seconds plus a margin); the new counts."""
    cache = _cache()
    if isinstance(cache, DatabaseCache):
        return _hit_db(cache, keys, now)
    if _is_redis(cache):
        return _hit_redis(cache, keys)
    counts = {}
    for key, period in keys:
        cache.add(key, 0, period + 5)
        try:
            counts[key] = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, period + 5)
            counts[key] = 1
    return counts


def _refund(keys: list[str]) -> None:
    cache = _cache()
    if isinstance(cache, DatabaseCache):
        connection = connections[router.db_for_write(cache.cache_model_class)]
        table = connection.ops.quote_name(cache._table)
        full = [cache.make_and_validate_key(k) for k in keys]
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET value = CAST(CAST(value AS INTEGER) - 1 AS TEXT) "
                f"WHERE cache_key IN ({', '.join(['%s'] * len(full))})", full,
            )
        return
    for key in keys:
        try:
            cache.decr(key)
        except ValueError:
            pass


def _is_redis(cache) -> bool:
    return type(cache).__module__ == "django.core.cache.backends.redis"


def _hit_redis(cache, keys):
    full = [(cache.make_and_validate_key(k), k, period) for k, period in keys]
    pipe = cache._cache.get_client(full[0][0], write=True).pipeline(transaction=False)
    for key, _, period in full:
        pipe.set(key, 0, ex=period + 5, nx=True)
        pipe.incr(key)
    results = pipe.execute()
    return {name: int(results[2 * i + 1]) for i, (_, name, _) in enumerate(full)}


def _hit_db(cache, keys, now):
    connection = connections[router.db_for_write(cache.cache_model_class)]
    table = connection.ops.quote_name(cache._table)
    rows, params, names = [], [], {}
    for key, period in keys:
        full = cache.make_and_validate_key(key)
        names[full] = key
        expires = datetime.fromtimestamp(int(now) + period + 5, tz=UTC)
        rows.append("(%s, %s, %s)")
        params += [full, "1", connection.ops.adapt_datetimefield_value(expires)]
    source = f"VALUES {', '.join(rows)}"
    if connection.vendor == "postgresql" and connection.get_autocommit():
        # A counter need not survive a crash: its own one-statement transaction commits without
        # waiting for the WAL flush (~2.5 ms of fsync here). Never inside a caller's transaction.
        source = (f"SELECT k, v, e FROM ({source}) AS src (k, v, e) "
                  f"WHERE set_config('synchronous_commit', 'off', true) IS NOT NULL")
    sql = (
        f"INSERT INTO {table} (cache_key, value, expires) {source} "
        f"ON CONFLICT (cache_key) DO UPDATE SET value = CAST(CAST({table}.value AS INTEGER) + 1 AS TEXT) "
        f"RETURNING cache_key, value"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        counts = {names[key]: int(value) for key, value in cursor.fetchall()}
        if any(n == 1 for n in counts.values()) and random.random() < CLEANUP_CHANCE:
            # Counters of past windows: the cache would ignore them; keep the table small.
            cursor.execute(
                f"DELETE FROM {table} WHERE expires < %s AND cache_key LIKE %s",
                [connection.ops.adapt_datetimefield_value(datetime.fromtimestamp(int(now), tz=UTC)),
                 cache.make_and_validate_key("rl:") + "%"],
            )
    return counts
