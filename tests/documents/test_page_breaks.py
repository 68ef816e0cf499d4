"""No orphan rows, no lone signature page: whatever text comes before them, a table never leaves one row
alone on a page, a kept-together table never splits, and a signature block never starts a page alone."""

from __future__ import annotations

import io

import pytest

from daihoi.documents import render_docx, render_pdf
from daihoi.documents.model import (
    Column,
    Document,
    Paragraph,
    Signature,
    SignatureBlock,
    Spacer,
    Table,
    Title,
)

FILLER = "Đại hội đã thảo luận và thống nhất các nội dung theo chương trình đã được thông qua."


def pages(pdf: bytes) -> list[str]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def build(fill: int, rows: int, keep_together: bool = False, space: float = 0) -> Document:
    doc = Document().add(Title("Biên bản kiểm phiếu"))
    doc.add(*[Paragraph(FILLER) for _ in range(fill)])
    if space:
        doc.add(Spacer(space))
    doc.add(
        Paragraph("Những đồng chí sau đây trúng cử:", keep_with_next=keep_together),
        Table(
            columns=[Column("STT", 12, "center"), Column("Họ và tên"), Column("Số phiếu", 25, "center")],
            rows=[[str(i), f"Người trúng cử số {i:02d}", 40] for i in range(1, rows + 1)],
            keep_together=keep_together,
        ),
        Paragraph("Biên bản lập xong vào hồi 10 giờ 45 phút."),
        SignatureBlock(
            [
                Signature(title="Ủy viên", name="Trần Văn B"),
                Signature(authority="T/M Ban kiểm phiếu", title="Trưởng ban", name="Lê Văn A"),
            ]
        ),
    )
    return doc


@pytest.mark.parametrize("rows", [8, 30, 70])
def test_a_table_never_leaves_one_row_alone_and_the_signature_keeps_its_text(rows):
    for fill in range(0, 240, 3):  # the table starts 3 mm lower each time
        texts = pages(render_pdf(build(0, rows, space=fill)))
        counts = [sum(f"Người trúng cử số {i:02d}" in page for i in range(1, rows + 1)) for page in texts]
        on_pages = [c for c in counts if c]
        assert sum(on_pages) == rows
        assert len(on_pages) == 1 or min(on_pages) >= 2, (fill, counts)
        signature_page = next(p for p in texts if "Lê Văn A" in p)
        assert "Biên bản lập xong" in signature_page, fill  # never a signature page alone


def test_a_short_table_kept_together_never_splits():
    for fill in range(30):
        texts = pages(render_pdf(build(fill, 8, keep_together=True)))
        holding = [p for p in texts if "Người trúng cử số 01" in p or "Người trúng cử số 08" in p]
        assert len(holding) == 1, fill
        assert "Những đồng chí sau đây trúng cử" in holding[0]  # with its lead paragraph


def test_word_keeps_the_rows_and_the_signature_with_the_text_before():
    import docx
    from docx.oxml.ns import qn

    word = docx.Document(io.BytesIO(render_docx(build(3, 30, keep_together=False))))
    table = word.tables[0]

    def keeps(row) -> bool:
        return all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)

    flags = [keeps(r) for r in table.rows]
    assert flags[0]
    assert flags[1]
    assert flags[-2]
    assert not flags[-1]
    assert all(r._tr.trPr is not None and r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows)
    closing = next(p for p in word.paragraphs if p.text.startswith("Biên bản lập xong"))
    assert closing.paragraph_format.keep_with_next  # keeps with the signature table after it
    kept = docx.Document(io.BytesIO(render_docx(build(3, 8, keep_together=True)))).tables[0]
    assert all(keeps(r) for r in kept.rows[:-1])
    kept_doc = docx.Document(io.BytesIO(render_docx(build(3, 8, keep_together=True))))
    lead = next(p for p in kept_doc.paragraphs if p.text.startswith("Những đồng chí"))
    assert lead.paragraph_format.keep_with_next


def test_many_signatures_wrap_three_to_a_row():
    from daihoi.documents import layout

    members = [Signature(title="Ủy viên", name=f"Người {i}") for i in range(4)]
    head = Signature(authority="T/M Ban kiểm phiếu", title="Trưởng ban", name="Trưởng")
    block = SignatureBlock([*members, head])
    rows = layout.signature_rows(block)
    assert [len(r.signatures) for r in rows] == [3, 2]
    assert rows[0].signatures[-1].name == "Trưởng"
    text = " ".join(pages(render_pdf(Document().add(Paragraph("x"), block))))
    for i in range(4):
        assert f"Người {i}" in text
