"""GET /api/v1/screen/<token>/data/'s body: every panel with a version (a hash of its content) so
the page redraws only what changed, and the time the figures were read (数据时间).

Fifty screens in one hall poll the same region: the body is cached per region for
SHUANGLIAN_SCREEN_CACHE_SECONDS in the shared cache (every app server reads the same copy), so
the database computes it once per period, not once per screen. The token is checked on every
request before the cache is read, so a revoked screen stops at its next refresh."""

from __future__ import annotations

import hashlib
import json
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from shuanglian.cases import clock

from . import panels

CACHE_KEY = "screens:data:v1:{region}"


def _version(panel: dict) -> str:
    raw = json.dumps(panel, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(raw).hexdigest()[:16]


def build(region) -> dict:
    """The panels of a region's screen, uncached."""
    now = timezone.localtime()
    today = clock.today()  # the closed loop's "today" (Beijing), the day its lights are computed for
    ids = panels.region_ids(region)
    demands, dept_ranking = panels.rate_panels(region, today)
    body = {
        "demands": demands,
        "lights": panels.light_panel(ids, today),
        "ranking": dept_ranking,
        "chains": panels.chain_panel(region, today),
        "stations": panels.station_panel(region),
        "duties": panels.duty_panel(region, ids, today),
        "ticker": panels.ticker_panel(ids),
    }
    return {
        "as_of": now.isoformat(timespec="seconds"),
        "as_of_display": now.strftime("%H:%M"),
        "panels": {name: {"version": _version(data), "data": data} for name, data in body.items()},
    }


def _cached_body(region, seconds: int) -> dict:
    """The region's panels, rebuilt at most once per `seconds` by one request at a time: while one
    request rebuilds (seconds at a million cases), the others are answered at once with the
    previous figures (their as_of says how old) instead of all rebuilding together."""
    key = CACHE_KEY.format(region=region.pk)
    entry = cache.get(key)
    now = time.time()
    if entry is not None and now - entry["at"] < seconds:
        return entry["body"]
    if entry is not None and not cache.add(f"{key}:building", 1, timeout=max(60, seconds)):
        return entry["body"]
    try:
        body = build(region)
        cache.set(key, {"at": now, "body": body}, timeout=seconds * 20)  # kept stale for the next rebuild
    finally:
        cache.delete(f"{key}:building")
    return body


def screen_data(screen) -> dict:
    """The screen's body: its heading (never cached) and its region's panels (cached for a short
    time). A station's screen shows its region's figures under the station's name: the roll-up
    behind the rates has no station grain."""
    seconds = settings.SHUANGLIAN_SCREEN_CACHE_SECONDS
    body = _cached_body(screen.region, seconds) if seconds > 0 else build(screen.region)
    return {
        "screen": {"name": screen.name, "region": screen.region.name,
                   "station": screen.station.name if screen.station_id else None},
        "refresh_seconds": settings.SHUANGLIAN_SCREEN_REFRESH_SECONDS,
        **body,
    }
