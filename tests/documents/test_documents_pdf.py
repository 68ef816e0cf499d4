"""The PDF renderer: exact Vietnamese text, embedded fonts only, page sizes, page numbers, a picture."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image as PILImage
from reportlab.pdfbase.ttfonts import TTFont

from daihoi.documents.fonts import FONT_DIR
from daihoi.documents.model import Document, Image, Paragraph, PartyHeader, Title
from daihoi.documents.pdf_renderer import render_pdf
from daihoi.documents.preview import docx_to_pdf, pdf_to_png, soffice_path
from daihoi.documents.samples import sample_minutes

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
A4 = (595.28, 841.89)
A5 = (419.53, 595.28)


@pytest.fixture(scope="module")
def pdf_bytes():
    return render_pdf(sample_minutes())


def _pages_text(content: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(content)
    try:
        return [unicodedata.normalize("NFC", page.get_textpage().get_text_range()) for page in pdf]
    finally:
        pdf.close()


def test_vietnamese_text_comes_back_exactly(pdf_bytes):
    text = "\n".join(_pages_text(pdf_bytes))
    for expected in [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "CHI BỘ XÓM ĐỊNH THÀNH",
        "BAN KIỂM PHIẾU",
        "Số 03-BB/ĐH",
        "Tiên Phong, ngày 05 tháng 01 năm 2025",
        "BIÊN BẢN KIỂM PHIẾU",
        "Bầu Chi ủy Chi bộ xóm Định Thành nhiệm kỳ 2025 - 2027",
        "Đ/c Đặng Văn Hưởng, Ủy viên;",
        "Nguyễn Văn An",
        "Vũ Thị Hằng",
        "95,83%",
        "T/M BAN KIỂM PHIẾU",
        "Ngô Thị Lan",
    ]:
        assert expected in text
    assert "\ufffd" not in text


def test_every_character_has_a_glyph_in_the_vendored_fonts():
    letters = "ĂÂĐÊÔƠƯăâđêôơưÀẢÃÁẠẰẲẴẮẶẦẨẪẤẬÈẺẼÉẸỀỂỄẾỆÌỈĨÍỊÒỎÕÓỌỒỔỖỐỘỜỞỠỚỢÙỦŨÚỤỪỬỮỨỰỲỶỸÝỴ"
    letters += letters.lower()
    for path in FONT_DIR.glob("*.ttf"):
        cmap = TTFont(path.stem, str(path)).face.charToGlyph
        missing = [c for c in letters if ord(c) not in cmap]
        assert not missing, f"{path.name} lacks {missing}"


def test_decomposed_input_is_normalised(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Trần Thị Bình được bầu")
    assert decomposed != "Trần Thị Bình được bầu"
    content = render_pdf(Document().add(Paragraph(decomposed)))
    assert "Trần Thị Bình được bầu" in _pages_text(content)[0]


def test_fonts_are_embedded_and_no_other_font_is_named(pdf_bytes):
    names = set(re.findall(rb"/BaseFont\s*/([A-Za-z0-9+\-]+)", pdf_bytes))
    assert names, "no font in the PDF"
    assert all(b"+Liberation" in name for name in names), names  # subset-embedded, nothing else
    assert pdf_bytes.count(b"/FontFile2") == len(names)


@pytest.mark.parametrize(("page_size", "size"), [("A4", A4), ("A5", A5)])
def test_page_size(page_size, size):
    content = render_pdf(sample_minutes(page_size=page_size))
    pdf = pdfium.PdfDocument(content)
    width, height = pdf[0].get_size()
    assert width == pytest.approx(size[0], abs=0.5)
    assert height == pytest.approx(size[1], abs=0.5)
    pdf.close()


def test_page_numbers_from_page_two_in_the_top_margin(pdf_bytes):
    pdf = pdfium.PdfDocument(pdf_bytes)
    assert len(pdf) >= 2
    top = [page.get_textpage().get_text_bounded(0, A4[1] - 48, A4[0], A4[1]).strip() for page in pdf]
    assert top[0] == ""
    assert top[1] == "2"
    pdf.close()


def test_image_block_draws_the_picture():
    red = io.BytesIO()
    PILImage.new("RGB", (40, 20), (220, 0, 0)).save(red, format="PNG")
    content = render_pdf(Document().add(Image(red.getvalue(), width=60, caption="Mã QR")))
    png = np.asarray(PILImage.open(io.BytesIO(pdf_to_png(content, dpi=50))).convert("RGB")).astype(int)
    reds = int(((png[..., 0] > 180) & (png[..., 1] < 60) & (png[..., 2] < 60)).sum())
    # 60 × 30 mm at 50 dpi ≈ 118 × 59 px
    assert 5000 < reds < 9000
    assert "Mã QR" in _pages_text(content)[0]


def test_sample_renders_to_png_for_a_look(pdf_bytes):
    ARTIFACTS.mkdir(exist_ok=True)
    pages = len(pdfium.PdfDocument(pdf_bytes))
    for page in range(pages):
        png = pdf_to_png(pdf_bytes, page=page, dpi=110)
        (ARTIFACTS / f"documents-sample-minutes-p{page + 1}.png").write_bytes(png)
        image = PILImage.open(io.BytesIO(png))
        assert image.size[0] == pytest.approx(210 / 25.4 * 110, abs=1.5)
        assert image.size[1] == pytest.approx(297 / 25.4 * 110, abs=1.5)
    first = np.asarray(PILImage.open(io.BytesIO(pdf_to_png(pdf_bytes, dpi=110))).convert("L"))
    # Ink in the header band (top 60 mm) on both sides: issuer on the left, Party title on the right.
    band = first[: round(60 / 25.4 * 110)]
    half = band.shape[1] // 2
    left_ink = int((band[:, :half] < 128).sum())
    right_ink = int((band[:, half:] < 128).sum())
    assert left_ink > 500
    assert right_ink > 500


@pytest.mark.slow
@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) is not installed")
def test_docx_converted_by_libreoffice_keeps_the_text():
    from daihoi.documents.docx_renderer import render_docx

    pdf = docx_to_pdf(render_docx(sample_minutes()))
    ARTIFACTS.mkdir(exist_ok=True)
    for page in range(len(pdfium.PdfDocument(pdf))):
        png = pdf_to_png(pdf, page=page, dpi=110)
        (ARTIFACTS / f"documents-sample-minutes-docx-p{page + 1}.png").write_bytes(png)
    text = "\n".join(_pages_text(pdf))
    for expected in ("ĐẢNG CỘNG SẢN VIỆT NAM", "Tiên Phong, ngày 05 tháng 01 năm 2025", "Ngô Thị Lan"):
        assert expected in text
    converted = pdfium.PdfDocument(pdf)
    width, height = converted[0].get_size()
    assert (width, height) == (pytest.approx(A4[0], abs=1), pytest.approx(A4[1], abs=1))
    # Word's PAGE field, hidden on page 1 by the different first-page header.
    top = [page.get_textpage().get_text_bounded(0, A4[1] - 48, A4[0], A4[1]).strip() for page in converted]
    assert len(top) >= 2
    assert top[0] == ""
    assert top[1] == "2"


def test_english_document():
    doc = Document(language="en").add(PartyHeader(issuer="Counting committee"), Title("Minutes"))
    text = _pages_text(render_pdf(doc))[0]
    assert "COMMUNIST PARTY OF VIETNAM" in text
    assert "COUNTING COMMITTEE" in text


def test_resolution_pdf_has_recipients_and_signature():
    from daihoi.documents.samples import sample_resolution

    content = render_pdf(sample_resolution())
    text = "\n".join(_pages_text(content))
    for expected in ("NGHỊ QUYẾT", "QUYẾT NGHỊ", "Nơi nhận:", "- Lưu Văn phòng Đảng ủy.", "T/M ĐOÀN CHỦ TỊCH",
                     "Thu nhập bình quân đầu người đến năm 2030 đạt 86,4 triệu đồng;"):  # fmt: skip
        assert expected in text
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "documents-sample-resolution-p1.png").write_bytes(pdf_to_png(content, dpi=110))


def test_mirror_margins_move_the_text_on_even_pages():
    doc = sample_minutes()
    doc.mirror_margins = True
    pdf = pdfium.PdfDocument(render_pdf(doc))
    # pdfium char boxes: the left edge of the first character of each page's text.
    lefts = []
    for page in pdf:
        text = page.get_textpage()
        lefts.append(
            min(
                text.get_charbox(i)[0] for i in range(text.count_chars()) if text.get_text_range(i, 1).strip()
            )
        )
    assert lefts[0] == pytest.approx(30 * 72 / 25.4, abs=6)  # odd page: 30 mm inside margin on the left
    assert lefts[1] == pytest.approx(15 * 72 / 25.4, abs=6)  # even page: 15 mm on the left
    pdf.close()


def test_long_table_repeats_its_header_and_markup_characters_are_text():
    from daihoi.documents.model import Column, Table

    rows = [[str(i), f"Đảng viên số {i} <b>&amp;</b>"] for i in range(1, 81)]
    doc = Document().add(Table([Column("TT", 15, "center"), Column("Họ và tên")], rows))
    pages = _pages_text(render_pdf(doc))
    assert len(pages) >= 2
    assert all("Họ và tên" in page for page in pages)
    assert "Đảng viên số 80 <b>&amp;</b>" in pages[-1]


def test_empty_document_still_renders():
    for content in (render_pdf(Document()), render_pdf(Document(page_size="A6"))):
        assert content.startswith(b"%PDF-")
        assert len(pdfium.PdfDocument(content)) == 1


def test_newline_breaks_the_line_in_both_formats():
    import docx

    from daihoi.documents.docx_renderer import render_docx
    from daihoi.documents.model import Column, Table

    doc = Document().add(Table([Column("Người ký")], [["Nguyễn Văn An\nBí thư Chi bộ"]]))
    pdf = pdfium.PdfDocument(render_pdf(doc))
    text = pdf[0].get_textpage()
    lines = [line.strip() for line in text.get_text_range().splitlines()]
    assert "Nguyễn Văn An" in lines
    assert "Bí thư Chi bộ" in lines
    pdf.close()
    word = docx.Document(io.BytesIO(render_docx(doc)))
    cell = word.tables[0].cell(1, 0)
    assert cell.text == "Nguyễn Văn An\nBí thư Chi bộ"
    assert "<w:br/>" in cell._tc.xml
