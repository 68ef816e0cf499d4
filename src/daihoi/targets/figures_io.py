"""The commune's statistics workbook: the template of the figures to type, and its all-or-nothing import.

Sheet "Số liệu": STT, Mã (a hidden key naming the target), Chỉ tiêu (the target's quote), Đơn vị, then one
column per year of the term. A row is matched by its key, else (an empty key) by its STT; a cell holds a
number or a text ("86,4 triệu", "Nông thôn mới nâng cao"); an empty cell is no figure (the figure saved
before, if any, stays). The file is read with the limits of every import (daihoi.upload_limits), checked
whole, shown for confirmation, then written in one transaction with one audit entry
(`targets.actuals.imported`); its figures are marked imported.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from daihoi.audit.services import log_action
from daihoi.targets.errors import ImportIssue, RatingsImportRefused
from daihoi.targets.models import ActualSource, Resolution, Target, TargetActual, Unit
from daihoi.targets.ratings_io import _key
from daihoi.targets.services import (
    TargetsError,
    _write_figure,
    figure_number,
    figure_targets,
    level_scheme,
    money_scale,
    parse_figure,
)
from daihoi.upload_limits import (
    LimitExceeded,
    check_size,
    check_workbook,
    limits,
    more_issues_message,
    open_workbook,
    sheet_rows,
)

SHEET = "Số liệu"
COL_NO, COL_KEY, COL_TARGET, COL_UNIT = "STT", "Mã", "Chỉ tiêu", "Đơn vị"
HEADERS = [COL_NO, COL_KEY, COL_TARGET, COL_UNIT]
LEVEL_WORDS = {
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
    "model_new_rural": "Nông thôn mới kiểu mẫu",
    "advanced_new_rural": "Nông thôn mới nâng cao",
    "new_rural": "Đạt chuẩn nông thôn mới",
    "not_new_rural": "Chưa đạt chuẩn nông thôn mới",
}
UNIT_WORDS = {
    "count": "",
    "level": "Mức",
    "VND": "đồng",
    "people": "người",
    "households": "hộ",
    "tons": "tấn",
}


def target_key(target: Target) -> str:
    """The hidden key of a target's row: its position and a digest of what it asks, so a workbook made
    before the targets were confirmed again still finds them, and never a different target."""
    what = "|".join(
        [target.indicator, target.scope, target.comparator, str(target.value), target.unit, target.quote]
    )
    return f"{target.position + 1}-{hashlib.sha256(what.encode()).hexdigest()[:10]}"


def unit_words(target: Target) -> str:
    """The unit as the workbook writes it (Vietnamese, whatever the page's language); money in the
    target's scale ("triệu đồng"), as the figures page shows it."""
    if target.unit == Unit.VND:
        word = money_scale(target)[0]
        return f"{word} đồng" if word else "đồng"
    return UNIT_WORDS.get(target.unit, target.unit)


def _cell_value(target: Target, actual: TargetActual | None) -> Any:
    if actual is None:
        return None
    if actual.value_level:
        return LEVEL_WORDS.get(actual.value_level, actual.value_level)
    value = actual.value_number
    if value is None:
        return None
    value = (value / money_scale(target)[1]).normalize()
    return int(value) if value == value.to_integral_value() else float(value)


# ---------------------------------------------------------------------------------------------- template
def figures_template(resolution: Resolution) -> bytes:
    """The sheet "Số liệu" with every target that needs a typed figure and the figures saved so far."""
    targets = figure_targets(resolution)
    years = resolution.figure_years
    saved = {(a.target_id, a.year): a for a in TargetActual.objects.filter(target__in=targets)}
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append([f"Số liệu các chỉ tiêu nhiệm kỳ {resolution.term_label} — {resolution.organization.name}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(
        [
            "Số liệu ghi theo đơn vị của dòng (86,4 khi đơn vị là triệu đồng; hoặc 86.400.000 đồng, "
            "86,4 triệu); ô để trống là chưa có số liệu."
        ]
    )
    ws.append([*HEADERS, *years])
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EFEBE6")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for i, target in enumerate(targets, start=1):
        ws.append(
            [
                i,
                target_key(target),
                " ".join(target.quote.split()) or str(target.get_indicator_display()),
                unit_words(target),
                *[_cell_value(target, saved.get((target.pk, y))) for y in years],
            ]
        )
        line = ws.max_row
        if target.unit == Unit.LEVEL:
            words = ",".join(LEVEL_WORDS[lv] for lv in level_scheme(target).levels)
            dv = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True)
            ws.add_data_validation(dv)
            dv.add(f"E{line}:{chr(68 + len(years))}{line}")
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].hidden = True
    ws.column_dimensions["C"].width = 60
    ws.column_dimensions["D"].width = 10
    for i in range(len(years)):
        ws.column_dimensions[chr(69 + i)].width = 16
    ws.freeze_panes = "E4"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------- import
