"""A target's or a figure's value as a Vietnamese page or document writes it, unit included."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

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


COMPARATOR_SIGNS = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}


def level_words(code: str) -> str:
    """A level in words, in the current language ("Nông thôn mới nâng cao", "Hoàn thành tốt nhiệm vụ")."""
    return str(dict(Level.choices).get(code, code))


def range_text(lower: Decimal, upper: Decimal, unit: str) -> str:
    """A band as people write it: "10–12%", "0,5–0,8‰", "30–35", "5–6 tỷ đồng", "800 triệu–1,2 tỷ đồng"."""
    if unit == "VND":
        (low, low_scale), (_high, high_scale) = money_parts(lower), money_parts(upper)
        if low_scale == high_scale:
            return f"{number_text(low)}–{format_value(upper, unit)}"
        return f"{format_value(lower, unit)}–{format_value(upper, unit)}"
    return f"{number_text(lower)}–{format_value(upper, unit)}"


def goal_text(target: Any, upper: Any = None) -> str:
    """What a target asks for, in figures and words: "≥ 8%", "10–12%", "≤ 0,3‰", "≥ 86,4 triệu đồng",
    "≥ Nông thôn mới nâng cao". `upper` is the range's upper bound target when `target` is its lower."""
    if target.unit == "level":
        return f"{COMPARATOR_SIGNS.get(target.comparator, '')} {level_words(target.value_level)}".strip()
    value = target.value_number
    if value is None:
        return ""
    if upper is not None and upper.value_number is not None:
        return range_text(value, upper.value_number, target.unit)
    text = format_value(value, target.unit)
    if target.unit == "%" and target.base_value is not None and target.scope != "locality":
        # a share of an earlier figure; a locality's base figure is where its line starts (tracking)
        text += " " + _("of %(base)s") % {"base": number_text(target.base_value)}
    return f"{COMPARATOR_SIGNS.get(target.comparator, '')} {text}".strip()
