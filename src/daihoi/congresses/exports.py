"""Congress documents through the one exporter layer: the credentials report and the comments export.

Rendered in the document's language (Vietnamese by default) whatever the user's interface language.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any, ClassVar

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from daihoi.congresses.figures import quorum
from daihoi.congresses.models import Congress, CongressDocument, CongressKind, Delegate, DelegateKind
from daihoi.core.numbers import format_number, percent, roman
from daihoi.documents.exporters import CONTENT_TYPES, DOCUMENT_FORMATS, Exporter, render_document
from daihoi.documents.model import (
    Cell,
    Column,
    Document,
    Heading,
    NumberedList,
    Paragraph,
    SignatureBlock,
    Table,
    Title,
)
from daihoi.documents.xlsx import Sheet, SheetColumn, write_xlsx
from daihoi.organizations.models import Education, Gender, PoliticalTheory

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
            return _("%(low)s to %(high)s years old") % {"low": low, "high": high}
    return "—"


def congress_lines(congress: Congress) -> list[str]:
    """The congress as the 'superior' lines of a congress body's header (documents.md §1.2):
    the organization, then "Đại hội (đại biểu) lần thứ X", then the term — short lines for the column."""
    if congress.kind == CongressKind.DELEGATES:
        ordinal = _("Delegates' congress no. %(number)s") % {"number": congress.roman_number}
    else:
        ordinal = _("Congress no. %(number)s") % {"number": congress.roman_number}
    return [congress.organization.name, ordinal, _("Term %(term)s") % {"term": congress.term}]


PARTY_YEAR_BANDS = ((0, 9), (10, 19), (20, 29), (30, 200))


def party_years_band(years: int) -> str:
    if years < 10:
        return _("under 10 years")
    if years >= 30:
        return _("30 years or more")
    low = years // 10 * 10
    return _("%(low)s to under %(high)s years") % {"low": low, "high": low + 10}


def _share_rows(title: str, counts: Counter[str], order: Sequence[str], whole: int) -> list[list[Any]]:
    """A group of the composition table: its title row, then one row per value (in `order`, then the rest)."""
    keys = [k for k in order if counts.get(k)] + sorted(k for k in counts if k not in order and counts[k])
    rows: list[list[Any]] = [[Cell(title, bold=True, colspan=3)]]
    rows += [["– " + k, counts[k], _pct(counts[k], whole)] for k in keys]
    return rows


def body_members(congress: Congress, kind: str) -> list[str]:
    """The members of a working body as the congress approved them (the latest passed open vote of that
    kind), the head first; empty when the body was not voted in daihoi."""
    from daihoi.congresses.models import OpenVote

    vote = (
        OpenVote.objects.filter(congress=congress, kind=kind, status="closed", passed=True)
        .order_by("-closed_at", "-id")
        .first()
    )
    if vote is None:
        return []
    links = OpenVote.nominees.through.objects.filter(openvote=vote).select_related("delegate").order_by("id")
    return [link.delegate.full_name for link in links]


def report_header(congress: Congress, key: str, issuer: str, act_date: dt.date | None) -> list[Any]:
    """The header of a congress body's document: the foundation's one convention (documents.md §1.2)."""
    from daihoi.congresses.dossier import Issuer, party_header

    return [party_header(congress, Issuer[issuer], key, act_date)]


BODY_KINDS = {"PRESIDIUM": "presidium", "SECRETARIAT": "secretariat", "CREDENTIALS": "credentials_committee"}


def report_signature(congress: Congress, issuer: str) -> SignatureBlock:
    """ "T/M <body>" and its head's title and name (the head: the first member the congress approved)."""
    from daihoi.congresses.dossier import Issuer, signature_for

    names = body_members(congress, BODY_KINDS[issuer])[:1]
    block = signature_for(congress, Issuer[issuer], *names)
    for signature in block.signatures:
        signature.authority = _authority_lines(signature.authority)
    return block


def _authority_lines(authority: str, width_mm: float = 88) -> str:
    """ "T/M BAN THẨM TRA / TƯ CÁCH ĐẠI BIỂU": a "T/M …" line too wide for the signature column breaks at a
    phrase boundary (never "TƯ CÁCH ĐẠI / BIỂU"); it is printed in 14 pt bold capitals."""
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from daihoi.core.phrases import wrap_phrases
    from daihoi.documents.fonts import pdf_font

    font = pdf_font("serif", bold=True)

    def measure(text: str) -> float:
        return float(stringWidth(text.upper(), font, 14))

    if not authority or "\n" in authority or measure(authority) <= width_mm * mm:
        return authority
    lines = wrap_phrases(authority, measure, width_mm * mm)
    return "\n".join(lines) if lines else authority


