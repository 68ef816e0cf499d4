"""Quantities a clause states: a number (in digits or in words), an optional range, a unit, and the words
around it that set the comparator ("trên 90%", "từ 80 đến 82%", "86,4 triệu đồng", "0,30‰").

Every pattern here runs on the folded text (daihoi.core.targets.text.fold) and is linear-time: see the
comment above `NUM`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from daihoi.core.targets.text import NotANumber, parse_number, pattern

# Linear time (issue 10, ReDoS): a search tries every start position, so a pattern that can start inside
# a run of digits or of spaces rescans that run from each of its characters (a text of 100,000 digits took
# minutes). A number therefore starts only where no number goes on before it (`NUM`), a run of spaces is
# entered only at its first character (`(?<!\s)\s`), two whitespace repeats never sit side by side, and a
# repeat that may start anywhere (numbers in words) is bounded.
# bench/bench_extract.py measures it; tests/core/targets/test_targets_extract_bounds.py keeps it linear.
NUM = r"(?<!\d)(?<!\d[.,])\d+(?:[.,]\d+)*"

# Numbers written as words: "năm" (5), "mười" (10), "hai mươi" (20), "một trăm linh năm" (105). At most
# five words (bounded: a run of "năm năm năm …" is not rescanned from each word). "năm" is also "year":
# a word number is read only where a counted noun follows it (see extract._ADMIT_COUNT).
_DIGIT_WORDS = {
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
}
_WORD = r"(?:một|mốt|hai|ba|bốn|tư|năm|lăm|sáu|bảy|tám|chín|mười|mươi|trăm|linh|lẻ)(?!\w)"
WORD_NUM = r"(?<!\w)" + _WORD + r"(?:\s" + _WORD + r"){0,4}"


def _words_value(words: list[str]) -> int | None:
    """[hundreds "trăm" [linh|lẻ]] [tens "mươi" | "mười"] [units]; None when not that shape."""
    total, i, n = 0, 0, len(words)
    if i + 1 < n and words[i + 1] == "trăm" and words[i] in _DIGIT_WORDS:
        total, i = 100 * _DIGIT_WORDS[words[i]], i + 2
        if i < n and words[i] in ("linh", "lẻ"):
            i += 1
    if i < n and words[i] == "mười":
        total, i = total + 10, i + 1
    elif i + 1 < n and words[i + 1] == "mươi" and words[i] in _DIGIT_WORDS:
        total, i = total + 10 * _DIGIT_WORDS[words[i]], i + 2
    if i < n and words[i] in _DIGIT_WORDS:
        total, i = total + _DIGIT_WORDS[words[i]], i + 1
    return total if i == n and total > 0 else None


def words_number(raw: str) -> Decimal | None:
    """ "năm" -> 5, "hai mươi lăm" -> 25, "một trăm" -> 100; the longest readable tail of the words
    ("năm hai" -> 2: "năm" there is the year)."""
    words = raw.split()
    for k in range(len(words)):
        value = _words_value(words[k:])
        if value is not None:
            return Decimal(value)
    return None


def number(raw: str) -> Decimal | None:
    """Digits ("1.008", "86,4") or words ("năm")."""
    raw = raw.strip()
    if raw[:1].isdigit():
        try:
            return parse_number(raw)
        except NotANumber:
            return None
    return words_number(raw)


# Words before a figure that set the comparator ("không dưới" and "từ" are ">=", the default).
PRE = (
    r"không vượt quá|không quá|không dưới|không thấp hơn|tối thiểu|tối đa|ít nhất|còn dưới|xuống dưới"
    r"|xuống còn|giảm còn|còn|trên|hơn|dưới|từ"
)
PRE_COMPARATOR = {
    "trên": ">",
    "hơn": ">",
    "dưới": "<",
    "còn dưới": "<",
    "xuống dưới": "<",
    "không quá": "<=",
    "không vượt quá": "<=",
    "tối đa": "<=",
    "còn": "<=",
    "xuống còn": "<=",
    "giảm còn": "<=",
}

# Units after a figure, the longest first; `UNIT_OF` names them in the JSON vocabulary.
# "%0" is per mille typed on a keyboard without "‰". Money per head per year ("triệu đồng/người/năm")
# keeps the "/người/năm" with the unit.
_MONEY = (
    r"(?:(?:nghìn tỷ|ngàn tỷ|tỷ|triệu|nghìn|ngàn)(?:\s?(?:đồng|vnđ|vnd|đ(?!\w))|(?=\s?[.,;)/]|\s*$))"
    r"|đồng(?!\s?chí)|vnđ|đ(?!\w))"  # "60.000.000đ/người/năm"
    r"(?:\s?/\s?(?:người|hộ|lao động|ha))?(?:\s?/\s?(?:năm|tháng))?"
)
_COUNT_NOUNS = (
    r"doanh nghiệp|hợp tác xã|trường|thôn|bản|tổ dân phố|khu dân cư|khu|cụm công nghiệp|công trình|cơ sở"
    r"|sản phẩm|mô hình|tuyến|kỹ thuật|tiêu chí|xóm|ấp|làng|con|xã|phường"
    r"|câu lạc bộ|nhà văn hóa|nhà|căn|phòng học|trạm|chợ|làng nghề|dự án"
)
# Any other noun after a figure ("từ 08 đến 10 đường hẻm", "từ 50 bóng trở lên") is a count only when a
# comparator or a verb of making goes before the figure (`GENERIC_LEAD`), and not a time or a person.
_NOT_COUNTED = (
    r"năm|tháng|ngày|tuần|giờ|lần|tuổi|kỳ|nhiệm|khóa|giai|điểm|đồng|đảng|đại|chi|của|và|với|trong|trên|so"
    r"|là|có|được|đến|tới|từ|trở|về|theo|cho|tại|lượt|vụ|triệu|tỷ|nghìn|ngàn|usd|đô|euro"
)
UNIT = (
    r"%0|%o|‰|%|phần nghìn|phần trăm|" + _MONEY + r"|ha(?!\w)|héc\s?ta|hecta|hộ(?!\w)"
    r"|(?:lượt\s)?(?:người(?!\w)|lao động)|km(?!\w)|ki-lô-mét|tấn(?!\w)|(?:" + _COUNT_NOUNS + r")(?!\w)"
    r"|(?P<noun>(?!(?:"
    + _NOT_COUNTED
    + r")(?!\w))(?:(?![\d_])\w)+(?!\d))"  # a word (no \W: see text.pattern)
)
GENERIC_LEAD = pattern(
    r"(?:từ|ít nhất|tối thiểu|trên|hơn|thêm|mới|được|đạt|xây dựng|nâng cấp|cải tạo|trồng|thành lập)\s?$"
)
_MONEY_SCALE = {
    "nghìn tỷ": 10**12,
    "ngàn tỷ": 10**12,
    "tỷ": 10**9,
    "triệu": 10**6,
    "nghìn": 10**3,
    "ngàn": 10**3,
}

# A figure with its unit: "trên 90%", "từ 80 đến 82%", "0,5%-0,8%" (the lower bound may repeat the unit),
# "từ 30 - 35 đảng viên" (for counts of members see extract._ADMIT_COUNT), "86,4 triệu đồng/người/năm".
QUANTITY = pattern(
    r"(?:(?P<pre>" + PRE + r")\s*)?"
    r"(?P<num>" + NUM + r")(?:\s?/\s?\d+)?"  # "3/4 trường học": 3 (of the 4)
    r"(?:(?:\s?(?:%0|%o|‰|%))?\s?(?:-|–|—|đến|tới)\s?(?P<num2>" + NUM + r"))?"
    r"\s?(?P<unit>" + UNIT + r")"
    r"(?P<post>\s?(?:trở lên|trở xuống))?"
)
RATE_UNITS = ("%", "‰")
# A percentage in words: "một trăm phần trăm đảng viên" (100%).
WORDS_PERCENT = pattern(r"(?P<num>" + WORD_NUM + r")\sphần trăm")


@dataclass(frozen=True)
class Quantity:
    pre: str | None
    value: Decimal
    upper: Decimal | None  # a range's upper bound ("10-12%": 12)
    unit: str  # in the JSON vocabulary: %, ‰, VND, ha, households, people, km, tons, count
    post: str | None
    start: int
    end: int
    unit_text: str  # as written (folded): "triệu đồng/người/năm"


def unit_of(unit_text: str) -> tuple[str, Decimal]:
    """The unit in the JSON vocabulary and the factor to it: "tỷ đồng" -> ("VND", 10**9)."""
    u = " ".join(unit_text.split())
    if u in ("%0", "%o", "‰", "phần nghìn"):
        return "‰", Decimal(1)
    if u in ("%", "phần trăm"):
        return "%", Decimal(1)
    money = re.match(r"(nghìn tỷ|ngàn tỷ|tỷ|triệu|nghìn|ngàn)(?!\w)", u)
    if money:
        return "VND", Decimal(_MONEY_SCALE[money.group(1)])
    if re.match(r"(?:đồng|vnđ|đ)(?!\w)", u):
        return "VND", Decimal(1)
    if u in ("ha", "hecta") or u.startswith("héc"):
        return "ha", Decimal(1)
    if u == "hộ":
        return "households", Decimal(1)
    if u.removeprefix("lượt ") in ("người", "lao động"):
        return "people", Decimal(1)
    if u in ("km", "ki-lô-mét"):
        return "km", Decimal(1)
    if u == "tấn":
        return "tons", Decimal(1)
    return "count", Decimal(1)


def _scaled(value: Decimal, factor: Decimal) -> Decimal:
    value = value * factor
    return value.to_integral_value() if value == value.to_integral_value() else value


# Units daihoi has no unit for ("127 tạ/ha", "420 kg/người/năm", "5.000 USD"), and a unit per another
# ("1,37 tấn/ha", "150 m3/ngày đêm"; not per time: "250 lao động/năm"): no target at all. Money per head
# or per ha ("triệu đồng/người/năm", "triệu đồng/ha") is read by `_MONEY`.
_FOREIGN_UNIT = pattern(r"(?:tạ|kg|kilôgam|gam|lít|m2|m3|mét|usd|đô la)\s?/|(?:kg|tạ|usd)(?!\w)")
_PER_OTHER = pattern(r"\s?/\s?(?!năm|tháng)\w")
# "giá trị sản xuất trên 1ha": per one hectare, a denominator, not a figure.
_PER_ONE = pattern(r"trên\s?1\s?(?:ha|héc|hecta|người|hộ|lao động)(?!\w)")


def _not_a_figure(low: str, m: re.Match[str], end: int) -> bool:
    """A unit outside the vocabulary, a unit per another, or a denominator ("trên 1ha")."""
    if _FOREIGN_UNIT.match(low, m.start("unit"), end):
        return True
    if _PER_ONE.match(low, m.start(), end) and m.group("num2") is None:
        return True
    money = unit_of(m.group("unit"))[0] == "VND"
    return not money and bool(_PER_OTHER.match(low, m.end("unit"), end))


def quantities(low: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every figure with a unit in low[start:end], in order."""
    out = []
    stop = len(low) if end is None else end
    for m in QUANTITY.finditer(low, start, stop):
        if m.group("noun") and not (m.group("pre") or m.group("num2") or _led(low, m.start())):
            continue
        if _not_a_figure(low, m, stop):
            continue
        unit, factor = unit_of(m.group("unit"))
        if unit == "count" and _YEAR.fullmatch(m.group("num")):  # "đến năm 2030 xã …" is a year
            continue
        try:
            value = _scaled(parse_number(m.group("num")), factor)
            upper = _scaled(parse_number(m.group("num2")), factor) if m.group("num2") else None
        except NotANumber:  # "1.2.3 ha": no figure to read
            continue
        if upper is not None and upper <= value:  # "2025 - 2030" is caught by no unit; "5-3%" is no range
            upper = None
        post = m.group("post").strip() if m.group("post") else None
        out.append(Quantity(m.group("pre"), value, upper, unit, post, m.start(), m.end(), m.group("unit")))
    for m in WORDS_PERCENT.finditer(low, start, len(low) if end is None else end):
        if (in_words := words_number(m.group("num"))) is not None:
            out.append(Quantity(None, in_words, None, "%", None, m.start(), m.end(), "phần trăm"))
    return sorted(out, key=lambda q: q.start)


_YEAR = re.compile(r"19[4-9]\d|20\d\d")


def _led(low: str, start: int) -> bool:
    """A verb of making or a comparator right before the figure at `start` ("xây dựng được 2 …")."""
    return bool(GENERIC_LEAD.search(low, max(0, start - 14), start))


def comparator(pre: str | None, post: str | None, default: str = ">=") -> str:
    """The comparator a figure's own words give; `default` for a plain figure (">=", or "<=" for what
    must go down)."""
    if post == "trở xuống":
        return "<="
    if pre in PRE_COMPARATOR:
        return PRE_COMPARATOR[pre]
    if pre or post:  # "từ", "ít nhất", "không dưới", "trở lên"
        return ">="
    return default
