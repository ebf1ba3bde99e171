"""Point periods: a quarter is labelled "2026Q4", a year "2026". Pure date arithmetic, no models.

Every entry belongs to one quarter (where it is counted and published); a rule's cap runs per
quarter or per year (the four quarters of that year)."""

from __future__ import annotations

import datetime as dt
import re

from shuanglian.lib.parse import BadInput

QUARTER_RE = re.compile(r"(20[0-9]{2})Q([1-4])")
YEAR_RE = re.compile(r"(20[0-9]{2})")
QUARTER_LABELS = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


def quarter_of(day: dt.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def next_quarter(label: str) -> str:
    year, q = int(label[:4]), int(label[5])
    return f"{year + 1}Q1" if q == 4 else f"{year}Q{q + 1}"


def year_quarters(year: int) -> list[str]:
    return [f"{year}Q{q}" for q in (1, 2, 3, 4)]


def quarter_bounds(label: str) -> tuple[dt.date, dt.date]:
    year, q = int(label[:4]), int(label[5])
    start = dt.date(year, 3 * q - 2, 1)
    end = dt.date(year + 1, 1, 1) if q == 4 else dt.date(year, 3 * q + 1, 1)
    return start, end - dt.timedelta(days=1)


def display(label: str) -> str:
    """'2026Q4' → '2026年第四季度'; '2026' → '2026年'."""
    if len(label) == 6:
        return f"{label[:4]}年{QUARTER_LABELS[int(label[5])]}"
    return f"{label}年"


def parse_quarter(value, *, name: str = "period") -> str:
    text = value.strip().upper() if isinstance(value, str) else ""
    if not QUARTER_RE.fullmatch(text):
        raise BadInput(f"参数 {name} 应为季度，如 2026Q4（年份 2000–2099，季度 1–4）。", code="invalid_period")
    return text


def parse_period(value, *, name: str = "period") -> str:
    """A quarter ('2026Q4') or a whole year ('2026')."""
    text = value.strip().upper() if isinstance(value, str) else ""
    if QUARTER_RE.fullmatch(text) or YEAR_RE.fullmatch(text):
        return text
    raise BadInput(f"参数 {name} 应为季度（如 2026Q4）或年份（如 2026）。", code="invalid_period")


def quarters_of(period: str) -> list[str]:
    """The quarters a period label covers."""
    return year_quarters(int(period)) if len(period) == 4 else [period]


def ancestor_paths(path: str) -> list[str]:
    """'500000/500109/500109010/' → ['500000/', '500000/500109/', '500000/500109/500109010/']."""
    parts = [p for p in path.split("/") if p]
    return ["".join(f"{p}/" for p in parts[: i + 1]) for i in range(len(parts))]
