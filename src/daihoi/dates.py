"""Date fields as Vietnamese write them: dd/mm/yyyy, whatever the browser's language.

A browser's own date picker (`<input type="date">`) shows the browser's format — mm/dd/yyyy in an English
Chromium — so daihoi's date fields are text fields that show and accept dd/mm/yyyy (ISO yyyy-mm-dd is
still accepted, for links and scripts).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DISPLAY_FORMAT = "%d/%m/%Y"
PLACEHOLDER = "dd/mm/yyyy"


class DateInput(forms.DateInput):
    """A text input showing dd/mm/yyyy, with a numeric keyboard on phones."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {"placeholder": PLACEHOLDER, "inputmode": "numeric", "autocomplete": "off", "size": "10"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format=DISPLAY_FORMAT)

    def format_value(self, value: Any) -> str | None:
        """A date, or a submitted text that reads as one (ISO from a link), shows as dd/mm/yyyy."""
        if isinstance(value, str):
            parsed = parse_date(value)
            return parsed.strftime(DISPLAY_FORMAT) if parsed else value
        return super().format_value(value)


def date_field(label: Any, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, input_formats=DATE_INPUT_FORMATS, widget=DateInput()
    )


def use_vietnamese_dates(form: forms.BaseForm, *names: str) -> None:
    """Make a (model) form's date fields dd/mm/yyyy text fields."""
    for name in names:
        field = form.fields[name]
        assert isinstance(field, forms.DateField)
        field.input_formats = DATE_INPUT_FORMATS
        field.widget = DateInput(attrs=dict(field.widget.attrs, type="text"))


def parse_date(text: str) -> dt.date | None:
    """dd/mm/yyyy (or the other accepted forms) -> a date; None when it is not one."""
    text = (text or "").strip()
    for fmt in DATE_INPUT_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar day, no time
        except ValueError:
            continue
    return None
