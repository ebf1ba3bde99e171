"""Input checks shared by the oversight services, each refusal a Chinese BusinessError."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shuanglian.core.errors import BusinessError, ConcurrentUpdate


def clean_text(value, label: str, *, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise BusinessError(f"请填写{label}。", code="required")
    if len(value) > limit:
        raise BusinessError(f"{label}不能超过 {limit} 个字。", code="too_long")
    return value


def past_day(value, label: str, *, not_before: dt.date | None = None, before_label: str = "") -> dt.date:
    if not isinstance(value, dt.date):
        raise BusinessError(f"请填写{label}。", code="required")
    if value > timezone.localdate():
        raise BusinessError(f"{label}不能晚于今天。", code="future_date")
    if not_before and value < not_before:
        raise BusinessError(f"{label}不能早于{before_label}（{not_before:%Y-%m-%d}）。", code="date_order")
    return value


def check_version(obj, expected_version):
    if expected_version is not None and obj.version != expected_version:
        raise ConcurrentUpdate("该记录已被他人修改，您的修改未保存。请刷新页面查看最新内容后再改。")
