"""The congress resolution (nghị quyết đại hội, documents.md §4), built where the congress's parts meet.

It reads what it states directly — no registration that can silently stay empty: the congress (dates,
venue, the outgoing committee), the targets its resolution adopted (`daihoi.targets`) and the elections it
announced (`daihoi.elections`). Issued by the congress ("Số …-NQ/ĐH"), signed on behalf of the presidium.
Written in Vietnamese whatever the user's language: a Party document.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import translation

from daihoi.core.numbers import roman
from daihoi.core.targets.text import resolution_items
from daihoi.documents.model import (
    Document,
    Heading,
    NumberedList,
    Paragraph,
    Recipients,
    Signature,
    SignatureBlock,
    Title,
)

if TYPE_CHECKING:
    from daihoi.congresses.models import Congress
    from daihoi.targets.models import Resolution


def congress_of(resolution: Resolution) -> Congress | None:
    """The congress that adopted `resolution`: same organization, its number (or the term's start)."""
    from daihoi.congresses.models import Congress

    congresses = Congress.objects.filter(organization=resolution.organization).select_related("organization")
    if resolution.congress_number:
        found = congresses.filter(number=resolution.congress_number).first()
        if found is not None:
            return found
    return congresses.filter(term_start_year=resolution.term_start).order_by("-number").first()


def resolution_of(congress: Congress) -> Resolution | None:
    """The targets the congress adopted for its term (the one resolution per organization and term)."""
    from daihoi.congresses.dossier import term_resolution

    return term_resolution(congress)


def _days(start: dt.date, end: dt.date) -> str:
    """ "ngày 16 tháng 6 năm 2020" or "từ ngày 15 đến ngày 16 tháng 6 năm 2020"."""

    def full(d: dt.date) -> str:
        month = f"{d.month:02d}" if d.month < 3 else str(d.month)  # as the date line pads (36-HD)
        return f"ngày {d.day:02d} tháng {month} năm {d.year}"

    if end <= start:
        return full(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"từ ngày {start.day:02d} đến {full(end)}"
    return f"từ {full(start)} đến {full(end)}"


def outgoing_committee(congress: Congress) -> str:
    """ "Ban Chấp hành Đảng bộ … khóa IX, nhiệm kỳ 2015 - 2020": the committee that convened the congress."""
    org = congress.organization
    body = "Chi ủy" if org.kind in ("branch", "grassroots_branch") else "Ban Chấp hành"
    length = congress.term_end_year - congress.term_start_year
    previous = f"nhiệm kỳ {congress.term_start_year - length} - {congress.term_start_year}"
    if congress.number > 1:
        return f"{body} {org.name} khóa {roman(congress.number - 1)}, {previous}"
    return congress.convening_committee or f"{body} {org.name}"


def congress_name(congress: Congress | None, resolution: Resolution | None) -> str:
    number: int | None
    if congress is not None:
        org, number, term = congress.organization, congress.number, congress.term
    else:
        assert resolution is not None
        org, number, term = resolution.organization, resolution.congress_number, resolution.term_label
    ordinal = f" lần thứ {roman(number)}" if number else ""
    return f"Đại hội {org.name}{ordinal}, nhiệm kỳ {term}"


def election_lines(congress: Congress) -> list[str]:
    """One line per election the congress announced: the body, its size, those elected (as they rank)."""
    from daihoi.elections.models import ElectionKind, ElectionStatus
    from daihoi.elections.services import outcome

    lines = []
    announced = congress.elections.filter(status__in=[ElectionStatus.PUBLISHED, ElectionStatus.APPROVED])
    for election in announced.order_by("created_at", "id"):
        result = outcome(election)
        names = ", ".join(e["name"] for e in result.elected)
        if election.kind == ElectionKind.DELEGATES:
            superior = congress.organization.superior_name
            upper = (
                f"Đại hội đại biểu {superior}, nhiệm kỳ {congress.term}" if superior else "Đại hội cấp trên"
            )
            line = f"Đoàn đại biểu dự {upper} gồm {len(result.elected)} đại biểu chính thức ({names})"
            if result.alternates:
                alternates = ", ".join(a["name"] for a in result.alternates)
                line += f" và {len(result.alternates)} đại biểu dự khuyết ({alternates})"
        elif len(result.elected) == 1:
            line = f"{election.title}: đồng chí {names}"
        else:
            line = f"{election.title} gồm {len(result.elected)} đồng chí: {names}"
        lines.append(line)
    return [line + (";" if i < len(lines) - 1 else ".") for i, line in enumerate(lines)]


def build_resolution(congress: Congress | None = None, resolution: Resolution | None = None) -> Document:
    """The resolution of `congress` (its targets found by term), or of `resolution` (its congress found by
    number); either may be missing: what is not known prints as a dotted blank."""
    from daihoi.targets.tracking import describe

    if congress is None and resolution is not None:
        congress = congress_of(resolution)
    if resolution is None and congress is not None:
        resolution = resolution_of(congress)
    if congress is None and resolution is None:
        raise ValueError("a congress or a resolution is needed")
    with translation.override("vi"):
        name = congress_name(congress, resolution)
        doc = Document(title=f"Nghị quyết {name}")
        act_date = resolution.adopted_on if resolution and resolution.adopted_on else None
        if act_date is None and congress is not None:
            act_date = congress.ends_on
        doc.add(*_header(congress, resolution, act_date), Title("Nghị quyết", summary=name))
        if congress is not None:
            venue = f", tại {congress.place}" if congress.place else ""
            preamble = (
                f"{name} diễn ra {_days(congress.starts_on, congress.ends_on)}{venue}, sau khi thảo luận các "
                f"văn kiện do {outgoing_committee(congress)} trình,"
            )
        else:
            preamble = (
                f"{name} diễn ra ngày …… tại ……, sau khi thảo luận các văn kiện do Ban Chấp hành trình,"
            )
        doc.add(Paragraph(preamble), Heading("QUYẾT NGHỊ", align="center"))
        term = congress.term if congress is not None else resolution.term_label  # type: ignore[union-attr]
        section = 1
        if resolution is not None:
            targets = list(resolution.targets.order_by("position", "id"))
            items = resolution_items(resolution.source_text, [t.quote or describe(t) for t in targets])
            doc.add(
                Heading(
                    f"{roman(section)}- Tán thành các mục tiêu, chỉ tiêu nhiệm kỳ {term} với các chỉ tiêu "
                    "chủ yếu sau:",
                    level=2,
                ),
                NumberedList(items, style="1."),
            )
            section += 1
        if congress is not None and (lines := election_lines(congress)):
            doc.add(
                Heading(f"{roman(section)}- Kết quả bầu cử", level=2),
                Paragraph("Đại hội đã bầu:", keep_with_next=True),
                NumberedList(lines, style="-"),
            )
            section += 1
        doc.add(
            Heading(f"{roman(section)}- Tổ chức thực hiện", level=2),
            Paragraph(
                "Giao Ban Chấp hành khóa mới căn cứ Nghị quyết Đại hội xây dựng chương trình hành động, cụ "
                "thể hóa thành kế hoạch hằng năm; hằng năm đánh giá kết quả thực hiện các chỉ tiêu và "
                "báo cáo cấp trên."
            ),
            _signature(congress),
        )
    return doc


def _header(congress: Congress | None, resolution: Resolution | None, act_date: dt.date | None) -> list[Any]:
    """Issued by the congress, "Số …-NQ/ĐH" (the foundation's one header convention)."""
    from daihoi.congresses.dossier import Issuer, party_header

    if congress is not None:
        return [party_header(congress, Issuer.CONGRESS, "resolution", act_date)]
    assert resolution is not None
    return [party_header(resolution.organization, Issuer.CONGRESS, None, act_date, type_code="NQ")]


def _signature(congress: Congress | None) -> SignatureBlock:
    """T/M ĐOÀN CHỦ TỊCH (setting DAIHOI_RESOLUTION_AUTHORITY), the presidium's head; the recipients."""
    from daihoi.congresses.dossier import Issuer, signature_for
    from daihoi.congresses.exports import body_members
    from daihoi.core.bodies import committee_name

    superior = congress.organization.superior_name if congress is not None else ""
    recipients = [
        (f"Ban Thường vụ {committee_name(superior)}" if superior else "Cấp ủy cấp trên") + " (để báo cáo)",
        "Các chi bộ trực thuộc",
        "Lưu Văn phòng Đảng ủy",
    ]
    if congress is None:
        return SignatureBlock(
            [Signature(authority=getattr(settings, "DAIHOI_RESOLUTION_AUTHORITY", "T/M Đoàn Chủ tịch"))],
            recipients=Recipients(recipients),
        )
    names = body_members(congress, "presidium")[:1]
    return signature_for(congress, Issuer.CONGRESS, *names, recipients=recipients)
