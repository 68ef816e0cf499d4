"""Builders of roll files for the tests (xlsx and csv, from rows of header -> value)."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from openpyxl import Workbook

HEADERS = [
    "STT",
    "Số thẻ đảng viên",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Dân tộc",
    "Chi bộ",
    "Trạng thái",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Sinh hoạt tạm thời nơi khác",
    "Miễn công tác và sinh hoạt đảng",
    "Đình chỉ, khởi tố, truy tố, tạm giam",
    "Ghi chú",
]


def row(
    code: str,
    name: str,
    born: Any = "15/08/1975",
    gender: str = "Nam",
    branch: str = "Chi bộ 1",
    status: str = "Chính thức",
    admitted: Any = "03/02/2000",
    official: Any = "03/02/2001",
    ethnicity: str = "Kinh",
    **extra: Any,
) -> dict[str, Any]:
    values = {
        "Số thẻ đảng viên": code,
        "Họ và tên": name,
        "Ngày sinh": born,
        "Giới tính": gender,
        "Dân tộc": ethnicity,
        "Chi bộ": branch,
        "Trạng thái": status,
        "Ngày vào Đảng": admitted,
        "Ngày chính thức": official,
    }
    values.update(extra)
    return values


def xlsx(rows: list[dict[str, Any]], headers: list[str] = HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for i, values in enumerate(rows, start=1):
        sheet.append([i if h == "STT" else values.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(rows: list[dict[str, Any]], headers: list[str] = HEADERS, delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    for i, values in enumerate(rows, start=1):
        cells = []
        for h in headers:
            v = i if h == "STT" else values.get(h)
            cells.append(v.strftime("%d/%m/%Y") if isinstance(v, date) else ("" if v is None else v))
        writer.writerow(cells)
    return out.getvalue()


def good_rows() -> list[dict[str, Any]]:
    return [
        row("01.000001", "Nguyễn Văn An", born="15/08/1975"),
        row("01.000002", "Trần Thị Bình", born="02/03/1980", gender="Nữ", branch="Chi bộ 2"),
        row("01.000003", "Lê Văn Ân", born="01/01/1990", branch="vp-ubnd-cb2"),
        row(
            "01.000004",
            "Phạm Thị Ánh",
            born="09/09/1995",
            gender="Nữ",
            status="Dự bị",
            admitted="01/06/2025",
            official=None,
        ),
        row("01.000005", "Nguyễn Văn An", born="20/10/1970"),
    ]
