"""The congress resolution, the yearly report on carrying it out (Word/PDF, Party format) and the data (xlsx).

Documents are written in Vietnamese whatever the user's language: they are Party documents. The
resolution itself is built where the congress's parts meet, `daihoi.congresses.resolution`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from daihoi.accounts.permissions import has_permission, require_permission
from daihoi.core.bodies import committee_name
from daihoi.core.numbers import format_number, roman
from daihoi.core.targets import progress, rating
from daihoi.core.targets.text import is_whereof
from daihoi.organizations.models import Organization
from daihoi.targets import services
from daihoi.targets.models import DisciplineRecord, Level, MemberRating, OrganizationRating, Resolution
from daihoi.targets.ratings_io import LEVEL_WORDS_VI
from daihoi.targets.tracking import STATUS_LABELS, TargetProgress, describe, progress_for
from daihoi.targets.units import format_value, level_words, unit_label


def _num(value: Decimal | int | None) -> str:
    if value is None:
        return "—"
    return format_number(Decimal(value).normalize())


def _congress_name(resolution: Resolution) -> str:
    org = resolution.organization
    number = f" lần thứ {roman(resolution.congress_number)}" if resolution.congress_number else ""
    return f"Đại hội {org.name}{number}, nhiệm kỳ {resolution.term_label}"


def _level_text(code: str) -> str:
    return LEVEL_WORDS_VI.get(code) or level_words(code)


def _actual_text(tp: TargetProgress, year: int) -> str:
    """The year's figure with its unit ("66,5 triệu đồng", "0,31‰", "1.185,5 ha"), a level in words."""
    cell = next((c for c in tp.whole.cells if c.year == year), None)
    if cell is None or cell.actual is None:
        return "—"
    if isinstance(cell.actual, str):
        return _level_text(cell.actual)
    if tp.target.unit == "%" and tp.target.base_value is not None:  # a count against a share of the last
        return _num(cell.actual)
    return format_value(cell.actual, tp.target.unit)


def _expected_text(tp: TargetProgress, year: int) -> str:
    """A term target's figure expected in `year` on the straight path to the term's end, else "—"."""
    expected = dict(getattr(tp, "trajectory", []) or []).get(year)
    return format_value(expected, tp.target.unit)


def is_locality(tp: TargetProgress) -> bool:
    return getattr(tp, "kind", "party") == "locality"


def _target_text(tp: TargetProgress) -> str:
    """The target in the resolution's own words, as a table row shows it: a quote that continues the one
    before ("trong đó có 90% …") loses its "trong đó"; the resolution itself keeps the clause whole.
    Without a quote, whose figure it is and the goal in figures ("Địa phương (kinh tế - xã hội): ≥ 8%")."""
    goal = getattr(tp, "goal_text", "")
    text = tp.target.quote or (f"{tp.target.get_scope_display()}: {goal}" if goal else describe(tp.target))
    if is_whereof(text):
        text = re.sub(r"^\s*trong\s+(?:đó|số\s+đó)\s*(?:có\s+)?", "", text, flags=re.IGNORECASE)
    return text[:1].upper() + text[1:]


SCHEME_WORDS_VI = {
    "qd366": "Quy định 366-QĐ/TW (bốn mức)",
    "legacy2017": "Quy định trước năm 2018",
    "mass": "Xếp loại chính quyền, đoàn thể",
}
COMPARATOR_WORDS_VI = {
    ">=": "từ … trở lên (≥)",
    "<=": "không quá (≤)",
    "=": "bằng (=)",
    ">": "trên (>)",
    "<": "dưới (<)",
}


def verdict(tp: TargetProgress, year: int) -> str:
    """The verdict printed beside a year's figure: no figure, no verdict ("chưa có số liệu"); an annual
    target is judged on that year; a term total on the term so far."""
    cell = next((c for c in tp.whole.cells if c.year == year), None)
    if cell is None or cell.actual is None:
        return str(STATUS_LABELS[progress.NO_DATA])
    if cell.status:
        return str(STATUS_LABELS[cell.status])
    return _("%(status)s (whole term)") % {"status": STATUS_LABELS[tp.status]}