class CredentialsReport(Exporter):
    """Báo cáo thẩm tra tư cách đại biểu: who was convened and who is present (the quorum that counts:
    official members), who is absent and why, the composition of those present (years in the Party, age,
    gender, ethnicity, qualification, political theory), the finding that everyone present is eligible
    and the proposal that the congress recognise their credentials. Issued by the credentials committee."""

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
        with translation.override(self.language):
            return self._build()

    def _build(self) -> Document:
        c = self.congress
        people = list(
            c.delegates.select_related("branch", "member").exclude(kind=DelegateKind.GUEST).order_by("number")
        )
        convened = [d for d in people if d.convened]
        present = [d for d in convened if d.present]
        absent = [d for d in convened if not d.present]
        q = quorum(c)
        delegates_congress = c.kind == CongressKind.DELEGATES
        word = _("delegates") if delegates_congress else _("party members")
        official_word = _("official delegates") if delegates_congress else _("official party members")
        voters = [d for d in convened if d.has_vote]
        voters_present = [d for d in voters if d.present]
        nonvoters = [d for d in convened if not d.has_vote]
        nonvoters_present = [d for d in nonvoters if d.present]
        with_reason = sum(1 for d in absent if d.absence_reason)
        without_reason = len(absent) - with_reason

        doc = Document(title=_("Credentials report"), language=self.language)
        doc.add(
            *report_header(c, "credentials_report", "CREDENTIALS", c.starts_on),
            Title(_("REPORT"), summary=_("On the credentials of the delegates to the congress")),
            Paragraph(
                _(
                    "Under the Party Charter and the congress's working rules, the credentials committee "
                    "has examined the credentials of those convened to the congress and reports to the "
                    "congress as follows:"
                )
            ),
            Heading(_("I. Those convened and those present"), level=2),
        )
        lines = [
            _("Convened to the congress: %(n)s %(word)s, of whom %(voters)s %(official)s with a vote")
            % {"n": len(convened), "word": word, "voters": len(voters), "official": official_word}
            + (
                (
                    _("; %(n)s probationary members, without a vote")
                    if all(not d.is_official for d in nonvoters)
                    else _("; %(n)s without a vote")
                )
                % {"n": len(nonvoters)}
                if nonvoters
                else ""
            )
            + ".",
            _("Present: %(present)s of the %(convened)s %(official)s convened (%(pct)s)")
            % {
                "present": len(voters_present),
                "convened": len(voters),
                "official": official_word,
                "pct": _pct(len(voters_present), len(voters)),
            }
            + (
                _("; and %(present)s of the %(convened)s without a vote")
                % {"present": len(nonvoters_present), "convened": len(nonvoters)}
                if nonvoters
                else ""
            )
            + _("; %(n)s in all.") % {"n": len(present)},
        ]
        if not absent:
            lines.append(_("Absent: nobody."))
        elif without_reason == 0:
            lines.append(_("Absent: %(n)s, all with a reason (listed below).") % {"n": len(absent)})
        elif with_reason == 0:
            lines.append(_("Absent: %(n)s, none with a reason (listed below).") % {"n": len(absent)})
        else:
            lines.append(
                _("Absent: %(n)s, %(with)s with a reason and %(without)s without (listed below).")
                % {"n": len(absent), "with": with_reason, "without": without_reason}
            )
        doc.add(NumberedList(lines, style="-"))
        basis_word = official_word if q.basis == "voters" else word
        quorum_text = (
            _(
                "Under Article 11.6 of the Party Charter a congress is valid when at least two thirds of "
                "the %(basis)s convened attend: at least %(needed)s of %(convened)s (the minimum). "
                "%(present)s of %(convened)s %(basis)s are present, and %(bp)s of the %(bt)s branches; "
                "the congress is valid."
            )
            if q.valid
            else _(
                "Under Article 11.6 of the Party Charter a congress is valid when at least two thirds of "
                "the %(basis)s convened attend: at least %(needed)s of %(convened)s (the minimum). "
                "Only %(present)s of %(convened)s %(basis)s are present, and %(bp)s of the %(bt)s "
                "branches; the congress is NOT valid."
            )
        ) % {
            "basis": basis_word,
            "needed": q.needed,
            "convened": q.convened,
            "present": q.present,
            "bp": q.branches_present,
            "bt": q.branches_total,
        }
        doc.add(Paragraph(quorum_text))

        by_branch: dict[str, list[Delegate]] = defaultdict(list)
        for d in convened:
            by_branch[d.branch.name if d.branch else _("(no branch)")].append(d)
        branch_rows: list[list[Any]] = []
        for i, (name, group) in enumerate(sorted(by_branch.items()), start=1):
            v = [d for d in group if d.has_vote]
            vp = sum(1 for d in v if d.present)
            branch_rows.append(
                [str(i), name, len(v), vp, len(group) - len(v), sum(1 for d in group if d.present)]
            )
        branch_rows.append(
            [
                Cell(_("Total"), bold=True, colspan=2),
                len(voters),
                len(voters_present),
                len(nonvoters),
                len(present),
            ]
        )
        doc.add(
            Table(
                columns=[
                    Column(_("No."), width=12, align="center"),
                    Column(_("Branch")),
                    Column(_("With a vote, convened"), width=26, align="center"),
                    Column(_("With a vote, present"), width=26, align="center"),
                    Column(_("Without a vote"), width=24, align="center"),
                    Column(_("Present in all"), width=22, align="center"),
                ],
                rows=branch_rows,
                size=12,
            )
        )
        if absent:
            doc.add(
                Paragraph(_("Those absent:"), keep_with_next=True),
                Table(
                    columns=[
                        Column(_("No."), width=12, align="center"),
                        Column(_("Delegate number"), width=18, align="center"),
                        Column(_("Full name")),
                        Column(_("Branch"), width=45),
                        Column(_("Reason"), width=50),
                    ],
                    rows=[
                        [
                            str(i),
                            str(d.number),
                            d.full_name,
                            d.branch.name if d.branch else "",
                            (d.absence_reason + ("" if d.absence_accepted else " " + _("(not accepted)")))
                            if d.absence_reason
                            else _("no reason given"),
                        ]
                        for i, d in enumerate(absent, start=1)
                    ],
                    size=12,
                ),
            )

        # II. Composition of those present.
        day = c.starts_on
        party_years: Counter[str] = Counter()
        ages: Counter[str] = Counter()
        genders: Counter[str] = Counter()
        ethnicities: Counter[str] = Counter()
        education: Counter[str] = Counter()
        theory: Counter[str] = Counter()
        unknown = _("not recorded")
        members = [d.member for d in present if d.member is not None]
        for m in members:
            party_years[party_years_band(age_on(m.admitted_on, day)) if m.admitted_on else unknown] += 1
            ages[age_band(age_on(m.birth_date, day))] += 1
            genders[m.get_gender_display()] += 1
            ethnicities[m.ethnicity or unknown] += 1
            education[m.get_education_display() if m.education else unknown] += 1
            theory[m.get_political_theory_display() if m.political_theory else unknown] += 1
        whole = len(members)
        person = _share_rows(
            _("Years in the Party"),
            party_years,
            [party_years_band(low) for low, _h in PARTY_YEAR_BANDS],
            whole,
        )
        person += _share_rows(_("Age"), ages, [age_band(low) for low, _h in AGE_BANDS], whole)
        person += _share_rows(_("Gender"), genders, [str(Gender.MALE.label), str(Gender.FEMALE.label)], whole)
        training = _share_rows(_("Ethnicity"), ethnicities, ["Kinh"], whole)
        training += _share_rows(
            _("Professional qualification"), education, [str(label) for _v, label in Education.choices], whole
        )
        training += _share_rows(
            _("Political theory"), theory, [str(label) for _v, label in PoliticalTheory.choices], whole
        )
        columns = [
            Column(_("Criterion")),
            Column(_("Comrades"), width=28, align="center"),
            Column(_("Share of those present"), width=30, align="center"),
        ]
        doc.add(
            Heading(_("II. Composition of those present"), level=2),
            Paragraph(_("Of the %(n)s comrades present:") % {"n": whole}, keep_with_next=True),
            # Two tables, each kept on one page: no group's last rows alone on the next page.
            Table(columns=columns, rows=person, size=12, keep_together=True),
            Table(columns=columns, rows=training, size=12, keep_together=True),
        )
        if members:
            oldest = min(members, key=lambda m: m.birth_date)
            youngest = max(members, key=lambda m: m.birth_date)
            doc.add(
                Paragraph(
                    _(
                        "The oldest comrade present is %(old)s (%(old_age)s years old); the youngest is "
                        "%(young)s (%(young_age)s years old)."
                    )
                    % {
                        "old": oldest.full_name,
                        "old_age": age_on(oldest.birth_date, day),
                        "young": youngest.full_name,
                        "young_age": age_on(youngest.birth_date, day),
                    }
                )
            )

        # III. Findings and proposal.
        ineligible = [d for d in present if d.suspended]
        eligible = [d for d in present if not d.suspended]
        doc.add(Heading(_("III. Findings and proposal"), level=2))
        if ineligible:
            doc.add(
                Paragraph(
                    _(
                        "The following comrades present are suspended, prosecuted, indicted or detained and "
                        "are not eligible: %(names)s."
                    )
                    % {"names": ", ".join(f"{d.full_name} ({d.number})" for d in ineligible)}
                )
            )
        eligible_voters = sum(1 for d in eligible if d.has_vote)
        doc.add(
            Paragraph(
                (
                    _(
                        "Having examined them, the credentials committee finds that all %(n)s comrades "
                        "present are eligible"
                    )
                    if not ineligible
                    else _(
                        "Having examined them, the credentials committee finds that the other %(n)s comrades "
                        "present are eligible"
                    )
                )
                % {"n": len(eligible)}
                + (
                    _(
                        ": %(voters)s %(official)s, who vote and elect, and %(others)s without a vote, who "
                        "attend but neither vote nor elect."
                    )
                    % {
                        "voters": eligible_voters,
                        "official": official_word,
                        "others": len(eligible) - eligible_voters,
                    }
                    if len(eligible) != eligible_voters
                    else "."
                )
            ),
        )
        not_convened = [d for d in people if not d.convened]
        if not_convened:
            doc.add(
                Paragraph(_("Members of the organization not convened, and why:"), keep_with_next=True),
                Table(
                    columns=[
                        Column(_("No."), width=12, align="center"),
                        Column(_("Full name")),
                        Column(_("Reason"), width=80),
                    ],
                    rows=[
                        [str(i), d.full_name, d.not_convened_reason]
                        for i, d in enumerate(not_convened, start=1)
                    ],
                    size=12,
                ),
            )
        doc.add(
            Paragraph(
                _(
                    "The credentials committee proposes that the congress recognise the credentials of the "
                    "%(n)s comrades present at the congress."
                )
                % {"n": len(eligible)}
            ),
            report_signature(c, "CREDENTIALS"),
        )
        return doc


