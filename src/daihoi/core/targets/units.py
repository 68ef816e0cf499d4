"""Amounts of the units a resolution's targets use: reading a typed figure, and which way is better.

Money is kept in đồng: a clerk types "86,4 triệu" or "86.400.000" for 86,400,000 VND, "1,2 tỷ" for
1,200,000,000. Other units keep the number as typed ("0,30" for 0.30 ‰).
"""

from __future__ import annotations

import re
from decimal import Decimal

from daihoi.core.targets.text import NotANumber, fold, parse_number

# The units of the JSON contract (daihoi.core.targets.extract.UNITS) that are measured quantities.
MONEY_SCALES = {
    "nghìn": Decimal(10**3),
    "ngàn": Decimal(10**3),
    "triệu": Decimal(10**6),
    "tỷ": Decimal(10**9),
}
_AMOUNT = re.compile(r"^\s*([+-]?\d+(?:[.,]\d+)*)\s*(nghìn|ngàn|triệu|tỷ)?\s*(?:đồng|đ|vnd)?\s*$")


class AmountError(ValueError):
    """code "bad_amount": the typed text is not a number (of this unit)."""

    code = "bad_amount"


def parse_amount(raw: str, unit: str) -> Decimal:
    """The figure a clerk typed for `unit`; money may carry "nghìn", "triệu" or "tỷ" (đồng)."""
    text = fold(raw.strip().replace("\u00a0", " "))
    m = _AMOUNT.match(text)
    if not m or (m.group(2) and unit != "VND"):
        raise AmountError(raw)
    try:
        value = parse_number(m.group(1).lstrip("+"))
    except NotANumber:
        raise AmountError(raw) from None
    if m.group(2):
        value *= MONEY_SCALES[m.group(2)]
    if not value.is_finite():
        raise AmountError(raw)
    return value


def money_parts(value: Decimal) -> tuple[Decimal, str]:
    """86400000 -> (86.4, "triệu"): the largest scale the amount reaches (tỷ, triệu), else đồng ("")."""
    for word in ("tỷ", "triệu"):
        scale = MONEY_SCALES[word]
        if abs(value) >= scale:
            return _plain(value / scale), word
    return _plain(value), ""


def _plain(value: Decimal) -> Decimal:
    """No trailing zeros and never an exponent: 3900 stays 3900, not 3.9E+3 (its str() is typed back)."""
    value = value.normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value
