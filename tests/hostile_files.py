"""Hostile import files built in the test, small on disk (issue 10): a workbook whose sheet unpacks to
far more than it weighs, and sheets of many rows written straight as XML (fast)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_TAIL = "</sheetData></worksheet>"


def _cells(values: Iterable[object]) -> str:
    return "".join(f'<c t="inlineStr"><is><t>{escape(str(v))}</t></is></c>' for v in values)


def workbook_with_sheet(chunks: Iterable[str], title: str = "Sheet") -> bytes:
    """An .xlsx made by openpyxl whose first sheet's XML is replaced by `chunks` (streamed into the zip)."""
    wb = Workbook()
    wb.active.title = title
    base = io.BytesIO()
    wb.save(base)
    out = io.BytesIO()
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == SHEET:
                with dst.open(SHEET, "w", force_zip64=True) as sheet:
                    for chunk in chunks:
                        sheet.write(chunk.encode())
            else:
                dst.writestr(info, src.read(info.filename))
    return out.getvalue()


def rows_sheet(header: list[str], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    yield _HEAD
    yield f"<row>{_cells(header)}</row>"
    batch: list[str] = []
    for values in rows:
        batch.append(f"<row>{_cells(values)}</row>")
        if len(batch) == 1000:
            yield "".join(batch)
            batch = []
    yield "".join(batch)
    yield _TAIL


def whitespace_sheet(header: list[str], megabytes: int) -> Iterator[str]:
    """A header row, then `megabytes` MB of blanks: deflates about a thousand times smaller."""
    yield _HEAD
    yield f"<row>{_cells(header)}</row>"
    blank = " " * (1024 * 1024)
    for _ in range(megabytes):
        yield blank
    yield _TAIL


def far_row_sheet(header: list[str], row: int = 1_048_576) -> Iterator[str]:
    """A header, then one cell on the sheet's last row (a reader that pads gaps makes a million rows)."""
    yield _HEAD
    yield f'<row r="1">{_cells(header)}</row>'
    yield f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>x</t></is></c></row>'
    yield _TAIL
