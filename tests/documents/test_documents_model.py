"""Party date line, number/symbol and the layout rules shared by both renderers."""

from __future__ import annotations

import datetime as dt

import pytest

from daihoi.documents import layout
from daihoi.documents.model import (
    Column,
    Document,
    Margins,
    NumberedList,
    PartyHeader,
    Signature,
    SignatureBlock,
    column_widths,
)
from daihoi.documents.texts import number_symbol, party_date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2025, 1, 5), "Tiên Phong, ngày 05 tháng 01 năm 2025"),
        (dt.date(2018, 2, 20), "Tiên Phong, ngày 20 tháng 02 năm 2018"),
        (dt.date(2025, 8, 15), "Tiên Phong, ngày 15 tháng 8 năm 2025"),
        (dt.date(2025, 12, 9), "Tiên Phong, ngày 09 tháng 12 năm 2025"),
    ],
)
def test_party_date_pads_days_and_the_first_two_months(day, expected):
    assert party_date("Tiên Phong", day) == expected


def test_party_date_blank_and_english():
    assert party_date("Hạ Long", None) == "Hạ Long, ngày …… tháng …… năm ……"
    assert party_date("Hạ Long", dt.date(2025, 3, 4), "en") == "Hạ Long, March 04, 2025"


def test_number_symbol():
    assert number_symbol(3, "BB", "ĐH") == "Số 03-BB/ĐH"
    assert number_symbol(127, "QĐ", "TW") == "Số 127-QĐ/TW"
    assert number_symbol(None, "NQ", "ĐH") == "Số ……-NQ/ĐH"


def test_page_geometry_and_column_widths():
    doc = Document(page_size="A5", orientation="landscape", margins=Margins(10, 10, 15, 10))
    assert doc.page_mm == (210, 148)
    assert doc.text_width == 185
    widths = column_widths([Column("TT", 12), Column("Họ và tên"), Column("Ghi chú")], 100)
    assert widths == [12, 44, 44]


def test_list_markers():
    assert [NumberedList(["x"] * 3, style="a)").marker(i) for i in range(3)] == ["a)", "b)", "c)"]
    assert NumberedList(["x"], start=4).marker(0) == "4."
    assert NumberedList(["x"], style="-").marker(5) == "-"


def test_party_title_shrinks_only_when_the_column_is_too_narrow():
    header = PartyHeader(issuer="Ban kiểm phiếu", place="Tiên Phong", date=dt.date(2025, 1, 5))
    wide = layout.header_layout(Document(), header)
    assert wide.title == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert wide.title_size == 15
    assert 70 < wide.rule_width < 76  # the rule is as long as the 15 pt bold title (≈ 73 mm)
    narrow = layout.header_layout(Document(page_size="A5"), header)
    assert narrow.title_size < 15
    assert narrow.rule_width * layout.MM <= (narrow.right_width - 2 * layout.CELL_PADDING) * layout.MM


def test_side_by_side_signatures_put_names_on_one_line():
    block = SignatureBlock(
        [Signature(title="Ủy viên", name="Bùi Thị Ước"),
         Signature(authority="T/M Ban kiểm phiếu", title="Trưởng ban", note="(Ký)", name="Ngô Thị Lan")]
    )  # fmt: skip
    left, right = layout.aligned_signatures(block.signatures)
    assert len(left) == len(right)
    assert left[-1] == ("Bùi Thị Ước", True, False)
    assert right[:2] == [("T/M BAN KIỂM PHIẾU", True, False), ("TRƯỞNG BAN", False, False)]
    assert left[0] == ("ỦY VIÊN", True, False)  # a title alone is bold
    widths = layout.signature_columns(block, 165)
    assert sum(w for w, _ in widths) == pytest.approx(165)
    assert widths[1][0] > 62  # room for "T/M BAN KIỂM PHIẾU" on one line


def test_write_samples_writes_every_format(tmp_path):
    from daihoi.documents.samples import write_samples

    paths = write_samples(str(tmp_path))
    assert sorted(p.rsplit("/", 1)[1] for p in paths) == sorted(
        f"sample-{name}.{ext}" for name in ("minutes", "resolution") for ext in ("pdf", "docx", "png")
    )
    heads = {"pdf": b"%PDF-", "docx": b"PK", "png": b"\x89PNG"}
    for path in paths:
        assert (tmp_path / path.rsplit("/", 1)[1]).read_bytes().startswith(heads[path.rsplit(".", 1)[1]])


def test_missing_glyphs_names_what_would_print_blank():
    from daihoi.documents.fonts import missing_glyphs

    assert missing_glyphs("Đặng Thị Ước – “Bí thư” □ ■ × № 1.234,5 ₫\n") == set()
    assert missing_glyphs("☐ Đồng ý ✓") == {"☐", "✓"}
    assert missing_glyphs("Nguyễn Văn Ất", family="sans", bold=True) == set()
