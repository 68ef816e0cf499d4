"""Rule-based extraction of a congress's targets and facts from Vietnamese text (no model, no download).

`extract(text)` reads a resolution, a political report or a news report and proposes:
- facts: organization, congress number, term ("2020-2025"), attendance ("48/50"), branches, committee
  size and delegates elected to the superior congress;
- targets: indicator, scope, comparator, value, unit, period and the verbatim quote.
A person confirms or edits the proposal; the rules below favour missing a target over inventing one.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from daihoi.core.targets import rating, sections
from daihoi.core.targets.facts import CongressFacts, extract_facts, latest_term
from daihoi.core.targets.text import (
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

_ANNUAL = pattern(r"hàng năm|hằng năm|mỗi năm|/\s*năm|năm nào cũng|bình quân năm|từng năm")
_TERM = pattern(
    r"cả nhiệm kỳ|trong nhiệm kỳ|toàn nhiệm kỳ|cuối nhiệm kỳ|hết nhiệm kỳ|đến (?:cuối )?năm 20\d\d"
    r"|trong 5 năm|sau 5 năm|nhiệm kỳ 20\d\d"
)

# Linear time (issue 10, ReDoS): a search tries every start position, so a pattern that can start inside
# a run of digits or of spaces rescans that run from each of its characters (a text of 100,000 digits took
# minutes). A number therefore starts only where no number goes on before it (`_NUM`), a run of spaces is
# entered only at its first character (`(?<!\s)\s`), and two whitespace repeats never sit side by side.
# bench/bench_extract.py measures it; tests/core/targets/test_targets_extract_bounds.py keeps it linear.
_NUM = r"(?<!\d)(?<!\d[.,])\d+(?:[.,]\d+)*"
_PCT = pattern(
    r"(?:(?P<pre>trên|hơn|từ|ít nhất|tối thiểu|không dưới|không quá|không vượt quá|tối đa|dưới|còn)\s*)?"
    r"(?P<num>" + _NUM + r")\s*%(?P<post>\s*(?:trở lên|trở xuống))?"
)
_SPLIT_BEFORE_QTY = pattern(
    r"(?:,\s+|(?<!\s)\s+và\s+|(?<!\s)\s*\+\s*)"
    r"(?=(?:trong đó\s+)?(?:có\s+)?(?:(?:trên|hơn|từ|ít nhất|tối thiểu|không dưới)\s*)?" + _NUM + r"\s*%)"
)
_SPLIT_WHEREOF = pattern(
    r"(?:,\s*|(?<!\s)\s*\(\s*|(?<!\s)\s+)"
    r"(?=trong đó(?:\s+có)?\s+(?:trên\s+|hơn\s+|từ\s+|ít nhất\s+)?\d)"
)

_LEVELS: list[tuple[re.Pattern[str], str]] = [
    (pattern(r"không hoàn thành nhiệm vụ"), rating.NOT_COMPLETED),
    (pattern(r"hoàn thành xuất sắc"), rating.EXCELLENT),
    (pattern(r"hoàn thành tốt"), rating.GOOD),
    (pattern(r"hoàn thành nhiệm vụ"), rating.COMPLETED),
    (pattern(r"trong sạch,?\s*vững mạnh\s+tiêu biểu|tsvm\s+tiêu biểu"), rating.CLEAN_STRONG_EXEMPLARY),
    (pattern(r"trong sạch,?\s*vững mạnh|(?<!\w)tsvm(?!\w)"), rating.CLEAN_STRONG),
    (pattern(r"vững mạnh"), rating.STRONG),
]
_RATING_VERB = pattern(
    r"(?<!\w)đạt(?!\w)|được xếp loại|xếp loại|được đánh giá|được công nhận"
    r"|giữ vững(?: danh hiệu)?|được bình xét"
)

_QUANTIFIED_BRANCH = pattern(
    r"(?:các|mỗi|những|tất cả|toàn bộ|(?<!\d)\d+\s*%)\s+(?:các\s+)?chi bộ|chi bộ\s+(?:trực thuộc|cơ sở)"
    r"|tổ chức cơ sở đảng|tổ chức đảng trực thuộc|đảng bộ bộ phận"
)
_SCOPE_NOUNS: list[tuple[re.Pattern[str], str]] = [
    (_QUANTIFIED_BRANCH, "branches"),
    (
        pattern(
            r"đoàn thể|tổ chức chính trị\s*-\s*xã hội|công đoàn|đoàn thanh niên|hội phụ nữ|hội cựu chiến binh"
            r"|mặt trận|chính quyền|(?<!\w)cơ quan(?!\w)|tổ dân phố|khu dân cư|thôn, bản"
        ),
        "mass_organizations",
    ),
    (pattern(r"đảng viên|cán bộ|công chức|người lao động"), "members"),
    (pattern(r"đảng bộ|chi bộ|đảng ủy|cấp ủy|tập thể"), "organization"),
]

_ADMIT = pattern(r"kết nạp")
_ADMIT_COUNT = pattern(
    r"(?:(?P<pre>từ|ít nhất|tối thiểu|trên|hơn|không dưới|được)\s*)?(?P<num>" + _NUM + r")"
    r"(?:\s+đến\s+" + _NUM + r")?\s+"
    r"(?:quần chúng|đảng viên|đồng chí|người|đv)(?P<rest>[^;,]{0,40}?trở lên)?"
)
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
_OTHER_COUNT = pattern(
    r"(?P<pre>đạt|trên|hơn|từ|ít nhất|cho)\s+(?:(?P<pre2>trên|hơn)\s+)?(?P<num>" + _NUM + r")\s+"
    r"(?:triệu đồng|tỷ đồng|lao động|hộ|km|ha|người|công trình|tấn)"
)

_PRE_COMPARATOR = {
    "trên": ">",
    "hơn": ">",
    "dưới": "<",
    "không quá": "<=",
    "không vượt quá": "<=",
    "tối đa": "<=",
    "còn": "<=",
}


def _comparator(pre: str | None, post: str | None, default: str = ">=") -> str:
    if post and "trở xuống" in post:
        return "<="
    if pre and pre in _PRE_COMPARATOR:
        return _PRE_COMPARATOR[pre]
    return default if not pre else (">=" if default in (">=", "=") else default)


def _level_in(low: str) -> tuple[str, int] | None:
    """The first rating level named in `low`, with its offset."""
    best: tuple[str, int] | None = None
    for rx, level in _LEVELS:
        m = rx.search(low)
        if m and (best is None or m.start() < best[1]):
            best = (level, m.start())
    return best


def _scope_near(low: str, start: int, end: int) -> str | None:
    """The scope noun in low[start:end] that comes first (for a percentage: the noun right after it)."""
    best: tuple[int, str] | None = None
    for rx, scope in _SCOPE_NOUNS:
        m = rx.search(low, start, end)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), scope)
    return best[1] if best else None


def _scope_last_before(low: str, end: int) -> str | None:
    """The scope noun that ends closest before `end` (the subject of "… đạt <level>")."""
    best: tuple[int, str] | None = None
    for rx, scope in _SCOPE_NOUNS:
        for m in rx.finditer(low, 0, end):
            # "các chi bộ" wins over the "chi bộ" inside it: compare on end, then prefer longer.
            key = m.end() * 1000 - m.start()
            if best is None or key > best[0]:
                best = (key, scope)
    return best[1] if best else None


@dataclass
class _Context:
    sentence_period: str | None
    distributed_period: str | None  # from a "Hàng năm:" heading or a prefix ending in ":"


def _period_of(low: str) -> str | None:
    if _ANNUAL.search(low):
        return "annual"
    if _TERM.search(low):
        return "term"
    return None


def _segment_targets(
    text: str, folded: str, a: int, b: int, ctx: _Context, parent_scope: str | None
) -> list[ExtractedTarget]:
    """Targets stated in one segment text[a:b] (a clause, or its "trong đó" part); `folded` is
    fold(text), folded once for the whole text (same offsets)."""
    a, b = strip_span(text, a, b)
    if enumerator := _INLINE_ENUMERATOR.match(text, a, b):  # "(2) 100% đảng viên …"
        a = enumerator.end()
    if a >= b:
        return []
    seg = text[a:b]
    low = folded[a:b]
    if _CLAUSE_PAST.search(low) and not _STRONG_CUE.search(low):
        return []
    own_period = _period_of(low)

    def period_for(kind: str) -> str | None:
        if own_period:
            return own_period
        if ctx.distributed_period:
            return ctx.distributed_period
        if kind == "yearly":
            return ctx.sentence_period if ctx.sentence_period == "term" else "annual"
        if kind == "count":
            return "term"
        return ctx.sentence_period

    def make(
        indicator: str, scope: str, comparator: str, value: Decimal | str, unit: str, kind: str
    ) -> ExtractedTarget:
        return ExtractedTarget(indicator, scope, comparator, value, unit, period_for(kind), seg)

    out: list[ExtractedTarget] = []
    if _ADMIT.search(low):
        where = (
            "branches" if re.search(fold(r"mỗi chi bộ|các chi bộ|chi bộ trực thuộc"), low) else "organization"
        )
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
        m = _ADMIT_COUNT.search(low, _ADMIT.search(low).end())  # type: ignore[union-attr]
        if m:
            comparator = ">" if m.group("pre") in ("trên", "hơn") else ">="
            return [make(ADMISSIONS, where, comparator, parse_number(m.group("num")), "count", "count")]
        if not _PCT.search(low):
            return []
        # "100% đảng viên mới được kết nạp đều được chuyển chính thức": a share, read below.
    if _NO_DISCIPLINE.search(low):
        return [make(DISCIPLINED, "members", "=", Decimal(0), "count", "yearly")]

    pct = _PCT.search(low) or _ALL_OF.search(low)
    level = _level_in(low)
    if pct:
        value = parse_number(pct.group("num")) if pct.group("num") else Decimal(100)
        comparator = _comparator(pct.group("pre"), pct.group("post"))
        scope: str | None = _scope_near(low, pct.end(), min(len(low), pct.end() + 40)) or parent_scope
        if scope == "organization":  # "100% chi bộ", "90% đảng bộ cơ sở": a share of the branches
            scope = "branches"
        if _CHARTER.search(low):
            return [make(CHARTER, scope or "members", comparator, value, "%", "yearly")]
        if _STUDY.search(low):
            return [make(STUDY, scope or "members", comparator, value, "%", "yearly")]
        if level:
            lv = level[0]
            if lv == rating.NOT_COMPLETED and not pct.group("pre"):
                comparator = "<="
            return [make(RATED_PREFIX + lv, scope or "members", comparator, value, "%", "yearly")]
        return [make(OTHER, _scope_near(low, 0, len(low)) or "organization", comparator, value, "%", "other")]
    if level:
        verb = _RATING_VERB.search(low)
        if verb and verb.start() < level[1]:
            scope = _scope_last_before(low, verb.start()) or parent_scope or "organization"
            return [make(RATING, scope, ">=", level[0], "level", "yearly")]
        return []
    other = _OTHER_COUNT.search(low)
    if other:
        comparator = _comparator(other.group("pre2") or other.group("pre"), None)
        out.append(
            make(OTHER, "organization", comparator, parse_number(other.group("num")), "count", "other")
        )
    return out


def _clause_targets(text: str, folded: str, a: int, b: int, ctx: _Context) -> list[ExtractedTarget]:
    """Split a clause at "trong đó" and before each further percentage, keep the parent's scope."""
    low = folded[a:b]
    cuts = [a]
    for rx in (_SPLIT_WHEREOF, _SPLIT_BEFORE_QTY):
        cuts += [a + m.start() for m in rx.finditer(low)]
    cuts = [*sorted(set(cuts)), b]
    targets: list[ExtractedTarget] = []
    parent_scope: str | None = None
    for start, stop in itertools.pairwise(cuts):
        found = _segment_targets(text, folded, start, stop, ctx, parent_scope)
        targets += found
        if found and parent_scope is None:
            parent_scope = found[0].scope
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
    start = a + colon + 1 if lead_in else a
    cuts = [start, *(m.end() for m in _SEMICOLON.finditer(text, start, b)), b + 1]
    clauses = [(x, y - 1) for x, y in itertools.pairwise(cuts)]
    # A clause of the past inside a target sentence ("Nhiệm kỳ 2020-2025 đạt 8%; nhiệm kỳ tới phấn đấu
    # 10%") is not read, nor does it give the sentence its period.
    clauses = [(x, y) for x, y in clauses if not _is_past_clause(folded[x:y], term)]
    if not clauses:
        return []
    # The sentence's own anchor is the one in its opening clause ("Phấn đấu hàng năm có …; …").
    opening = folded[a : clauses[0][1]] if clauses[0][0] == start else folded[clauses[0][0] : clauses[0][1]]
    ctx = _Context(sentence_period=_period_of(opening), distributed_period=distributed)
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
    term = latest_term(folded)
    # A text that tells no past at all (a pasted list of targets): a sentence with no cue is a target.
    open_start = not sections.tells_past(folded, term)
    section = "start"  # "past" after "Nhiệm kỳ qua…", "new" after "Nhiệm kỳ 2025-2030 … đề ra…"
    targets: list[ExtractedTarget] = []
    declared: int | None = None
    block = False  # inside a list under a heading such as "Các chỉ tiêu chủ yếu:"
    block_period: str | None = None
    # A news headline repeats a target of the text ("Xã X phấn đấu tỷ lệ nghèo … giảm còn 0,23%"): the
    # target is quoted from the text's own sentence, the headline's kept only when the text has none.
    headline = 0  # how many targets the first line gave, when it is a headline
    lines_read = 0
    pos = 0
    for line in text.split("\n"):
        a, b = pos, pos + len(line)
        pos = b + 1
        if not line.strip():
            continue
        lines_read += 1
        if lines_read == 2 and not text[:a].rstrip().endswith((".", ";", ":")):
            headline = len(targets)
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

    def figure(t: ExtractedTarget) -> tuple[str, ...]:
        return (t.indicator, t.scope, t.comparator, str(t.value), t.unit)

    def key(t: ExtractedTarget) -> tuple[str, ...]:
        # A figure of "other" is told by its quote (its label): "Tỷ lệ thôn văn hóa: 100%" and "trường học
        # văn hóa: 100%" are two targets; the same figure of a named indicator stated twice is one.
        return (*figure(t), t.quote) if t.indicator == OTHER else figure(t)

    later = {figure(t) for t in targets[headline:]}
    unique = []
    seen: set[tuple[str, ...]] = set()
    for i, t in enumerate(targets):
        if key(t) not in seen and (i >= headline or figure(t) not in later):
            seen.add(key(t))
            unique.append(t)
    return unique, declared


def extract(text: str, *, limit: int | None = MAX_TEXT_CHARS) -> Extraction:
    """Facts and targets of `text`; TextTooLong when it is longer than `limit` characters."""
    check_length(text, limit)
    targets, declared = extract_targets(text)
    return Extraction(facts=extract_facts(text), targets=targets, declared_count=declared)
