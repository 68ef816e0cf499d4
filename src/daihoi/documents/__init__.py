"""daihoi.documents — the one exporter layer: Party-format Word/PDF documents and Excel sheets.

Build a `model.Document` (page setup + blocks: PartyHeader, Title, Heading, Paragraph, NumberedList,
Table, SignatureBlock, Recipients, Spacer, PageBreak, Image), then render it:

    from daihoi.documents import render_docx, render_pdf, document_response
    from daihoi.documents.model import Document, PartyHeader, Title, Paragraph
    doc = Document().add(PartyHeader(issuer="Ban kiểm phiếu", superior="Đảng bộ xã Tiên Phong",
                                     number_symbol="Số 03-BB/ĐH", place="Tiên Phong", date=day),
                         Title("Biên bản kiểm phiếu", summary="Bầu Chi ủy ..."),
                         Paragraph("..."))
    return document_response(doc, "pdf", "bien-ban-kiem-phieu")   # or "docx"

Modules: `model` (the document model), `texts` (party_date, number_symbol), `docx_renderer`
(render_docx), `pdf_renderer` (render_pdf, fonts embedded), `xlsx` (Sheet, write_xlsx, read_xlsx),
`exporters` (Exporter, DocumentExporter, SpreadsheetExporter, register, *_response),
`preview` (pdf_to_png, docx_to_pdf), `samples` (sample_minutes). See docs/documents.md.

The names below are imported lazily so that loading the Django app does not import reportlab.
"""

from __future__ import annotations

from typing import Any

_LAZY = {
    "render_docx": "daihoi.documents.docx_renderer",
    "render_pdf": "daihoi.documents.pdf_renderer",
    "render_document": "daihoi.documents.exporters",
    "document_response": "daihoi.documents.exporters",
    "xlsx_response": "daihoi.documents.exporters",
    "file_response": "daihoi.documents.exporters",
    "Exporter": "daihoi.documents.exporters",
    "DocumentExporter": "daihoi.documents.exporters",
    "SpreadsheetExporter": "daihoi.documents.exporters",
    "DocumentError": "daihoi.documents.exporters",
    "register": "daihoi.documents.exporters",
    "write_xlsx": "daihoi.documents.xlsx",
    "read_xlsx": "daihoi.documents.xlsx",
    "Sheet": "daihoi.documents.xlsx",
    "SheetColumn": "daihoi.documents.xlsx",
    "pdf_to_png": "daihoi.documents.preview",
    "party_date": "daihoi.documents.texts",
    "number_symbol": "daihoi.documents.texts",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'daihoi.documents' has no attribute {name!r}")