@dataclass
class YearReport:
    """The yearly report's content, shared by the page, Word and PDF."""

    resolution: Resolution
    year: int
    items: list[TargetProgress]
    member_counts: Counter[str]
    branch_counts: Counter[str]
    own_level: str | None
    admitted: int
    disciplined: int
    quota: list[services.QuotaCheck]

    def status_text(self, tp: TargetProgress) -> str:
        return verdict(tp, self.year)

    @property
    def party_items(self) -> list[TargetProgress]:
        return [tp for tp in self.items if not is_locality(tp)]

    @property
    def locality_items(self) -> list[TargetProgress]:
        return [tp for tp in self.items if is_locality(tp)]

    def rows(self) -> list[list[str]]:
        """The Party-building targets (every target when the resolution has no locality figure)."""
        return [
            [str(i), _target_text(tp), _actual_text(tp, self.year), self.status_text(tp)]
            for i, tp in enumerate(self.party_items, start=1)
        ]

    def locality_rows(self) -> list[list[str]]:
        """The locality's indicators: the target, the year's figure, the figure expected on the path to the
        term's target (term targets), the verdict."""
        return [
            [
                str(i),
                _target_text(tp),
                _actual_text(tp, self.year),
                _expected_text(tp, self.year),
                self.status_text(tp),
            ]
            for i, tp in enumerate(self.locality_items, start=1)
        ]


def year_report(resolution: Resolution, year: int) -> YearReport:
    org = resolution.organization
    today = timezone.localdate()
    member_counts = Counter(
        MemberRating.objects.filter(organization=org, year=year).values_list("level", flat=True)
    )
    branch_counts = Counter(
        OrganizationRating.objects.filter(
            organization__in=services.branches_of(org), year=year, unit_name=""
        ).values_list("level", flat=True)
    )
    own = OrganizationRating.objects.filter(organization=org, year=year, unit_name="").first()
    return YearReport(
        resolution=resolution,
        year=year,
        items=progress_for(resolution, today, last_year=True),
        member_counts=member_counts,
        branch_counts=branch_counts,
        own_level=own.level if own else None,
        admitted=org.members.filter(admitted_on__year=year).count(),
        disciplined=DisciplineRecord.objects.filter(organization=org, decided_on__year=year).count(),
        quota=services.quota_checks(org, year),
    )


# ---------------------------------------------------------------------------------------------- documents
def build_resolution(resolution: Resolution) -> Any:
    """The congress resolution of `resolution`'s congress (daihoi.congresses.resolution)."""
    from daihoi.congresses.resolution import build_resolution as build

    return build(resolution=resolution)


