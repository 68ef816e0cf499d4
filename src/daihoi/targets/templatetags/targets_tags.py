from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from daihoi.targets.models import Level
from daihoi.templatetags.daihoi_tags import vn_number

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def show_actual(value: Any, target: Any) -> str:
    """A progress figure as people read it: a level's name, or a number (with % for shares)."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return str(dict(Level.choices).get(value, value))
    text = vn_number(Decimal(value).normalize() if isinstance(value, Decimal) else value)
    return text + ("%" if target.unit == "%" and target.base_value is None else "")
