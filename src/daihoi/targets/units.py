"""A target's or a figure's value as a Vietnamese page or document writes it, unit included."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from daihoi.core.numbers import format_number
from daihoi.core.targets.units import money_parts
from daihoi.targets.models import Level


def number_text(value: Decimal) -> str:
    """86.40 -> "86,4"; 1200 -> "1.200" (no trailing zeros)."""
    value = value.normalize()
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return format_number(value)


def unit_label(unit: str) -> str:
    labels = {
        "%": "%",
        "‰": "‰",
        "count": "",
        "VND": _("đồng"),
        "ha": "ha",
        "people": _("people"),
        "households": _("households"),
        "km": "km",
        "tons": _("tons"),
    }
    return labels.get(unit, "")


def format_value(value: Decimal | str | None, unit: str) -> str:
    """ "86,4 triệu đồng", "0,3 ‰", "95 %", "1.200 hộ", "Hoàn thành tốt nhiệm vụ"; "—" for no value."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return str(dict(Level.choices).get(value, value)) if unit == "level" else value
    if unit == "VND":
        amount, scale = money_parts(value)
        words = {"tỷ": _("billion đồng"), "triệu": _("million đồng"), "": _("đồng")}[scale]
        return f"{number_text(amount)} {words}"
    label = unit_label(unit)
    return (
        f"{number_text(value)} {label}".strip() if label not in ("%", "‰") else f"{number_text(value)}{label}"
    )
