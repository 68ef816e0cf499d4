"""Header lines and titles break at phrase boundaries in both renderers, or shrink to fit — tested with
the longest real organization names."""

from __future__ import annotations

import io
import unicodedata

import pytest

from daihoi.documents import layout, render_docx, render_pdf
from daihoi.documents.model import Document, Paragraph, PartyHeader, Title

LONG_NAMES = [
    "Đảng bộ Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh Quảng Ngãi",
    "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh Quảng Ngãi",
    "Đảng bộ Bộ Chỉ huy Quân sự tỉnh Quảng Ngãi",
    "Đảng bộ Văn phòng UBND tỉnh",
]
# What a clerk would never accept at a line end / line start (the examples and their kin).
BAD_ENDS = ("UBND", "QUẢNG", "ĐẠI", "QUỐC", "KHÓA", "VÀ", "NHÂN", "TƯ CÁCH ĐẠI", "2020 -", "NHIỆM KỲ")
BAD_STARTS = ("TỈNH", "NGÃI", "BIỂU", "HỘI VÀ", "X,", "2025", "- 2025", "DÂN")


def header_for(name: str) -> PartyHeader:
    return PartyHeader(
        superior=[f"Đại hội {name}", "lần thứ XXI, nhiệm kỳ 2025 - 2030"],
        issuer="Ban Thẩm tra tư cách đại biểu",
        number_symbol="Số ……-BC/ĐH",
        place="Quảng Ngãi",
        date=None,
    )


def check_lines(lines: list[str]) -> None:
    for line in lines:
        text = unicodedata.normalize("NFC", line).strip()
        assert text, lines
        assert not text.endswith(BAD_ENDS) or text.endswith("UBND TỈNH"), lines
        assert not text.startswith(BAD_STARTS) or text.startswith(("TỈNH QUẢNG NGÃI",)), lines


@pytest.mark.parametrize("name", LONG_NAMES)
def test_header_lines_break_between_phrases(name):
    document = Document()
    hl = layout.header_layout(document, header_for(name))
    texts = [line.text for line in hl.left_lines]
    check_lines(texts)
    # nothing lost, nothing added
    joined = " ".join(texts)
    assert joined == " ".join(
        [f"ĐẠI HỘI {name}".upper(), "LẦN THỨ XXI, NHIỆM KỲ 2025 - 2030", "BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU"]
    )
    assert all(line.size >= layout.MIN_HEADER_SIZE for line in hl.left_lines)


def test_longest_name_renders_the_same_lines_in_word_and_pdf():
    import docx
    import pypdfium2 as pdfium

    name = LONG_NAMES[0]
    document = Document().add(
        header_for(name),
        Title(
            "Báo cáo",
            summary=f"Thẩm tra tư cách đại biểu dự Đại hội {name} lần thứ XXI, nhiệm kỳ 2025 - 2030",
        ),
        Paragraph("Nội dung."),
    )
    lines = [line.text for line in layout.header_layout(document, document.blocks[0]).left_lines]
    title = [line.text for line in layout.title_lines(document, document.blocks[1])]
    check_lines(lines)
    check_lines(title)
    # Word: one paragraph per computed line in the header's left cell
    word = docx.Document(io.BytesIO(render_docx(document)))
    cell = [p.text for p in word.tables[0].rows[0].cells[0].paragraphs if p.text != "*"]
    assert cell == lines
    body = [p.text for p in word.paragraphs if p.text]
    assert body[: len(title)] == title
    # PDF: every computed line is one line of text on the page
    page = pdfium.PdfDocument(render_pdf(document))[0]
    pdf_lines = [
        unicodedata.normalize("NFC", line.strip())
        for line in page.get_textpage().get_text_range().splitlines()
    ]
    for line in lines + title:
        assert line in pdf_lines, (line, pdf_lines)


