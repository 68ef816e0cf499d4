"""Bounds on imported files (issue 10): the file's size, what its workbook unpacks to, the rows read and
the problems listed. Every import (the roll, the ratings) checks these before and while it parses:
a file over a limit is refused early, with a Vietnamese message naming its size and the limit.

Settings (daihoi.settings.base): DAIHOI_IMPORT_MAX_BYTES, DAIHOI_IMPORT_MAX_UNPACKED_BYTES,
DAIHOI_IMPORT_MAX_ROWS, DAIHOI_IMPORT_MAX_ISSUES.
"""

from __future__ import annotations

import io
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from daihoi.core.numbers import format_number

MAX_COLUMNS = 100  # cells read per row: the roll has 16 columns, the ratings 6
EMPTY_ROWS_PER_ROW = 10  # blank rows tolerated per allowed row before the sheet is refused


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_unpacked_bytes: int
    max_rows: int
    max_issues: int


def limits() -> Limits:
    return Limits(
        max_bytes=int(settings.DAIHOI_IMPORT_MAX_BYTES),
        max_unpacked_bytes=int(settings.DAIHOI_IMPORT_MAX_UNPACKED_BYTES),
        max_rows=int(settings.DAIHOI_IMPORT_MAX_ROWS),
        max_issues=int(settings.DAIHOI_IMPORT_MAX_ISSUES),
    )


class LimitExceeded(Exception):
    """A file over a limit; `code`: file_too_large, unpacked_too_large, too_many_rows."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def size_text(nbytes: int) -> str:
    """A size as a Vietnamese reader writes it: 10 MB, 2,5 MB, 800 KB."""
    if nbytes >= 1024 * 1024:
        megabytes = round(nbytes / (1024 * 1024), 1)
        return format_number(int(megabytes) if megabytes.is_integer() else megabytes) + " MB"
    return format_number(max(1, round(nbytes / 1024))) + " KB"


def check_size(nbytes: int) -> None:
    limit = limits().max_bytes
    if nbytes > limit:
        raise LimitExceeded(
            "file_too_large",
            _("The file is %(size)s; at most %(limit)s can be imported.")
            % {"size": size_text(nbytes), "limit": size_text(limit)},
        )


def check_workbook(data: bytes) -> None:
    """Refuse an .xlsx whose parts unpack to more than the limit (a zip bomb), before openpyxl opens it.

    The sizes are those the zip declares; Python's zipfile never inflates a part beyond its declared
    size (and a part that would fails its CRC), so the sum bounds what any reader gets. A file that is
    no zip is left to the workbook reader, which refuses it with its own message.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    limit = limits().max_unpacked_bytes
    if unpacked > limit:
        raise LimitExceeded(
            "unpacked_too_large",
            _(
                "The workbook unpacks to %(size)s; at most %(limit)s can be read. Save it again in Excel "
                "without empty rows and formatting, or split it."
            )
            % {"size": size_text(unpacked), "limit": size_text(limit)},
        )


_LOAD_LOCK = threading.Lock()


def open_workbook(data: bytes) -> Any:
    """openpyxl's read-only workbook, without its size scan: for a sheet without a <dimension> element
    openpyxl parses the whole sheet when it opens the workbook, before a row is read (a file without
    one cost a full parse of every row however early sheet_rows stops). The sheets are left unsized;
    sheet_rows streams them. Raises what load_workbook raises for a file that is no workbook."""
    from openpyxl import load_workbook
    from openpyxl.reader import excel
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    class UnsizedReadOnlyWorksheet(ReadOnlyWorksheet):
        def _get_size(self) -> None:
            self._min_column = self._min_row = 1
            self._max_column = self._max_row = None

    with _LOAD_LOCK:  # the swap lasts while the workbook object is built (the sheets are not read)
        excel.ReadOnlyWorksheet = UnsizedReadOnlyWorksheet
        try:
            return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        finally:
            excel.ReadOnlyWorksheet = ReadOnlyWorksheet


def too_many_rows(limit: int) -> LimitExceeded:
    return LimitExceeded(
        "too_many_rows",
        ngettext(
            "The file has more than %(limit)s row; import at most %(limit)s rows at a time (split the file, "
            "for example by branch).",
            "The file has more than %(limit)s rows; import at most %(limit)s rows at a time (split the file, "
            "for example by branch).",
            limit,
        )
        % {"limit": format_number(limit)},
    )


def sheet_rows(ws: Any, max_rows: int) -> Iterator[tuple[int, list[Any]]]:
    """The non-empty rows of a read-only worksheet as (row number, values), streamed; refuses a sheet
    with more than `max_rows` of them (or with a run of blank rows far beyond that)."""
    ws.reset_dimensions()  # a forged dimension (A1:XFD1048576) must not pad every row and column
    kept = 0
    for line, values in enumerate(ws.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
        if line > (max_rows + 1) * EMPTY_ROWS_PER_ROW:
            raise too_many_rows(max_rows)
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        kept += 1
        if kept > max_rows + 10:  # the header and a title above it are rows too
            raise too_many_rows(max_rows)
        yield line, list(values)


def more_issues_message(count: int) -> str:
    return ngettext(
        "… and %(count)s more problem, not listed: fix the ones above and import again.",
        "… and %(count)s more problems, not listed: fix the ones above and import again.",
        count,
    ) % {"count": format_number(count)}
