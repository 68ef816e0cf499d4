from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from daihoi.targets.models import Level
from daihoi.targets.units import format_value
from daihoi.templatetags.daihoi_tags import vn_number

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def show_actual(value: Any, target: Any) -> str | SafeString:
    """A progress figure as people read it: a level's short name (full name on hover), or a number."""
    from daihoi.targets.charts import LEVEL_SHORT

    if value is None:
        return "—"
    if isinstance(value, str):
        full = str(dict(Level.choices).get(value, value))
        return format_html('<abbr title="{}">{}</abbr>', full, LEVEL_SHORT.get(value, full))
    if target.unit == "%" and target.base_value is not None:  # a count compared with a share of the last
        return vn_number(Decimal(value).normalize() if isinstance(value, Decimal) else value)
    return format_value(Decimal(value), target.unit)


@register.filter
def score(value: Any) -> str:
    """A score as typed: 85 rather than 85,00 (text typed on a refused page is shown back unchanged)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    return vn_number(Decimal(value).normalize())
