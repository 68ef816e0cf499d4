"""Vietnamese number formatting: 1.234.567,5 — decimals rounded half-up, never through binary floats."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def to_decimal(value: int | str | Decimal | float) -> Decimal:
    """A float goes through its shortest repr, so 0.125 stays 0.125 and never 0.12499999."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def round_half_up(value: int | str | Decimal | float, decimals: int) -> Decimal:
    return to_decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def percent(part: int, whole: int, decimals: int = 2) -> Decimal | None:
    """part/whole as a percentage rounded half-up; None when the whole is zero."""
    if whole == 0:
        return None
    return round_half_up(Decimal(part) * 100 / Decimal(whole), decimals)


def format_number(
    value: int | str | Decimal | float,
    decimals: int | None = None,
    thousands: str = ".",
    decimal_mark: str = ",",
) -> str:
    """Format with Vietnamese separators; `decimals` fixes the digits after the mark (half-up)."""
    number = to_decimal(value) if decimals is None else round_half_up(value, decimals)
    sign = "-" if number < 0 else ""
    text = format(abs(number), "f")
    whole, _, fraction = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    grouped = thousands.join(groups)
    return f"{sign}{grouped}{decimal_mark}{fraction}" if fraction else f"{sign}{grouped}"


_ROMAN = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]  # fmt: skip


def roman(number: int) -> str:
    """Congress numbers are shown in Roman numerals: 10 -> X."""
    if not 0 < number < 4000:
        raise ValueError(f"cannot write {number} in Roman numerals")
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)
