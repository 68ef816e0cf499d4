"""The yearly ratings as an Excel workbook: the template to fill in, and the all-or-nothing import.

Sheets: "Đảng viên" (members: card number, name, score, level), "Chi bộ" (branches) and "Đoàn thể"
(the agency and mass organizations). Levels may be written as in the Party's forms ("Hoàn thành tốt
nhiệm vụ"), abbreviated ("HTTNV") or as the English codes.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from daihoi.audit.services import log_action
from daihoi.core.numbers import format_number
from daihoi.core.targets import rating
from daihoi.organizations.models import Member, Organization
from daihoi.targets.errors import ImportIssue, RatingsImportRefused
from daihoi.targets.models import MemberRating, OrganizationRating
from daihoi.targets.services import branches_of, quota_checks
from daihoi.upload_limits import (
    LimitExceeded,
    check_size,
    check_workbook,
    limits,
    more_issues_message,
    open_workbook,
    sheet_rows,
)

SHEET_MEMBERS, SHEET_BRANCHES, SHEET_UNITS = "Đảng viên", "Chi bộ", "Đoàn thể"
COL_CODE, COL_NAME, COL_BRANCH, COL_SCORE, COL_LEVEL = (
    "Số thẻ đảng viên",
    "Họ và tên",
    "Chi bộ",
    "Điểm",
    "Xếp loại",
)
COL_UNIT = "Tên tổ chức"
MEMBER_HEADERS = ["STT", COL_CODE, COL_NAME, COL_BRANCH, COL_SCORE, COL_LEVEL]
BRANCH_HEADERS = ["STT", COL_BRANCH, COL_SCORE, COL_LEVEL]
UNIT_HEADERS = ["STT", COL_UNIT, COL_LEVEL]

LEVEL_WORDS_VI = {
    "excellent": "Hoàn thành xuất sắc nhiệm vụ",
    "good": "Hoàn thành tốt nhiệm vụ",
    "completed": "Hoàn thành nhiệm vụ",
    "not_completed": "Không hoàn thành nhiệm vụ",
    "clean_strong_exemplary": "Trong sạch, vững mạnh tiêu biểu",
    "clean_strong": "Trong sạch, vững mạnh",
    "strong": "Vững mạnh",
    "fair": "Khá",
    "average": "Trung bình",
    "weak": "Yếu",
}
_ABBREVIATIONS = {
    "htxsnv": "excellent",
    "httnv": "good",
    "htnv": "completed",
    "khtnv": "not_completed",
    "tsvm": "clean_strong",
}


def _key(text: object) -> str:
    folded = unicodedata.normalize("NFD", str(text or "").strip().lower().replace("đ", "d"))
    folded = "".join(ch for ch in folded if unicodedata.category(ch) != "Mn")
    return " ".join(folded.replace(",", " ").replace(".", " ").split())


_LEVEL_LOOKUP: dict[str, str] = {}
for _code, _words in LEVEL_WORDS_VI.items():
    _LEVEL_LOOKUP[_key(_code)] = _code
    _LEVEL_LOOKUP[_key(_words)] = _code
    _LEVEL_LOOKUP[_key(_words.replace(" nhiệm vụ", ""))] = _code
for _abbr, _code in _ABBREVIATIONS.items():
    _LEVEL_LOOKUP[_abbr] = _code
_LEVEL_LOOKUP.update(
    {"xuat sac": "excellent", "tot": "good", "hoan thanh": "completed", "not completed": "not_completed"}
)


def parse_level(value: object) -> str | None:
    return _LEVEL_LOOKUP.get(_key(value))


# ---------------------------------------------------------------------------------------------- template
def _sheet(wb: Workbook, title: str, caption: str, headers: list[str], first: bool = False) -> Any:
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append([caption])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([])
    ws.append(headers)
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EFEBE6")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for i, width in enumerate([6, 18, 30, 24, 10, 32][: len(headers)], start=1):
        ws.column_dimensions[chr(64 + i)].width = width
    ws.freeze_panes = "A4"
    return ws


def _level_validation(ws: Any, column: str, levels: list[str], last_row: int) -> None:
    words = ",".join(LEVEL_WORDS_VI[lv] for lv in levels)
    dv = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True)
    dv.error = _("Choose a level from the list.")
    ws.add_data_validation(dv)
    dv.add(f"{column}4:{column}{max(last_row, 4) + 50}")


def ratings_template(organization: Organization, year: int) -> bytes:
    """A workbook pre-filled with the members and branches, and any ratings already entered."""
    scheme = rating.scheme_for_year(year)
    existing = {r.member_id: r for r in MemberRating.objects.filter(organization=organization, year=year)}
    wb = Workbook()
    ws = _sheet(
        wb,
        SHEET_MEMBERS,
        f"Xếp loại chất lượng đảng viên năm {year} — {organization.name}",
        MEMBER_HEADERS,
        True,
    )
    members = Member.objects.filter(organization=organization, is_active=True).select_related("branch")
    for i, m in enumerate(members, start=1):
        r = existing.get(m.pk)
        ws.append(
            [
                i,
                m.member_code,
                m.full_name,
                m.branch.name if m.branch else "",
                float(r.score) if r and r.score is not None else None,
                LEVEL_WORDS_VI.get(r.level, "") if r else None,
            ]
        )
    _level_validation(ws, "F", list(scheme.levels), ws.max_row)
    branch_ratings = {
        r.organization_id: r for r in OrganizationRating.objects.filter(year=year, unit_name="")
    }
    ws = _sheet(wb, SHEET_BRANCHES, f"Xếp loại chất lượng chi bộ năm {year}", BRANCH_HEADERS)
    for i, b in enumerate(branches_of(organization), start=1):
        br = branch_ratings.get(b.pk)
        ws.append(
            [
                i,
                b.name,
                float(br.score) if br and br.score is not None else None,
                LEVEL_WORDS_VI.get(br.level, "") if br else None,
            ]
        )
    own = branch_ratings.get(organization.pk)
    ws.append(
        [
            ws.max_row - 2,
            organization.name,
            float(own.score) if own and own.score is not None else None,
            LEVEL_WORDS_VI.get(own.level, "") if own else None,
        ]
    )
    _level_validation(ws, "D", list(scheme.levels), ws.max_row)
    ws = _sheet(wb, SHEET_UNITS, f"Xếp loại cơ quan và các đoàn thể năm {year}", UNIT_HEADERS)
    units = OrganizationRating.objects.filter(organization=organization, year=year).exclude(unit_name="")
    for i, unit in enumerate(units, 1):
        ws.append([i, unit.unit_name, LEVEL_WORDS_VI.get(unit.level, "")])
    _level_validation(ws, "C", list(rating.UNITS.levels), ws.max_row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------- import
@dataclass
class ImportResult:
    members: int = 0
    branches: int = 0
    units: int = 0
    quota: list[Any] = field(default_factory=list)


def _issue(
    code: str, message: str, sheet: str = "", row: int | None = None, column: str = "", value: object = ""
) -> ImportIssue:
    return ImportIssue(code, message, sheet, row, column, "" if value is None else str(value))


def _refused(error: LimitExceeded) -> RatingsImportRefused:
    return RatingsImportRefused([_issue(error.code, error.message)])


def _rows(ws: Any) -> tuple[dict[str, int], list[tuple[int, list[Any]]]] | None:
    """Header positions (by folded header text) and the data rows below the header; the sheet is
    streamed and refused past settings.DAIHOI_IMPORT_MAX_ROWS rows."""
    try:
        rows = list(sheet_rows(ws, limits().max_rows))
    except LimitExceeded as error:
        raise _refused(error) from None
    for index, (_line, cells) in enumerate(rows[:10]):
        keys = {_key(c): pos for pos, c in enumerate(cells) if c not in (None, "")}
        if _key(COL_LEVEL) in keys and keys.keys() & {_key(COL_CODE), _key(COL_BRANCH), _key(COL_UNIT)}:
            data = [(n, c) for n, c in rows[index + 1 :] if any(v not in (None, "") for v in c)]
            return keys, data
    return None


def _cell(cells: list[Any], header: dict[str, int], name: str) -> Any:
    pos = header.get(_key(name))
    return cells[pos] if pos is not None and pos < len(cells) else None


def _score(raw: Any, issues: list[ImportIssue], sheet: str, row: int) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        value = Decimal(-1)
    if not Decimal(0) <= value <= Decimal(100):
        issues.append(
            _issue(
                "bad_score",
                _("Row %(row)s, column «%(column)s»: «%(value)s» is not a score from 0 to 100.")
                % {"row": row, "column": COL_SCORE, "value": raw},
                sheet,
                row,
                COL_SCORE,
                raw,
            )
        )
        return None
    return value


def _shown(score: object) -> str:
    """A score as a Vietnamese reader writes it (85, 87,5), whatever Excel stored (85.0)."""
    if isinstance(score, (int, float, Decimal)) and not isinstance(score, bool):
        return format_number(Decimal(str(score)).normalize())
    return str(score).strip()


def _level(
    raw: Any,
    scheme: rating.Scheme,
    issues: list[ImportIssue],
    sheet: str,
    row: int,
    score: object = None,
) -> str | None:
    """The level of a row; an empty level is refused, also when a score is given (never derived)."""
    level = parse_level(raw)
    if raw is None or not str(raw).strip():
        if score not in (None, ""):
            message = _(
                "Row %(row)s, column «%(column)s»: a score of %(score)s is given but the level is empty; "
                "write the level."
            ) % {"row": row, "column": COL_LEVEL, "score": _shown(score)}
        else:
            message = _("Row %(row)s, column «%(column)s»: the level is empty.") % {
                "row": row,
                "column": COL_LEVEL,
            }
        issues.append(_issue("level_required", message, sheet, row, COL_LEVEL, raw))
        return None
    if level is None or level not in scheme.levels:
        issues.append(
            _issue(
                "bad_level",
                _("Row %(row)s, column «%(column)s»: «%(value)s» is not a rating level.")
                % {"row": row, "column": COL_LEVEL, "value": raw},
                sheet,
                row,
                COL_LEVEL,
                raw,
            )
        )
        return None
    return level


def _check_band(
    scheme: rating.Scheme, level: str, score: Decimal | None, issues: list[ImportIssue], sheet: str, row: int
) -> None:
    try:
        rating.check_level_against_score(scheme, level, score)
    except rating.RatingError as exc:
        issues.append(
            _issue(
                exc.code,
                _("Row %(row)s, column «%(column)s»: a score of %(score)s does not allow «%(value)s».")
                % {
                    "row": row,
                    "column": COL_LEVEL,
                    "score": _shown(score),
                    "value": LEVEL_WORDS_VI.get(level, level),
                },
                sheet,
                row,
                COL_LEVEL,
                LEVEL_WORDS_VI.get(level, level),
            )
        )


def read_ratings(
    organization: Organization, year: int, data: bytes
) -> tuple[list[Any], list[Any], list[Any]]:
    """Parse and check every row; raise RatingsImportRefused listing the first problems found (at most
    settings.DAIHOI_IMPORT_MAX_ISSUES, then how many more)."""
    try:
        check_size(len(data))
        check_workbook(data)  # a zip bomb is refused before openpyxl inflates anything
    except LimitExceeded as error:
        raise _refused(error) from None
    try:
        wb = open_workbook(data)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise RatingsImportRefused(
            [
                _issue(
                    "bad_file",
                    _(
                        "The file is not an Excel .xlsx workbook that can be read. Save it as «Excel "
                        "Workbook (.xlsx)»."
                    ),
                )
            ]
        ) from None
    scheme = rating.scheme_for_year(year)
    issues: list[ImportIssue] = []
    members_out: list[tuple[Member, str, Decimal | None]] = []
    branches_out: list[tuple[Organization, str, Decimal | None]] = []
    units_out: list[tuple[str, str]] = []
    try:
        sheets = {_key(ws.title): ws for ws in wb.worksheets}
        ws = sheets.get(_key(SHEET_MEMBERS)) or wb.worksheets[0]
        parsed = _rows(ws)
        if parsed:
            header, rows = parsed
            by_code = {m.member_code: m for m in Member.objects.filter(organization=organization)}
            seen: dict[str, int] = {}
            for row, cells in rows:
                code = str(_cell(cells, header, COL_CODE) or "").strip()
                name = str(_cell(cells, header, COL_NAME) or "").strip()
                member = by_code.get(code)
                if not code:
                    issues.append(
                        _issue(
                            "code_required",
                            _("Row %(row)s, column «%(column)s»: the card number is empty.")
                            % {"row": row, "column": COL_CODE},
                            ws.title,
                            row,
                            COL_CODE,
                        )
                    )
                elif member is None:
                    issues.append(
                        _issue(
                            "unknown_member",
                            _(
                                "Row %(row)s, column «%(column)s»: no member of the roll has card number "
                                "«%(value)s»."
                            )
                            % {"row": row, "column": COL_CODE, "value": code},
                            ws.title,
                            row,
                            COL_CODE,
                            code,
                        )
                    )
                elif name and _key(name) != _key(member.full_name):
                    issues.append(
                        _issue(
                            "name_mismatch",
                            _(
                                "Row %(row)s, column «%(column)s»: card %(code)s belongs to %(name)s, "
                                "not «%(value)s»."
                            )
                            % {
                                "row": row,
                                "column": COL_NAME,
                                "code": code,
                                "name": member.full_name,
                                "value": name,
                            },
                            ws.title,
                            row,
                            COL_NAME,
                            name,
                        )
                    )
                elif code in seen:
                    issues.append(
                        _issue(
                            "duplicate_member",
                            _("Row %(row)s, column «%(column)s»: card %(value)s is already on row %(first)s.")
                            % {"row": row, "column": COL_CODE, "value": code, "first": seen[code]},
                            ws.title,
                            row,
                            COL_CODE,
                            code,
                        )
                    )
                seen.setdefault(code, row)
                raw_score = _cell(cells, header, COL_SCORE)
                score = _score(raw_score, issues, ws.title, row)
                level = _level(_cell(cells, header, COL_LEVEL), scheme, issues, ws.title, row, raw_score)
                if level:
                    _check_band(scheme, level, score, issues, ws.title, row)
                if member is not None and level:
                    members_out.append((member, level, score))
        if (ws := sheets.get(_key(SHEET_BRANCHES))) and (parsed := _rows(ws)):
            header, rows = parsed
            branches = list(branches_of(organization))
            # The organization's own rating goes on this sheet too, on its own row.
            lookup = {_key(b.name): b for b in [*branches, organization]} | {
                _key(b.code): b for b in branches
            }
            for row, cells in rows:
                raw = _cell(cells, header, COL_BRANCH)
                branch = lookup.get(_key(raw))
                if branch is None:
                    issues.append(
                        _issue(
                            "unknown_branch",
                            _("Row %(row)s, column «%(column)s»: «%(value)s» is not a branch of %(org)s.")
                            % {"row": row, "column": COL_BRANCH, "value": raw, "org": organization.name},
                            ws.title,
                            row,
                            COL_BRANCH,
                            raw,
                        )
                    )
                raw_score = _cell(cells, header, COL_SCORE)
                score = _score(raw_score, issues, ws.title, row)
                level = _level(_cell(cells, header, COL_LEVEL), scheme, issues, ws.title, row, raw_score)
                if level:
                    _check_band(scheme, level, score, issues, ws.title, row)
                if branch is not None and level:
                    branches_out.append((branch, level, score))
        if (ws := sheets.get(_key(SHEET_UNITS))) and (parsed := _rows(ws)):
            header, rows = parsed
            for row, cells in rows:
                name = str(_cell(cells, header, COL_UNIT) or "").strip()
                if not name:
                    issues.append(
                        _issue(
                            "unit_required",
                            _("Row %(row)s, column «%(column)s»: the name of the organization is empty.")
                            % {"row": row, "column": COL_UNIT},
                            ws.title,
                            row,
                            COL_UNIT,
                        )
                    )
                level = _level(_cell(cells, header, COL_LEVEL), rating.UNITS, issues, ws.title, row)
                if name and level:
                    units_out.append((name, level))
    finally:
        wb.close()
    if not issues and not (members_out or branches_out or units_out):
        issues.append(_issue("empty_file", _("The workbook holds no rating.")))
    if issues:
        max_issues = limits().max_issues
        if len(issues) > max_issues:
            more = len(issues) - max_issues
            issues = [*issues[:max_issues], _issue("more_issues", more_issues_message(more))]
        raise RatingsImportRefused(issues)
    return members_out, branches_out, units_out


def import_ratings_upload(organization: Organization, year: int, upload: Any, *, actor: Any) -> ImportResult:
    """import_ratings for an uploaded file: its size is checked before a byte of it is read."""
    try:
        check_size(upload.size)
    except LimitExceeded as error:
        raise _refused(error) from None
    return import_ratings(organization, year, upload.read(), actor=actor)


def import_ratings(organization: Organization, year: int, data: bytes, *, actor: Any) -> ImportResult:
    """All or nothing: every row is checked first; then one transaction writes them and one audit entry."""
    members, branches, units = read_ratings(organization, year, data)
    scheme = rating.scheme_for_year(year)
    # Everything was read and checked above, outside any transaction; the write is one short transaction
    # of batched upserts (20,000 ratings in about a second), so another organization's clerk waiting on
    # SQLite's write lock is served well within the busy timeout (issue 10).
    ratings = [
        MemberRating(
            member=member,
            year=year,
            level=level,
            score=score,
            scheme_version=scheme.version,
            organization=organization,
            branch_id=member.branch_id,
        )
        for member, level, score in members
    ]
    with transaction.atomic():
        MemberRating.objects.bulk_create(
            ratings,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["member", "year"],
            update_fields=["level", "score", "scheme_version", "organization", "branch", "updated_at"],
        )
        for branch, level, score in branches:
            OrganizationRating.objects.update_or_create(
                organization=branch,
                unit_name="",
                year=year,
                defaults={"level": level, "score": score, "scheme_version": scheme.version},
            )
        for name, level in units:
            OrganizationRating.objects.update_or_create(
                organization=organization,
                unit_name=name,
                year=year,
                defaults={"level": level, "scheme_version": rating.unit_scheme(level).version},
            )
        log_action(
            "targets.ratings.imported",
            actor=actor,
            organization=organization,
            data={"year": year, "members": len(members), "branches": len(branches), "units": len(units)},
        )
    return ImportResult(len(members), len(branches), len(units), quota_checks(organization, year))
