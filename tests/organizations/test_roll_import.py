"""Importing the roll: all or nothing, errors naming row, column and value; idempotent by card number."""

from __future__ import annotations

import io
import unicodedata
from datetime import date, datetime

import pytest
from django.utils import translation
from openpyxl import load_workbook
from roll_files import HEADERS, csv_text, good_rows, row, xlsx

from daihoi.audit.models import AuditEntry
from daihoi.core.legacy_text import encode_legacy
from daihoi.organizations.errors import RollImportRefused
from daihoi.organizations.models import Member
from daihoi.organizations.roll_export import export_roll, roll_template
from daihoi.organizations.roll_import import import_roll

pytestmark = pytest.mark.django_db


def refused(org, data: bytes, name: str = "roll.xlsx") -> RollImportRefused:
    with pytest.raises(RollImportRefused) as e:
        import_roll(org, data, name, actor="t")
    return e.value


def test_good_xlsx_imports_every_row_with_one_audit_entry(organization):
    result = import_roll(organization, xlsx(good_rows()), "roll.xlsx", actor="t")
    assert (result.created, result.updated, result.unchanged) == (5, 0, 0)
    ann = Member.objects.get(member_code="01.000003")
    assert ann.branch.code == "vp-ubnd-cb2"
    assert ann.given_name == "Ân"
    assert Member.objects.get(member_code="01.000004").status == "probationary"
    entry = AuditEntry.objects.get(action="organizations.roll.imported")
    assert entry.data["created"] == 5
    assert entry.data["file"] == "roll.xlsx"


def test_bad_date_error_names_row_column_and_value_in_vietnamese(organization):
    rows = good_rows()
    rows[5 - 1]["Ngày sinh"] = "31/02/1980"  # the 5th member is on row 6 of the sheet
    with translation.override("vi"):
        error = refused(organization, xlsx(rows))
    assert [i.code for i in error.issues] == ["bad_date"]
    issue = error.issues[0]
    assert (issue.row, issue.column, issue.value) == (6, "Ngày sinh", "31/02/1980")
    assert issue.message == "Dòng 6, cột «Ngày sinh»: «31/02/1980» không phải là ngày hợp lệ"
    assert not Member.objects.exists()
    assert not AuditEntry.objects.filter(action="organizations.roll.imported").exists()


def test_every_problem_is_listed_and_nothing_is_written(organization):
    rows = [
        *good_rows(),
        row("01.000001", "Hồ Văn Lặp"),  # duplicate card number (row 7)
        row("01.000007", "Đỗ Thị Hạnh", gender="Nữ", branch="Chi bộ 9"),  # unknown branch
        row("01.000008", "Vũ Văn Khoa", gender="X", status="Chưa rõ"),
        row("01.000009", "Ngô Văn Tú", admitted="01/01/2010", official="01/01/2009"),
        row("01.000010", "Mai Văn Sáu", **{"Sinh hoạt tạm thời nơi khác": "có lẽ"}),
    ]
    error = refused(organization, xlsx(rows))
    by_code = {i.code: i for i in error.issues}
    assert set(by_code) == {
        "duplicate_in_file",
        "unknown_branch",
        "bad_gender",
        "bad_status",
        "official_before_admitted",
        "bad_flag",
    }
    assert by_code["duplicate_in_file"].row == 7
    assert "2" in by_code["duplicate_in_file"].message
    assert (by_code["unknown_branch"].column, by_code["unknown_branch"].value) == ("Chi bộ", "Chi bộ 9")
    assert by_code["bad_flag"].column == "Sinh hoạt tạm thời nơi khác"
    assert not Member.objects.exists()


def test_missing_required_column_is_refused(organization):
    headers = [h for h in HEADERS if h != "Trạng thái"]
    error = refused(organization, xlsx(good_rows(), headers))
    assert error.codes == ["missing_column"]
    assert "Trạng thái" in error.issues[0].message


def test_reimporting_the_same_file_changes_nothing(organization):
    data = xlsx(good_rows())
    import_roll(organization, data, "roll.xlsx", actor="t")
    before = list(Member.objects.order_by("pk").values())
    entries = AuditEntry.objects.count()
    result = import_roll(organization, data, "roll.xlsx", actor="t")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)
    assert list(Member.objects.order_by("pk").values()) == before
    assert AuditEntry.objects.count() == entries


def test_changed_rows_are_updated_and_absent_members_left_alone(organization):
    import_roll(organization, xlsx(good_rows()), "roll.xlsx", actor="t")
    rows = good_rows()[:4]
    rows[1]["Họ và tên"] = "Trần Thị Bình Minh"
    rows[3].update({"Trạng thái": "Chính thức", "Ngày chính thức": "01/06/2026"})
    result = import_roll(organization, xlsx(rows), "roll.xlsx", actor="t")
    assert (result.created, result.updated, result.unchanged, result.not_in_file) == (0, 2, 2, 1)
    assert Member.objects.get(member_code="01.000002").given_name == "Minh"
    assert Member.objects.get(member_code="01.000004").official_on == date(2026, 6, 1)
    assert Member.objects.get(member_code="01.000005").is_active


def test_excel_date_cells_and_numeric_card_numbers(organization):
    rows = [
        row(
            12345,
            "Lý Thị Mai",
            born=datetime(1985, 7, 4),
            gender="nữ",
            admitted=date(2010, 1, 5),
            official=date(2011, 1, 5),
            branch="VP-UBND-CB1",
        )
    ]
    import_roll(organization, xlsx(rows), "roll.xlsx", actor="t")
    member = Member.objects.get()
    assert (member.member_code, member.birth_date, member.gender) == ("12345", date(1985, 7, 4), "female")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_csv_utf8_with_and_without_bom(organization, encoding):
    result = import_roll(organization, csv_text(good_rows()).encode(encoding), "roll.csv", actor="t")
    assert result.created == 5
    assert Member.objects.get(member_code="01.000002").full_name == "Trần Thị Bình"


