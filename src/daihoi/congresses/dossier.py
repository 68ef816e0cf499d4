"""The congress's dossier (hồ sơ đại hội): the one header convention, numbers, signatures and the table of
every document daihoi produces for a congress.

- `Issuer`: who issues a document. The congress bodies (presidium, secretariat, credentials and counting
  committees) put the congress on the superior line (documents.md §1.2); the congress itself is the
  issuer of its resolution (superior line: the organization's superior); the organization's own
  committee ("ĐẢNG ỦY …", or the chi bộ) issues the convocation, the yearly report, the submission.
- `party_header(subject, issuer, key, act_date)`: the header block of any document — the superior and
  issuer lines, the number and symbol ("Số 03-BB/ĐH"; "Số ……-BB/ĐH" when no number is typed), the
  organization's locality and the date of the act the document records (None: a dotted blank).
- `signature_for(subject, issuer, *names)`: the T/M signature block.
- `DossierNumber` (model, congresses app): the typed number and date of each document; congress
  documents (…/ĐH) share one series per congress, the committee's are numbered per type.
- `DOCUMENTS`: the explicit table of the dossier's documents: key, type code, issuer, title, builder,
  what it is made per (congress, round, year, commented document, open vote) and the phrases its text
  must contain (tests/documents/test_dossier.py renders and reads back every entry).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from daihoi.documents.model import Document, PartyHeader, Recipients, Signature, SignatureBlock
from daihoi.documents.texts import number_symbol
from daihoi.dossier_docs import entries as new_docs

if TYPE_CHECKING:
    from daihoi.congresses.models import Congress, DossierNumber
    from daihoi.organizations.models import Organization

CONGRESS_CODE = "ĐH"  # the issuer code of every document issued during the congress (36-HD 1.3.1)


class Issuer(StrEnum):
    CONGRESS = "congress"
    PRESIDIUM = "presidium"
    SECRETARIAT = "secretariat"
    CREDENTIALS = "credentials"
    COUNTING = "counting"
    COMMITTEE = "committee"  # the organization's own committee (đảng ủy), or the chi bộ

    @property
    def is_congress_body(self) -> bool:
        return self is not Issuer.COMMITTEE


# ------------------------------------------------------------------------------------------- names


def issuer_code(org: Organization) -> str:
    """The committee's code in a symbol: "CB" for a chi bộ, "ĐU" for a đảng ủy (spec §1.2)."""
    return "CB" if org.is_chi_bo else "ĐU"


def committee_name(org: Organization) -> str:
    """The body that issues the organization's own documents: "Đảng ủy Văn phòng UBND tỉnh" for
    "Đảng bộ Văn phòng UBND tỉnh"; a chi bộ issues as itself."""
    name = org.name.strip()
    if org.is_chi_bo:
        return name
    for prefix in ("Đảng bộ ", "đảng bộ ", "ĐẢNG BỘ "):
        if name.startswith(prefix):
            return "Đảng ủy " + name[len(prefix) :]
    return "Đảng ủy " + name


def body_name(issuer: Issuer, subject: Congress | Organization) -> str:
    """The issuing body's name, in the active language ("Ban Kiểm phiếu", "Đảng ủy …")."""
    if issuer is Issuer.COMMITTEE:
        return committee_name(_organization(subject))
    if issuer is Issuer.CONGRESS:
        return congress_name(_congress_of(subject))
    return str(
        {
            Issuer.PRESIDIUM: _("Presidium"),
            Issuer.SECRETARIAT: _("Secretariat"),
            Issuer.CREDENTIALS: _("Credentials committee"),
            Issuer.COUNTING: _("Counting committee"),
        }[issuer]
    )


def congress_name(congress: Congress | None) -> str:
    """ "Đại hội Đảng bộ Văn phòng UBND tỉnh" (a delegates' congress: "Đại hội đại biểu Đảng bộ …")."""
    if congress is None:
        return ""
    return congress_heading(
        congress.organization.name, delegates=congress.kind == "delegates", number="", term=""
    )[0]


