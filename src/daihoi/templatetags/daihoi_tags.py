from decimal import Decimal
from typing import Any

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


@register.simple_tag(takes_context=True)
def permitted(context: template.Context, organization: Any, permission: str) -> bool:
    """{% permitted organization "congress.checkin" as can_checkin %}: may the page's user do it?

    Menus show a link only when this is true, so no menu leads to a page the user may not open."""
    from daihoi.accounts.permissions import has_permission

    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or organization is None or not getattr(organization, "pk", None):
        return False
    return has_permission(user, organization, permission)
