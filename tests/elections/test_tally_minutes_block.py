"""`daihoi tally --format docx|pdf` with the file's optional `minutes` block: complete minutes (congress
lines, number, locality and date, committee and signatures, regulation, closing time); without it,
dotted blanks. The text output names the rule settings in Vietnamese."""

from __future__ import annotations

import io
import json
import unicodedata
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "docs" / "examples" / "seed-executive-committee.json"
ARTIFACTS = ROOT / "test-artifacts" / "tally"


def normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def pdf_text(data: bytes) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    return normal(" ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))))


def docx_text(data: bytes) -> str:
    import docx

    word = docx.Document(io.BytesIO(data))
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            parts.extend(dict.fromkeys(c.text for c in row.cells))
    return normal("\n".join(parts))


def minutes(tmp_path: Path, data: dict, fmt: str) -> str:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / f"m.{fmt}"
    call_command("tally", str(source), "--format", fmt, "-o", str(out))
    content = out.read_bytes()
    if fmt == "pdf":
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(content)
        for i in range(len(pdf)):
            pdf[i].render(scale=60 / 72).to_pil().save(ARTIFACTS / f"{tmp_path.name}-p{i + 1}.png")
        return pdf_text(content)
    return docx_text(content)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_minutes_block_gives_complete_minutes(tmp_path, fmt):
    data = json.loads(SEED.read_text(encoding="utf-8"))
    text = minutes(tmp_path, data, fmt)
    for phrase in (
        "ĐẠI HỘI ĐẢNG BỘ VĂN PHÒNG UBND TỈNH LẦN THỨ X, NHIỆM KỲ 2020 - 2025 BAN KIỂM PHIẾU",
        "Số 03-BB/ĐH",
        "Quảng Ngãi, ngày 16 tháng 6 năm 2020",
        "Bầu Ban Chấp hành Đảng bộ Văn phòng UBND tỉnh khóa X, nhiệm kỳ 2020 - 2025",
        "Đại hội Đảng bộ Văn phòng UBND tỉnh lần thứ X, nhiệm kỳ 2020 - 2025, họp tại Hội trường Văn phòng "
        "UBND tỉnh ngày 16/06/2020",
        # a 2020 congress cites the regulation in force then
        "Quyết định số 244-QĐ/TW ngày 09/06/2014 của Ban Chấp hành Trung ương)",
        "Đồng chí Nguyễn Thị Thanh Bình, Trưởng ban",
        "Số đảng viên chính thức có mặt lúc bầu cử: 48",
        "Việc trừ này theo Điều 32 Quy chế bầu cử trong Đảng",
        "Biên bản lập xong vào hồi 10 giờ 45 phút, ngày 16 tháng 6 năm 2020",
        "T/M BAN KIỂM PHIẾU",
        "Trần Quang Huy",
        "Lê Thị Ngọc Ánh",
    ):
        assert phrase in text, phrase
    assert "190-QĐ/TW" not in text
    assert "Hội trường Văn phòng UBND tỉnh, ngày" not in text  # never the hall in the date line
    assert text.count("ỦY VIÊN") == 2  # both members sign, beside the head


def test_without_the_block_the_minutes_leave_dotted_blanks(tmp_path):
    data = json.loads(SEED.read_text(encoding="utf-8"))
    del data["minutes"]
    text = minutes(tmp_path, data, "pdf")
    assert "Số ……-BB/ĐH" in text
    assert "……, ngày …… tháng …… năm ……" in text  # the header's place and date, to fill by hand
    assert "Biên bản lập xong vào hồi …… giờ …… phút, ngày …… tháng …… năm ……" in text
    assert "ĐẠI HỘI …… LẦN THỨ ……, NHIỆM KỲ ……" in text
    assert "Quyết định số 190-QĐ/TW ngày 10/10/2024" in text  # no date: the regulation in force now


def test_a_later_congress_cites_regulation_190(tmp_path):
    data = json.loads(SEED.read_text(encoding="utf-8"))
    data["minutes"] |= {"date": "2025-06-17", "term": "2025 - 2030", "congress_number": "XI"}
    text = minutes(tmp_path, data, "docx")
    assert "Quyết định số 190-QĐ/TW ngày 10/10/2024" in text
    assert "Việc trừ này theo Điều 30" in text
    assert "LẦN THỨ XI, NHIỆM KỲ 2025 - 2030" in text


@pytest.mark.parametrize(
    ("field", "value", "needle"),
    [
        ("date", "16/06/2020", "minutes.date"),
        ("place", "Quảng Ngãi", "minutes.place"),
        ("counting_committee", "x", None),  # a string is split into names: accepted
        ("regulation", "190", "minutes.regulation"),
        ("time", "25:00", "minutes.time"),
        ("term", "2025 - 2020", "minutes.term"),
    ],
)
def test_bad_minutes_fields_are_named(tmp_path, field, value, needle):
    data = json.loads(SEED.read_text(encoding="utf-8"))
    data["minutes"][field] = value
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    if needle is None:
        call_command("tally", str(source), stdout=StringIO())
        return
    with pytest.raises(CommandError) as err:
        call_command("tally", str(source), stdout=StringIO())
    assert err.value.returncode == 2
    assert needle in str(err.value)


def test_text_output_names_the_rule_settings_in_vietnamese():
    out = StringIO()
    call_command("tally", str(SEED), stdout=out)
    text = out.getvalue()
    assert "Bộ quy tắc: quy tắc của Đảng (Quy chế bầu cử trong Đảng)" in text
    assert "phiếu ghi thêm tên người ngoài danh sách là phiếu không hợp lệ: có" in text
    assert "cách làm tròn số dư tối đa: làm tròn xuống" in text
    for key in (
        "added_name_invalid",
        "surplus_rounding",
        "quorum_deducts_exclusions",
        "true",
        "false",
        "party",
    ):
        assert key not in text, key


def test_xlsx_minutes_rows(tmp_path):
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "election"
    for row in [
        ("key", "value"), ("election", "secretary"), ("congress.convened", 11), ("congress.present", 11),
        ("seats", 1), ("ballots_issued", 11), ("minutes.organization", "Chi bộ Phòng Tổng hợp"),
        ("minutes.congress_number", "XV"), ("minutes.term", "2025 - 2027"),
        ("minutes.locality", "Quảng Ngãi"),
        ("minutes.date", dt.date(2025, 5, 20)), ("minutes.time", dt.time(9, 30)),
        ("minutes.counting_committee", "Lê Văn An; Trần Thị Bình"),
    ]:  # fmt: skip
        sheet.append(row)
    cands = book.create_sheet("candidates")
    cands.append(("id", "name"))
    cands.append(("a", "Nguyễn Văn An"))
    ballots = book.create_sheet("ballots")
    ballots.append(("a",))
    for _ in range(11):
        ballots.append(("agree",))
    path = tmp_path / "tally.xlsx"
    book.save(path)
    out = tmp_path / "m.docx"
    call_command("tally", str(path), "--format", "docx", "-o", str(out))
    text = docx_text(out.read_bytes())
    assert "ĐẠI HỘI CHI BỘ PHÒNG TỔNG HỢP LẦN THỨ XV, NHIỆM KỲ 2025 - 2027" in text
    assert "Quảng Ngãi, ngày 20 tháng 5 năm 2025" in text
    assert "Biên bản lập xong vào hồi 09 giờ 30 phút" in text
    assert "Đồng chí Trần Thị Bình, Ủy viên" in text
