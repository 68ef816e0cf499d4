"""JSON API of the targets: extract (the CLI's JSON), the adopted targets and their progress."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from daihoi.accounts.permissions import authorize_api
from daihoi.targets import services
from daihoi.targets.errors import TargetsError
from daihoi.targets.tracking import progress_for

router = Router(tags=["targets"])


class TextIn(Schema):
    text: str


class CellOut(Schema):
    year: int
    actual: str | float | None
    status: str


class RowOut(Schema):
    unit: str
    cells: list[CellOut]


class BoundOut(Schema):
    comparator: str
    value: float


class PathPointOut(Schema):
    year: int
    value: float


class TargetOut(Schema):
    indicator: str
    scope: str
    comparator: str
    value: str | float | None
    unit: str
    period: str | None
    quote: str
    status: str
    cumulative: float | None = None
    forecast: float | None = None
    rows: list[RowOut]
    # A range ("10-12%") is one target here: its upper bound in `upper`, met when inside both.
    upper: BoundOut | None = None
    kind: str = "party"  # "party", "level" or "locality"
    # A term figure's expected value each year on the way to the target.
    trajectory: list[PathPointOut] = Field(default_factory=list)


class ProgressOut(Schema):
    organization: str
    term: str
    targets: list[TargetOut]


def _plain(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


@router.post("/{org_code}/extract", response=dict)
def extract(request: HttpRequest, org_code: str, payload: TextIn) -> dict[str, Any]:
    """The same JSON as `daihoi targets extract` (docs/targets.md); nothing is saved."""
    authorize_api(request, org_code, "targets.manage")
    try:
        return services.propose(payload.text).as_dict()
    except TargetsError as error:  # longer than settings.DAIHOI_EXTRACT_MAX_CHARS
        raise HttpError(413, error.message) from None


@router.get("/{org_code}/progress", response=ProgressOut)
def progress(request: HttpRequest, org_code: str) -> dict[str, Any]:
    organization = authorize_api(request, org_code, "targets.view")
    resolution = services.current_resolution(organization)
    if resolution is None:
        return {"organization": organization.code, "term": "", "targets": []}
    targets = []
    for tp in progress_for(resolution):
        t = tp.target
        targets.append(
            {
                "indicator": t.indicator,
                "scope": t.scope,
                "comparator": t.comparator,
                "value": _plain(t.value),
                "unit": t.unit,
                "period": t.period or None,
                "quote": t.quote,
                "status": tp.status,
                "cumulative": _plain(tp.term.cumulative) if tp.term else None,
                "forecast": _plain(tp.term.forecast) if tp.term else None,
                "rows": [
                    {
                        "unit": r.label,
                        "cells": [
                            {"year": c.year, "actual": _plain(c.actual), "status": c.status} for c in r.cells
                        ],
                    }
                    for r in tp.rows
                ],
                "upper": (
                    {"comparator": tp.upper.comparator, "value": _plain(tp.upper.value)} if tp.upper else None
                ),
                "kind": tp.kind,
                "trajectory": [{"year": y, "value": _plain(v)} for y, v in tp.trajectory],
            }
        )
    return {
        "organization": organization.code,
        "term": f"{resolution.term_start}-{resolution.term_end}",
        "targets": targets,
    }
