"""Money for a person to read (issue 12.7): one rule for every amount on every page.

Amounts are kept as Decimal in 亿元 or 万元 (the unit is in the column or the sentence); a person
reads them with exactly two decimals — 1782.05, 0.74, 48.46 — never the float's fifteen digits,
never "1782.0" or "0.7". Nothing, or what is not a number, reads "—".
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


def money_text(value) -> str:
    if value is None or value == "":
        return "—"
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
        return str(amount.quantize(CENT, rounding=ROUND_HALF_UP))
    except (InvalidOperation, ValueError, TypeError):
        return "—"
