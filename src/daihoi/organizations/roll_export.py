"""Write the roll to .xlsx (importable again: same columns) and the blank import template, through the
documents layer's Excel writer (strings stay text, dates are real dates)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils import translation
from django.utils.translation import gettext as _

from daihoi.documents.xlsx import Sheet, SheetColumn, write_xlsx
from daihoi.organizations.models import Member, Organization
from daihoi.organizations.roll_format import (
    COLUMNS,
    DATE_COLUMNS,
    EDUCATION_LABELS,
    GENDER_LABELS,
    STATUS_LABELS,
    THEORY_LABELS,
    parse_date,
)
from daihoi.organizations.services import search_members

if TYPE_CHECKING:
    from daihoi.accounts.permissions import Scope

SHEET_TITLE = "Danh sách đảng viên"
GUIDE_TITLE = "Hướng dẫn"


def _columns() -> list[SheetColumn]:
    return [
        SheetColumn(c.header, width=c.width, number_format="@" if c.key == "member_code" else None)
        for c in COLUMNS
    ]


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
        "home_town": m.home_town or None,
        "branch": m.branch.name if m.branch else None,
        "status": STATUS_LABELS.get(m.status, m.status),
        "admitted_on": m.admitted_on,
        "official_on": m.official_on,
        "education": EDUCATION_LABELS.get(m.education) if m.education else None,
        "political_theory": THEORY_LABELS.get(m.political_theory) if m.political_theory else None,
        "attached_elsewhere": "x" if m.attached_elsewhere else None,
        "exempted": "x" if m.exempted else None,
        "suspended": "x" if m.suspended else None,
        "note": m.note or None,
    }
    return [values[c.key] for c in COLUMNS]


def write_workbook(members: Iterable[Member]) -> bytes:
    rows = (_member_row(i, m) for i, m in enumerate(members, start=1))
    return write_xlsx([Sheet(SHEET_TITLE, _columns(), rows)])


def export_roll(organization: Organization, *, scope: Scope | None = None) -> bytes:
    """The active roll in ballot order, in the import format (only the part in `scope`, if given)."""
    members = search_members(organization)
    return write_workbook(scope.members(members) if scope is not None else members)


def export_filename(organization: Organization) -> str:
    stamp = datetime.now().strftime("%Y%m%d")  # noqa: DTZ005 - a local date for the file name
    return f"danh-sach-dang-vien-{organization.code}-{stamp}.xlsx"


def roll_template() -> bytes:
    """The template: the roll sheet with one example row, and a sheet that documents each column."""
    example = [(parse_date(c.example) if c.key in DATE_COLUMNS else c.example) or None for c in COLUMNS]
    with translation.override("vi"):  # the template's instructions are for the office, in Vietnamese
        guide_rows: list[list[object]] = [
            [c.header, _("yes") if c.required else "", str(c.help)] for c in COLUMNS
        ]
        guide_rows.append(["", "", ""])
        for line in (
            _(
                "Row 2 of the roll sheet is an example: replace it with the first member "
                "(an import that still contains it is refused)."
            ),
            _(
                "One row per member. An import applies completely or not at all; re-importing the same file "
                "changes nothing; members are matched by Party card number."
            ),
            _("Members of the organization who are not in the file are left as they are."),
        ):
            guide_rows.append(["", "", line])
        guide = Sheet(
            GUIDE_TITLE,
            [
                SheetColumn(_("Column"), width=36),
                SheetColumn(_("Required"), width=10),
                SheetColumn(_("What to write"), width=100),
            ],
            guide_rows,
        )
    return write_xlsx([Sheet(SHEET_TITLE, _columns(), [example]), guide])
