"""Congress documents through the one exporter layer: the credentials report and the comments export.

Rendered in the document's language (Vietnamese by default) whatever the user's interface language.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from daihoi.congresses.figures import quorum
from daihoi.congresses.models import Congress, CongressDocument, CongressKind, Delegate, DelegateKind
from daihoi.core.numbers import format_number, percent
from daihoi.documents.exporters import CONTENT_TYPES, DOCUMENT_FORMATS, Exporter, render_document
from daihoi.documents.model import (
    Cell,
    Column,
    Document,
    Heading,
    Paragraph,
    PartyHeader,
    Signature,
    SignatureBlock,
    Table,
    Title,
)
from daihoi.documents.xlsx import Sheet, SheetColumn, write_xlsx

AGE_BANDS = ((0, 30), (31, 40), (41, 50), (51, 60), (61, 200))


def _pct(part: int, whole: int) -> str:
    value = percent(part, whole)
    return "—" if value is None else format_number(value, 2) + "%"


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_band(age: int) -> str:
    for low, high in AGE_BANDS:
        if low <= age <= high:
            if low == 0:
                return _("30 and under")
            if high >= 200:
                return _("over %(age)s") % {"age": low - 1}
            return f"{low} – {high}"
    return "—"


@dataclass
class Tally:
    convened: int = 0
    present: int = 0
    with_reason: int = 0
    without_reason: int = 0

    def add(self, d: Delegate) -> None:
        self.convened += 1
        if d.present:
            self.present += 1
        elif d.absence_reason:
            self.with_reason += 1
        else:
            self.without_reason += 1

    def row(self, label: str) -> list[str | Cell | int | float]:
        return [
            label,
            self.convened,
            self.present,
            _pct(self.present, self.convened),
            self.with_reason,
            self.without_reason,
        ]


@dataclass
class Breakdown:
    groups: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))

    def add(self, key: str, d: Delegate) -> None:
        self.groups[key].add(d)


def congress_lines(congress: Congress) -> list[str]:
    """The congress as the 'superior' lines of a congress body's header (documents.md §1.2):
    the organization, then "Đại hội (đại biểu) lần thứ X", then the term — short lines for the column."""
    if congress.kind == CongressKind.DELEGATES:
        ordinal = _("Delegates' congress no. %(number)s") % {"number": congress.roman_number}
    else:
        ordinal = _("Congress no. %(number)s") % {"number": congress.roman_number}
    return [congress.organization.name, ordinal, _("Term %(term)s") % {"term": congress.term}]


class CredentialsReport(Exporter):
    """Báo cáo thẩm tra tư cách đại biểu: who was convened, who is present, absences, composition."""

    identifier: ClassVar[str] = "congress.credentials_report"
    formats: ClassVar[tuple[str, ...]] = DOCUMENT_FORMATS

    def __init__(self, congress: Congress, language: str = "vi") -> None:
        self.congress = congress
        self.language = language

    def filename(self) -> str:
        return f"bao-cao-tham-tra-tu-cach-dh-{self.congress.number}"

    def render(self, fmt: str) -> tuple[str, str, bytes]:
        self.check_format(fmt)
        with translation.override(self.language):
            content = render_document(self.build(), fmt)
        return f"{self.filename()}.{fmt}", CONTENT_TYPES[fmt], content

    def build(self) -> Document:
        c = self.congress
        people = list(
            c.delegates.select_related("branch", "member").exclude(kind=DelegateKind.GUEST).order_by("number")
        )
        convened = [d for d in people if d.convened]
        q = quorum(c)
        total = Tally()
        by_branch, by_status, by_gender, by_age, by_ethnicity = (Breakdown() for _ in range(5))
        for d in convened:
            total.add(d)
            by_branch.add(d.branch.name if d.branch else _("(no branch)"), d)
            by_status.add(_("Official") if d.is_official else _("Probationary"), d)
            m = d.member
            by_gender.add(m.get_gender_display() if m else "—", d)
            by_age.add(age_band(age_on(m.birth_date, c.starts_on)) if m else "—", d)
            by_ethnicity.add((m.ethnicity or "—") if m else "—", d)
        columns = [
            Column(""),
            Column(_("Convened"), width=24, align="center"),
            Column(_("Present"), width=22, align="center"),
            Column(_("% present"), width=24, align="center"),
            Column(_("Absent with reason"), width=26, align="center"),
            Column(_("Absent without reason"), width=26, align="center"),
        ]

        def table(title: str, breakdown: Breakdown, order: Sequence[str] | None = None) -> list[Any]:
            keys = list(order) if order else sorted(breakdown.groups)
            rows = [breakdown.groups[k].row(k) for k in keys if k in breakdown.groups]
            rows.append(total.row(_("Total")))
            cols = [Column(title), *columns[1:]]
            return [Heading(title, level=2), Table(columns=cols, rows=rows, size=12)]

        doc = Document(title=_("Credentials report"), language=self.language)
        doc.add(
            PartyHeader(
                superior=congress_lines(c),
                issuer=_("Credentials committee"),
                place=c.organization.place,
                date=c.starts_on,
                left_width=0.52,  # the organization's name on one line where it fits
            ),
            Title(_("REPORT"), summary=_("On the credentials of the delegates to the congress")),
            Paragraph(
                _(
                    "The congress convenes %(convened)s people (%(voters)s with a vote). "
                    "Present: %(present)s (%(pct)s); absent: %(absent)s, "
                    "of whom %(with)s with a reason and %(without)s without."
                )
                % {  # everyone convened, with a vote or not (the tables below); the quorum is apart
                    "convened": total.convened,
                    "voters": q.voters_convened,
                    "present": total.present,
                    "pct": _pct(total.present, total.convened),
                    "absent": total.convened - total.present,
                    "with": total.with_reason,
                    "without": total.without_reason,
                }
            ),
            Paragraph(
                (
                    _(
                        "The attendance meets Article 11.6 of the Party Charter "
                        "(at least two thirds of those convened, %(needed)s of %(convened)s; "
                        "branches represented: %(bp)s of %(bt)s)."
                    )
                    if q.valid
                    else _(
                        "The attendance does NOT meet Article 11.6 of the Party Charter "
                        "(at least two thirds of those convened, %(needed)s of %(convened)s; "
                        "branches represented: %(bp)s of %(bt)s)."
                    )
                )
                % {
                    "needed": q.needed,
                    "convened": q.convened,
                    "bp": q.branches_present,
                    "bt": q.branches_total,
                }
            ),
            *table(_("By branch"), by_branch),
            *table(_("By status"), by_status, [_("Official"), _("Probationary")]),
            *table(_("By gender"), by_gender),
            *table(_("By age"), by_age, [age_band(low) for low, _h in AGE_BANDS]),
            *table(_("By ethnicity"), by_ethnicity),
        )
        absent = [d for d in convened if not d.present]
        if absent:
            doc.add(
                Heading(_("Absent delegates"), level=2),
                Table(
                    columns=[
                        Column(_("No."), width=14, align="center"),
                        Column(_("Full name")),
                        Column(_("Branch"), width=45),
                        Column(_("Reason"), width=55),
                    ],
                    rows=[
                        [
                            str(d.number),
                            d.full_name,
                            d.branch.name if d.branch else "",
                            (d.absence_reason + ("" if d.absence_accepted else " " + _("(not accepted)")))
                            if d.absence_reason
                            else _("no reason given"),
                        ]
                        for d in absent
                    ],
                    size=12,
                ),
            )
        not_convened = [d for d in people if not d.convened]
        if not_convened:
            doc.add(
                Heading(_("Members not convened"), level=2),
                Table(
                    columns=[
                        Column(_("No."), width=14, align="center"),
                        Column(_("Full name")),
                        Column(_("Reason"), width=80),
                    ],
                    rows=[[str(d.number), d.full_name, d.not_convened_reason] for d in not_convened],
                    size=12,
                ),
            )
        doc.add(
            SignatureBlock(
                [Signature(authority=_("On behalf of the credentials committee"), title=_("Head"))]
            )
        )
        return doc


class CommentsExport(Exporter):
    """Delegates' written comments on a draft, by section, for the secretariat (Word or Excel)."""

    identifier: ClassVar[str] = "congress.document_comments"
    formats: ClassVar[tuple[str, ...]] = ("docx", "xlsx")

    def __init__(self, document: CongressDocument, language: str = "vi") -> None:
        self.document = document
        self.language = language

    def filename(self) -> str:
        return f"y-kien-{self.document.pk}"

    def _grouped(self) -> list[tuple[str, list[Any]]]:
        comments = self.document.comments.select_related("delegate__branch").order_by("created_at", "id")
        order = self.document.section_list
        groups: dict[str, list[Any]] = {}
        for comment in comments:
            groups.setdefault(comment.section, []).append(comment)
        keys = [s for s in order if s in groups] + [k for k in groups if k not in order]
        return [(k, groups[k]) for k in keys]

    def render(self, fmt: str) -> tuple[str, str, bytes]:
        self.check_format(fmt)
        with translation.override(self.language):
            content = write_xlsx(self.sheets()) if fmt == "xlsx" else render_document(self.build(), "docx")
        return f"{self.filename()}.{fmt}", CONTENT_TYPES[fmt], content

    def sheets(self) -> list[Sheet]:
        rows = [
            [
                section or _("General"),
                c.delegate.number,
                c.delegate.full_name,
                c.delegate.branch.name if c.delegate.branch else "",
                timezone.localtime(c.created_at),
                c.text,
            ]
            for section, comments in self._grouped()
            for c in comments
        ]
        return [
            Sheet(
                title=_("Comments"),
                columns=[
                    SheetColumn(_("Section"), 30),
                    SheetColumn(_("No."), 8),
                    SheetColumn(_("Full name"), 26),
                    SheetColumn(_("Branch"), 24),
                    SheetColumn(_("Time"), 18),
                    SheetColumn(_("Comment"), 80),
                ],
                rows=rows,
            )
        ]

    def build(self) -> Document:
        d = self.document
        c = d.congress
        doc = Document(title=_("Comments"), language=self.language)
        doc.add(
            PartyHeader(
                superior=congress_lines(c),
                issuer=_("Secretariat"),
                place=c.organization.place,
                date=timezone.localdate(),
            ),
            Title(_("SUMMARY"), summary=_("Delegates' written comments on: %(title)s") % {"title": d.title}),
        )
        counts = Counter[str]()
        for section, comments in self._grouped():
            counts[section] = len(comments)
            doc.add(Heading(section or _("General"), level=2))
            doc.add(
                Table(
                    columns=[Column(_("Delegate"), width=55), Column(_("Comment"))],
                    rows=[[f"{x.delegate.number}. {x.delegate.full_name}", x.text] for x in comments],
                    size=12,
                )
            )
        if not counts:
            doc.add(Paragraph(_("No comments yet.")))
        return doc
