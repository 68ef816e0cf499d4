"""Ranges: "tăng bình quân hằng năm 10-12%" is two targets with one quote, a lower bound (">=" or ">")
followed at once by an upper bound ("<=" or "<"). Tracking keeps them as one range, met in a year when
the figure is inside both bounds.

`pair_ranges` reads the rows as the extractor and the confirm page give them (dicts with the keys of the
JSON contract: indicator, scope, comparator, value, unit, period, quote) and says which adjacent rows
form a range. A row is in at most one range; nothing else is guessed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

LOWER_COMPARATORS = frozenset({">=", ">"})
UPPER_COMPARATORS = frozenset({"<=", "<"})
_SAME = ("indicator", "scope", "unit", "period")


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = str(value).strip().replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _text(row: Mapping[str, Any], key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value).strip()


def is_range(lower: Mapping[str, Any], upper: Mapping[str, Any]) -> bool:
    """Whether `lower` then `upper` is one range: same quote (not empty), indicator, scope, unit and
    period; a lower comparator then an upper one; numbers with low ≤ high (a level is never a range)."""
    if _text(lower, "comparator") not in LOWER_COMPARATORS:
        return False
    if _text(upper, "comparator") not in UPPER_COMPARATORS:
        return False
    quote = _text(lower, "quote")
    if not quote or quote != _text(upper, "quote"):
        return False
    if any(_text(lower, k) != _text(upper, k) for k in _SAME):
        return False
    if _text(lower, "unit") == "level":
        return False
    low, high = _number(lower.get("value")), _number(upper.get("value"))
    return low is not None and high is not None and low <= high


def pair_ranges(rows: Sequence[Mapping[str, Any]]) -> list[tuple[int, int]]:
    """Indices (lower, upper) of the adjacent rows that form a range, in order; each row in one pair at
    most (a lower bound is paired with the row right after it)."""
    pairs: list[tuple[int, int]] = []
    i = 0
    while i + 1 < len(rows):
        if is_range(rows[i], rows[i + 1]):
            pairs.append((i, i + 1))
            i += 2
        else:
            i += 1
    return pairs
