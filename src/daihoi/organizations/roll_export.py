"""Write the roll to .xlsx (importable again: same columns) and the blank import template."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import datetime

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from daihoi.organizations.models import Member, Organization
from daihoi.organizations.roll_format import COLUMNS, DATE_COLUMNS, GENDER_LABELS, STATUS_LABELS, parse_date
from daihoi.organizations.services import search_members

SHEET_TITLE = "Danh sách đảng viên"
HEADER_FILL = PatternFill("solid", fgColor="B71C1C")
HEADER_FONT = Font(bold=True, color="FFFFFF")
DATE_FORMAT = "DD/MM/YYYY"


def _roll_sheet(workbook: Workbook) -> Worksheet:
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_TITLE
    sheet.append([c.header for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.row_dimensions[1].height = 45
    sheet.freeze_panes = "C2"
    return sheet


def _member_row(index: int, m: Member) -> list[object]:
    override = m.name_split_override
    values = {
        "row_number": index,
        "member_code": m.member_code,
        "full_name": m.full_name,
        "family_name": m.family_name if override else None,
        "middle_name": m.middle_name if override else None,
        "given_name": m.given_name if override else None,
        "birth_date": m.birth_date,
        "gender": GENDER_LABELS.get(m.gender, m.gender),
        "ethnicity": m.ethnicity,
        "branch": m.branch.name if m.branch else None,
        "status": STATUS_LABELS.get(m.status, m.status),
        "admitted_on": m.admitted_on,
        "official_on": m.official_on,
        "attached_elsewhere": "x" if m.attached_elsewhere else None,
        "exempted": "x" if m.exempted else None,
        "suspended": "x" if m.suspended else None,
        "note": m.note or None,
    }
    return [values[c.key] for c in COLUMNS]


def _format_rows(sheet: Worksheet, first: int, last: int) -> None:
    date_columns = [i for i, c in enumerate(COLUMNS, start=1) if c.key in DATE_COLUMNS]
    code_column = next(i for i, c in enumerate(COLUMNS, start=1) if c.key == "member_code")
    for row in sheet.iter_rows(min_row=first, max_row=last):
        for index in date_columns:
            row[index - 1].number_format = DATE_FORMAT
        row[code_column - 1].number_format = "@"  # card numbers stay text ("01.002345")


def write_workbook(members: Iterable[Member]) -> bytes:
    workbook = Workbook()
    sheet = _roll_sheet(workbook)
    count = 0
    for count, member in enumerate(members, start=1):
        sheet.append(_member_row(count, member))
    _format_rows(sheet, 2, count + 1)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{count + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_roll(organization: Organization) -> bytes:
    """The active roll in ballot order, in the import format."""
    return write_workbook(search_members(organization))


def export_filename(organization: Organization) -> str:
    return f"danh-sach-dang-vien-{organization.roll_owner.code}-{datetime.now().strftime('%Y%m%d')}.xlsx"  # noqa: DTZ005


def roll_template() -> bytes:
    """The template: the roll sheet with one example row, and a sheet that documents each column."""
    workbook = Workbook()
    sheet = _roll_sheet(workbook)
    sheet.append([(parse_date(c.example) if c.key in DATE_COLUMNS else c.example) or None for c in COLUMNS])
    _format_rows(sheet, 2, 2)
    for cell in sheet[2]:
        cell.font = Font(italic=True, color="777777")
    with translation.override("vi"):  # the template's instructions are for the office, in Vietnamese
        guide = workbook.create_sheet("Hướng dẫn")
        guide.append([_("Column"), _("Required"), _("What to write")])
        for cell in guide[1]:
            cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        for column in COLUMNS:
            guide.append([column.header, _("yes") if column.required else "", str(column.help)])
        guide.append([])
        for line in (
            _(
                "Row 2 of the roll sheet is an example: replace it with the first member "
                "(an import that still "
                "contains it is refused)."
            ),
            _(
                "One row per member. An import applies completely or not at all; re-importing the same file "
                "changes nothing; members are matched by Party card number."
            ),
            _("Members of the organization who are not in the file are left as they are."),
        ):
            guide.append([line])
        guide.column_dimensions["A"].width = 36
        guide.column_dimensions["B"].width = 12
        guide.column_dimensions["C"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