def congress_heading(org_name: str, *, delegates: bool, number: str, term: str) -> list[str]:
    """The congress as header lines: its name, then "lần thứ X, nhiệm kỳ 2020 - 2025" (either part
    may be missing: a dotted blank is printed for a missing number when the term is known)."""
    if delegates:
        name = _("Delegates' congress of %(org)s") % {"org": org_name}
    else:
        name = _("Congress of %(org)s") % {"org": org_name}
    if number and term:
        second = _("no. %(number)s, term %(term)s") % {"number": number, "term": term}
    elif term:
        second = _("term %(term)s") % {"term": term}
    elif number:
        second = _("no. %(number)s") % {"number": number}
    else:
        second = ""
    return [name, second] if second else [name]


def congress_header_lines(congress: Congress) -> list[str]:
    return congress_heading(
        congress.organization.name,
        delegates=congress.kind == "delegates",
        number=congress.roman_number,
        term=congress.term,
    )


def header_lines(
    issuer: Issuer, congress_lines: Sequence[str], body: str, superior_body: str
) -> tuple[list[str], list[str]]:
    """(superior lines, issuer lines) by the one header convention (documents.md §1.2): a congress body
    under the congress; the congress, or the committee, under the organization's superior."""
    if issuer is Issuer.CONGRESS:
        return ([superior_body] if superior_body else []), list(congress_lines)
    if issuer is Issuer.COMMITTEE:
        return ([superior_body] if superior_body else []), [body]
    return list(congress_lines), [body]


# ------------------------------------------------------------------------------------------- numbers


def series_for(issuer: Issuer, type_code: str, org: Organization) -> str:
    """ "ĐH" for the congress's one series; "<type>/<code>" for the committee's, numbered per type."""
    return CONGRESS_CODE if issuer.is_congress_body else f"{type_code}/{issuer_code(org)}"


def symbol_for(issuer: Issuer, type_code: str, org: Organization, number: int | None) -> str:
    code = CONGRESS_CODE if issuer.is_congress_body else issuer_code(org)
    return number_symbol(number, type_code, code)


def _organization(subject: Congress | Organization) -> Organization:
    return subject if _is_org(subject) else subject.organization  # type: ignore[union-attr,return-value]


def _is_org(subject: Any) -> bool:
    from daihoi.organizations.models import Organization

    return isinstance(subject, Organization)


def _congress_of(subject: Congress | Organization, day: dt.date | None = None) -> Congress | None:
    """The congress itself; for an organization, the congress that opened the term `day` falls in."""
    if not _is_org(subject):
        return subject  # type: ignore[return-value]
    congresses = subject.congresses.order_by("-starts_on")  # type: ignore[union-attr]
    if day is not None:
        return congresses.filter(starts_on__lte=day).first() or congresses.last()
    return congresses.first()


def dossier_number(congress: Congress | None, key: str | None) -> DossierNumber | None:
    if congress is None or not key or congress.pk is None:
        return None
    from daihoi.congresses.models import DossierNumber

    return DossierNumber.objects.filter(congress=congress, key=key).first()


def party_header(
    subject: Congress | Organization,
    issuer: Issuer,
    key: str | None = None,
    act_date: dt.date | None = None,
    *,
    type_code: str | None = None,
) -> PartyHeader:
    """The header block of a document issued by `issuer` for `subject` (a congress, or an organization
    for the committee's own documents), in the active language.

    `key` is the document's dossier key ("counting_minutes:12"): its type code comes from DOCUMENTS
    (or `type_code`), its typed number and date from DossierNumber. The date printed is the one typed
    for the document, else `act_date` — the date of the act the document records — else a dotted
    blank; the place is the organization's locality. A document without a type code has no number.
    """
    org = _organization(subject)
    congress = _congress_of(subject, act_date)
    if type_code is None and key:
        entry = DOCUMENTS_BY_KEY.get(key.split(":", 1)[0])
        type_code = entry.type_code if entry else ""
    record = dossier_number(congress, key)
    number = record.number if record else None
    date = record.date if record and record.date else act_date
    if issuer is Issuer.COMMITTEE:
        lines: list[str] = []
    elif congress is not None:
        lines = congress_header_lines(congress)
    else:
        lines = congress_heading(org.name, delegates=False, number="……", term="")
    superior, issuer_lines = header_lines(issuer, lines, body_name(issuer, subject), org.superior_body)
    return PartyHeader(
        superior=superior,
        issuer=issuer_lines,
        number_symbol=symbol_for(issuer, type_code, org, number) if type_code else None,
        place=org.locality or "……",  # no locality set: a dotted place to fill by hand
        date=date,
    )