def build_report(report: YearReport) -> Any:
    from daihoi.congresses.dossier import Issuer, party_header, signature_for
    from daihoi.documents.model import (
        Cell,
        Column,
        Document,
        Heading,
        Paragraph,
        Table,
        Title,
    )

    res = report.resolution
    org: Organization = res.organization
    year = report.year
    with translation.override("vi"):
        doc = Document(title=f"Báo cáo kết quả thực hiện Nghị quyết Đại hội năm {year}")
        doc.add(
            # Issued by the committee (ĐẢNG ỦY …, "Số …-BC/ĐU"), dated when signed (typed in the dossier).
            party_header(org, Issuer.COMMITTEE, f"yearly_targets_report:{year}", None),
            Title("Báo cáo", summary=[f"Kết quả thực hiện Nghị quyết {_congress_name(res)}", f"năm {year}"]),
            Heading("I- Kết quả đánh giá, xếp loại chất lượng năm " + str(year), level=2),
        )
        scheme = rating.scheme_for_year(year)
        total = sum(report.member_counts.values())
        level_rows: list[list[Any]] = []
        for level in scheme.levels:
            n = report.member_counts.get(level, 0)
            share = format_number(Decimal(n) * 100 / total, 2) + "%" if total else "—"
            level_rows.append([LEVEL_WORDS_VI[level], n, share, report.branch_counts.get(level, 0)])
        level_rows.append([Cell("Cộng", bold=True), total, "", sum(report.branch_counts.values())])
        doc.add(
            Table(
                columns=[
                    Column("Mức xếp loại"),
                    Column("Đảng viên", 28, "center"),
                    Column("Tỷ lệ", 26, "center"),
                    Column("Chi bộ", 24, "center"),
                ],
                rows=level_rows,
            ),
            Paragraph(
                "Tập thể "
                + org.name
                + " được xếp loại: "
                + (LEVEL_WORDS_VI.get(report.own_level, "") if report.own_level else "chưa xếp loại")
                + "."
            ),
        )
        sections = iter(["II", "III", "IV", "V"])
        locality = report.locality_rows()
        doc.add(
            Heading(
                f"{next(sections)}- Kết quả thực hiện các chỉ tiêu "
                + ("về xây dựng Đảng" if locality else "Nghị quyết"),
                level=2,
            ),
            Table(
                columns=[
                    Column("TT", 10, "center"),
                    Column("Chỉ tiêu Nghị quyết"),
                    Column(f"Thực hiện {year}", 28, "center"),
                    Column("Đánh giá", 36, "center"),
                ],
                rows=report.rows(),
            ),
        )
        if locality:
            doc.add(
                Heading(
                    f"{next(sections)}- Kết quả thực hiện các chỉ tiêu phát triển kinh tế - xã hội", level=2
                ),
                Table(
                    columns=[
                        Column("TT", 10, "center"),
                        Column("Chỉ tiêu Nghị quyết"),
                        Column(f"Thực hiện {year}", 28, "center"),
                        Column(f"Theo lộ trình {year}", 28, "center"),
                        Column("Đánh giá", 30, "center"),
                    ],
                    rows=locality,
                ),
                Paragraph(
                    "Cột «Theo lộ trình» ghi số liệu cần đạt trong năm để đến cuối nhiệm kỳ đạt chỉ tiêu "
                    "(tính đều từ số liệu năm đầu tiên), đối với các chỉ tiêu tính đến cuối nhiệm kỳ."
                ),
            )
        term_lines = [tp for tp in report.items if tp.term is not None and tp.term.cumulative is not None]
        doc.add(Heading(f"{next(sections)}- Công tác phát triển đảng viên và kỷ luật", level=2))
        doc.add(
            Paragraph(
                f"Năm {year} kết nạp {report.admitted} đảng viên mới; thi hành kỷ luật "
                f"{report.disciplined} trường hợp."
            )
        )
        for tp in term_lines:
            assert tp.term is not None
            forecast = tp.term.forecast.quantize(Decimal("0.1")) if tp.term.forecast is not None else None
            doc.add(
                Paragraph(
                    f"Lũy kế từ đầu nhiệm kỳ: {_num(tp.term.cumulative)}; dự báo đến cuối nhiệm kỳ: "
                    f"{_num(forecast)} "
                    f"(chỉ tiêu: {_target_text(tp)}) — {STATUS_LABELS[tp.status]}."
                )
            )
        doc.add(
            Heading(f"{next(sections)}- Phương hướng năm tiếp theo", level=2),
            Paragraph(
                "Tiếp tục lãnh đạo thực hiện các chỉ tiêu chưa đạt; nâng cao chất lượng sinh hoạt chi bộ, "
                "chất lượng đánh giá, xếp loại đảng viên; làm tốt công tác phát triển đảng viên."
            ),
            signature_for(
                org,
                Issuer.COMMITTEE,
                recipients=[
                    (
                        f"Ban Thường vụ {committee_name(org.superior_name)}"
                        if org.superior_name
                        else "Cấp ủy cấp trên"
                    )
                    + " (để báo cáo);",
                    "Các chi bộ trực thuộc;",
                    "Lưu Văn phòng Đảng ủy.",
                ],
            ),
        )
    return doc


