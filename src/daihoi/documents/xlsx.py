"""Excel (.xlsx) output with openpyxl: bold frozen header row, column widths, real dates.

Strings are always stored as text: a member named "=SUM(A1)" must not become a formula.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
_MAX_WIDTH = 60


@dataclass
class SheetColumn:
    """A column: header text, width in characters (None: fitted to the content), number format."""

    title: str
    width: float | None = None
    number_format: str | None = None


@dataclass
class Sheet:
    title: str
    columns: Sequence[SheetColumn | str]
    rows: Iterable[Sequence[Any]]


def _columns(sheet: Sheet) -> list[SheetColumn]:
    return [c if isinstance(c, SheetColumn) else SheetColumn(c) for c in sheet.columns]


def sheet_title(title: str, taken: set[str]) -> str:
    """Excel allows 31 characters, none of []:*?/\\, and no two sheets with the same name."""
    base = _BAD_TITLE.sub("-", title).strip("'") or "Sheet"
    candidate = base[:31]
    counter = 2
    while candidate.lower() in taken:
        suffix = f" ({counter})"
        candidate = base[: 31 - len(suffix)] + suffix
        counter += 1
    taken.add(candidate.lower())
    return candidate


def _cell_value(value: Any) -> tuple[Any, str | None]:
    """(value openpyxl can store, number format). Aware datetimes become local wall-clock time."""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        return value, DATETIME_FORMAT
    if isinstance(value, dt.date):
        return value, DATE_FORMAT
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value, None
    return str(value), None


def write_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """A workbook with one worksheet per `Sheet`: header in row 1 (bold, frozen, filter), data below."""
    workbook = Workbook()
    for default in list(workbook.worksheets):
        workbook.remove(default)
    taken: set[str] = set()
    for sheet in sheets:
        columns = _columns(sheet)
        ws = workbook.create_sheet(sheet_title(sheet.title, taken))
        widths = [len(c.title) for c in columns]
        bold = Font(bold=True)
        for index, column in enumerate(columns, start=1):
            cell = ws.cell(row=1, column=index, value=column.title)
            cell.font = bold
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        row_number = 1
        for row_number, row in enumerate(sheet.rows, start=2):
            for index, raw in enumerate(row, start=1):
                value, number_format = _cell_value(raw)
                cell = ws.cell(row=row_number, column=index, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula
                spec = columns[index - 1] if index <= len(columns) else None
                if spec is not None and spec.number_format:
                    cell.number_format = spec.number_format
                elif number_format:
                    cell.number_format = number_format
                if index <= len(widths):
                    shown = len(str(value or "")) if number_format is None else len(number_format)
                    widths[index - 1] = max(widths[index - 1], shown)
        for index, column in enumerate(columns, start=1):
            width = column.width if column.width is not None else min(widths[index - 1] + 2, _MAX_WIDTH)
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = "A2"
        if columns and row_number > 1:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{row_number}"
    if not workbook.worksheets:
        workbook.create_sheet("Sheet")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def read_xlsx(content: bytes) -> dict[str, list[list[Any]]]:
    """Every sheet's rows as values (header row included); date-only cells come back as `date`."""
    workbook = load_workbook(io.BytesIO(content), data_only=True)
    out: dict[str, list[list[Any]]] = {}
    for ws in workbook.worksheets:
        rows = []
        for row in ws.iter_rows():
            values = []
            for cell in row:
                value = cell.value
                if isinstance(value, dt.datetime) and "h" not in (cell.number_format or "").lower():
                    value = value.date()
                values.append(value)
            rows.append(values)
        out[ws.title] = rows
    return out
