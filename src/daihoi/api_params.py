"""Bounded parameters of the JSON API (django-ninja): a value outside them is a 422 naming the parameter,
before any query; the bounds are those of the database columns (daihoi.inputs), published in the
OpenAPI schema. Each is a function: django-ninja keeps state on the marker, so a parameter gets its own.

    def result(request, org_code: str, election_id: int = object_id(), number: int = number()): ...
"""

from __future__ import annotations

from typing import Any

from ninja.params import functions as params

from daihoi.inputs import ID_MAX, INT_MAX


def object_id() -> Any:
    """An object's id in a path: what a row's id can be (20 digits would overflow the database)."""
    return params.Path(..., ge=1, le=ID_MAX)


def number() -> Any:
    """A round's number in a path."""
    return params.Path(..., ge=1, le=INT_MAX)


def count(default: int) -> Any:
    """An offset or a limit in a query string."""
    return params.Query(default, ge=0, le=INT_MAX)


def text(default: str = "") -> Any:
    """A search text or a code in a query string."""
    return params.Query(default, max_length=200)