@dataclass(frozen=True)
class ImportedFigure:
    target: Target
    year: int
    number: Decimal | None
    level: str
    before: TargetActual | None

    @property
    def value(self) -> Decimal | str:
        return self.level or self.number  # type: ignore[return-value]

    @property
    def changed(self) -> bool:
        b = self.before
        return b is None or (b.value_number, b.value_level) != (self.number, self.level)


def _issue(
    code: str, message: str, row: int | None = None, column: str = "", value: object = ""
) -> ImportIssue:
    return ImportIssue(code, message, SHEET, row, column, "" if value is None else str(value))


def _shown(value: object) -> str:
    """A cell as a Vietnamese reader writes it: 86,4 rather than 86.4."""
    if isinstance(value, float) and not isinstance(value, bool):
        text = format(Decimal(str(value)).normalize(), "f")
        return text.replace(".", ",")
    return "" if value is None else str(value).strip()


def _figure(target: Target, value: object) -> tuple[Decimal | None, str]:
    """A cell's figure: a number cell as stored (in the row's unit, "triệu đồng" for money written in
    millions), a text cell read as the figures page reads it ("86,4 triệu", "Nông thôn mới nâng cao")."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) and target.unit != Unit.LEVEL:
        number = Decimal(str(value))
        return figure_number(target, number, _shown(value)), ""
    return parse_figure(target, str(value).strip())


def _year(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def read_figures(resolution: Resolution, data: bytes) -> list[ImportedFigure]:
    """Every figure of the workbook, checked; RatingsImportRefused listing every problem (sheet, row,
    column, value, a Vietnamese message), at most settings.DAIHOI_IMPORT_MAX_ISSUES then how many more."""
    try:
        check_size(len(data))
        check_workbook(data)
    except LimitExceeded as error:
        raise RatingsImportRefused([_issue(error.code, error.message)]) from None
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
    targets = figure_targets(resolution)
    by_key = {target_key(t): t for t in targets}
    by_no = dict(enumerate(targets, start=1))
    saved = {(a.target_id, a.year): a for a in TargetActual.objects.filter(target__in=targets)}
    years = set(resolution.figure_years)
    issues: list[ImportIssue] = []
    out: list[ImportedFigure] = []
    try:
        sheets = {_key(ws.title): ws for ws in wb.worksheets}
        ws = sheets.get(_key(SHEET)) or (wb.worksheets[0] if wb.worksheets else None)
        try:
            rows = list(sheet_rows(ws, limits().max_rows)) if ws is not None else []
        except LimitExceeded as error:
            raise RatingsImportRefused([_issue(error.code, error.message)]) from None
        header_at = next(
            (
                i
                for i, (_line, cells) in enumerate(rows[:10])
                if {_key(COL_TARGET), _key(COL_NO)} <= {_key(c) for c in cells if c is not None}
            ),
            None,
        )
        if header_at is None:
            raise RatingsImportRefused(
                [
                    _issue(
                        "no_header",
                        _(
                            "The sheet «%(sheet)s» has no heading row with the columns «%(no)s» and "
                            "«%(target)s»."
                        )
                        % {"sheet": SHEET, "no": COL_NO, "target": COL_TARGET},
                    )
                ]
            )
        header_line, header = rows[header_at]
        columns = {_key(c): pos for pos, c in enumerate(header) if c is not None}
        year_columns: list[tuple[int, int]] = []  # (position, year)
        for pos, cell in enumerate(header):
            year = _year(cell)
            if year is None:
                continue
            if year not in years:
                issues.append(
                    _issue(
                        "bad_year",
                        _("Row %(row)s: the column «%(value)s» is not a year of the term %(term)s.")
                        % {"row": header_line, "value": cell, "term": resolution.term_label},
                        header_line,
                        str(cell),
                        cell,
                    )
                )
                continue
            year_columns.append((pos, year))
        seen: dict[int, int] = {}
        for line, cells in rows[header_at + 1 :]:

            def cell(name: str, cells: list[Any] = cells) -> Any:
                pos = columns.get(_key(name))
                return cells[pos] if pos is not None and pos < len(cells) else None

            key, number = cell(COL_KEY), cell(COL_NO)
            target = by_key.get(str(key).strip()) if key not in (None, "") else None
            if target is None and key not in (None, ""):
                issues.append(
                    _issue(
                        "unknown_target",
                        _(
                            "Row %(row)s, column «%(column)s»: «%(value)s» is not the key of a target of "
                            "this term (the targets were changed since the template was made: download it "
                            "again)."
                        )
                        % {"row": line, "column": COL_KEY, "value": key},
                        line,
                        COL_KEY,
                        key,
                    )
                )
                continue
            if target is None:
                target = by_no.get(_year(number) or -1)
                if target is None:
                    issues.append(
                        _issue(
                            "unknown_target",
                            _("Row %(row)s, column «%(column)s»: «%(value)s» is not the number of a target.")
                            % {"row": line, "column": COL_NO, "value": _shown(number)},
                            line,
                            COL_NO,
                            _shown(number),
                        )
                    )
                    continue
            if target.pk in seen:
                issues.append(
                    _issue(
                        "duplicate_target",
                        _("Row %(row)s: the target is already on row %(first)s.")
                        % {"row": line, "first": seen[target.pk]},
                        line,
                        COL_TARGET,
                        cell(COL_TARGET),
                    )
                )
                continue
            seen[target.pk] = line
            for pos, year in year_columns:
                value = cells[pos] if pos < len(cells) else None
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                try:
                    figure, level = _figure(target, value)
                except TargetsError as error:
                    issues.append(
                        _issue(
                            error.code,
                            _("Row %(row)s, column «%(column)s»: %(message)s")
                            % {"row": line, "column": year, "message": error.message},
                            line,
                            str(year),
                            _shown(value),
                        )
                    )
                    continue
                out.append(ImportedFigure(target, year, figure, level, saved.get((target.pk, year))))
    finally:
        wb.close()
    if not issues and not out:
        issues.append(_issue("empty_file", _("The workbook holds no figure.")))
    if issues:
        max_issues = limits().max_issues
        if len(issues) > max_issues:
            more = len(issues) - max_issues
            issues = [*issues[:max_issues], _issue("more_issues", more_issues_message(more))]
        raise RatingsImportRefused(issues)
    return out


def import_figures(resolution: Resolution, data: bytes, *, actor: Any, filename: str = "") -> int:
    """Read the whole workbook (refused whole on any problem), then write its figures in one transaction
    with one audit entry; returns how many figures were written."""
    return write_figures(resolution, read_figures(resolution, data), actor=actor, filename=filename)


def import_pending(resolution: Resolution, entries: list[Any], *, actor: Any, filename: str = "") -> int:
    """The figures shown for confirmation ([target id, year, value]), read again against the targets
    as they are now: refused whole (RatingsImportRefused) when a target is gone or a value no longer reads."""
    targets = {t.pk: t for t in figure_targets(resolution)}
    saved = {(a.target_id, a.year): a for a in TargetActual.objects.filter(target__in=list(targets.values()))}
    figures: list[ImportedFigure] = []
    for entry in entries:
        try:
            target_id, year, raw = int(entry[0]), int(entry[1]), str(entry[2])
            target = targets[target_id]
            if year not in resolution.figure_years:
                raise KeyError(year)
            if target.unit == Unit.LEVEL:
                number, level = None, raw
                if level not in level_scheme(target).levels:
                    raise ValueError(level)
            else:  # stored as read: a plain decimal in the column's unit, not read again
                number, level = figure_number(target, Decimal(raw), raw, scaled=True), ""
        except (KeyError, IndexError, TypeError, ValueError, ArithmeticError, TargetsError):
            raise RatingsImportRefused(
                [_issue("stale", _("The targets were changed: import the file again."))]
            ) from None
        figures.append(ImportedFigure(target, year, number, level, saved.get((target_id, year))))
    if not figures:
        raise RatingsImportRefused([_issue("empty_file", _("The workbook holds no figure."))])
    return write_figures(resolution, figures, actor=actor, filename=filename)


def _differs(figure: ImportedFigure, saved: TargetActual | None) -> bool:
    if saved is None:
        return True
    return (saved.value_number, saved.value_level or "", saved.source) != (
        figure.number,
        figure.level or "",
        ActualSource.IMPORTED,
    )


def write_figures(
    resolution: Resolution, figures: list[ImportedFigure], *, actor: Any, filename: str = ""
) -> int:
    """One transaction and one audit entry (`targets.actuals.imported`); the figures are marked imported.

    Only what differs from the saved figures is written, under a lock of the resolution: the same import
    confirmed twice (a double click, a second tab) writes and logs nothing the second time (returns 0)."""
    with transaction.atomic():
        Resolution.objects.select_for_update().filter(pk=resolution.pk).first()
        saved = {
            (a.target_id, a.year): a
            for a in TargetActual.objects.filter(target__in={f.target.pk for f in figures})
        }
        figures = [f for f in figures if _differs(f, saved.get((f.target.pk, f.year)))]
        if not figures:
            return 0
        for f in figures:
            _write_figure(f.target, f.year, f.number, f.level, ActualSource.IMPORTED)
        log_action(
            "targets.actuals.imported",
            actor=actor,
            obj=resolution,
            organization=resolution.organization,
            data={
                "term": resolution.term_label,
                "figures": len(figures),
                "targets": len({f.target.pk for f in figures}),
                "file": filename,
            },
        )
    return len(figures)


__all__ = ["figures_template", "import_figures", "import_pending", "read_figures", "target_key"]
