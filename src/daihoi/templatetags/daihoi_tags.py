from decimal import Decimal

from django import template
from django.utils import translation

from daihoi.core.numbers import format_number, roman

register = template.Library()


@register.filter
def vn_number(value: object, decimals: int | None = None) -> str:
    """1234567.5 -> 1.234.567,5 in Vietnamese, 1,234,567.5 in English."""
    if value is None or value == "":
        return ""
    if not isinstance(value, int | float | Decimal | str):
        return str(value)
    if translation.get_language() == "en":
        return format_number(value, decimals, thousands=",", decimal_mark=".")
    return format_number(value, decimals)


@register.filter
def roman_numeral(value: int) -> str:
    return roman(int(value))
