"""What valid user input is, decided once: record ids, digit codes, dates and times typed or sent
by a person or a client program. Every parser raises `BadInput` with a Chinese message; the
exception boundary (core.middleware / core.api) turns it into a 400, so a view never needs its
own try/except to avoid a 500.

Never use `str.isdigit()` or a bare `int()` on user text: `'³'.isdigit()` and `'①'.isdigit()`
are True and `int('³')` then raises; `int('٣')` (Arabic-Indic three) even succeeds. Only the ASCII
digits 0-9 are digits here.
"""

from __future__ import annotations

import datetime as dt
import re

# A primary key is a positive 64-bit integer (BigAutoField); a longer number would overflow the
# database driver ("integer out of range") instead of simply not matching.
MAX_ID = 2**63 - 1
_ASCII_DIGITS = re.compile(r"[0-9]+")


class BadInput(ValueError):
    """User input that is not what was asked for. `message` is Chinese and shown as is."""

    status = 400

    def __init__(self, message: str, *, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


def is_ascii_digits(value) -> bool:
    """True for a non-empty string of 0-9 only (not '³', '①', '٣' or ' 1')."""
    return isinstance(value, str) and _ASCII_DIGITS.fullmatch(value) is not None


def has_non_ascii_digit(value) -> bool:
    """True when text holds a digit other than 0-9: fullwidth '３', Arabic-Indic '٣', '³', '①'.
    `int()`, `Decimal()`, `strptime` and the `\\d` of date regexes read the first two as 3, so a
    typed number or date containing one is refused, never guessed (free text is not checked:
    Chinese text legitimately holds fullwidth digits)."""
    return isinstance(value, str) and any(ch.isdigit() and not "0" <= ch <= "9" for ch in value)


def id_or_none(value) -> int | None:
    """A record id from a URL or query, or None when it cannot be one (then the record is simply
    not found: a 404, like a missing id)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 < value <= MAX_ID else None
    text = value.strip() if isinstance(value, str) else None
    if not text or not is_ascii_digits(text):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def parse_id(value, *, name: str = "编号") -> int:
    """A required record id; anything else is a BadInput naming the parameter."""
    number = id_or_none(value)
    if number is None:
        raise BadInput(f"{name}应为正整数编号。", code="invalid_id")
    return number


def parse_ids(value, *, name: str = "编号") -> list[int]:
    """A comma-separated list of ids ('3,5,8'); empty → []."""
    text = (value or "").strip() if isinstance(value, str) else ""
    return [parse_id(part, name=name) for part in text.split(",") if part.strip()] if text else []


def parse_code(value, *, name: str, length: int | None = None, max_length: int = 64) -> str:
    """A code made of ASCII digits only (a region code, a category number), as text."""
    text = value.strip() if isinstance(value, str) else ""
    if not is_ascii_digits(text) or len(text) > max_length:
        raise BadInput(f"{name}只能由数字0–9组成。", code="invalid_code")
    if length is not None and len(text) != length:
        raise BadInput(f"{name}应为{length}位数字。", code="invalid_code")
    return text


def parse_int(value, *, name: str, minimum: int | None = None, maximum: int | None = None) -> int:
    """A whole number typed by a person, optionally signed ('-3'), ASCII digits only."""
    text = value.strip() if isinstance(value, str) else ""
    digits = text[1:] if text[:1] in "+-" else text
    if not is_ascii_digits(digits) or len(digits) > 18:
        raise BadInput(f"{name}须为整数。", code="invalid_int")
    number = int(text)
    if minimum is not None and number < minimum:
        raise BadInput(f"{name}不能小于{minimum}。", code="out_of_range")
    if maximum is not None and number > maximum:
        raise BadInput(f"{name}不能大于{maximum}。", code="out_of_range")
    return number


_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DATETIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,6}))?)?"
    r"(Z|[+-][0-9]{2}:?[0-9]{2})?"
)


def parse_date(value, *, name: str = "日期") -> dt.date:
    """YYYY-MM-DD (also 2025/4/22 and 2025.4.22); 2025-13-45 is a BadInput, not a crash."""
    text = value.strip().replace("/", "-").replace(".", "-") if isinstance(value, str) else ""
    match = _DATE.fullmatch(text)
    if not match:
        raise BadInput(f"{name}格式应为 YYYY-MM-DD，如 2025-04-22。", code="invalid_date")
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        raise BadInput(f"{name}“{text}”不是存在的日期。", code="invalid_date") from None


def parse_datetime(value, *, name: str = "时间", default_tz: dt.tzinfo | None = None) -> dt.datetime:
    """ISO 8601 (2025-04-22T09:30:00+08:00, …Z, or without zone); a date alone is its midnight.
    A time without a zone is taken in `default_tz` (the caller passes the site's zone)."""
    text = value.strip() if isinstance(value, str) else ""
    if _DATE.fullmatch(text):
        day = parse_date(text, name=name)
        result = dt.datetime(day.year, day.month, day.day)
    else:
        match = _DATETIME.fullmatch(text)
        if not match:
            raise BadInput(f"{name}格式应为 ISO 8601，如 2025-04-22T09:30:00+08:00。", code="invalid_datetime")
        year, month, day, hour, minute, second, fraction, zone = match.groups()
        try:
            result = dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0),
                                 int((fraction or "0").ljust(6, "0")))
            if zone:
                result = result.replace(tzinfo=_zone(zone))
        except ValueError:
            raise BadInput(f"{name}“{text}”不是存在的时间。", code="invalid_datetime") from None
    if result.tzinfo is None and default_tz is not None:
        result = result.replace(tzinfo=default_tz)
    return result


def _zone(text: str) -> dt.tzinfo:
    if text == "Z":
        return dt.UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        raise ValueError("zone out of range")
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
