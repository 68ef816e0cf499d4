"""Excel writer round trip, and the exporter base class with its download responses."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from urllib.parse import quote

import openpyxl
import pytest
from django.utils import timezone, translation

from daihoi.documents.exporters import (
    EXPORTERS,
    DocumentError,
    DocumentExporter,
    SpreadsheetExporter,
    document_response,
    register,
    xlsx_response,
)
from daihoi.documents.model import Document
from daihoi.documents.samples import sample_minutes
from daihoi.documents.xlsx import Sheet, SheetColumn, read_xlsx, write_xlsx

ROWS = [
    ["Nguyễn Văn An", dt.date(1970, 5, 1), Decimal("95.83"), 23],
    ['=HYPERLINK("http://x")', dt.date(2001, 12, 31), Decimal("4.17"), 1],
]


def _book():
    return write_xlsx([
        Sheet("Đại biểu", [SheetColumn("Họ và tên"), SheetColumn("Ngày sinh"), "Tỷ lệ %", "Số phiếu"], ROWS),
        Sheet("Đại biểu", ["Thời điểm"], [[timezone.make_aware(dt.datetime(2025, 1, 5, 7, 30), dt.UTC)]]),
    ])  # fmt: skip


def test_xlsx_round_trip_keeps_text_dates_and_numbers():
    sheets = read_xlsx(_book())
    assert list(sheets) == ["Đại biểu", "Đại biểu (2)"]  # duplicate names get a suffix
    rows = sheets["Đại biểu"]
    assert rows[0] == ["Họ và tên", "Ngày sinh", "Tỷ lệ %", "Số phiếu"]
    assert rows[1] == ["Nguyễn Văn An", dt.date(1970, 5, 1), 95.83, 23]
    assert rows[2][0] == '=HYPERLINK("http://x")'  # stored as text, not as a formula
    # An aware datetime is written as Asia/Ho_Chi_Minh wall-clock time (UTC 07:30 → 14:30).
    assert sheets["Đại biểu (2)"][1] == [dt.datetime(2025, 1, 5, 14, 30)]


def test_xlsx_header_is_bold_frozen_and_columns_are_sized():
    ws = openpyxl.load_workbook(io.BytesIO(_book()))["Đại biểu"]
    assert all(cell.font.b for cell in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws["B2"].is_date
    assert ws["B2"].number_format == "DD/MM/YYYY"
    assert ws["A3"].data_type == "s"
    assert ws.column_dimensions["A"].width >= len('=HYPERLINK("http://x")')
    assert ws.auto_filter.ref == "A1:D3"


def test_sheet_names_are_made_legal():
    sheets = read_xlsx(write_xlsx([Sheet("Kết quả: bầu/Chi ủy [2025] rất rất rất dài", ["A"], [])]))
    (name,) = sheets
    assert len(name) <= 31
    assert not set(name) & set("[]:*?/\\")


class MinutesExport(DocumentExporter):
    identifier = "test-minutes"
    verbose_name = "Biên bản kiểm phiếu"

    def filename(self) -> str:
        return "Biên bản kiểm phiếu"

    def build(self) -> Document:
        return sample_minutes()


class RollExport(SpreadsheetExporter):
    identifier = "test-roll"
    verbose_name = "Danh sách"

    def sheets(self):
        return [Sheet("Danh sách", ["Họ và tên"], [["Trần Thị Bình"]])]


def test_document_exporter_renders_both_formats_from_one_model():
    name, content_type, content = MinutesExport().render("pdf")
    assert name == "Biên bản kiểm phiếu.pdf"
    assert content_type == "application/pdf"
    assert content.startswith(b"%PDF-")
    name, content_type, content = MinutesExport().render("docx")
    assert name.endswith(".docx")
    assert content_type.endswith("wordprocessingml.document")
    assert content.startswith(b"PK")
    with pytest.raises(DocumentError) as caught:
        MinutesExport().render("xlsx")
    assert caught.value.code == "documents.format_not_offered"


def test_spreadsheet_exporter_and_response():
    response = RollExport().response("xlsx")
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    assert read_xlsx(response.content)["Danh sách"][1] == ["Trần Thị Bình"]
    assert "test-roll.xlsx" in response["Content-Disposition"]


def test_document_response_is_a_download_with_the_vietnamese_name():
    response = document_response(sample_minutes(), "pdf", "biên-bản-03")
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert quote("biên-bản-03.pdf") in disposition  # RFC 6266 filename*=utf-8''…
    assert int(response["Content-Length"]) == len(response.content)
    inline = xlsx_response([Sheet("A", ["x"], [[1]])], "bang.xlsx")
    assert 'filename="bang.xlsx"' in inline["Content-Disposition"]


def test_unknown_format_is_a_coded_translated_error():
    with translation.override("vi"), pytest.raises(DocumentError) as caught:
        document_response(sample_minutes(), "odt", "x")
    assert caught.value.code == "documents.unknown_format"
    assert caught.value.params == {"format": "odt"}
    assert "Định dạng văn bản “odt” không được hỗ trợ" in str(caught.value)


def test_register_refuses_a_taken_identifier():
    register(MinutesExport)
    assert EXPORTERS["test-minutes"] is MinutesExport

    class Other(DocumentExporter):
        identifier = "test-minutes"

    with pytest.raises(ValueError, match="already taken"):
        register(Other)
    EXPORTERS.pop("test-minutes")
