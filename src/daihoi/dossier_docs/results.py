"""The results of the elections as the congress announces them and sends them up for approval.

- `results_announcement`: thông báo kết quả bầu cử, "Số …-TB/ĐH", T/M ĐOÀN CHỦ TỊCH: those elected to
  each body with their votes and %, pending the superior's approval.
- `approval_submission`: tờ trình đề nghị chuẩn y, "Số …-TTr/ĐU", T/M ĐẢNG ỦY / BÍ THƯ, "Kính gửi" the
  superior's standing committee.
- `summary_profiles`: danh sách trích ngang of the elected (A4 landscape).
- `approval_dossier`: the whole dossier in one zip (the submission, the counting minutes of each round,
  the summary profiles, the announcement, each as Word and PDF).
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re
import zipfile
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from daihoi.congresses.dossier import Issuer, party_header, signature_for
from daihoi.congresses.dossier import committee_name as own_committee
from daihoi.congresses.models import Congress
from daihoi.documents.model import (
    Cell,
    Column,
    Document,
    Heading,
    NumberedList,
    Paragraph,
    Run,
    Table,
    Title,
)
from daihoi.dossier_docs.common import (
    BLANK,
    counted_elections,
    day_text,
    elected_rows,
    percent_text,
    round_ballots,
    round_base,
    superior_committee,
    two,
    working_body,
)
from daihoi.elections.models import Candidate, ElectionKind
from daihoi.organizations.models import Member

# Bodies whose election the superior committee approves (chuẩn y); delegates to the upper congress are
# reported, not approved.
APPROVED_KINDS = (
    ElectionKind.EXECUTIVE_COMMITTEE,
    ElectionKind.BRANCH_COMMITTEE,
    ElectionKind.STANDING_COMMITTEE,
    ElectionKind.SECRETARY,
    ElectionKind.DEPUTY_SECRETARY,
    ElectionKind.INSPECTION_COMMITTEE,
)


def regulation(congress: Congress) -> str:
    """The election regulation the congress applies (its setting, else the one in force on its first day)."""
    if congress.regulation.number.startswith("244"):
        return _(
            "Decision 244-QĐ/TW of 09/6/2014 of the Central Committee on the Regulation on elections in the "
            "Party"
        )
    return _(
        "Decision 190-QĐ/TW of 10/10/2024 of the Central Committee on the Regulation on elections in the "
        "Party"
    )


def _result_table(rows: list[dict[str, Any]], size: float | None = None) -> Table:
    return Table(
        columns=[
            Column(_("No."), 12, "center"),
            Column(_("Full name")),
            Column(_("Votes"), 28, "center"),
            # xgettext:no-python-format (a percent sign, not a placeholder)
            Column(_("% of the base"), 34, "center"),
        ],
        rows=[
            [str(i), r["name"], r["votes"], percent_text(r["percent_of_base"])] for i, r in enumerate(rows, 1)
        ],
        size=size,
    )


def results_announcement(congress: Congress, language: str = "vi") -> Document:
    with translation.override(language):
        doc = Document(language=language, title=_("Announcement of the election results"))
        doc.add(
            party_header(congress, Issuer.CONGRESS, "results_announcement", congress.ends_on, type_code="TB"),
            Title(
                _("Announcement"),
                summary=_("The results of the elections at %(congress)s") % {"congress": congress.title},
            ),
            Paragraph(
                _(
                    "%(congress)s, meeting on %(day)s at %(place)s, under the Party Charter and "
                    "%(regulation)s, held these elections:"
                )
                % {
                    "congress": congress.title,
                    "day": day_text(congress.starts_on),
                    "place": congress.place or BLANK,
                    "regulation": regulation(congress),
                }
            ),
        )
        elections = counted_elections(congress)
        roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
        for i, election in enumerate(elections):
            elected, alternates = elected_rows(election)
            doc.add(
                Heading(f"{roman[i] if i < len(roman) else i + 1}. {election.title}"),
                Paragraph(
                    _(
                        "Elected: %(n)s of %(seats)s to elect (the base D = %(base)s; each has more than "
                        "half):"
                    )
                    % {
                        "n": two(len(elected)),
                        "seats": two(election.seats),
                        "base": round_base(election) or "……",
                    },
                    keep_with_next=True,
                ),
                *round_ballots(election),
                _result_table(elected),
            )
            if alternates:
                doc.add(Paragraph(_("Alternates:"), keep_with_next=True), _result_table(alternates))
        superior = congress.organization.superior_name
        doc.add(
            Paragraph(
                _(
                    "The results are reported to the Standing Committee of %(superior)s for approval under "
                    "the "
                    "regulation; the elected take office once approved."
                )
                % {"superior": superior_committee(superior) if superior else BLANK}
            )
        )
        presidium = working_body(congress, "presidium")
        doc.add(
            signature_for(
                congress,
                Issuer.PRESIDIUM,
                presidium.head,
                recipients=[
                    _("The Standing Committee of %(superior)s (to report);")
                    % {"superior": superior_committee(superior) or BLANK},
                    _("The branches (to inform);"),
                    _("File."),
                ],
            )
        )
        return doc


def _secretary_name(congress: Congress) -> str:
    for election in counted_elections(congress):
        if election.kind == ElectionKind.SECRETARY:
            elected, _alt = elected_rows(election)
            if elected:
                return str(elected[0]["name"])
    return ""


def _approved_elections(congress: Congress) -> list[Any]:
    return [e for e in counted_elections(congress) if e.kind in APPROVED_KINDS]


def approval_submission(congress: Congress, language: str = "vi") -> Document:
    with translation.override(language):
        org = congress.organization
        superior = superior_committee(org.superior_name) if org.superior_name else BLANK
        doc = Document(language=language, title=_("Submission for approval"))
        doc.add(
            party_header(congress, Issuer.COMMITTEE, "approval_submission", None, type_code="TTr"),
            Title(
                _("Submission"),
                summary=_("Requesting approval of the results of the elections at %(congress)s")
                % {"congress": congress.title},
            ),
            Paragraph(
                [Run(_("To: the Standing Committee of %(superior)s") % {"superior": superior}, bold=True)],
                align="center",
            ),
            Paragraph(_("Under the Charter of the Communist Party of Vietnam;")),
            Paragraph(_("Under %(regulation)s;") % {"regulation": regulation(congress)}),
            Paragraph(
                _("Under the results of the elections at %(congress)s, held on %(day)s at %(place)s,")
                % {
                    "congress": congress.title,
                    "day": day_text(congress.starts_on),
                    "place": congress.place or BLANK,
                }
            ),
            Paragraph(
                _("%(committee)s respectfully asks the Standing Committee of %(superior)s to approve:")
                % {"committee": own_committee(org), "superior": superior}
            ),
        )
        items = []
        for election in _approved_elections(congress):
            elected, _alt = elected_rows(election)
            names = ", ".join(str(r["name"]) for r in elected)
            items.append(
                _("%(what)s: %(n)s comrades (%(names)s).")
                % {"what": election.title, "n": two(len(elected)), "names": names}
            )
        doc.add(NumberedList(items or [BLANK * 2], style="1."))
        doc.add(
            Paragraph(
                _(
                    "Attached: the minutes of the congress, the counting minutes of each round and the "
                    "summary profiles of the elected."
                )
            ),
            Paragraph(
                _("We respectfully ask the Standing Committee of %(superior)s to consider and approve.")
                % {"superior": superior}
            ),
            signature_for(
                congress, Issuer.COMMITTEE, _secretary_name(congress), recipients=[_("As above;"), _("File.")]
            ),
        )
        return doc


def _delegate_post(congress: Congress, member_id: int) -> str:
    delegate = congress.delegates.filter(member_id=member_id).first()
    return delegate.title if delegate is not None else ""


def _member_field(member: Member, name: str) -> str:
    """A roll field of the member (home town, qualification, political theory): dotted when not recorded."""
    value = {
        "home_town": member.home_town,
        "education": member.get_education_display() if member.education else "",
        "political_theory": member.get_political_theory_display() if member.political_theory else "",
    }[name]
    return str(value) if value else "……"


def summary_profiles(congress: Congress, language: str = "vi") -> Document:
    with translation.override(language):
        doc = Document(
            language=language,
            title=_("Summary profiles of the elected"),
            orientation="landscape",
            body_size=12,
        )
        doc.add(
            party_header(congress, Issuer.COMMITTEE, "summary_profiles", None, type_code=""),
            Title(
                _("Summary profiles of the elected"),
                summary=_("At %(congress)s (attached to the submission for approval)")
                % {"congress": congress.title},
            ),
        )
        columns = [
            Column(_("No."), 10, "center"),
            Column(_("Full name"), 34),
            Column(_("Date of birth"), 22, "center"),
            Column(_("Gender"), 12, "center"),
            Column(_("Ethnicity"), 14, "center"),
            Column(_("Home town"), 24),
            Column(_("Joined / made official"), 40, "center"),
            Column(_("Education"), 18, "center"),
            Column(_("Political theory"), 18, "center"),
            Column(_("Current post")),
            # xgettext:no-python-format (a percent sign, not a placeholder)
            Column(_("Votes (% of D)"), 22, "center"),
        ]
        total = 0
        for election in _approved_elections(congress):
            elected, alternates = elected_rows(election)
            total += len(elected) + len(alternates)
            rows: list[list[Any]] = [[Cell(election.title, bold=True, colspan=len(columns))]]
            for i, r in enumerate([*elected, *alternates], start=1):
                cand = Candidate.objects.select_related("member").get(pk=int(r["id"]))
                m = cand.member
                rows.append([
                    str(i),
                    r["name"] + (" " + _("(alternate)") if i > len(elected) else ""),
                    m.birth_date.strftime("%d/%m/%Y") if m.birth_date else "……",
                    m.get_gender_display() if m.gender else "……",
                    m.ethnicity or "……",
                    # one place per line ("Phù Cát,\nBình Định"): never "Bình / Định"
                    _member_field(m, "home_town").replace(", ", ",\n"),
                    " – ".join([
                        m.admitted_on.strftime("%d/%m/%Y") if m.admitted_on else "……",
                        m.official_on.strftime("%d/%m/%Y") if m.official_on else "……",
                    ]),
                    _member_field(m, "education"),
                    _member_field(m, "political_theory"),
                    _delegate_post(congress, m.pk) or "……",
                    f"{r['votes']} ({percent_text(r['percent_of_base'])})",
                ])  # fmt: skip
            doc.add(Table(columns=columns, rows=rows, size=10))
        doc.add(
            Paragraph(_("Total: %(n)s comrades.") % {"n": two(total)}),
            signature_for(congress, Issuer.COMMITTEE, _secretary_name(congress)),
        )
        return doc


def approval_dossier_parts(congress: Congress, language: str = "vi") -> list[tuple[str, Document]]:
    """The parts of the approval dossier, each (file stem, document), in the order of the dossier."""
    from daihoi.dossier_docs.minutes import general_minutes
    from daihoi.elections.minutes import round_minutes

    parts: list[tuple[str, Document]] = [
        ("01-to-trinh-de-nghi-chuan-y", approval_submission(congress, language)),
        ("02-bien-ban-dai-hoi", general_minutes(congress, language)),
    ]
    n = 3
    for election in counted_elections(congress):
        for rnd in election.rounds.filter(status="closed").order_by("number"):
            parts.append(
                (f"{n:02d}-bien-ban-kiem-phieu-{election.pk}-vong-{rnd.number}", round_minutes(rnd, language))
            )
            n += 1
    parts.append((f"{n:02d}-danh-sach-trich-ngang", summary_profiles(congress, language)))
    parts.append((f"{n + 1:02d}-thong-bao-ket-qua-bau-cu", results_announcement(congress, language)))
    return parts


# The zip's comment carries the fingerprint of what the dossier says: Word and PDF files embed the time
# they were written, so two zips of the same dossier differ byte for byte, while their fingerprints agree.
FINGERPRINT_PREFIX = b"daihoi-dossier-content-sha256:"


_HASH = re.compile(r"\b[0-9a-f]{64}\b")


def _without_audit_anchor(document: Document) -> Document:
    """The document less the small line anchoring the audit log (its length and newest hash, printed
    at the end of the counting minutes): it moves with every audited action, not with the dossier."""
    blocks = [
        b
        for b in document.blocks
        if not (isinstance(b, Paragraph) and b.size == 8 and isinstance(b.text, str) and _HASH.search(b.text))
    ]
    return dataclasses.replace(document, blocks=blocks)


def dossier_fingerprint(parts: list[tuple[str, Document]]) -> str:
    """SHA-256 of the documents' content (their blocks and page setup), not of their rendered bytes."""
    digest = hashlib.sha256()
    for name, document in parts:
        digest.update(name.encode() + b"\0" + repr(_without_audit_anchor(document)).encode() + b"\0")
    return digest.hexdigest()


def fingerprint_of_zip(data: bytes) -> str:
    """The content fingerprint an approval dossier's zip carries ("" if it has none)."""
    try:
        comment = zipfile.ZipFile(io.BytesIO(data)).comment
    except zipfile.BadZipFile:
        return ""
    return comment[len(FINGERPRINT_PREFIX) :].decode() if comment.startswith(FINGERPRINT_PREFIX) else ""


def approval_dossier(congress: Congress, language: str = "vi") -> bytes:
    """The approval dossier as one zip: each part as Word and PDF, numbered in the order of the dossier;
    the zip's comment is the fingerprint of its content (`dossier_fingerprint`)."""
    from daihoi.documents.exporters import render_document

    parts = approval_dossier_parts(congress, language)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.comment = FINGERPRINT_PREFIX + dossier_fingerprint(parts).encode()
        for name, document in parts:
            with translation.override(language):
                for fmt in ("docx", "pdf"):
                    archive.writestr(f"{name}.{fmt}", render_document(document, fmt))
    return buffer.getvalue()
