"""Rule-based extraction of a congress's targets and facts from Vietnamese text (no model, no download).

`extract(text)` reads a resolution, a political report or a news report and proposes:
- facts: organization, congress number, term ("2020-2025"), attendance ("48/50"), branches, committee
  size and delegates elected to the superior congress;
- targets: indicator, scope, comparator, value, unit, period and the verbatim quote.
A person confirms or edits the proposal; the rules below favour missing a target over inventing one.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from daihoi.core.targets import locality, quantity, rating, sections
from daihoi.core.targets.facts import CongressFacts, extract_facts, latest_term
from daihoi.core.targets.text import (
    NotANumber,
    clean,
    fold,
    parse_number,
    pattern,
    sentence_spans,
    strip_span,
)

# Indicators with a fixed meaning; "other" is any other figure (economy, society...), kept as quoted.
ADMISSIONS = "admissions"
CHARTER = "charter_compliance"
STUDY = "resolution_study"
DISCIPLINED = "disciplined"
RATING = "rating"  # unit "level": the body is rated at `value` or better
OTHER = "other"
RATED_PREFIX = "rated_"  # rated_<level>, unit "%": share rated <level> or better
INDICATORS = (
    *(
        RATED_PREFIX + lv
        for lv in (
            rating.EXCELLENT,
            rating.GOOD,
            rating.COMPLETED,
            rating.NOT_COMPLETED,
            rating.CLEAN_STRONG_EXEMPLARY,
            rating.CLEAN_STRONG,
            rating.STRONG,
        )
    ),
    RATING,
    CHARTER,
    STUDY,
    DISCIPLINED,
    ADMISSIONS,
    OTHER,
)
# `locality`: the commune's, ward's or enterprise's own figures (economy, society), not the Party's.
SCOPES = ("members", "branches", "organization", "mass_organizations", "locality")
COMPARATORS = (">=", "<=", "=", "<", ">")
# Money is in đồng ("86,4 triệu đồng" -> 86400000 VND); "%0" typed for per mille is read as "‰".
UNITS = ("%", "count", "level", "‰", "VND", "ha", "people", "households", "km", "tons")
PERIODS = ("annual", "term")


@dataclass(frozen=True)
class ExtractedTarget:
    indicator: str
    scope: str
    comparator: str
    value: Decimal | str
    unit: str
    period: str | None
    quote: str

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["value"] = json_number(self.value) if isinstance(self.value, Decimal) else self.value
        return data


@dataclass
class Extraction:
    facts: CongressFacts
    targets: list[ExtractedTarget] = field(default_factory=list)
    declared_count: int | None = None  # "đề ra 12 chỉ tiêu": a checksum for the reviewer

    def as_dict(self) -> dict[str, Any]:
        """The stable JSON shape of `daihoi targets extract` (docs/targets.md)."""
        return {"facts": asdict(self.facts), "targets": [t.as_dict() for t in self.targets]}


# The longest text read (characters): a resolution is 5,000-30,000, a political report up to ~150,000.
# Extraction is linear (~0.3 s of CPU per 100,000 characters at worst, docs/benchmarks.md); the cap
# bounds what one request may cost. The Django side reads it from settings.DAIHOI_EXTRACT_MAX_CHARS.
MAX_TEXT_CHARS = 200_000


class TextTooLong(ValueError):
    """code "text_too_long", params: length and limit (characters)."""

    code = "text_too_long"

    def __init__(self, length: int, limit: int) -> None:
        super().__init__(f"text_too_long: {length} characters, limit {limit}")
        self.params = {"length": length, "limit": limit}


def check_length(text: str, limit: int | None = MAX_TEXT_CHARS) -> None:
    """Raise TextTooLong when `text` is longer than `limit` characters (None: no limit)."""
    if limit is not None and len(text) > limit:
        raise TextTooLong(len(text), limit)


def json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


# ---------------------------------------------------------------------------------------------- rules
_STRONG_CUE = pattern(
    r"phấn đấu|quyết tâm|phải đạt|cần đạt|chỉ tiêu chủ yếu|các chỉ tiêu|chỉ tiêu cụ thể|mục tiêu cụ thể"
    r"|nhiệm kỳ tới|những năm tới|thời gian tới|đến năm 20\d\d|đến cuối nhiệm kỳ|đến hết nhiệm kỳ"
)
_SEMICOLON = re.compile(";")
_CLAUSE_PAST = sections.CLAUSE_PAST  # "đã", "đạt được", "năm qua" (not "đường đã xuống cấp")
_INLINE_ENUMERATOR = re.compile(r"\(?(?:\d{1,2}|[a-zđ])\)\s*")
_LIST_ITEM = re.compile(r"^\s*(?:[-–—+•*]|[a-zđ]\)|\d{1,2}[.)])\s*")
_DECLARED = pattern(r"(?:đề ra|gồm|với)\s+(\d{1,2})\s+(?:nhóm\s+)?chỉ tiêu")

_ANNUAL = pattern(
    r"hàng năm|hằng năm|mỗi năm|/\s*năm|năm nào cũng|bình quân năm|từng năm|bình quân (?:5 năm|giai đoạn)"
)
_TERM = pattern(
    r"cả nhiệm kỳ|trong nhiệm kỳ|toàn nhiệm kỳ|cuối nhiệm kỳ|hết nhiệm kỳ"
    r"|(?:đến|vào|trước) (?:cuối )?năm 20\d\d|cuối năm 20\d\d|giai đoạn"
    r"|trong 5 năm|sau 5 năm"
)

# Linear time: see the comment above quantity.NUM (a number starts only where no number goes on before
# it, a run of spaces is entered only at its first character, no two whitespace repeats side by side).
# bench/bench_extract.py measures it; tests/core/targets/test_targets_extract_bounds.py keeps it linear.
_NUM = quantity.NUM
_PCT = pattern(
    r"(?:(?P<pre>trên|hơn|từ|ít nhất|tối thiểu|không dưới|không quá|không vượt quá|tối đa|dưới|còn)\s*)?"
    r"(?P<num>" + _NUM + r")\s*%(?P<post>\s*(?:trở lên|trở xuống))?"
)
# A clause is cut before each further figure ("…, 80% hoàn thành tốt, 15% hoàn thành xuất sắc").
_SPLIT_BEFORE_QTY = pattern(
    r"(?:,\s+|(?<!\s)\s+và\s+|(?<!\s)\s*\+\s*)"
    r"(?=(?:trong đó\s+)?(?:có\s+)?(?:(?:trên|hơn|từ|ít nhất|tối thiểu|không dưới)\s*)?" + _NUM + r"\s*%)"
)
_SPLIT_WHEREOF = pattern(
    r"(?:,\s*|(?<!\s)\s*\(\s*|(?<!\s)\s+)"
    r"(?=trong đó(?:\s+có)?\s+(?:trên\s+|hơn\s+|từ\s+|ít nhất\s+)?\d)"
)
# A second target joined by a comma with no figure of its own: "70% chi bộ đạt hoàn thành tốt nhiệm vụ,
# không có chi bộ yếu kém"; or admissions after a share ("…trên 80%, phát triển từ 10 đảng viên trở lên").
_SPLIT_BEFORE_NONE = pattern(r",\s*(?=không (?:có|để) |kết nạp|phát triển (?:thêm |mới )?(?:từ )?\d)")
# Inline enumerations joined by commas: "(5) … 0,2%, (6) Tỷ lệ hộ dân cư … 93-95 %/năm, (7) …".
_SPLIT_BEFORE_ENUMERATOR = pattern(r"(?:,\s*|(?<!\s)\s+)(?=\(\d{1,2}\)\s)")

_LEVELS: list[tuple[re.Pattern[str], str]] = [
    (pattern(r"không hoàn thành nhiệm vụ|(?<!\w)khtnv(?!\w)"), rating.NOT_COMPLETED),
    (pattern(r"hoàn thành xuất sắc|(?<!\w)htxsnv(?!\w)"), rating.EXCELLENT),
    (pattern(r"hoàn thành tốt|(?<!\w)httnv(?!\w)"), rating.GOOD),
    (pattern(r"hoàn thành nhiệm vụ|(?<!\w)htnv(?!\w)"), rating.COMPLETED),
    (pattern(r"trong sạch,?\s*vững mạnh[\"”]?\s+tiêu biểu|tsvm\s+tiêu biểu"), rating.CLEAN_STRONG_EXEMPLARY),
    (pattern(r"trong sạch,?\s*vững mạnh|(?<!\w)tsvm(?!\w)"), rating.CLEAN_STRONG),
    (pattern(r"vững mạnh"), rating.STRONG),
]
_NEW_RURAL_LEVELS = {level for _, level in locality.NEW_RURAL}
_RATING_VERB = pattern(
    r"(?<!\w)đạt(?!\w)|được xếp loại|xếp loại|được đánh giá|được công nhận"
    r"|giữ vững(?: danh hiệu)?|được bình xét"
)
# The locality reaching a new-rural standing: "xã đạt chuẩn nông thôn mới nâng cao", "về đích".
_NEW_RURAL_VERB = pattern(r"(?<!\w)đạt(?!\w)|công nhận|giữ vững|về đích|trở thành|hoàn thành xây dựng")
# A rating with no verb is a target only when its subject opens the clause ("Đảng bộ hằng năm hoàn thành
# tốt nhiệm vụ trở lên", "chính quyền, Mặt trận và các đoàn thể vững mạnh"); after one of these words it
# is a slogan ("xây dựng Đảng bộ trong sạch, vững mạnh", "lãnh đạo hoàn thành tốt nhiệm vụ chính trị").
_SLOGAN = pattern(
    r"xây dựng|củng cố|phát triển|nâng cao|tăng cường|đổi mới|lãnh đạo|chỉ đạo|góp phần|tiếp tục|phát huy"
    r"|(?<!\w)để(?!\w)|nhằm|cùng với|gắn với"
)
_NOT_A_RATING_AFTER = pattern(r"(?:\s?nhiệm vụ)?\s?(?:chính trị|được giao|của)")

_QUANTIFIED_BRANCH = pattern(
    r"(?:các|mỗi|những|tất cả|toàn bộ|(?<!\d)\d+\s*%)\s+(?:các\s+)?chi bộ|chi bộ\s+(?:trực thuộc|cơ sở)"
    r"|tổ chức cơ sở đảng|tổ chức đảng|đảng bộ bộ phận"
    r"|(?<!\w)chi,?\s*đảng bộ|chi bộ,\s*đảng bộ"  # "100% chi đảng bộ", "chi, đảng bộ", "chi bộ, đảng bộ"
)
_MASS_NOUNS = (
    r"đoàn thể|tổ chức chính trị\s*-\s*xã hội|công đoàn|đoàn thanh niên|hội phụ nữ|hội cựu chiến binh"
    r"|mặt trận"
)
_SCOPE_NOUNS: list[tuple[re.Pattern[str], str]] = [
    (_QUANTIFIED_BRANCH, "branches"),
    (
        pattern(_MASS_NOUNS + r"|chính quyền|(?<!\w)cơ quan(?!\w)|tổ dân phố|khu dân cư|thôn, bản"),
        "mass_organizations",
    ),
    (pattern(r"đảng viên|cán bộ|công chức|người lao động|cấp ủy viên"), "members"),
    (pattern(r"đảng bộ|chi bộ|đảng ủy|cấp ủy|tập thể"), "organization"),
]
# Whose figure an "other" figure is: the members', the branches', the mass organizations' ("tỷ lệ tập
# hợp đoàn viên công đoàn đạt 98%"); anything else (households, people, villages, the economy) is the
# locality's. The Party organization itself has no "other" figure.
_OTHER_SCOPE_NOUNS: list[tuple[re.Pattern[str], str]] = [
    (_QUANTIFIED_BRANCH, "branches"),
    (pattern(_MASS_NOUNS + r"|đoàn viên|hội viên|(?<!\w)cơ quan(?!\w)"), "mass_organizations"),
    (pattern(r"đảng viên|cấp ủy viên"), "members"),
]

# Admitting members: "kết nạp", or "phát triển (thêm) 8 đảng viên" (developing the membership).
_ADMIT = pattern(r"kết nạp|phát triển(?=\s(?:thêm\s|mới\s|được\s)?(?:từ\s)?(?:\d[^;,]{0,12})?đảng viên)")
# "kết nạp từ 25 đảng viên trở lên", "từ 30 - 35 đảng viên" (a range), "kết nạp năm đảng viên mới".
_ADMIT_NUM = r"(?:" + _NUM + r"|" + quantity.WORD_NUM + r")"
_ADMIT_COUNT = pattern(
    r"(?:(?P<pre>từ|ít nhất|tối thiểu|trên|hơn|không dưới|được)\s*)?(?P<num>" + _ADMIT_NUM + r")"
    r"(?:\s?(?:-|–|—|đến|tới)\s?(?P<num2>" + _ADMIT_NUM + r"))?\s+"
    r"(?:quần chúng|đảng viên|đồng chí|người|đv)(?P<rest>[^;,]{0,40}?trở lên)?"
)
# "(9) Kết nạp đảng viên mới hàng năm từ 8 đến 10": the counted noun said before the figure.
_ADMIT_BARE = pattern(
    r"(?<=đảng viên)(?:[^0-9;,]{0,30}?)\s(?:(?P<pre>từ|ít nhất|tối thiểu|trên|hơn)\s)?(?P<num>"
    + _NUM
    + r")(?:\s?(?:-|–|—|đến|tới)\s?(?P<num2>"
    + _NUM
    + r"))?\s*$"
)
_PER_BRANCH = pattern(r"mỗi chi bộ|các chi bộ|chi bộ trực thuộc")
_RELATIVE = pattern(r"so với (?:nhiệm kỳ|năm|giai đoạn|cùng kỳ|tổng số)")
_INCREASE = pattern(r"tăng\s+(?:từ\s+|ít nhất\s+|trên\s+)?(" + _NUM + r")\s*%")
# "tất cả đảng viên đều …", "toàn bộ chi bộ …": 100%, read like a percentage (same group names).
_ALL_OF = pattern(
    r"(?P<pre>)(?P<num>)(?:tất cả|toàn bộ|toàn thể)(?P<post>)(?=\s+(?:các\s+)?(?:đảng viên|chi bộ|cán bộ))"
)
_CHARTER = pattern(r"điều lệ đảng|19 điều|điều đảng viên không được làm")
_STUDY = pattern(r"học tập|quán triệt")
_NO_DISCIPLINE = pattern(
    r"không (?:có|để) (?:tổ chức đảng,?\s*(?:và\s+)?)?(?:cán bộ,?\s*)?đảng viên (?:nào\s+)?"
    r"(?:vi phạm|bị (?:xử lý\s+)?kỷ luật|phải xử lý kỷ luật|suy thoái)"
)
# "không có chi bộ yếu kém", "không có đảng viên không hoàn thành nhiệm vụ", "không có chi bộ, đảng viên
# xếp loại không hoàn thành nhiệm vụ": a share rated not completed of 0 ("=").
_NONE_NOUN = r"(?:chi bộ|đảng viên|tổ chức cơ sở đảng|tổ chức đảng|đảng bộ bộ phận)"
_NONE_RATED = pattern(
    r"không (?:có|để) (?P<nouns>" + _NONE_NOUN + r"(?:(?:,\s?|\s(?:và|hoặc)\s)" + _NONE_NOUN + r")?)"
    r"(?:\s(?:nào|trực thuộc))?(?:\s(?:bị\s)?(?:được\s)?(?:xếp loại|đánh giá))?"
    r"\s(?:yếu kém|yếu(?!\w)|không hoàn thành nhiệm vụ)"
)
_NONE_SCOPE = pattern(r"đảng viên|" + _NONE_NOUN)
# "không còn hộ nghèo" (no poor household left): the poverty rate "=" 0 %.
_NONE_LEFT = pattern(r"không còn (?:hộ nghèo|hộ đói|hộ cận nghèo|nhà tạm|nhà ở tạm)")
# "giảm từ 2,5% xuống còn 1%": the first figure is where it starts, not a target.
_FALLS_TO = pattern(r"\s?xuống\s?(?:còn|dưới|mức|\d)")
# Money per head per year or month ("triệu đồng/người/năm"): the time word is the unit's.
_PER_TIME = pattern(r"/\s?(?:năm|tháng)")
# A new-rural level joined after a count by a comma or "và" is the locality's, not the count's.
_VILLAGES = pattern(r"(?:số|các|những)\s(?:thôn|làng|ấp|xóm|bản|khu dân cư|tổ dân phố|xã|phường)(?!\w)")
_JOINED = pattern(r",|(?<!\w)và(?!\w)")


def _comparator(pre: str | None, post: str | None, default: str = ">=") -> str:
    return quantity.comparator(pre, post, default)


def _level_in(low: str) -> tuple[str, int] | None:
    """The first Party or mass rating level named in `low`, with its offset."""
    best: tuple[str, int] | None = None
    for rx, level in _LEVELS:
        m = rx.search(low)
        if m and (best is None or m.start() < best[1]):
            best = (level, m.start())
    return best


# A level named before a figure is no rating of it when a slogan word leads it and a "," or ":" lies
# between them ("Với chủ đề xây dựng Đảng và hệ thống chính trị vững mạnh, …, đặt mục tiêu cụ
# thể: … hằng năm đạt từ 10% trở lên").
_SLOGAN_LEAD = 60  # characters before a level searched for a slogan word


def _slogan_level(low: str, at: int, figure: int) -> bool:
    between = low[at:figure]
    if at >= figure or ("," not in between and ":" not in between):
        return False
    lead = max(0, at - _SLOGAN_LEAD)
    part = max(low.rfind(",", lead, at), low.rfind(":", lead, at), lead)
    return bool(_SLOGAN.search(low, part, at))


def _level_mentions(low: str) -> list[tuple[int, int, str]]:
    """Every level named in `low` (Party, mass, new-rural), in order, none inside another
    ("vững mạnh" inside "trong sạch, vững mạnh" is not a second one)."""
    found = [(m.start(), m.end(), lv) for rx, lv in (*_LEVELS, *locality.NEW_RURAL) for m in rx.finditer(low)]
    found.sort(key=lambda f: (f[0], f[0] - f[1]))
    out: list[tuple[int, int, str]] = []
    for f in found:
        if not out or f[0] >= out[-1][1]:
            out.append(f)
    return out


def _scope_near(
    low: str, start: int, end: int, nouns: list[tuple[re.Pattern[str], str]] = _SCOPE_NOUNS
) -> str | None:
    """The scope noun in low[start:end] that comes first (for a percentage: the noun right after it)."""
    best: tuple[int, str] | None = None
    for rx, scope in nouns:
        m = rx.search(low, start, end)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), scope)
    return best[1] if best else None


def _scope_last_before(low: str, end: int, start: int = 0) -> str | None:
    """The scope noun in low[start:end] that ends closest before `end` (the subject of "… đạt <level>")."""
    best: tuple[int, str] | None = None
    for rx, scope in _SCOPE_NOUNS:
        for m in rx.finditer(low, start, end):
            # "các chi bộ" wins over the "chi bộ" inside it: compare on end, then prefer longer.
            key = m.end() * 1000 - m.start()
            if best is None or key > best[0]:
                best = (key, scope)
    return best[1] if best else None


_JOINED_SUBJECT = pattern(r"\s?(?:,|và|hoặc)\s?(?:các\s|số\s)?")


_ENDS_PART = pattern(r"\s?(?:[,;.)]|$)")


def _subject_scopes(low: str, pos: int) -> list[str]:
    """The scopes of the nouns right after a figure (the first within 40 characters), several when
    joined by a comma or "và": "90% đảng viên, tổ chức đảng", "100% số chi bộ, đảng viên"."""
    scopes: list[str] = []
    end = min(len(low), pos + 40)
    while True:
        best: tuple[re.Match[str], str] | None = None
        for rx, scope in _SCOPE_NOUNS:
            m = rx.search(low, pos, end)
            if m and (best is None or m.start() < best[0].start()):
                best = (m, scope)
        if best is None or (scopes and best[0].start() != pos):
            return scopes
        scopes.append(best[1])
        joined = _JOINED_SUBJECT.match(low, best[0].end())
        if joined is None:
            return scopes
        pos, end = joined.end(), min(len(low), joined.end() + 30)


# The words of a subject with no predicate of its own ("Đảng bộ Khối", "100% các chi bộ, đảng bộ bộ phận").
_SUBJECT_WORDS = {
    *("các", "số", "trở", "lên", "trực", "thuộc", "cơ", "sở", "bộ", "phận", "chi", "đảng", "viên", "tổ"),
    *("chức", "và", "khối", "ủy", "cấp", "đoàn", "thể", "quan", "đơn", "vị", "phấn", "đấu", "hằng", "hàng"),
    *("năm", "mỗi"),
}


def _only_subjects(low: str) -> bool:
    if len(low) > 160:
        return False
    words = re.findall(r"\w+", low)
    return len(words) <= 12 and all(w in _SUBJECT_WORDS for w in words)


def _other_scope(low: str, q_end: int, fallback: str | None) -> str:
    """The scope of an "other" figure: the noun right after it, else `fallback` (the first noun of the
    clause, else the clause's parent's scope), else the locality."""
    return _scope_near(low, q_end, min(len(low), q_end + 40), _OTHER_SCOPE_NOUNS) or fallback or "locality"


@dataclass
class _Context:
    sentence_period: str | None
    distributed_period: str | None  # from a "Hàng năm:" heading or a prefix ending in ":"


def _period_last(low: str) -> str | None:
    """The period of the time words nearest the end of `low` ("…/năm đến cuối nhiệm kỳ đạt" → term)."""
    annual = [m.end() for m in _ANNUAL.finditer(low)]
    term = [m.end() for m in _TERM.finditer(low)]
    if not annual and not term:
        return None
    return "annual" if (annual[-1] if annual else -1) > (term[-1] if term else -1) else "term"


# Units counted over the term when no time word is said ("kết nạp 6 đảng viên", "hỗ trợ 30 hộ").
_COUNTED = ("count", "households", "people")


# A time word tied to a figure ("bình quân hằng năm 8%", "8%/năm") is that figure's, not the sentence's.
_FIGURE_TIME = pattern(r"bình quân (?:hàng|hằng|mỗi) năm|bình quân (?:5 năm|giai đoạn)")


def _sentence_period(opening: str) -> str | None:
    """The period a sentence's opening gives all its clauses ("Phấn đấu hàng năm có …; kết nạp …",
    "Phấn đấu đến năm 2030: …"): its time words before its first figure (and before a lead-in's colon),
    not those of a figure."""
    figures = quantity.quantities(opening)
    head = opening[: figures[0].start] if figures else opening
    if ":" in head:  # "… trong nhiệm kỳ 2025-2030 như: tốc độ tăng … hằng năm đạt 7,3%; …": the lead-in's
        head = head[: head.index(":")]
    return _period_of(_FIGURE_TIME.sub(" ", head))


def _period_of(low: str) -> str | None:
    if _ANNUAL.search(low):
        return "annual"
    if _TERM.search(low):
        return "term"
    return None


def _segment_targets(
    text: str,
    folded: str,
    a: int,
    b: int,
    ctx: _Context,
    parent_scope: str | None,
    borrowed: tuple[str, int] | None = None,
    parent_scopes: tuple[str, ...] = (),
) -> list[ExtractedTarget]:
    """Targets stated in one segment text[a:b] (a clause, or its "trong đó" part); `folded` is
    fold(text), folded once for the whole text (same offsets). `borrowed`: the level named in a later
    segment of the clause and where that segment ends, for subjects that share it ("100% các chi bộ và
    98% đảng viên hoàn thành tốt nhiệm vụ")."""
    a, b = strip_span(text, a, b)
    if b < len(text) and text[b] == ")" and text.count("(", a, b) > text.count(")", a, b):
        b += 1  # "… chính và phụ (2,5 km)": the quote keeps its closing parenthesis
    if enumerator := _INLINE_ENUMERATOR.match(text, a, b):  # "(2) 100% đảng viên …"
        a = enumerator.end()
    if a >= b:
        return []
    seg = text[a:b]
    low = folded[a:b]
    if _CLAUSE_PAST.search(low) and not _STRONG_CUE.search(low):
        return []
    own_period = _period_of(low)

    def period_for(kind: str, own: str | None) -> str | None:
        if kind == "yearly":
            return "annual"
        if own:
            return own
        if ctx.distributed_period:
            return ctx.distributed_period
        if kind == "yearly":  # a rating (and the Charter, study, discipline) is judged every year
            return "annual"
        if kind == "count":
            return "term"
        return ctx.sentence_period

    def make(
        indicator: str,
        scope: str,
        comparator: str,
        value: Decimal | str,
        unit: str,
        kind: str,
        own: str | None = own_period,
    ) -> ExtractedTarget:
        return ExtractedTarget(indicator, scope, comparator, value, unit, period_for(kind, own), seg)

    def bounded(
        indicator: str,
        scope: str,
        comparator: str,
        value: Decimal,
        upper: Decimal | None,
        unit: str,
        kind: str,
        own: str | None = own_period,
    ) -> list[ExtractedTarget]:
        """One target, or a range's two: ">=" the lower bound, then "<=" the upper, same quote."""
        if upper is None:
            return [make(indicator, scope, comparator, value, unit, kind, own)]
        return [
            make(indicator, scope, ">=", value, unit, kind, own),
            make(indicator, scope, "<=", upper, unit, kind, own),
        ]

    if _ADMIT.search(low):
        # Whose admissions: the branches' when they are named just before "kết nạp" ("mỗi chi bộ hàng năm
        # kết nạp …") or after it.
        near = max(0, _ADMIT.search(low).start() - 30)  # type: ignore[union-attr]
        where = "branches" if _PER_BRANCH.search(low, near) else "organization"
        if _RELATIVE.search(low):
            inc = _INCREASE.search(low)
            pct = _PCT.search(low)
            if inc:
                return [
                    make(ADMISSIONS, where, ">=", Decimal(100) + parse_number(inc.group(1)), "%", "count")
                ]
            if pct:
                return [make(ADMISSIONS, where, ">=", parse_number(pct.group("num")), "%", "count")]
            if re.search(fold(r"bằng hoặc cao hơn|không thấp hơn|cao hơn"), low):
                return [make(ADMISSIONS, where, ">=", Decimal(100), "%", "count")]
        admit_end = _ADMIT.search(low).end()  # type: ignore[union-attr]
        m = _ADMIT_COUNT.search(low, admit_end) or _ADMIT_BARE.search(low, admit_end)
        value = quantity.number(m.group("num")) if m else None
        if m and value is not None:
            upper = quantity.number(m.group("num2")) if m.group("num2") else None
            comparator = ">" if m.group("pre") in ("trên", "hơn") else ">="
            return bounded(ADMISSIONS, where, comparator, value, upper, "count", "count")
        if pct := _PCT.search(low, admit_end):  # "bình quân hằng năm kết nạp đảng viên mới: trên 4%"
            comparator = _comparator(pct.group("pre"), pct.group("post"))
            return [make(ADMISSIONS, where, comparator, parse_number(pct.group("num")), "%", "other")]
        if not _PCT.search(low):
            return []
        # "100% đảng viên mới được kết nạp đều được chuyển chính thức": a share, read below.
    if _NO_DISCIPLINE.search(low):
        return [make(DISCIPLINED, "members", "=", Decimal(0), "count", "yearly")]
    if none := _NONE_RATED.search(low):
        scopes = [
            "members" if n.group(0) == "đảng viên" else "branches"
            for n in _NONE_SCOPE.finditer(low, none.start("nouns"), none.end("nouns"))
        ]
        return [
            make(RATED_PREFIX + rating.NOT_COMPLETED, s, "=", Decimal(0), "%", "yearly")
            for s in dict.fromkeys(scopes)
        ]

    # Figures in order: the first may be a Party share ("90% đảng viên hoàn thành tốt nhiệm vụ", one a
    # segment, as before); other figures are each a target ("tăng bình quân 30%/năm, đạt trên 2 tỷ đồng").
    figures = [q for q in quantity.quantities(low) if not _FALLS_TO.match(low, q.end)]
    out: list[ExtractedTarget] = []
    party_share = False
    clause_scope = _scope_near(low, 0, len(low), _OTHER_SCOPE_NOUNS) or parent_scope  # once: linear
    prev = 0

    def own_for(i: int, q: quantity.Quantity) -> str | None:
        """A figure's own time words: with several figures, those between the one before and the one
        after ("tăng bình quân 30%/năm, đạt trên 2 tỷ đồng vào năm 2030"); "/người/năm" after money is
        its unit (a money figure with no time word of its own is for the term)."""
        lo = figures[i - 1].end if i else 0
        hi = figures[i + 1].start if i + 1 < len(figures) else len(low)
        after = low[q.end : hi] if q.unit == "VND" else low[q.start : hi]
        own = own_period
        if len(figures) > 1 or q.unit == "VND":  # the words after the figure first ("8%/năm", "vào năm 2030")
            own = _period_of(after) or _period_last(low[lo : q.start])
        if own is None and len(figures) > 1 and q.unit != "VND":
            own = own_period
        return own or ("term" if q.unit == "VND" and _PER_TIME.search(q.unit_text) else None)

    for i, q in enumerate(figures):
        if i == 0 and q.unit in quantity.RATE_UNITS:
            lent = borrowed and borrowed[0]
            found = _rate_targets(low, q, parent_scopes or parent_scope, make, bounded, lent, own_for(0, q))
            out += found
            if found[0].indicator != OTHER:
                party_share = found[0].indicator.startswith(RATED_PREFIX)
                break
        else:
            comparator = _comparator(q.pre, q.post, _lower_default(low, q, prev))
            scope = _other_scope(low, q.end, clause_scope)
            kind = "count" if q.unit in _COUNTED else "other"  # a count with no time word: the term
            out += bounded(OTHER, scope, comparator, q.value, q.upper, q.unit, kind, own_for(i, q))
        prev = q.end
    if not figures and (every := _ALL_OF.search(low)):  # "tất cả đảng viên …": 100%
        q = quantity.Quantity(None, Decimal(100), None, "%", None, every.start(), every.end(), "%")
        out += _rate_targets(low, q, parent_scope, make, bounded, borrowed and borrowed[0])
        party_share = True
    if _NONE_LEFT.search(low):  # "không còn hộ nghèo": the poverty rate is 0
        out.append(make(OTHER, "locality", "=", Decimal(0), "%", "other"))
    if not figures and borrowed and _only_subjects(low) and (subject := _scope_near(low, 0, len(low))):
        # "Đảng bộ Khối và 90% trở lên các chi bộ đạt hoàn thành tốt nhiệm vụ": the subject before "và"
        # shares the level; its quote runs to the level.
        quote = text[a : borrowed[1]]
        period = period_for("yearly", None)
        return [ExtractedTarget(RATING, subject, ">=", borrowed[0], "level", period, quote)]
    return out + _level_targets(low, None if out else parent_scope, make, figures, party_share, bool(out))


# A colon between an indicator and its figure ("(9) Tỷ lệ tăng dân số tự nhiên hàng năm: 1,1%", "Đảng bộ
# xã hàng năm đạt: hoàn thành tốt nhiệm vụ trở lên") is not a heading's: the indicator is read with it.
_HEADING_WORD = pattern(
    r"chỉ tiêu|mục tiêu|phấn đấu|quyết tâm|nhiệm vụ|giải pháp|như sau|cụ thể|đề ra|gồm|(?<!\w)như(?!\w)"
)
_STARTS_WITH_VALUE = pattern(r"\s*(?:(?:đạt|là|từ|trên|hơn|dưới|ít nhất|tối thiểu|tối đa|không quá)\s)?\s?\d")


def _labels_a_figure(low: str, colon: int) -> bool:
    """The part before the colon names the indicator of the figure or level right after it."""
    if _HEADING_WORD.search(low, 0, colon):
        return False
    return bool(_STARTS_WITH_VALUE.match(low, colon + 1) or _level_in(low[colon + 1 : colon + 40]))


# Between two levels of one share: "… hoàn thành tốt nhiệm vụ và đạt trong sạch vững mạnh".
_LEVEL_JOIN = pattern(
    r"(?:\s?nhiệm vụ)?(?:\s?trở lên)?[\s\"”]?(?:,|và)\s?(?:đạt|được xếp loại|xếp loại)?"
    r"\s?(?:danh hiệu|mức)?\s?[\"“]?"
)


def _joined_levels(low: str, first: int) -> list[str]:
    """The Party levels joined to the one at `first` with no subject of their own, in order."""
    mentions = [m for m in _level_mentions(low) if m[0] >= first and m[2] not in _NEW_RURAL_LEVELS]
    out: list[str] = []
    for (_, end, _lv), (start, _, level) in itertools.pairwise(mentions):
        m = _LEVEL_JOIN.match(low, end)
        if m is None or m.end() != start:
            break
        out.append(level)
    return out


_Make = Callable[..., ExtractedTarget]  # make(indicator, scope, comparator, value, unit, kind[, own period])
_Bounded = Callable[..., list[ExtractedTarget]]  # the same with the range's upper bound after the value


def _lower_default(low: str, q: quantity.Quantity, since: int = 0) -> str:
    """The comparator of a plain figure: "<=" for an indicator that must go down ("tỷ lệ hộ nghèo
    1,5%"), unless the figure is the decrease itself ("giảm bình quân 1,41%/năm"); the indicator is
    named in low[since:q.start] (after the figure before)."""
    if locality.LOWER_IS_BETTER.search(low, since, q.start) and not locality.DECREASE.search(
        low, since, q.start
    ):
        return "<="
    return ">="


def _rate_targets(
    low: str,
    q: quantity.Quantity,
    parents: str | tuple[str, ...] | None,
    make: _Make,
    bounded: _Bounded,
    borrowed: str | None = None,
    own: str | None = None,
) -> list[ExtractedTarget]:
    """A segment whose figure is a percentage or per mille: a Party share (rated, Charter, study) or
    another figure."""
    # "100% chi bộ", "90% đảng bộ cơ sở": a share of the branches; "90% đảng viên, tổ chức đảng": two.
    # With no noun after the figure, the segment's subject ("Tỷ lệ chi bộ hoàn thành tốt … đạt 90%").
    # A "trong đó" part of a share of several ("100% số chi bộ, đảng viên …, trong đó 20% …") is of each.
    parent_scope = parents[-1] if isinstance(parents, tuple) else parents
    # A figure that ends its part ("Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ … đạt 85%, …") is of the noun
    # before it, not of the next part's.
    ends_part = _ENDS_PART.match(low, q.end) is not None
    before = _scope_near(low, 0, q.start) if ends_part else None
    subjects: list[str | None] = (
        ([before] if before else [])
        or ([] if ends_part else [*_subject_scopes(low, q.end)])
        or (list(parents) if isinstance(parents, tuple) else [parents or _scope_near(low, 0, len(low))])
    )
    scopes = ["branches" if s == "organization" else s for s in subjects]
    scope = scopes[0]
    level = _level_in(low)
    if level is not None and _slogan_level(low, level[1], q.start):
        level = None
    if level is None and borrowed and _only_subjects(low[q.end :]):  # "100% chi bộ và 98% đảng viên …"
        level = (borrowed, len(low))
    if q.unit == "%" and scope != "locality":
        comparator = _comparator(q.pre, q.post)
        if _CHARTER.search(low):
            return bounded(CHARTER, scope or "members", comparator, q.value, q.upper, "%", "yearly")
        if _STUDY.search(low):
            return bounded(STUDY, scope or "members", comparator, q.value, q.upper, "%", "yearly")
        if level:
            lv = level[0]
            if lv == rating.NOT_COMPLETED:
                comparator = _comparator(q.pre, q.post, "<=")
                if q.pre and q.pre not in quantity.PRE_COMPARATOR:
                    comparator = "<="
            # "tất cả chi bộ đều hoàn thành tốt nhiệm vụ và đạt trong sạch vững mạnh": one share, two levels
            levels = [lv, *_joined_levels(low, level[1])]
            return [
                t
                for lv in levels
                for s in dict.fromkeys(scopes)
                for t in bounded(
                    RATED_PREFIX + lv, s or "members", comparator, q.value, q.upper, "%", "yearly"
                )
            ]
    comparator = _comparator(q.pre, q.post, _lower_default(low, q))
    scope = _other_scope(low, q.end, _scope_near(low, 0, len(low), _OTHER_SCOPE_NOUNS) or parent_scope)
    return bounded(OTHER, scope, comparator, q.value, q.upper, q.unit, "other", own)


def _level_targets(
    low: str,
    parent_scope: str | None,
    make: _Make,
    figures: list[quantity.Quantity],
    party_share: bool,
    after_figures: bool,
) -> list[ExtractedTarget]:
    """Levels named without a figure: "Đảng bộ đạt hoàn thành tốt nhiệm vụ", "các đoàn thể đạt vững
    mạnh", "xã đạt chuẩn nông thôn mới nâng cao". The level of a Party share (`party_share`: "90% đảng
    viên hoàn thành tốt nhiệm vụ") is that share's; a level after another target needs a subject of its
    own ("85% chi bộ hoàn thành tốt nhiệm vụ, Đảng bộ hàng năm hoàn thành tốt nhiệm vụ trở lên"); a
    new-rural level right after a count belongs to the count ("có thêm 2 thôn đạt chuẩn nông thôn mới")."""
    out: list[ExtractedTarget] = []
    mentions = _level_mentions(low)
    ends = [q.end for q in figures]
    prev = 0
    if party_share:
        first_party = next((m for m in mentions if m[2] not in _NEW_RURAL_LEVELS), None)
        if first_party:
            mentions = [m for m in mentions if m is not first_party and m[0] >= first_party[1]]
            prev = first_party[1]
    for start, end, level in mentions:
        at = bisect.bisect_right(ends, start)  # the last figure ending before the level (linear overall)
        figure = figures[at - 1] if at else None
        lo = max(prev, figure.end if figure else 0)
        if level in _NEW_RURAL_LEVELS:
            # "có thêm 2 thôn / 100% xã đạt chuẩn nông thôn mới": the standing of the figure's villages
            after_figure = figure is not None and figure.end >= prev
            of_count = after_figure and not _JOINED.search(low, figure.end, start)  # type: ignore[union-attr]
            # "Số thôn, làng đạt chuẩn nông thôn mới: 04/09 thôn": villages counted, not the locality
            if (
                not of_count
                and not _VILLAGES.search(low, lo, start)
                and _NEW_RURAL_VERB.search(low, lo, start)
            ):
                out.append(make(RATING, "locality", ">=", level, "level", "other"))
            prev = end
            continue
        verb = _RATING_VERB.search(low, lo, start)
        subject = _scope_last_before(low, verb.start() if verb else start, lo)
        scope: str | None = None
        if verb:
            scope = subject or (None if out or after_figures else parent_scope or "organization")
        elif (
            subject in ("organization", "branches", "mass_organizations")
            and not _SLOGAN.search(low, lo, start)
            and not _NOT_A_RATING_AFTER.match(low, end)
        ):
            scope = subject
        if scope:
            out.append(make(RATING, scope, ">=", level, "level", "yearly"))
        prev = end
    return out


def _clause_targets(text: str, folded: str, a: int, b: int, ctx: _Context) -> list[ExtractedTarget]:
    """Split a clause at "trong đó", before each further percentage and before a comma-joined
    "không có …"; a part with no noun of its own keeps the parent's scope."""
    low = folded[a:b]
    cuts = [a]
    for rx in (_SPLIT_WHEREOF, _SPLIT_BEFORE_QTY, _SPLIT_BEFORE_NONE, _SPLIT_BEFORE_ENUMERATOR):
        cuts += [a + m.start() for m in rx.finditer(low)]
    cuts = [*sorted(set(cuts)), b]
    spans = list(itertools.pairwise(cuts))
    levels = [_level_in(folded[start:stop]) for start, stop in spans]
    # For each part, the level of the next part that names one, and where that part ends.
    later: list[tuple[str, int] | None] = [None] * len(spans)
    for i in range(len(spans) - 2, -1, -1):
        nxt = levels[i + 1]
        later[i] = (nxt[0], spans[i + 1][1]) if nxt else later[i + 1]
    targets: list[ExtractedTarget] = []
    parent_scope: str | None = None
    parent_scopes: tuple[str, ...] = ()
    for i, (start, stop) in enumerate(spans):
        borrowed = later[i] if levels[i] is None else None
        try:
            found = _segment_targets(text, folded, start, stop, ctx, parent_scope, borrowed, parent_scopes)
        except NotANumber:  # digits that make no number ("1.2.3%"): the part states no figure
            found = []
        targets += found
        if found and parent_scope is None:
            # "100% số chi bộ, đảng viên …, trong đó 20% …": the share after "trong đó" is of each
            parent_scopes = tuple(dict.fromkeys(t.scope for t in found if t.indicator == found[0].indicator))
            parent_scope = parent_scopes[-1]
    return targets


_LABELLED_FIGURE = 40  # characters after a label's ":" ("Tỷ lệ hộ nghèo: dưới 1,5%.")


def _sentence_targets(
    text: str, folded: str, a: int, b: int, distributed: str | None, term: tuple[int, int] | None = None
) -> list[ExtractedTarget]:
    low = folded[a:b]
    colon = low.find(":")
    if colon >= 0 and distributed is None and _period_of(low[:colon]) == "annual":
        distributed = "annual"
        # "Phấn đấu hàng năm có …: …" distributes; the clause cut starts after the colon.
    # A lead-in ending in ":" ("Đại hội đề ra 03 chỉ tiêu: …; …", "Phấn đấu hàng năm: …") is not part of a
    # quote; a label is ("Tỷ lệ lao động qua đào tạo: trên 20%": one short figure after it).
    label = colon >= 0 and len(low[colon:].split(";", 1)[0]) <= _LABELLED_FIGURE
    lead_in = colon >= 0 and not label and not _PCT.search(low[:colon]) and _level_in(low[:colon]) is None
    lead_in = lead_in and not _labels_a_figure(low, colon)  # "Tỷ lệ hộ nghèo: dưới 2%"
    start = a + colon + 1 if lead_in else a
    cuts = [start, *(m.end() for m in _SEMICOLON.finditer(text, start, b)), b + 1]
    clauses = [(x, y - 1) for x, y in itertools.pairwise(cuts)]
    # A clause of the past inside a target sentence ("Nhiệm kỳ 2020-2025 đạt 8%; nhiệm kỳ tới phấn đấu
    # 10%") is not read, nor does it give the sentence its period.
    if len(clauses) > 1 or start != a:  # a whole sentence was read already (`sections.is_target`)
        clauses = [(x, y) for x, y in clauses if not _is_past_clause(folded[x:y], term)]
    if not clauses:
        return []
    # The sentence's own anchor is the one in its opening clause ("Phấn đấu hàng năm có …; …").
    opening = folded[a : clauses[0][1]] if clauses[0][0] == start else folded[clauses[0][0] : clauses[0][1]]
    ctx = _Context(
        sentence_period=_sentence_period(opening), distributed_period=distributed
    )  # rules-read hook
    targets: list[ExtractedTarget] = []
    for x, y in clauses:
        targets += _clause_targets(text, folded, x, y, ctx)
    return targets


def _is_past_clause(low: str, term: tuple[int, int] | None) -> bool:
    r = sections.read(low, term)
    return r.past and not r.future


def _is_target_sentence(
    low: str,
    term: tuple[int, int] | None = None,
    section: str = "start",
    *,
    listed: bool = False,
    open_start: bool = True,
) -> bool:
    """Whether the folded sentence `low` sets targets of the new term `term`, in a text whose current
    section is `section` (core/targets/sections.py)."""
    return sections.is_target(sections.read(low, term), section, listed=listed, open_start=open_start)


def extract_targets(text: str) -> tuple[list[ExtractedTarget], int | None]:
    text = clean(text)
    folded = fold(text)  # matching runs on slices of this copy (same offsets as `text`)
    term = sections.new_term(folded, latest_term(folded))
    # A text that tells no past at all (a pasted list of targets): a sentence with no cue is a target.
    open_start = not sections.tells_past(folded, term)
    section = "start"  # "past" after "Nhiệm kỳ qua…", "new" after "Nhiệm kỳ 2025-2030 … đề ra…"
    targets: list[ExtractedTarget] = []
    declared: int | None = None
    block = False  # inside a list under a heading such as "Các chỉ tiêu chủ yếu:"
    block_period: str | None = None
    pos = 0
    for line in text.split("\n"):
        a, b = pos, pos + len(line)
        pos = b + 1
        if not line.strip():
            continue
        item = _LIST_ITEM.match(line)
        continues = block and (item is not None or text[a:b].rstrip().endswith(";"))
        if not continues:
            block, block_period = False, None
        if item:
            a += item.end()
        for sa, sb in sentence_spans(text, a, b):
            low = folded[sa:sb]
            if (m := _DECLARED.search(low)) and declared is None:
                declared = int(m.group(1))
            reading = sections.read(low, term)
            target = sections.is_target(reading, section, listed=continues, open_start=open_start)
            if target:
                targets += _sentence_targets(text, folded, sa, sb, block_period, term)
            if low.rstrip().endswith(":") and (target or block):
                # Only "Hàng năm:" distributes over the items; a term heading names the term.
                heading = "annual" if _period_of(low) == "annual" else None
                block, block_period = True, heading or block_period
            section = sections.next_section(reading, section, target)
        if continues and not text[a:b].rstrip().endswith((";", ":", ",")) and item is None:
            block = False

    return _without_repeats(targets), declared


def _words(quote: str) -> frozenset[str]:
    """The last words of a quote, figures left out: what it says the figure is of ("… thu nhập bình quân
    đầu người đạt 115 – 120 triệu đồng" → "bình quân đầu người đạt triệu đồng"…)."""
    words = re.findall(r"[^\W\d_]+", fold(quote[-_QUOTE_END:]))
    return frozenset(words[-_LAST_WORDS:])


_QUOTE_END = 200  # characters
_LAST_WORDS = 8
_SAME_WORDS = 0.6  # words shared by the two quotes' last words, of all their last words (Jaccard)
_REPEATS_COMPARED = 8  # the later statements of one figure a target is compared with (keeps it linear)


def _same_target(
    earlier: tuple[ExtractedTarget, frozenset[str]], later: tuple[ExtractedTarget, frozenset[str]]
) -> bool:
    """The same figure stated twice: of a named indicator, always; of "other" only when the quotes end
    alike ("… thu nhập bình quân đầu người đạt 115 – 120 triệu đồng" in the lead and in the list), not
    two labels with one figure ("Tỷ lệ thôn văn hóa: 100%", "trường học văn hóa: 100%", "hộ gia đình
    văn hóa: 80%" and "thôn văn hóa: 80%")."""
    if earlier[0].indicator != OTHER:
        return True
    a, b = earlier[1], later[1]
    return bool(a | b) and len(a & b) >= _SAME_WORDS * len(a | b)


def _without_repeats(targets: list[ExtractedTarget]) -> list[ExtractedTarget]:
    """Each target once, quoted where it is stated last: a headline, a lead or a general objective
    repeats the list of targets that follows it ("Mục tiêu tổng quát … phấn đấu xã đạt chuẩn nông thôn
    mới nâng cao" … "(4) xã đạt chuẩn nông thôn mới nâng cao"). A range's two bounds go together."""
    by_figure: dict[tuple[str, ...], list[tuple[ExtractedTarget, frozenset[str]]]] = {}
    index: list[tuple[tuple[str, ...], int]] = []
    words: dict[str, frozenset[str]] = {}
    for t in targets:
        group = by_figure.setdefault((t.indicator, t.scope, t.comparator, str(t.value), t.unit), [])
        index.append(((t.indicator, t.scope, t.comparator, str(t.value), t.unit), len(group)))
        if t.indicator == OTHER and t.quote not in words:  # one clause may give many figures: read once
            words[t.quote] = _words(t.quote)
        group.append((t, words[t.quote] if t.indicator == OTHER else frozenset()))
    repeated = set()
    for i, (figure, n) in enumerate(index):
        group = by_figure[figure]
        if any(_same_target(group[n], later) for later in group[n + 1 : n + 1 + _REPEATS_COMPARED]):
            repeated.add(i)
    for i in range(len(targets) - 1):  # a range (">=" then "<=", one quote) is kept or dropped whole
        low, high = targets[i], targets[i + 1]
        pair = low.quote == high.quote and (low.comparator, high.comparator) == (">=", "<=")
        if pair and (i in repeated) != (i + 1 in repeated):
            repeated -= {i, i + 1}
    return [t for i, t in enumerate(targets) if i not in repeated]


def extract(text: str, *, limit: int | None = MAX_TEXT_CHARS) -> Extraction:
    """Facts and targets of `text`; TextTooLong when it is longer than `limit` characters."""
    check_length(text, limit)
    targets, declared = extract_targets(text)
    return Extraction(facts=extract_facts(text), targets=targets, declared_count=declared)
