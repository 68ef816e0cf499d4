"""The roll file format (.xlsx / .csv): its columns and how a cell's text becomes a value.

Headers and the words in cells (Nam/Nữ, Chính thức/Dự bị, x) are part of the file format, so they are
fixed Vietnamese, whatever the interface language. Headers are matched without accents or case, and a few
usual variants and English names are accepted. docs/roll-format.md documents the columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from daihoi.core.names import search_fold
from daihoi.organizations.models import Education, Gender, MemberStatus, PoliticalTheory

# Cells of one column repeat the same few words (Nam, Nữ, Chính thức, x): fold each spelling once.
_fold_word = lru_cache(maxsize=4096)(search_fold)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    aliases: tuple[str, ...]
    width: int
    help: str | Promise
    example: str


COLUMNS: tuple[Column, ...] = (
    Column("row_number", "STT", False, ("so thu tu", "tt", "no"), 6, _("Row number; not read."), "1"),
    Column(
        "member_code",
        "Số thẻ đảng viên",
        True,
        ("so the", "so the dang", "so the dang vien", "ma dang vien", "party card number", "member code"),
        18,
        _("Required. Unique within the organization; identifies the member on re-import."),
        "75.012345",
    ),
    Column(
        "full_name",
        "Họ và tên",
        True,
        ("ho ten", "ho va ten dang vien", "full name", "name"),
        28,
        _("Required. Written in Unicode; TCVN3 (ABC) and VNI text is detected and converted."),
        "Nguyễn Văn An",
    ),
    Column(
        "family_name",
        "Họ",
        False,
        ("family name",),
        10,
        _("Optional: fill family name, middle name and given name only to override the automatic split."),
        "",
    ),
    Column(
        "middle_name", "Tên đệm", False, ("ten lot", "middle name"), 12, _("Optional (see family name)."), ""
    ),
    Column("given_name", "Tên", False, ("given name",), 10, _("Optional (see family name)."), ""),
    Column(
        "birth_date",
        "Ngày sinh",
        True,
        ("ngay thang nam sinh", "date of birth", "birth date"),
        12,
        _("Required. dd/mm/yyyy or an Excel date."),
        "15/08/1975",
    ),
    Column("gender", "Giới tính", True, ("gioi", "gender", "sex"), 9, _("Required. Nam or Nữ."), "Nam"),
    Column("ethnicity", "Dân tộc", False, ("ethnicity",), 10, _("Optional; Kinh when empty."), "Kinh"),
    Column(
        "home_town",
        "Quê quán",
        False,
        ("que", "nguyen quan", "home town", "hometown"),
        24,
        _("Optional: commune, district, province."),
        "Tư Nghĩa, Quảng Ngãi",
    ),
    Column(
        "branch",
        "Chi bộ",
        False,
        ("chi bo sinh hoat", "branch"),
        30,
        _("The branch's code or its name; required when the organization has branches."),
        "Chi bộ Phòng Tổng hợp",
    ),
    Column(
        "status",
        "Trạng thái",
        True,
        ("loai dang vien", "chinh thuc/du bi", "status"),
        12,
        _("Required. Chính thức or Dự bị."),
        "Chính thức",
    ),
    Column(
        "admitted_on",
        "Ngày vào Đảng",
        False,
        ("ngay ket nap", "date admitted"),
        14,
        _("dd/mm/yyyy or an Excel date."),
        "03/02/2000",
    ),
    Column(
        "official_on",
        "Ngày chính thức",
        False,
        ("ngay chuyen chinh thuc", "date made official"),
        14,
        _("dd/mm/yyyy; empty for a probationary member."),
        "03/02/2001",
    ),
    Column(
        "education",
        "Trình độ chuyên môn",
        False,
        ("chuyen mon", "trinh do chuyen mon nghiep vu", "hoc vi", "professional qualification", "education"),
        14,
        _("Optional: Tiến sĩ, Thạc sĩ, Đại học, Cao đẳng, Trung cấp or Chưa qua đào tạo."),
        "Đại học",
    ),
    Column(
        "political_theory",
        "Lý luận chính trị",
        False,
        ("trinh do ly luan chinh tri", "llct", "political theory"),
        14,
        _("Optional: Cử nhân, Cao cấp, Trung cấp, Sơ cấp or Chưa qua đào tạo."),
        "Trung cấp",
    ),
    Column(
        "attached_elsewhere",
        "Sinh hoạt tạm thời nơi khác",
        False,
        ("sinh hoat tam thoi", "attached temporarily elsewhere"),
        14,
        _("x when the member is attached temporarily to another organization; empty otherwise."),
        "",
    ),
    Column(
        "exempted",
        "Miễn công tác và sinh hoạt đảng",
        False,
        ("mien cong tac", "mien sinh hoat", "exempted"),
        14,
        _("x when the member is exempted from Party work and activity."),
        "",
    ),
    Column(
        "suspended",
        "Đình chỉ, khởi tố, truy tố, tạm giam",
        False,
        ("dinh chi", "bi khoi to", "suspended"),
        14,
        _("x when the member is suspended, prosecuted, indicted or detained."),
        "",
    ),
    Column("note", "Ghi chú", False, ("note", "notes"), 24, _("Optional free text."), ""),
)
BY_KEY = {c.key: c for c in COLUMNS}
DATE_COLUMNS = ("birth_date", "admitted_on", "official_on")
FLAG_COLUMNS = ("attached_elsewhere", "exempted", "suspended")
TEXT_COLUMNS = (
    "full_name",
    "family_name",
    "middle_name",
    "given_name",
    "ethnicity",
    "home_town",
    "branch",
    "note",
    "gender",
    "status",
    "education",
    "political_theory",
)

GENDER_WORDS: dict[str, str] = {
    "nam": Gender.MALE,
    "male": Gender.MALE,
    "m": Gender.MALE,
    "nu": Gender.FEMALE,
    "female": Gender.FEMALE,
    "f": Gender.FEMALE,
}
GENDER_LABELS: dict[str, str] = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}
STATUS_WORDS: dict[str, str] = {
    "chinh thuc": MemberStatus.OFFICIAL,
    "ct": MemberStatus.OFFICIAL,
    "official": MemberStatus.OFFICIAL,
    "dang vien chinh thuc": MemberStatus.OFFICIAL,
    "du bi": MemberStatus.PROBATIONARY,
    "db": MemberStatus.PROBATIONARY,
    "dang vien du bi": MemberStatus.PROBATIONARY,
    "probationary": MemberStatus.PROBATIONARY,
}
STATUS_LABELS: dict[str, str] = {MemberStatus.OFFICIAL: "Chính thức", MemberStatus.PROBATIONARY: "Dự bị"}
EDUCATION_WORDS: dict[str, str] = {
    "tien si": Education.DOCTORATE,
    "ts": Education.DOCTORATE,
    "tskh": Education.DOCTORATE,
    "tien si khoa hoc": Education.DOCTORATE,
    "doctorate": Education.DOCTORATE,
    "thac si": Education.MASTER,
    "ths": Education.MASTER,
    "master": Education.MASTER,
    "dai hoc": Education.UNIVERSITY,
    "dh": Education.UNIVERSITY,
    "cu nhan": Education.UNIVERSITY,
    "ky su": Education.UNIVERSITY,
    "university": Education.UNIVERSITY,
    "cao dang": Education.COLLEGE,
    "cd": Education.COLLEGE,
    "college": Education.COLLEGE,
    "trung cap": Education.VOCATIONAL,
    "tc": Education.VOCATIONAL,
    "vocational": Education.VOCATIONAL,
    "chua qua dao tao": Education.NONE,
    "khong": Education.NONE,
    "none": Education.NONE,
}
EDUCATION_LABELS: dict[str, str] = {
    Education.DOCTORATE: "Tiến sĩ",
    Education.MASTER: "Thạc sĩ",
    Education.UNIVERSITY: "Đại học",
    Education.COLLEGE: "Cao đẳng",
    Education.VOCATIONAL: "Trung cấp",
    Education.NONE: "Chưa qua đào tạo",
}
THEORY_WORDS: dict[str, str] = {
    "cu nhan": PoliticalTheory.BACHELOR,
    "cu nhan chinh tri": PoliticalTheory.BACHELOR,
    "cu nhan ly luan chinh tri": PoliticalTheory.BACHELOR,
    "bachelor": PoliticalTheory.BACHELOR,
    "cao cap": PoliticalTheory.ADVANCED,
    "cc": PoliticalTheory.ADVANCED,
    "cao cap ly luan chinh tri": PoliticalTheory.ADVANCED,
    "advanced": PoliticalTheory.ADVANCED,
    "trung cap": PoliticalTheory.INTERMEDIATE,
    "tc": PoliticalTheory.INTERMEDIATE,
    "trung cap ly luan chinh tri": PoliticalTheory.INTERMEDIATE,
    "intermediate": PoliticalTheory.INTERMEDIATE,
    "so cap": PoliticalTheory.ELEMENTARY,
    "sc": PoliticalTheory.ELEMENTARY,
    "so cap ly luan chinh tri": PoliticalTheory.ELEMENTARY,
    "elementary": PoliticalTheory.ELEMENTARY,
    "chua qua dao tao": PoliticalTheory.NONE,
    "khong": PoliticalTheory.NONE,
    "none": PoliticalTheory.NONE,
}
THEORY_LABELS: dict[str, str] = {
    PoliticalTheory.BACHELOR: "Cử nhân",
    PoliticalTheory.ADVANCED: "Cao cấp",
    PoliticalTheory.INTERMEDIATE: "Trung cấp",
    PoliticalTheory.ELEMENTARY: "Sơ cấp",
    PoliticalTheory.NONE: "Chưa qua đào tạo",
}
TRUE_WORDS = {"x", "co", "c", "1", "true", "yes", "y", "✓", "✔"}
FALSE_WORDS = {"", "khong", "k", "0", "false", "no", "n", "-"}
DATE_RE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
ISO_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")


def header_key(text: object) -> str:
    """Fold a header cell for matching: accents, case, '(*)' and punctuation do not matter."""
    folded = search_fold(str(text or "")).replace("(*)", "").replace("*", "")
    return " ".join(re.sub(r"[^\w/ ]+", " ", folded).split())


HEADER_LOOKUP: dict[str, str] = {}
for _column in COLUMNS:
    for _variant in (_column.header, *_column.aliases):
        HEADER_LOOKUP[header_key(_variant)] = _column.key


class CellError(ValueError):
    """A cell whose text is not a value of its column; `code` is the machine code."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def cell_text(value: object) -> str:
    """The text of a cell as a person reads it (Excel stores card numbers typed as numbers as floats)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


def parse_date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellError("bad_date")  # a bare number in a date column: ambiguous, refused
    text = str(value).strip()
    if not text:
        return None
    match = DATE_RE.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
        iso = ISO_RE.match(text)
        if iso:
            year, month, day = (int(g) for g in iso.groups())
            return date(year, month, day)
    except ValueError:
        raise CellError("bad_date") from None
    raise CellError("bad_date")


def parse_choice(value: object, words: dict[str, str], code: str) -> str:
    key = _fold_word(cell_text(value))
    if key in words:
        return words[key]
    raise CellError(code)


def parse_flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if value is None or value == "":
        return False
    key = _fold_word(cell_text(value))
    if key in TRUE_WORDS:
        return True
    if key in FALSE_WORDS:
        return False
    raise CellError("bad_flag")