# ---------------------------------------------------------------------------------------------- views
def _resolution(request: HttpRequest) -> Resolution:
    resolution = services.current_resolution(request.organization)  # type: ignore[attr-defined]
    if resolution is None:
        raise Http404(_("No targets have been confirmed for this organization yet."))
    return resolution


def _check_fmt(fmt: str) -> str:
    if fmt not in ("docx", "pdf"):
        raise Http404
    return fmt


@require_permission("targets.view")
@require_safe
def report_page(request: HttpRequest, org_code: str, year: int) -> HttpResponse:
    resolution = _resolution(request)
    if year not in resolution.years and year != resolution.term_end:
        raise Http404
    report = year_report(resolution, year)
    levels = [
        (LEVEL_WORDS_VI[lv], report.member_counts.get(lv, 0), report.branch_counts.get(lv, 0))
        for lv in rating.scheme_for_year(year).levels
    ]
    return render(
        request,
        "targets/report.html",
        {
            "organization": resolution.organization,
            "resolution": resolution,
            "report": report,
            "year": year,
            "rows": report.rows(),
            "locality_rows": report.locality_rows(),
            "levels": levels,
            "nav": "report",
            "rating_years": services.report_years(resolution),
            "can_manage": has_permission(request.user, resolution.organization, "targets.manage"),
            "own_level": dict(Level.choices).get(report.own_level or "", ""),
            "term_items": [tp for tp in report.items if tp.term is not None],
        },
    )


@require_permission("targets.view")
@require_safe
def report_download(request: HttpRequest, org_code: str, year: int, fmt: str) -> HttpResponse:
    from daihoi.documents import document_response

    resolution = _resolution(request)
    doc = build_report(year_report(resolution, year))
    return document_response(
        doc, _check_fmt(fmt), f"bao-cao-thuc-hien-nghi-quyet-{resolution.organization.code}-{year}"
    )


@require_permission("targets.view")
@require_safe
def resolution_download(request: HttpRequest, org_code: str, fmt: str) -> HttpResponse:
    from daihoi.documents import document_response

    resolution = _resolution(request)
    return document_response(
        build_resolution(resolution), _check_fmt(fmt), f"nghi-quyet-dai-hoi-{resolution.organization.code}"
    )


def _value_text(value: Any) -> Any:
    """A figure as the workbook shows it: a level in words, a number as a number, nothing as empty."""
    if isinstance(value, str):
        return _level_text(value)
    return value


def _unit_words(unit: str) -> str:
    """The unit column of the workbook: "%", "‰", "đồng", "ha", "hộ", "người"; a level or a count: ""."""
    return unit_label(unit)