def test_a_too_long_phrase_shrinks_rather_than_breaks():
    from daihoi.documents.fonts import text_width_pt

    phrase = "ĐOÀN ĐẠI BIỂU QUỐC HỘI"
    wide, narrow = (text_width_pt(phrase, "serif", size) for size in (14, 12))
    room_mm = (wide + narrow) / 2 / layout.MM / layout.FIT_SLACK  # fits at 12 pt, not at 14 pt
    document = Document()
    left_width = (room_mm + 2 * layout.CELL_PADDING) / document.text_width
    header = PartyHeader(
        superior=[f"Đảng bộ Văn phòng {phrase}"], issuer="Ban kiểm phiếu", left_width=left_width
    )
    lines = layout.header_layout(document, header).left_lines
    assert phrase in [line.text for line in lines]  # whole, on its own line
    assert 12 <= lines[0].size < 14
    assert len({line.size for line in lines}) == 1  # the column shrinks as one


@pytest.mark.parametrize(
    "signatures",
    [
        # a lone signature (the sign-in sheet): the right 55 % of the page
        [("T/M BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU", "TRƯỞNG BAN")],
        # three side by side: narrow columns
        [
            ("T/M BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU", "TRƯỞNG BAN"),
            ("T/M BAN CHẤP HÀNH ĐẢNG BỘ VĂN PHÒNG UBND TỈNH", "BÍ THƯ"),
            ("T/M ĐOÀN CHỦ TỊCH ĐẠI HỘI", "CHỦ TỌA"),
        ],
    ],
    ids=["lone", "three"],
)
def test_signature_lines_break_between_phrases_in_word_and_pdf(signatures):
    import docx
    import pypdfium2 as pdfium

    from daihoi.documents.model import Signature, SignatureBlock

    block = SignatureBlock(
        [Signature(title=t, authority=a, name="Nguyễn Văn An") for a, t in signatures], keep_with_previous=0
    )
    document = Document().add(Paragraph("Nội dung."), block)
    word = docx.Document(io.BytesIO(render_docx(document)))
    word_lines = [
        p.text for table in word.tables for cell in table.rows[0].cells for p in cell.paragraphs if p.text
    ]
    page = pdfium.PdfDocument(render_pdf(document))[0]
    pdf_lines = [
        unicodedata.normalize("NFC", line.strip())
        for line in page.get_textpage().get_text_range().splitlines()
        if line.strip()
    ]
    for lines in (word_lines, pdf_lines):
        authority = [
            line for line in lines if line.isupper() and line not in {"TRƯỞNG BAN", "BÍ THƯ", "CHỦ TỌA"}
        ]
        check_lines(authority)
        joined = " ".join(authority)
        for a, _ in signatures:
            assert a in joined, (a, lines)
    if len(signatures) == 1:
        assert "T/M BAN THẨM TRA" in word_lines, word_lines
        assert "TƯ CÁCH ĐẠI BIỂU" in word_lines, word_lines
        assert "TƯ CÁCH ĐẠI BIỂU" in pdf_lines, pdf_lines


def test_a_dotted_place_and_date_stays_on_one_line_in_word_and_pdf():
    import docx
    import pypdfium2 as pdfium

    line = "Quảng Ngãi, ngày …… tháng …… năm ……"
    document = Document().add(header_for(LONG_NAMES[1]), Paragraph("Nội dung."))
    hl = layout.header_layout(document, document.blocks[0])
    assert [x.text for x in hl.date_lines] == [line]
    assert hl.date_lines[0].size >= 12
    word = docx.Document(io.BytesIO(render_docx(document)))
    right = [p.text for row in word.tables[0].rows for c in row.cells for p in c.paragraphs if p.text]
    assert line in right, " | ".join(right)
    page = pdfium.PdfDocument(render_pdf(document))[0]
    pdf_lines = [
        unicodedata.normalize("NFC", x.strip()) for x in page.get_textpage().get_text_range().splitlines()
    ]
    # the number and the date share a row: one text line ending with the whole date line
    assert any(x.endswith(line) for x in pdf_lines), pdf_lines