def _cp1258(text: str) -> bytes:
    """What Excel on a Vietnamese Windows writes: base letters in cp1258, tones as combining marks."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out.append(base.encode("cp1258") + "".join(c for c in decomposed if c in tones).encode("cp1258"))
    return b"".join(out)


def test_csv_windows_1258_semicolons(organization):
    data = _cp1258(csv_text(good_rows(), delimiter=";"))
    result = import_roll(organization, data, "roll.csv", actor="t")
    assert result.created == 5
    assert any("Windows-1258" in n for n in result.notes)
    assert Member.objects.get(member_code="01.000003").full_name == "Lê Văn Ân"


@pytest.mark.parametrize("legacy", ["tcvn3", "vni"])
def test_legacy_font_text_is_converted_with_a_note(organization, legacy):
    data = encode_legacy(csv_text(good_rows()), legacy).encode("cp1252")  # headers too, as in old files
    result = import_roll(organization, data, "roll.csv", actor="t")
    assert result.created == 5
    assert any("TCVN3" in n or "VNI" in n for n in result.notes)
    assert Member.objects.get(member_code="01.000002").full_name == "Trần Thị Bình"


def test_unreadable_legacy_looking_text_is_refused(organization):
    rows = good_rows()
    rows[0]["Họ và tên"] = "Ng¨õ ©«"
    error = refused(organization, xlsx(rows))
    assert "legacy_encoding" in error.codes
    assert error.issues[0].row == 2
    assert error.issues[0].column == "Họ và tên"


def test_export_then_import_round_trips(organization):
    rows = good_rows()
    rows[0].update({"Miễn công tác và sinh hoạt đảng": "x", "Ghi chú": "ốm dài ngày"})
    rows.append(
        row("01.000009", "Tôn Nữ Thu Hà", gender="Nữ", **{"Họ": "Tôn Nữ", "Tên đệm": "Thu", "Tên": "Hà"})
    )
    import_roll(organization, xlsx(rows, [*HEADERS, "Họ", "Tên đệm", "Tên"]), "roll.xlsx", actor="t")
    Member.objects.filter(member_code="01.000002").update(note="=1+2")  # text, never a formula in the export
    before = list(Member.objects.order_by("pk").values())
    exported = export_roll(organization)
    sheet = load_workbook(io.BytesIO(exported)).active
    assert [c.value for c in sheet[1]][:3] == ["STT", "Số thẻ đảng viên", "Họ và tên"]
    notes = [r[-1] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert "=1+2" in notes
    result = import_roll(organization, exported, "export.xlsx", actor="t")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 6)
    assert list(Member.objects.order_by("pk").values()) == before
    ha = Member.objects.get(member_code="01.000009")
    assert (ha.family_name, ha.given_name, ha.name_split_override) == ("Tôn Nữ", "Hà", True)


def test_template_has_documented_columns_and_its_example_row_is_refused(organization):
    data = roll_template()
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Danh sách đảng viên", "Hướng dẫn"]
    guide = [r[0] for r in workbook["Hướng dẫn"].iter_rows(values_only=True)]
    assert "Ngày sinh" in guide
    assert "Số thẻ đảng viên" in guide
    assert refused(organization, data).codes == ["example_row"]


def test_not_a_roll_file(organization):
    assert refused(organization, b"hello", "roll.pdf").codes == ["bad_file_type"]
    assert refused(organization, b"PK\x03\x04garbage", "roll.xlsx").codes == ["bad_file"]
    assert refused(organization, b"a,b\n1,2\n", "roll.csv").codes == ["no_header"]


def test_title_rows_above_the_header_and_row_numbers_follow_the_sheet(organization):
    workbook = load_workbook(io.BytesIO(xlsx(good_rows())))
    sheet = workbook.active
    sheet.insert_rows(1, amount=2)
    sheet["A1"] = "DANH SÁCH ĐẢNG VIÊN"
    sheet["A2"] = "Đảng bộ Văn phòng UBND tỉnh"
    sheet["E5"] = "Không rõ"  # the 2nd member, now on row 5: Giới tính
    buffer = io.BytesIO()
    workbook.save(buffer)
    error = refused(organization, buffer.getvalue())
    assert [(i.code, i.row, i.column, i.value) for i in error.issues] == [
        ("bad_gender", 5, "Giới tính", "Không rõ")
    ]


def test_name_parts_that_do_not_make_up_the_full_name_point_at_the_typed_part(organization):
    rows = [row("01.000001", "Tôn Nữ Thu Hà", gender="Nữ", **{"Họ": "Tôn", "Tên đệm": "", "Tên": "Hà"})]
    error = refused(organization, xlsx(rows, [*HEADERS, "Họ", "Tên đệm", "Tên"]))
    assert [(i.code, i.row, i.column) for i in error.issues] == [("name_parts_mismatch", 2, "Họ")]


def test_a_note_with_symbols_is_not_taken_for_legacy_text(organization):
    rows = good_rows()
    rows[0]["Ghi chú"] = "Bằng khen «Đảng viên tiêu biểu» ©2020"
    import_roll(organization, xlsx(rows), "roll.xlsx", actor="t")
    assert Member.objects.get(member_code="01.000001").note == "Bằng khen «Đảng viên tiêu biểu» ©2020"
