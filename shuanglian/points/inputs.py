"""Typed input of the points API and pages: query parameters and bodies read once, with Chinese
messages (lib.parse underneath; non-ASCII digits refused)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shuanglian.core.errors import BusinessError
from shuanglian.deputies.models import Station
from shuanglian.deputies.selectors import access_station
from shuanglian.lib.parse import BadInput, id_or_none, parse_date, parse_id, parse_int
from shuanglian.regions.models import Region

from .periods import parse_period, parse_quarter, quarter_of


def period_or_default(value, *, quarter_only: bool = False) -> str:
    if value in (None, ""):
        return quarter_of(timezone.localdate())
    return parse_quarter(value) if quarter_only else parse_period(value)


def region_param(user, value) -> Region:
    """A region named by id (default: the user's own). Existence only: who may read it is decided
    by the caller (a deputy may read the published ranking of a region above their own)."""
    if value in (None, ""):
        region = getattr(user, "region", None)
        deputy = getattr(user, "deputy", None)
        if region is None and deputy is not None:
            region = deputy.region
        if region is None:
            raise BusinessError("请指定区域 region（区域编号）。", code="region_required")
        return region
    number = parse_id(value, name="region（区域编号）")
    region = Region.objects.filter(pk=number).first()
    if region is None:
        raise BusinessError("区域不存在。", code="invalid_region")
    return region


def station_param(user, value) -> Station | None:
    if value in (None, ""):
        return None
    parse_id(value, name="station（阵地编号）")
    return access_station(user, value)


def date_value(value, name: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return parse_date(str(value), name=name)


def int_value(value, name: str, *, minimum: int = 0, maximum: int = 10**6, default: int | None = None) -> int:
    if value in (None, "") and default is not None:
        return default
    number = parse_int(str(value), name=name)
    if not minimum <= number <= maximum:
        raise BadInput(f"{name}应为 {minimum} 到 {maximum} 之间的整数。", code="invalid_int")
    return number


def version_value(data) -> int | None:
    raw = data.get("version")
    if raw in (None, ""):
        return None
    number = id_or_none(str(raw))
    if number is None:
        raise BadInput("版本号 version 应为正整数。", code="invalid_version")
    return number