# ------------------------------------------------------------------------------------------- signatures


def authority_for(issuer: Issuer, subject: Congress | Organization | None) -> tuple[str, str]:
    """(the "T/M …" line, the signer's title) of the issuing body (36-HD 1.7.1, documents.md §1.3)."""
    if issuer in (Issuer.CONGRESS, Issuer.PRESIDIUM):
        default = _("On behalf of %(body)s") % {"body": _("Presidium")}
        return str(getattr(settings, "DAIHOI_RESOLUTION_AUTHORITY", "") or default), ""
    if issuer is Issuer.COMMITTEE:
        if subject is None:
            raise ValueError("the committee's signature needs the organization")
        org = _organization(subject)
        body = pgettext("signature", "Party branch") if org.is_chi_bo else _("Party committee")
        return _("On behalf of %(body)s") % {"body": body}, pgettext("party committee", "Secretary")
    if issuer is Issuer.SECRETARIAT:
        return _("On behalf of %(body)s") % {"body": _("Secretariat")}, pgettext("secretariat", "Head")
    if issuer is Issuer.CREDENTIALS:
        return (
            _("On behalf of %(body)s") % {"body": _("Credentials committee")},
            pgettext("counting committee", "Head"),
        )
    return _("On behalf of %(body)s") % {"body": _("Counting committee")}, pgettext(
        "counting committee", "Head"
    )


def signature_for(
    subject: Congress | Organization | None,
    issuer: Issuer,
    *names: str,
    members_sign: bool = False,
    recipients: Sequence[str] | None = None,
) -> SignatureBlock:
    """The signature block: "T/M <body>" and the title over the first name (the head); with
    `members_sign` every other name signs too, as "Ủy viên" (the counting minutes: every member of the
    counting committee signs), set before the head's signature and wrapped three to a row. A missing
    name leaves the space to sign and write it by hand."""
    authority, title = authority_for(issuer, subject)
    head = Signature(authority=authority, title=title, name=names[0] if names else "")
    members = [Signature(title=pgettext("counting committee", "Member"), name=n) for n in names[1:]]
    block_recipients = Recipients(list(recipients)) if recipients else None
    return SignatureBlock([*(members if members_sign else []), head], recipients=block_recipients)


# ------------------------------------------------------------------------------------------- DOCUMENTS


@dataclass(frozen=True)
class Part:
    """One instance of a document made per round / year / ...: the key suffix, a label, the object."""

    suffix: str
    label: str
    obj: Any


Builder = Callable[["Congress", Any], Document]


@dataclass(frozen=True)
class DossierDoc:
    """One kind of document of the congress's dossier."""

    key: str
    type_code: str  # "BB", "NQ", "BC"...; "" for a document without number (a list, a news item)
    issuer: Issuer
    title: Any  # a lazy translation: the document's name in the dossier
    builder: Builder  # (congress, part object or None) -> Document
    per: str = "congress"  # "congress", "round", "year", "commented_document", "open_vote", ...
    phrases: tuple[str, ...] = ()  # Vietnamese phrases the demo congress's document must contain
    filename: str = ""  # file name stem; the key if empty
    party_format: bool = True  # False: no Party header (a news item for a portal)

    def parts(self, congress: Congress) -> list[Part]:
        return PARTS[self.per](congress)

    def dossier_key(self, part: Part) -> str:
        return f"{self.key}:{part.suffix}" if part.suffix else self.key

    def series(self, congress: Congress) -> str:
        return series_for(self.issuer, self.type_code, congress.organization)

    def build(self, congress: Congress, part: Part, language: str = "vi") -> Document:
        with translation.override(language):
            return self.builder(congress, part.obj)

    def file_stem(self, part: Part) -> str:
        stem = self.filename or self.key.replace("_", "-")
        return f"{stem}-{part.suffix}" if part.suffix else stem


