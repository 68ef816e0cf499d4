"""Facts of a congress read from a Vietnamese text: organization, congress number, term, attendance,
branches, committee size, delegates elected to the superior congress. `extract_facts(text)`; the rules
favour leaving a fact empty over guessing it.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass

from daihoi.core.targets.text import clean, fold, parse_ordinal, pattern


@dataclass
class CongressFacts:
    organization: str | None = None
    congress_number: int | None = None
    term: str | None = None
    attending: int | None = None
    convened: int | None = None
    branches: int | None = None
    committee_size: int | None = None
    delegates: int | None = None

    @property
    def term_years(self) -> tuple[int, int] | None:
        if not self.term:
            return None
        start, end = self.term.split("-")
        return int(start), int(end)


_ORG_AFTER_CONGRESS = pattern(r"đại hội\s+(?:đại biểu\s+|đảng viên\s+)?(?=(?:đảng bộ|chi bộ)\s)")
_ORG_BEFORE_CONGRESS = pattern(r"(?:đảng bộ|chi bộ)\s[^,.;:\n]{2,80}?(?=\s+(?:đã\s+)?tổ chức\s+đại hội)")
_ORG_STOP = pattern(
    r"(?<!\s)\s+(?:lần thứ|nhiệm kỳ|khóa\s|tổ chức|đã\s|với\s|gồm\s|có\s|diễn ra|được tổ chức|long trọng|\()"
)
_ORG_MAX = 300  # the longest organization name read (characters)
_ORG_END = re.compile(r"[,.;:\n(]")
_NUMBER = pattern(r"lần thứ\s+([ivxlc]+|\d+|nhất|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười)(?!\w)")
_KHOA = pattern(r"khóa\s+([ivxlc]+|\d+)(?!\w)")
_TERM_RX = pattern(r"nhiệm kỳ\s*(\d{4})\s*[-–—]\s*(\d{4})")
_ATTENDANCE = pattern(r"(?<!\d)(\d+)\s*/\s*(\d+)\s+(?:đảng viên|đại biểu|đồng chí)")
_CONVENED = pattern(r"(?<!\d)(\d+)\s+(?:đảng viên|đại biểu)(?:\s+chính thức)?\s+(?:được\s+)?triệu tập")
_PRESENT = pattern(r"có mặt\s+(?:là\s+)?(\d+)|(?<!\d)(\d+)\s+(?:đảng viên|đại biểu|đồng chí)\s+có mặt")
# Weaker: "Dự Đại hội có 150 đại biểu chính thức" (not when the figure is the number convened).
_PRESENT_WEAK = pattern(
    r"dự đại hội có\s+(\d+)\s+(?:đại biểu|đảng viên)(?!(?:\s+chính thức)?\s+(?:được\s+)?triệu tập)"
)
_BRANCHES = pattern(r"(?<![\d%,.])(\d+)\s+chi bộ(?!\s+(?:đạt|hoàn thành|được|xếp))")
_COMMITTEE = pattern(
    r"(?:ban chấp hành|chi ủy|đảng ủy|cấp ủy|bch)[^.;]{0,120}?gồm\s+(\d+)\s+đồng chí"
    r"|bầu\s+(\d+)\s+đồng chí\s+vào\s+(?:ban chấp hành|chi ủy|đảng ủy|cấp ủy)"
    r"|số lượng (?:ban chấp hành|chi ủy|cấp ủy(?: viên)?)[^.;]{0,60}?(?:là|gồm)\s+(\d+)\s+đồng chí"
)
_DELEGATES = pattern(
    r"đoàn đại biểu[^.;]{0,160}?gồm\s+(\d+)\s+(?:đồng chí|đại biểu)"
    r"|bầu\s+(\d+)\s+(?:đồng chí|đại biểu)(?:\s+chính thức)?\s+(?:đi\s+)?dự\s+đại hội"
)


def _first_group(m: re.Match[str]) -> str:
    return next(g for g in m.groups() if g is not None)


def _organization(text: str, low: str) -> str | None:
    """The first name, in the order of the text, of more than two words after "Đại hội" or before "tổ
    chức đại hội". Candidates are read lazily, each within _ORG_MAX characters: linear in the text."""

    def after_congress() -> Iterator[tuple[int, int]]:
        for m in _ORG_AFTER_CONGRESS.finditer(low):
            start = m.end()
            limit = min(len(low), start + _ORG_MAX)
            punctuation = _ORG_END.search(low, start, limit)
            end = punctuation.start() if punctuation else limit
            stop = _ORG_STOP.search(low, start, end)
            yield start, stop.start() if stop else end

    before_congress = ((m.start(), m.end()) for m in _ORG_BEFORE_CONGRESS.finditer(low))
    for start, end in heapq.merge(after_congress(), before_congress):
        name = text[start:end].strip()
        if len(name.split()) > 2:
            return " ".join(name.split())
    return None


def extract_facts(text: str) -> CongressFacts:
    text = clean(text)
    low = fold(text)
    facts = CongressFacts(organization=_organization(text, low))
    number = _NUMBER.search(low)
    if number is None:
        number = _KHOA.search(low)
    if number:
        facts.congress_number = parse_ordinal(number.group(1))
    terms = [(int(m.group(1)), int(m.group(2))) for m in _TERM_RX.finditer(low)]
    terms = [t for t in terms if 0 < t[1] - t[0] <= 10]
    if terms:
        start, end = max(terms)  # a report names the past term too; the congress opens the latest one
        facts.term = f"{start}-{end}"
    if m := _ATTENDANCE.search(low):
        facts.attending, facts.convened = int(m.group(1)), int(m.group(2))
    else:
        if m := _CONVENED.search(low):
            facts.convened = int(m.group(1))
        if m := _PRESENT.search(low) or _PRESENT_WEAK.search(low):
            facts.attending = int(_first_group(m))
    for m in _BRANCHES.finditer(low):
        before = low[max(0, m.start() - 12) : m.start()]
        if "kết nạp" not in before and "mỗi" not in before:
            facts.branches = int(m.group(1))
            break
    if m := _COMMITTEE.search(low):
        facts.committee_size = int(_first_group(m))
    if m := _DELEGATES.search(low):
        facts.delegates = int(_first_group(m))
    return facts
