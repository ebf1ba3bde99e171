"""Abuse limits for the public side: per client address and per station for submissions, per
client address for tracking-code lookups (guessing codes).

These are DRF throttles on the shared cache (Redis in production, the database cache otherwise),
so every app server counts against the same numbers. The HTML pages call `check` with the same
classes, so a form submit and an API submit use one counter. Rates come from
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] (intake_ip, intake_station, track_ip).
"""

from __future__ import annotations

import math
from types import SimpleNamespace

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

DEFAULT_RATES = {"intake_ip": "30/min", "intake_station": "600/min", "track_ip": "60/min"}
REFUSAL = "提交过于频繁，请稍后再试（约 {wait} 秒后）。如情况紧急，请直接联系所在履职阵地。"
TRACK_REFUSAL = "查询过于频繁，请稍后再试（约 {wait} 秒后）。"


class _Throttle(SimpleRateThrottle):
    methods: tuple[str, ...] | None = None  # None: every method counts

    def get_rate(self):
        # Read at instantiation, not import, so a changed setting takes effect.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope) or DEFAULT_RATES[self.scope]

    def applies(self, request) -> bool:
        return self.methods is None or request.method in self.methods


class IntakeIPThrottle(_Throttle):
    scope = "intake_ip"
    methods = ("POST",)

    def get_cache_key(self, request, view):
        if not self.applies(request):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class IntakeStationThrottle(_Throttle):
    scope = "intake_station"
    methods = ("POST",)

    def get_cache_key(self, request, view):
        kwargs = getattr(view, "kwargs", None) or {}
        token = kwargs.get("token") or kwargs.get("station_token")
        if not self.applies(request) or not token:
            return None
        return self.cache_format % {"scope": self.scope, "ident": token}


class TrackIPThrottle(_Throttle):
    scope = "track_ip"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


INTAKE_THROTTLES = [IntakeIPThrottle, IntakeStationThrottle]
TRACK_THROTTLES = [TrackIPThrottle]


def check(request, throttle_classes, **kwargs) -> int | None:
    """For HTML views: None when allowed, else the seconds to wait. Counts like the API does."""
    view = SimpleNamespace(kwargs=kwargs)
    waits = []
    for cls in throttle_classes:
        throttle = cls()
        if not throttle.allow_request(request, view):
            waits.append(throttle.wait() or 1)
    if not waits:
        return None
    return max(1, math.ceil(max(waits)))