def _once(congress: Congress) -> list[Part]:
    return [Part("", "", None)]


def _counted_rounds(congress: Congress) -> list[Part]:
    from daihoi.elections.models import Round

    rounds = (
        Round.objects.filter(election__congress=congress)
        .exclude(result={})
        .exclude(result__isnull=True)
        .select_related("election")
        .order_by("election__id", "number")
    )
    return [Part(str(r.pk), f"{r.election.title} — {_('round %(n)s') % {'n': r.number}}", r) for r in rounds]


def _term_years(congress: Congress) -> list[Part]:
    resolution = term_resolution(congress)
    if resolution is None:
        return []
    from django.utils import timezone

    this_year = timezone.localdate().year
    return [Part(str(y), str(y), y) for y in resolution.years if y <= this_year]


def _commented_documents(congress: Congress) -> list[Part]:
    documents = congress.documents.filter(accepts_comments=True).order_by("id")
    return [Part(str(d.pk), d.title, d) for d in documents]


def _open_votes(congress: Congress) -> list[Part]:
    votes = congress.open_votes.filter(status="closed").order_by("id")
    return [Part(str(v.pk), v.title, v) for v in votes]


def _elections(congress: Congress) -> list[Part]:
    return [Part(str(e.pk), e.title, e) for e in congress.elections.order_by("id")]


PARTS: dict[str, Callable[[Congress], list[Part]]] = {
    "congress": _once,
    "round": _counted_rounds,
    "year": _term_years,
    "commented_document": _commented_documents,
    "open_vote": _open_votes,
    "election": _elections,
}


def term_resolution(congress: Congress) -> Any:
    """The targets resolution of the term the congress opened (None if none was entered)."""
    from daihoi.targets.models import Resolution

    return Resolution.objects.filter(
        organization=congress.organization, term_start=congress.term_start_year
    ).first()


# Builders of the existing documents. Each imports its module when called, so that this table loads
# with the congresses app.


def _counting_minutes(congress: Congress, rnd: Any) -> Document:
    from daihoi.elections import minutes

    return minutes.round_minutes(rnd, translation.get_language() or "vi")


def _elected_list(congress: Congress, rnd: Any) -> Document:
    from daihoi.elections import minutes

    return minutes.build_elected_list(rnd.result, minutes.round_info(rnd), translation.get_language() or "vi")


def _entry_log(congress: Congress, rnd: Any) -> Document:
    from daihoi.elections import minutes

    return minutes.build_entry_log(rnd, minutes.round_info(rnd), translation.get_language() or "vi")


def _credentials_report(congress: Congress, _obj: Any) -> Document:
    from daihoi.congresses.exports import CredentialsReport

    return CredentialsReport(congress, translation.get_language() or "vi").build()


def _comments_report(congress: Congress, document: Any) -> Document:
    from daihoi.congresses.exports import CommentsExport

    return CommentsExport(document, translation.get_language() or "vi").build()


def _resolution(congress: Congress, _obj: Any) -> Document:
    from daihoi.congresses.resolution import build_resolution

    return build_resolution(congress)


def _yearly_report(congress: Congress, year: int) -> Document:
    from daihoi.targets.exports import build_report, year_report

    return build_report(year_report(term_resolution(congress), year))


def _news_report(congress: Congress, _obj: Any) -> Document:
    from daihoi.elections import news

    election = congress.elections.exclude(news_text="").order_by("id").first()
    text = election.news_text if election else news.draft(congress)
    return news.news_document(text)


