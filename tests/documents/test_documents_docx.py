"""The Word renderer: real styles, the Party header's sizes and faces, margins, page numbers."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from daihoi.documents.docx_renderer import render_docx
from daihoi.documents.model import (
    Document,
    Image,
    Margins,
    PartyHeader,
    Recipients,
    Signature,
    SignatureBlock,
)
from daihoi.documents.samples import sample_minutes


@pytest.fixture(scope="module")
def word():
    return docx.Document(io.BytesIO(render_docx(sample_minutes())))


def _runs(word):
    """Every run in the body, tables included, with its paragraph."""
    for table in word.tables:
        for row in table.rows:
            for cell in row.cells:
                for para in cell.paragraphs:
                    for run in para.runs:
                        yield para, run
    for para in word.paragraphs:
        for run in para.runs:
            yield para, run


def _run(word, text):
    matches = [(p, r) for p, r in _runs(word) if r.text == text]
    assert matches, f"no run {text!r}"
    return matches[0]


def test_page_is_a4_with_party_margins(word):
    section = word.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    for value, expected in [(section.top_margin, 20), (section.bottom_margin, 20),
                            (section.left_margin, 30), (section.right_margin, 15)]:  # fmt: skip
        assert abs(value - Mm(expected)) < Mm(0.1)


def test_margins_are_configurable():
    word = docx.Document(io.BytesIO(render_docx(Document(margins=Margins(25, 25, 35, 15), page_size="A5"))))
    section = word.sections[0]
    assert abs(section.top_margin - Mm(25)) < Mm(0.1)
    assert abs(section.left_margin - Mm(35)) < Mm(0.1)
    assert abs(section.page_width - Mm(148)) < Mm(0.1)


def test_party_header_sizes_and_faces(word):
    para, title = _run(word, "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert title.bold
    assert title.font.size == Pt(15)
    assert para.alignment == 1  # centred
    _, date = _run(word, "Tiên Phong, ngày 05 tháng 01 năm 2025")
    assert date.italic
    assert date.font.size == Pt(14)
    assert not date.bold
    _, issuer = _run(word, "BAN KIỂM PHIẾU")
    assert issuer.bold
    assert issuer.font.size == Pt(14)
    _, superior = _run(word, "CHI BỘ XÓM ĐỊNH THÀNH")
    assert not superior.bold
    _, star = _run(word, "*")
    assert star.font.size == Pt(14)
    _, number = _run(word, "Số 03-BB/ĐH")
    assert not number.bold
    assert not number.italic
    # The header is a borderless two-column table: superior/issuer left, Party title right.
    header = word.tables[0]
    assert "BAN KIỂM PHIẾU" in header.cell(0, 0).text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header.cell(0, 1).text
    assert header.cell(1, 1).text == "Tiên Phong, ngày 05 tháng 01 năm 2025"


def test_rule_under_the_party_title_is_as_long_as_the_title(word):
    right = word.tables[0].cell(0, 1)
    rule = right.paragraphs[1]
    border = rule._p.pPr.find(qn("w:pBdr")).find(qn("w:top"))
    assert border.get(qn("w:val")) == "single"
    cell_mm = 165 * 0.55 - 2 * 1.5
    rule_mm = cell_mm - (rule.paragraph_format.left_indent + rule.paragraph_format.right_indent) / Mm(1)
    assert 70 < rule_mm < 76  # "ĐẢNG CỘNG SẢN VIỆT NAM" at 15 pt bold Times is ≈ 73 mm


def test_title_block(word):
    _, title = _run(word, "BIÊN BẢN KIỂM PHIẾU")
    assert title.bold
    assert title.font.size == Pt(15)
    _, summary = _run(word, "Bầu Chi ủy Chi bộ xóm Định Thành nhiệm kỳ 2025 - 2027")
    assert summary.bold
    assert any(p.text == "-----" for p in word.paragraphs)


def test_body_uses_word_styles_in_times_new_roman(word):
    body = next(p for p in word.paragraphs if p.text.startswith("Đại hội Chi bộ xóm Định Thành lần thứ XV"))
    assert body.style.name == "Body Text"
    assert abs(body.style.paragraph_format.first_line_indent - Mm(10)) < Mm(0.1)
    assert body.style.paragraph_format.alignment == 3  # justified
    heading = next(p for p in word.paragraphs if p.text == "I. Kết quả kiểm phiếu")
    assert heading.style.name == "Heading 1"
    for name in ("Normal", "Body Text", "Heading 1"):
        fonts = word.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:ascii")) == "Times New Roman"
        assert fonts.get(qn("w:hAnsi")) == "Times New Roman"
        assert fonts.get(qn("w:asciiTheme")) is None
    assert word.styles["Normal"].font.size == Pt(14)


def test_results_table_and_signatures(word):
    results = word.tables[1]
    assert [c.text for c in results.rows[0].cells][:3] == ["TT", "Họ và tên", "Số phiếu bầu"]
    assert [c.text for c in results.rows[1].cells] == ["1", "Nguyễn Văn An", "23", "95,83%"]
    assert results.style.name == "Table Grid"
    assert results.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on each page
    signatures = word.tables[-1]
    right = signatures.rows[0].cells[-1]
    lines = [p.text for p in right.paragraphs]
    assert lines[:2] == ["T/M BAN KIỂM PHIẾU", "TRƯỞNG BAN"]
    assert lines[-1] == "Ngô Thị Lan"
    left = [p.text for p in signatures.rows[0].cells[0].paragraphs]
    assert len(left) == len(lines)  # names on the same line


def test_page_numbers_are_a_page_field_hidden_on_page_one(word):
    section = word.sections[0]
    assert section.different_first_page_header_footer
    header_xml = section.header._element.xml
    assert "PAGE" in header_xml
    assert 'w:fldCharType="begin"' in header_xml
    assert "PAGE" not in section.first_page_header._element.xml
    assert abs(section.header_distance - Mm(10)) < Mm(0.1)


def test_language_picks_the_fixed_labels():
    block = SignatureBlock([Signature(authority="On behalf of", title="Chair", name="A")],
                           recipients=Recipients(["As above", "Archive"]))  # fmt: skip
    for language, title, label in (("vi", "ĐẢNG CỘNG SẢN VIỆT NAM", "Nơi nhận:"),
                                   ("en", "COMMUNIST PARTY OF VIETNAM", "Recipients:")):  # fmt: skip
        doc = Document(language=language).add(PartyHeader(issuer="X"), block)
        text = "\n".join(
            p.text for _, p in ((None, r) for _, r in _runs(docx.Document(io.BytesIO(render_docx(doc)))))
        )
        assert title in text
        assert label in text
        assert "- Archive" in text


def test_resolution_recipients_left_and_one_signature_right():
    from daihoi.documents.samples import sample_resolution

    word = docx.Document(io.BytesIO(render_docx(sample_resolution())))
    block = word.tables[-1].rows[0].cells
    label = block[0].paragraphs[0].runs[0]
    assert label.text == "Nơi nhận:"
    assert label.underline
    assert label.font.size == Pt(14)
    assert not label.bold
    items = block[0].paragraphs[1:]
    assert [p.text for p in items][-1] == "- Lưu Văn phòng Đảng ủy."
    assert all(p.runs[0].font.size == Pt(12) for p in items)
    right = [p.text for p in block[1].paragraphs]
    assert right[0] == "T/M ĐOÀN CHỦ TỊCH"
    assert right[-1] == "Nguyễn Văn An"
    assert block[1].width > block[0].width
    _, date = _run(word, "Tiên Phong, ngày 15 tháng 8 năm 2025")
    assert date.italic


def test_xml_keeps_the_schema_order_word_insists_on():
    word = docx.Document(io.BytesIO(render_docx(sample_minutes())))
    for table in word.tables:
        tags = [child.tag.split("}")[1] for child in table._tbl.tblPr]
        assert tags.count("tblLayout") == 1
        assert tags.index("tblCellMar") < tags.index("tblLook")
        assert tags.index("tblLayout") < tags.index("tblCellMar")
    rule = word.tables[0].cell(0, 1).paragraphs[1]
    tags = [child.tag.split("}")[1] for child in rule._p.pPr]
    assert tags.index("pBdr") < tags.index("spacing") < tags.index("ind")


def test_image_and_small_page_sizes():
    import segno

    qr = io.BytesIO()
    segno.make("DB-0042").save(qr, kind="png", scale=4)
    doc = Document(page_size="A6", orientation="landscape", body_size=11, font="sans")
    doc.add(PartyHeader(issuer="Ban tổ chức"), Image(qr.getvalue(), width=25))
    word = docx.Document(io.BytesIO(render_docx(doc)))
    assert len(word.inline_shapes) == 1
    assert abs(word.inline_shapes[0].width - Mm(25)) < Mm(0.1)
    _, issuer = _run(word, "BAN TỔ CHỨC")
    assert issuer.font.size == Pt(11)  # the header follows a smaller body
    assert word.styles["Normal"].element.rPr.find(qn("w:rFonts")).get(qn("w:ascii")) == "Arial"
    assert abs(word.sections[0].page_width - Mm(148)) < Mm(0.1)


def test_mirror_margins_setting():
    doc = sample_minutes()
    doc.mirror_margins = True
    word = docx.Document(io.BytesIO(render_docx(doc)))
    settings = word.settings.element
    tags = [child.tag.split("}")[1] for child in settings]
    assert "mirrorMargins" in tags
    assert tags.index("mirrorMargins") < tags.index("defaultTabStop")
    plain = docx.Document(io.BytesIO(render_docx(sample_minutes())))
    assert plain.settings.element.find(qn("w:mirrorMargins")) is None
