"""The station behind a QR token, memoized (issue 3: intake throughput).

The public channels look the station up with `station_for_token`, which keeps the station with
its pre-fill (region, chain, following deputies) in a per-process memo for a short time (and the
categories likewise), checked on every request against a version token in the shared cache
(`lib.versioned_cache`). Every save or delete of a station, station member, deputy, region, chain
or category bumps it (at once and again at commit; receivers in cases/signals.py), so an edited
station, a rotated token or a deactivated station takes effect on the next request in every
process. Within one request the token is read once (`one_lookup`).
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar

from shuanglian.deputies.models import Station
from shuanglian.lib import versioned_cache

from ..models import Category

GENERATION_KEY = "intake:station-generation"
MEMO_SECONDS = 60  # a backstop only: changes made through the models take effect at once
_memo: dict = {}  # token or ("categories",) → (generation, expires, value)
_pinned: ContextVar[str | None] = ContextVar("intake_generation", default=None)


def following_deputies(station):
    """The station's head and deputy members (active), each once."""
    if station is None:
        return []
    people = {}
    if station.head_id and station.head.is_active:
        people[station.head_id] = station.head
    for member in station.members.select_related("deputy").filter(deputy__isnull=False, deputy__is_active=True):
        people[member.deputy_id] = member.deputy
    return list(people.values())




def _generation() -> str:
    pinned = _pinned.get()
    return pinned if pinned is not None else versioned_cache.token(GENERATION_KEY)


@contextmanager
def one_lookup():
    """Within this block (one public request) the generation is read once: the station and the
    categories are checked against the same reading."""
    token = _pinned.set(_generation())
    try:
        yield
    finally:
        _pinned.reset(token)


def stations_changed(**_kwargs) -> None:
    """Forget every memoized station and category in every process: now (for this transaction's
    own reads) and again at commit (for requests that read the old rows in between)."""
    versioned_cache.bump(GENERATION_KEY)


def categories() -> dict:
    """Every category by code, name and id; read once per process and generation (a category
    saved or deleted anywhere bumps the generation, like a station)."""
    generation = _generation()
    hit = _memo.get(("categories",))
    now = time.monotonic()
    if hit is not None and hit[0] == generation and hit[1] > now:
        return hit[2]
    known = {}
    for cat in Category.objects.order_by("-pk"):  # on a clash of names, the oldest wins
        known[("code", cat.code)] = known[("name", cat.name)] = known[("pk", cat.pk)] = cat
    _memo[("categories",)] = (generation, now + MEMO_SECONDS, known)
    return known


def station_for_token(token: str):
    """The active station whose QR code carries `token`, with region, chain and head loaded and
    its following deputies (`station.following`: [(id, name)]) — or None (unknown token,
    rotated token, inactive station). Read once per process and generation."""
    token = str(token or "")
    if not token or len(token) > 64:
        return None
    generation = _generation()
    hit = _memo.get(token)
    now = time.monotonic()
    if hit is not None and hit[0] == generation and hit[1] > now:
        return hit[2]
    station = Station.objects.select_related("region", "chain", "head").filter(intake_token=token).first()
    if station is not None and not station.is_active:
        station = None
    if station is not None:
        station.following = [(d.pk, d.name) for d in following_deputies(station)]
    if len(_memo) > 5000:
        _memo.clear()
    _memo[token] = (generation, now + MEMO_SECONDS, station)
    return station