DOCUMENTS: list[DossierDoc] = [
    DossierDoc(
        "credentials_report", "BC", Issuer.CREDENTIALS, gettext_lazy("Credentials report"),
        _credentials_report,
        phrases=("BÁO CÁO", "48/50 đảng viên chính thức", "ít nhất 34/50 (mức tối thiểu)",
                 "đều đủ tư cách đại biểu", "đề nghị Đại hội công nhận tư cách đại biểu", "Tuổi đảng",
                 "Tuổi đời", "Giới tính", "Dân tộc", "Trình độ chuyên môn", "Lý luận chính trị"),
        filename="bao-cao-tham-tra-tu-cach",
    ),
    DossierDoc(
        "counting_minutes", "BB", Issuer.COUNTING, gettext_lazy("Counting minutes"), _counting_minutes,
        per="round",
        phrases=("BIÊN BẢN KIỂM PHIẾU", "Quy chế bầu cử trong Đảng", "Biên bản lập xong vào hồi",
                 "đảng viên chính thức", "T/M BAN KIỂM PHIẾU", "TRƯỞNG BAN", "ỦY VIÊN"),
        filename="bien-ban-kiem-phieu",
    ),
    DossierDoc(
        "elected_list", "", Issuer.COUNTING, gettext_lazy("List of the elected"), _elected_list,
        per="round", phrases=("DANH SÁCH", "T/M BAN KIỂM PHIẾU"), filename="danh-sach-trung-cu",
    ),
    DossierDoc(
        "entry_log", "", Issuer.COUNTING, gettext_lazy("Ballot entry log"), _entry_log, per="round",
        phrases=("NHẬT KÝ NHẬP PHIẾU", "Ngày, giờ"), filename="nhat-ky-nhap-phieu",
    ),
    DossierDoc(
        "resolution", "NQ", Issuer.CONGRESS, gettext_lazy("Congress resolution"), _resolution,
        phrases=("NGHỊ QUYẾT", "QUYẾT NGHỊ", "diễn ra ngày 16 tháng 6 năm 2020, tại",
                 "khóa IX, nhiệm kỳ 2015 - 2020 trình,", "Kết quả bầu cử", "gồm 8 đồng chí",
                 "trong đó có 90% đảng viên hoàn thành tốt nhiệm vụ;"),
        filename="nghi-quyet-dai-hoi",
    ),
    DossierDoc(
        "yearly_targets_report", "BC", Issuer.COMMITTEE, gettext_lazy("Yearly targets report"),
        _yearly_report, per="year", phrases=("BÁO CÁO", "Lưu Văn phòng Đảng ủy", "Đánh giá"),
        filename="bao-cao-chi-tieu",
    ),
    DossierDoc(
        "comments_report", "BC", Issuer.SECRETARIAT, gettext_lazy("Comments on a congress document"),
        _comments_report, per="commented_document", phrases=("BÁO CÁO", "Tổng hợp ý kiến của đại biểu về"),
        filename="tong-hop-y-kien",
    ),
    DossierDoc(
        "news_report", "", Issuer.PRESIDIUM, gettext_lazy("News report draft"), _news_report,
        phrases=("Dự Đại hội có lãnh đạo Đảng ủy Khối", "Nhiệm kỳ 2015 - 2020",
                 "Đại hội nhất trí thông qua mục tiêu, phương hướng, nhiệm vụ",
                 "Đại hội đại biểu Đảng bộ Khối cơ quan và doanh nghiệp tỉnh"),
        filename="tin-dai-hoi", party_format=False,
    ),
    # The documents built from the congress's record (doc-new, daihoi.dossier_docs; documents.md §8).
    DossierDoc(
        "convocation_decision", "QĐ", Issuer.COMMITTEE, new_docs.TITLES["convocation_decision"],
        new_docs.convocation_decision,
        phrases=("QUYẾT ĐỊNH", "Về việc triệu tập", "Căn cứ Điều lệ Đảng", "Chỉ thị số 45-CT/TW",
                 "Điều 1.", "Điều 2.", "Điều 3.", "T/M ĐẢNG ỦY", "BÍ THƯ", "DANH SÁCH TRIỆU TẬP",
                 "Tổng số: 53 đảng viên"),
        filename="quyet-dinh-trieu-tap",
    ),
    DossierDoc(
        "invitation_letters", "", Issuer.COMMITTEE, new_docs.TITLES["invitation_letters"],
        new_docs.invitation_letters, phrases=("GIẤY MỜI", "Kính gửi: Đồng chí", "trân trọng kính mời"),
        filename="giay-moi",
    ),
    DossierDoc(
        "sign_in_sheet", "", Issuer.CREDENTIALS, new_docs.TITLES["sign_in_sheet"], new_docs.sign_in_sheet,
        phrases=("DANH SÁCH ĐẢNG VIÊN DỰ ĐẠI HỘI KÝ TÊN", "Ký tên", "Tổng số được triệu tập: 53"),
        filename="danh-sach-ky-ten",
    ),
    DossierDoc(
        "programme", "CTr", Issuer.PRESIDIUM, new_docs.TITLES["programme"], new_docs.programme,
        phrases=("CHƯƠNG TRÌNH", "Thời gian", "T/M ĐOÀN CHỦ TỊCH"), filename="chuong-trinh-dai-hoi",
    ),
    DossierDoc(
        "working_rules", "QC", Issuer.PRESIDIUM, new_docs.TITLES["working_rules"],
        new_docs.working_rules,
        phrases=("QUY CHẾ LÀM VIỆC", "Đoàn Chủ tịch", "Ban Kiểm phiếu", "số tính D là 48"),
        filename="quy-che-lam-viec",
    ),
    DossierDoc(
        "election_rules", "QC", Issuer.PRESIDIUM, new_docs.TITLES["election_rules"],
        new_docs.election_rules,
        phrases=("QUY CHẾ BẦU CỬ", "trên 30%", "Phiếu bầu không hợp lệ", "nay D = 48", "bầu lại"),
        filename="quy-che-bau-cu",
    ),
    DossierDoc(
        "open_vote_record", "BB", Issuer.SECRETARIAT, new_docs.TITLES["open_vote_record"],
        new_docs.open_vote_record, per="open_vote",
        phrases=("BIÊN BẢN BIỂU QUYẾT", "được triệu tập: 50", "có mặt khi biểu quyết: 48", "THÔNG QUA",
                 "T/M ĐOÀN THƯ KÝ"),
        filename="bien-ban-bieu-quyet",
    ),
    DossierDoc(
        "opinion_ballot", "", Issuer.COUNTING, new_docs.TITLES["opinion_ballot"], new_docs.opinion_ballot,
        per="election", phrases=("PHIẾU THĂM DÒ Ý KIẾN", "Gạch ngang"), filename="phieu-tham-do",
        party_format=False,  # a ballot paper: no number, no place and date (documents.md §2)
    ),
    DossierDoc(
        "opinion_minutes", "BB", Issuer.COUNTING, new_docs.TITLES["opinion_minutes"],
        new_docs.opinion_minutes, per="election",
        phrases=("BIÊN BẢN KIỂM PHIẾU THĂM DÒ Ý KIẾN", "T/M BAN KIỂM PHIẾU"), filename="bien-ban-tham-do",
    ),
    DossierDoc(
        "ballot_box_minutes", "BB", Issuer.COUNTING,
        new_docs.TITLES["ballot_box_minutes"],
        new_docs.ballot_box_minutes, per="round",
        phrases=("BIÊN BẢN KIỂM TRA VÀ NIÊM PHONG HÒM PHIẾU", "ĐẠI BIỂU CHỨNG KIẾN", "T/M BAN KIỂM PHIẾU"),
        filename="bien-ban-niem-phong-hom-phieu",
    ),
    DossierDoc(
        "ballot_sealing_minutes", "BB", Issuer.COUNTING, new_docs.TITLES["ballot_sealing_minutes"],
        new_docs.ballot_sealing_minutes, per="round",
        phrases=("BIÊN BẢN NIÊM PHONG PHIẾU BẦU", "Số phiếu phát ra 48", "T/M BAN KIỂM PHIẾU"),
        filename="bien-ban-niem-phong-phieu-bau",
    ),
    DossierDoc(
        "congress_minutes", "BB", Issuer.SECRETARIAT, new_docs.TITLES["congress_minutes"],
        new_docs.congress_minutes,
        phrases=("BIÊN BẢN ĐẠI HỘI", "được triệu tập: 50", "có mặt: 48", "IV. Các nội dung biểu quyết",
                 "V. Kết quả bầu cử", "Đại hội bế mạc vào hồi", "T/M ĐOÀN THƯ KÝ", "T/M ĐOÀN CHỦ TỊCH"),
        filename="bien-ban-dai-hoi",
    ),
    DossierDoc(
        "results_announcement", "TB", Issuer.CONGRESS, new_docs.TITLES["results_announcement"],
        new_docs.results_announcement,
        phrases=("THÔNG BÁO", "Kết quả bầu cử", "chuẩn y", "T/M ĐOÀN CHỦ TỊCH"),
        filename="thong-bao-ket-qua-bau-cu",
    ),
    DossierDoc(
        "approval_submission", "TTr", Issuer.COMMITTEE, new_docs.TITLES["approval_submission"],
        new_docs.approval_submission,
        phrases=("TỜ TRÌNH", "Kính gửi: Ban Thường vụ", "chuẩn y", "T/M ĐẢNG ỦY", "BÍ THƯ"),
        filename="to-trinh-de-nghi-chuan-y",
    ),
    DossierDoc(
        "summary_profiles", "", Issuer.COMMITTEE, new_docs.TITLES["summary_profiles"],
        new_docs.summary_profiles,
        phrases=("DANH SÁCH TRÍCH NGANG", "Ngày sinh", "Dân tộc", "Lý luận chính trị", "Số phiếu"),
        filename="danh-sach-trich-ngang",
    ),
]  # fmt: skip
DOCUMENTS_BY_KEY: dict[str, DossierDoc] = {d.key: d for d in DOCUMENTS}


