"""What the case services share: the clock's now and today."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .. import clock


def now():
    return timezone.now()  # looked up per call: the demo's time shift replaces timezone.now


def today() -> dt.date:
    return clock.today()


def local_date(moment) -> dt.date:
    return timezone.localdate(moment) if moment is not None else today()
