"""Bounded inputs: every value a request brings is parsed to its field's bounds before it reaches a query
or a row, on SQLite and on PostgreSQL alike.

- `form_int` reads a number typed in a form (ASCII digits, within the bounds given, by default the
  database's integer); anything else is an `InputError` naming the field and the bounds.
- `object_id` reads an id posted in a form or a query string: a malformed or out-of-range id matches
  nothing (the view answers 404, as for an id that does not exist).
- `check_field_bounds` (a pre_save receiver, connected once in `daihoi.apps`) refuses to save a text
  longer than its column or a number outside its column's integer range, whatever the database: SQLite
  would store it silently, PostgreSQL would fail with a server error.
- `IdConverter` is the URL converter `<id:...>`: an id of 20 digits does not match (404).

An `InputError` is a `BadRequest`: Django answers 400 with the project's page showing its message
(`daihoi.views.bad_request`), the API with {"code": "bad_input", "message"} (`daihoi.api_urls`). It is
raised before or inside the operation's transaction, so nothing is stored.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import BadRequest, ValidationError
from django.core.validators import DecimalValidator
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext as _

# PostgreSQL's integer ranges (Django's base table), applied on SQLite too so both refuse the same values.
INTEGER_RANGES: dict[str, tuple[int, int]] = dict(BaseDatabaseOperations.integer_field_ranges)
INT_MIN, INT_MAX = INTEGER_RANGES["IntegerField"]
ID_MAX = INTEGER_RANGES["BigIntegerField"][1]  # BigAutoField: the largest id a row can have
_INTEGER = re.compile(r"[+-]?[0-9]{1,19}")
_SHOWN = 40  # characters of a refused value quoted back in the message


class InputError(BadRequest):
    """A value outside its field's bounds; the message names the field and the limit, in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"


def parse_int(value: Any) -> int | None:
    """ASCII digits with an optional sign, at most 19 of them, as an int; None for anything else."""
    text = str(value if value is not None else "").strip()
    return int(text) if _INTEGER.fullmatch(text) else None


def form_int(
    value: Any, *, field: str, low: int = INT_MIN, high: int = INT_MAX, default: int | None = None
) -> int | None:
    """A number typed in a form field: empty or missing gives `default`; a whole number from `low` to
    `high` gives that number; anything else is refused, naming the field and the bounds."""
    text = str(value if value is not None else "").strip()
    if not text:
        return default
    number = parse_int(text)
    if number is None or not low <= number <= high:
        raise InputError(
            _("“%(field)s” must be a whole number from %(low)s to %(high)s (typed: “%(value)s”).")
            % {"field": field, "low": low, "high": high, "value": shown(text)}
        )
    return number


def object_id(value: Any) -> int:
    """An id named by a form or a query string; 0 (which no row has) when it is not a possible id."""
    number = parse_int(value)
    return number if number is not None and 1 <= number <= ID_MAX else 0


def form_text(value: Any, *, field: str, max_length: int) -> str:
    """A text typed in a form field, refused when longer than `max_length` characters."""
    text = str(value if value is not None else "")
    if len(text) > max_length:
        raise too_long(field, max_length, len(text))
    return text


def too_long(field: str, limit: int, length: int) -> InputError:
    return InputError(
        _("“%(field)s” is limited to %(limit)s characters (%(length)s were typed).")
        % {"field": field, "limit": limit, "length": length}
    )


def _label(field: models.Field) -> str:
    return str(field.verbose_name or field.name)


def check_field_bounds(
    sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any
) -> None:
    """pre_save: every text fits its column and every integer its column's range, or InputError."""
    if raw:  # fixtures and restores load rows as they were
        return
    for field in sender._meta.concrete_fields:
        value = getattr(instance, field.attname, None)
        if isinstance(field, models.CharField) and field.max_length and isinstance(value, str):
            if len(value) > field.max_length:
                raise too_long(_label(field), field.max_length, len(value))
        elif isinstance(field, models.DecimalField) and isinstance(value, Decimal):
            try:
                DecimalValidator(field.max_digits, field.decimal_places)(value)
            except ValidationError:
                raise InputError(
                    _(
                        "“%(field)s” must be a number of at most %(digits)s digits, %(places)s of them "
                        "after the decimal point (typed: “%(value)s”)."
                    )
                    % {
                        "field": _label(field),
                        "digits": field.max_digits,
                        "places": field.decimal_places,
                        "value": shown(value),
                    }
                ) from None
        elif (
            isinstance(field, models.IntegerField) and isinstance(value, int) and not isinstance(value, bool)
        ):
            low, high = INTEGER_RANGES.get(field.get_internal_type(), (None, None))
            if (low is not None and value < low) or (high is not None and value > high):
                raise InputError(
                    _("“%(field)s” must be a whole number from %(low)s to %(high)s (typed: “%(value)s”).")
                    % {"field": _label(field), "low": low, "high": high, "value": shown(value)}
                )


class IdConverter:
    """`<id:pk>`: the ids and numbers in addresses, at most the database's largest integer (else 404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > ID_MAX:
            raise ValueError(value)  # no match: 404
        return number

    def to_url(self, value: Any) -> str:
        return str(int(value))