def document_entry(key: str) -> DossierDoc:
    """The entry of a dossier key ("counting_minutes:12" -> counting_minutes); KeyError if none."""
    return DOCUMENTS_BY_KEY[key.split(":", 1)[0]]


# ------------------------------------------------------------------------------------------- the dossier


@dataclass
class DossierRow:
    entry: DossierDoc
    part: Part
    key: str
    number: int | None
    date: dt.date | None
    series: str


def dossier_rows(congress: Congress) -> list[DossierRow]:
    """Every document of the congress's dossier that can be produced now, with its number and date."""
    from daihoi.congresses.models import DossierNumber

    records = {r.key: r for r in DossierNumber.objects.filter(congress=congress)}
    rows = []
    for entry in DOCUMENTS:
        for part in entry.parts(congress):
            key = entry.dossier_key(part)
            record = records.get(key)
            rows.append(
                DossierRow(
                    entry,
                    part,
                    key,
                    record.number if record else None,
                    record.date if record else None,
                    entry.series(congress),
                )
            )
    return rows


class DossierError(ValueError):
    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def set_numbers(
    congress: Congress,
    values: dict[str, tuple[int | None, dt.date | None]],
    *,
    actor: Any,
) -> list[DossierNumber]:
    """Type the numbers and dates of documents: {dossier key: (number or None, date or None)}.

    All or nothing: a number already used in its series (the congress's one series "ĐH", or the
    committee's per type) is refused naming both documents. Audited ("congress.dossier.numbered")."""
    from daihoi.audit.services import log_action
    from daihoi.congresses.models import DossierNumber

    rows = {row.key: row for row in dossier_rows(congress)}
    with transaction.atomic():
        existing = {r.key: r for r in DossierNumber.objects.select_for_update().filter(congress=congress)}
        final = {k: (r.number, r.date) for k, r in existing.items()}
        for key, (number, date) in values.items():
            if key not in rows and key not in existing:
                raise DossierError(
                    "dossier.unknown_document", _("Unknown document “%(key)s”.") % {"key": key}, key=key
                )
            if number is not None and number < 1:
                raise DossierError(
                    "dossier.bad_number",
                    _("“%(title)s”: the number must be 1 or more (it is %(number)s).")
                    % {"title": _row_title(rows, key), "number": number},
                    key=key,
                )
            final[key] = (number, date)
        used: dict[tuple[str, int], str] = {}
        for key, (number, _date) in sorted(final.items()):
            if number is None:
                continue
            series = rows[key].series if key in rows else existing[key].series
            other = used.get((series, number))
            if other is not None:
                raise DossierError(
                    "dossier.duplicate_number",
                    _("Number %(number)s is given to both “%(first)s” and “%(second)s”.")
                    % {"number": number, "first": _row_title(rows, other), "second": _row_title(rows, key)},
                    key=key,
                )
            used[(series, number)] = key
        changed = []
        for key, (number, date) in values.items():
            record = existing.get(key)
            if record is None:
                if number is None and date is None:
                    continue
                record = DossierNumber(congress=congress, key=key, series=rows[key].series)
            elif (record.number, record.date) == (number, date):
                continue
            before = [record.number, record.date.isoformat() if record.date else None]
            record.number, record.date = number, date
            changed.append((record, before))
        # Clear the numbers first, so that two documents may swap numbers in one save.
        for record, _before in changed:
            if record.pk is not None:
                DossierNumber.objects.filter(pk=record.pk).update(number=None)
        for record, before in changed:
            record.save()
            log_action(
                "congress.dossier.numbered",
                actor=actor,
                obj=record,
                organization=congress.organization,
                data={
                    "key": record.key,
                    "series": record.series,
                    "changes": {"number": [before[0], record.number], "date": [before[1], record.date]},
                },
            )
        if changed:
            _keep_approved(congress)
    return [r for r, _b in changed]