class CommentsExport(Exporter):
    """Delegates' written comments on a draft, by section: a report of the secretariat (BÁO CÁO tổng hợp ý
    kiến …, "Số …-BC/ĐH", T/M ĐOÀN THƯ KÝ) in Word or PDF, or the rows in Excel."""

    identifier: ClassVar[str] = "congress.document_comments"
    formats: ClassVar[tuple[str, ...]] = ("docx", "pdf", "xlsx")

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
            content = write_xlsx(self.sheets()) if fmt == "xlsx" else render_document(self.build(), fmt)
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

    def act_date(self) -> dt.date:
        """The day the comments were summed up: the latest comment's day within the congress."""
        c = self.document.congress
        last = self.document.comments.order_by("-created_at").values_list("created_at", flat=True).first()
        day = timezone.localtime(last).date() if last else c.starts_on
        return min(max(day, c.starts_on), c.ends_on)

    def build(self) -> Document:
        with translation.override(self.language):
            return self._build()

    def _build(self) -> Document:
        d = self.document
        c = d.congress
        doc = Document(title=_("Comments"), language=self.language)
        groups = self._grouped()
        total = sum(len(comments) for _s, comments in groups)
        people = len({x.delegate_id for _s, comments in groups for x in comments})
        doc.add(
            *report_header(c, f"comments_report:{d.pk}", "SECRETARIAT", self.act_date()),
            Title(
                _("REPORT"),
                summary=_("Summary of the delegates' comments on: %(title)s") % {"title": d.title},
            ),
        )
        if not groups:
            doc.add(Paragraph(_("No delegate has sent a written comment on this draft.")))
        else:
            doc.add(
                Paragraph(
                    _(
                        "The congress secretariat has received %(comments)s written comments from %(people)s "
                        "delegates on the draft «%(title)s». They are summed up below, section by section, "
                        "in the delegates' own words."
                    )
                    % {"comments": total, "people": people, "title": d.title}
                )
            )
            for i, (section, comments) in enumerate(groups, start=1):
                doc.add(
                    Heading(f"{roman(i)}. {section or _('General')}", level=2),
                    Table(
                        columns=[
                            Column(_("No."), width=12, align="center"),
                            Column(_("Delegate"), width=50),
                            Column(_("Comment")),
                        ],
                        rows=[
                            [str(k), f"{x.delegate.full_name} ({x.delegate.number})", x.text]
                            for k, x in enumerate(comments, start=1)
                        ],
                        size=12,
                    ),
                )
        doc.add(report_signature(c, "SECRETARIAT"))
        return doc
