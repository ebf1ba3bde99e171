"""Input checks shared by the suggestion services, each refusal a Chinese BusinessError."""

from __future__ import annotations

import datetime as dt
import re

from shuanglian.core.errors import BusinessError

from . import clocks
from .models import Kind

_TITLE = re.compile(r"^关于.+的(建议|意见)$")


def clean_text(value, label: str, *, limit: int, required: bool = True) -> str:
    if value is not None and not isinstance(value, str):
        raise BusinessError(f"{label}应为文字。", code="invalid")
    value = (value or "").strip()
    if required and not value:
        raise BusinessError(f"请填写{label}。", code="required")
    if len(value) > limit:
        raise BusinessError(f"{label}不能超过 {limit} 个字。", code="too_long")
    return value


def clean_title(value, kind: str) -> str:
    """《关于…的建议》: stored without the book-title marks; opinions of a reception day or a think
    tank may end in 的意见."""
    title = clean_text(value, "标题", limit=118).removeprefix("《").removesuffix("》").strip()
    match = _TITLE.match(title)
    if not match or (kind == Kind.SUGGESTION and match.group(1) != "建议"):
        ending = "的建议" if kind == Kind.SUGGESTION else "的建议（或的意见）"
        raise BusinessError(f"标题应为《关于……{ending}》的形式，如《关于加快“充储泊配”设施建设的建议》。",
                            code="invalid_title")
    return title


def act_day(value, label: str, *, not_before: dt.date | None = None, before_label: str = "") -> dt.date:
    """The day a step happened: today unless given (paper records come later), never in the future,
    never before the step it follows."""
    today = clocks.today()
    if value is None:
        value = today
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise BusinessError(f"{label}格式应为 YYYY-MM-DD。", code="invalid_date")
    if value > today:
        raise BusinessError(f"{label}不能晚于今天。", code="future_date")
    if not_before and value < not_before:
        raise BusinessError(f"{label}不能早于{before_label}（{not_before:%Y-%m-%d}）。", code="date_order")
    return value