def _keep_approved(congress: Congress) -> None:
    """Refuse (rolling the change back) a change that would alter the dossier the superior approved."""
    from daihoi.seasons.services.approval import ApprovalError, refuse_change_to_approved

    try:
        refuse_change_to_approved(congress)
    except ApprovalError as exc:
        raise DossierError(exc.code, exc.message, **exc.params) from exc


def set_citations(
    congress: Congress, *, election_regulation: str, congress_directive: str, actor: Any
) -> None:
    """The election regulation and the Politburo directive the congress's documents cite ("" = by date).
    Audited ("congress.dossier.citations")."""
    from daihoi.audit.services import log_action
    from daihoi.congresses.models import CongressDirective, ElectionRegulation

    if election_regulation and election_regulation not in ElectionRegulation.values:
        raise DossierError(
            "dossier.bad_regulation", _("Unknown regulation “%(value)s”.") % {"value": election_regulation}
        )
    if congress_directive and congress_directive not in CongressDirective.values:
        raise DossierError(
            "dossier.bad_directive", _("Unknown directive “%(value)s”.") % {"value": congress_directive}
        )
    before = [congress.election_regulation, congress.congress_directive]
    if before == [election_regulation, congress_directive]:
        return
    with transaction.atomic():
        congress.election_regulation = election_regulation
        congress.congress_directive = congress_directive
        congress.save(update_fields=["election_regulation", "congress_directive", "updated_at"])
        log_action(
            "congress.dossier.citations",
            actor=actor,
            obj=congress,
            organization=congress.organization,
            data={
                "election_regulation": [before[0], election_regulation],
                "congress_directive": [before[1], congress_directive],
            },
        )
        _keep_approved(congress)


def _row_title(rows: dict[str, DossierRow], key: str) -> str:
    row = rows.get(key)
    if row is None:
        return key
    return f"{row.entry.title} — {row.part.label}" if row.part.label else str(row.entry.title)


def log_download(congress: Congress, key: str, fmt: str, *, actor: Any) -> None:
    from daihoi.audit.services import log_action

    with transaction.atomic():
        log_action(
            "congress.dossier.downloaded",
            actor=actor,
            obj=congress,
            organization=congress.organization,
            data={"key": key, "format": fmt},
        )


def find_part(congress: Congress, key: str) -> tuple[DossierDoc, Part]:
    """The entry and part of a dossier key; LookupError if the congress has no such document."""
    entry = document_entry(key)
    for part in entry.parts(congress):
        if entry.dossier_key(part) == key:
            return entry, part
    raise LookupError(key)


def iter_documents(congress: Congress) -> Iterable[tuple[DossierDoc, Part]]:
    for entry in DOCUMENTS:
        for part in entry.parts(congress):
            yield entry, part