def data_sheets(resolution: Resolution) -> list[Any]:
    """The whole term in Excel, in Vietnamese words (no internal codes): the targets, each year's figure
    and verdict (the congress year that ends the term included) and the verdict over the term, the ratings
    and the discipline records. Verdicts are those of `progress_for` (daihoi.core.targets.progress)."""
    from daihoi.documents.xlsx import Sheet

    org = resolution.organization
    with translation.override("vi"):
        items = progress_for(resolution, last_year=True)
        years = [c.year for c in items[0].whole.cells] if items else resolution.years
        targets = []
        for i, tp in enumerate(items, start=1):
            t = tp.target
            upper = getattr(tp, "upper", None)
            targets.append(
                [
                    i,
                    _target_text(tp),
                    "Kinh tế - xã hội" if is_locality(tp) else "Xây dựng Đảng",
                    str(t.get_indicator_display()),
                    str(t.get_scope_display()),
                    "trong khoảng"
                    if upper is not None
                    else COMPARATOR_WORDS_VI.get(t.comparator, t.comparator),
                    _level_text(t.value_level) if t.value_level else t.value_number,
                    upper.value_number if upper is not None else None,
                    _unit_words(t.unit),
                    getattr(tp, "goal_text", ""),
                    str(t.get_period_display()) if t.period else "",
                    t.quote,
                ]
            )
        progress_rows: list[list[Any]] = []
        for i, tp in enumerate(items, start=1):
            for row in tp.rows:
                whole = row.branch is None
                figures = [_value_text(c.actual) for c in row.cells]
                verdicts = [verdict(tp, c.year) if whole else "" for c in row.cells]
                expected = dict(getattr(tp, "trajectory", []) or []) if whole else {}
                progress_rows.append(
                    [
                        i,
                        _target_text(tp),
                        row.label,
                        _unit_words(tp.target.unit),
                        *figures,
                        *[expected.get(y) for y in years],
                        *verdicts,
                        str(STATUS_LABELS[tp.status]) if whole else "",
                    ]
                )
        member_rows = [
            [
                r.year,
                r.member.member_code,
                r.member.full_name,
                r.branch.name if r.branch else "",
                r.score,
                LEVEL_WORDS_VI.get(r.level, r.level),
                SCHEME_WORDS_VI.get(r.scheme_version, r.scheme_version),
            ]
            for r in MemberRating.objects.filter(organization=org)
            .select_related("member", "branch")
            .order_by("year", "member__sort_key")
        ]
        org_rows = [
            [
                r.year,
                r.unit_name or r.organization.name,
                r.score,
                LEVEL_WORDS_VI.get(r.level, r.level),
                SCHEME_WORDS_VI.get(r.scheme_version, r.scheme_version),
            ]
            for r in OrganizationRating.objects.filter(organization__in=[org, *services.branches_of(org)])
            .select_related("organization")
            .order_by("year", "organization__name", "unit_name")
        ]
        discipline = [
            [d.decided_on, d.member.member_code, d.member.full_name, d.get_form_display(), d.reason]
            for d in DisciplineRecord.objects.filter(organization=org).select_related("member")
        ]
    return [
        Sheet(
            "Chỉ tiêu",
            [
                "TT",
                "Chỉ tiêu",
                "Nhóm",
                "Loại chỉ tiêu",
                "Phạm vi",
                "So sánh",
                "Mức",
                "Cận trên",
                "Đơn vị tính",
                "Chỉ tiêu (số liệu)",
                "Thời hạn",
                "Trích Nghị quyết",
            ],
            targets,
        ),
        Sheet(
            "Tiến độ",
            [
                "TT",
                "Chỉ tiêu",
                "Đơn vị",
                "Đơn vị tính",
                *[f"Thực hiện {y}" for y in years],
                *[f"Lộ trình {y}" for y in years],
                *[f"Đánh giá {y}" for y in years],
                f"Đánh giá nhiệm kỳ {resolution.term_label}",
            ],
            progress_rows,
        ),
        Sheet(
            "Xếp loại đảng viên",
            ["Năm", "Số thẻ", "Họ và tên", "Chi bộ", "Điểm", "Xếp loại", "Quy định"],
            member_rows,
        ),
        Sheet("Xếp loại tổ chức", ["Năm", "Tổ chức", "Điểm", "Xếp loại", "Quy định"], org_rows),
        Sheet("Kỷ luật", ["Ngày", "Số thẻ", "Họ và tên", "Hình thức", "Lý do"], discipline),
    ]


@require_permission("targets.view")
@require_safe
def data_download(request: HttpRequest, org_code: str) -> HttpResponse:
    from daihoi.documents import xlsx_response

    resolution = _resolution(request)
    return xlsx_response(data_sheets(resolution), f"chi-tieu-nghi-quyet-{resolution.organization.code}")


__all__ = ["build_report", "build_resolution", "progress"]
