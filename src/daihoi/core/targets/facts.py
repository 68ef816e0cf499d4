"""Facts of a congress read from a Vietnamese text: organization, congress number, term, attendance,
branches, committee size, delegates elected to the superior congress. `extract_facts(text)`; the rules
favour leaving a fact empty over guessing it.
"""

from __future__ import annotations

import re
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


# The organization: a kind word and its name ("Đảng bộ xã Vĩnh Lộc", "Chi bộ Trường THCS Bình Hàn", "Chi
# bộ khóm 1", "Đảng bộ Sở Văn hóa, Thể thao và Du lịch"). The name is read word by word after the kind
# word (`_org_name`), bounded by _ORG_MAX characters, so reading every occurrence is linear.
_ORG_KIND = pattern(r"(?<!\w)(?:đảng bộ|chi bộ)(?=\s)")
# Tied to the congress: "Đại hội [đại biểu] Đảng bộ X …" (not "đi dự Đại hội … Đảng bộ <superior>"), or
# "Đảng bộ X [đã|vừa] [long trọng] tổ chức|tiến hành [thành công] [phiên chính thức] Đại hội", also "Chi
# bộ tổ dân phố 5 trực thuộc Đảng bộ phường Yên Đổ (…) tổ chức Đại hội" (the branch, not its superior).
_ORG_AFTER_CONGRESS = pattern(r"(?<!dự )đại hội\s+(?:đại biểu\s+|đảng viên\s+)?$")
_ORG_BEFORE_CONGRESS = pattern(
    r"^\s*(?:(?:trực thuộc|thuộc)\s+(?:đảng bộ|đảng ủy)[^.;:\n()]{0,80}?"
    r"(?=\s*\(|\s+(?:đã|vừa|tổ chức|tiến hành)))?"
    r"\s*(?:\([^()\n]{0,60}\)\s*)?(?:(?:đã|vừa|đang|sẽ)\s+)?(?:long trọng\s+)?(?:tổ chức|tiến hành)\s+"
    r"(?:thành công\s+)?(?:phiên (?:chính thức|thứ nhất|trù bị)\s+)?(?:của\s+)?đại hội"
)
# Words that end a name: what the sentence goes on to say of the organization ("… tổ chức Đại hội",
# "… đã phát huy…", "… lần thứ I"). The first group ends it always, the second only in lower case
# ("Sở Kế hoạch và Đầu tư" keeps its capitals).
_ORG_STOP = pattern(
    r"(?:lần thứ|nhiệm kỳ|khóa|đã|vừa|đang|sẽ|với|gồm|có|diễn ra|được|và nhân dân|và chính quyền)(?!\w)"
)
_ORG_STOP_LOWER = pattern(
    r"(?:tổ chức|tiến hành|long trọng|đề ra|đặt|xác định|cũng|trong|tại|là|thực hiện|phấn đấu|lãnh đạo"
    r"|tập trung|luôn|chỉ đạo|nhằm|đến|từ|về|cùng|hoàn thành|đạt|tham dự|dự|bầu|triển khai|quán triệt"
    r"|học tập|tiếp tục|không ngừng|chú trọng|trực thuộc)(?!\w)"
)
# The place of a commune or ward is not part of its name ("Đảng bộ xã Phú Phúc huyện Lý Nhân").
_LOCAL_UNITS = frozenset(["xã", "phường", "thị", "khóm", "ấp", "thôn", "bản", "khu", "tổ"])
_HIGHER_UNITS = frozenset(["huyện", "quận", "thị", "tỉnh", "thành", "tp"])
# A kind word followed by a unit alone is no name ("Đảng bộ xã", "Đảng bộ tỉnh"): the unit's first word
# ("công" ty, "bệnh" viện, "trung" tâm, "văn" phòng).
_UNIT_WORDS = _LOCAL_UNITS | _HIGHER_UNITS | {"trường", "công", "cơ", "sở", "ban", "khối", "bệnh", "phòng"}
_UNIT_WORDS |= {"trung", "văn", "ủy"}
_PROVINCIAL = frozenset(["tỉnh", "thành", "tp"])
_ORG_MAX = 160  # the longest organization name read (characters)
# A word of a name; "TP.Tam Kỳ", "TP.HCM" keep their dot.
_ORG_TOKEN = re.compile(
    r"\([^()\n]{0,12}\)|[^\s,.;:!?()\"“”]+(?:\.(?=[A-ZĐ])[^\s,.;:!?()\"“”]+)*|[,.;:!?()\"“”\n]"
)
_ABBREVIATION = re.compile(r"\([A-ZĐ]{2,8}\)")
_NUMBER = pattern(r"lần thứ\s+([ivxlc]+|\d+|nhất|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười)(?!\w)")
# The congress's own number: "Đại hội [đại biểu Đảng bộ huyện] lần thứ XVII", not "hội nghị lần thứ 2".
_CONGRESS_NUMBER = pattern(
    r"đại hội[^.;:\n]{0,60}?(?<!\w)lần thứ\s+([ivxlc]+|\d+|nhất|hai|ba|tư|bốn|năm)(?!\w)"
)
_KHOA = pattern(r"khóa\s+([ivxlc]+|\d+)(?!\w)")
_TERM_RX = pattern(r"nhiệm kỳ\s*(\d{4})\s*[-–—]\s*(\d{4})")
_ATTENDANCE = pattern(r"(?<!\d)(\d+)\s*/\s*(\d+)\s+(?:đảng viên|đại biểu|đồng chí)")
_CONVENED = pattern(r"(?<!\d)(\d+)\s+(?:đảng viên|đại biểu)(?:\s+chính thức)?\s+(?:được\s+)?triệu tập")
_PRESENT = pattern(r"có mặt\s+(?:là\s+)?(\d+)|(?<!\d)(\d+)\s+(?:đảng viên|đại biểu|đồng chí)\s+có mặt")
# Weaker: "Dự Đại hội có 150 đại biểu chính thức" (not when the figure is the number convened); a
# delegates' congress: "185 đại biểu đại diện cho hơn 500 đảng viên", "221 đảng viên tiêu biểu đại diện
# cho 581 đảng viên", "với sự tham dự của 189 đại biểu".
_PRESENT_WEAK = pattern(
    r"dự đại hội có\s+(\d+)\s+(?:đại biểu|đảng viên)(?!(?:\s+chính thức)?\s+(?:được\s+)?triệu tập)"
    r"|(?<![\d.,])(\d+)\s+(?:đại biểu|đảng viên)(?:\s+chính thức)?(?:\s+tiêu biểu)?"
    r"(?:\s+thay mặt|\s+đại diện)"
    r"|sự tham (?:dự|gia) của\s+(?:hơn\s+|gần\s+|trên\s+)?(\d+)\s+(?:đại biểu|đảng viên)"
)
# The branches and grassroots units under the organization, summed: "49 chi bộ, đảng bộ trực thuộc",
# "56 chi, đảng bộ trực thuộc", "9 chi bộ và 2 đảng bộ bộ phận trực thuộc" (11), "17 đảng bộ trực
# thuộc, 01 đảng bộ bộ phận" (18), "39 tổ chức đảng". Not "mỗi chi bộ", "kết nạp 3 …", "100% chi bộ".
_BRANCH_UNIT = (
    r"(?:chi,\s*đảng bộ|chi bộ,\s*đảng bộ|chi bộ|đảng bộ\s+(?:bộ phận|cơ sở|trực thuộc)"
    r"|tổ chức (?:cơ sở )?đảng)(?!\s+(?:đạt|hoàn thành|được|xếp))"
)
_BRANCHES = pattern(
    r"(?<![\d%,.])(?!(?:19|20)\d\d(?!\d))(\d+)[ \t]+"  # not a year ("nhiệm kỳ 2020 - 2022\nChi bộ …")
    + _BRANCH_UNIT
    + r"(?:(?:\s+trực thuộc)?(?:,\s*|\s+và\s+)(\d+)\s+"
    + _BRANCH_UNIT
    + ")?"
)
# The new committee: "Ban Chấp hành … gồm 35 đồng chí", "bầu 15 đồng chí vào BCH", "bầu 3 đồng chí
# tham gia cấp ủy", "bầu 15 vị vào Ban Chấp hành", "03 đồng chí được bầu vào Ban chi ủy", "… gồm 21 người",
# "Ban Chấp hành … có 56 người", "bầu 15 đ/c vào Ban chấp hành".
_COMMITTEE_BODY = r"(?:ban chấp hành|ban chi ủy|chi ủy|đảng ủy|cấp ủy|bch)"
_COMMITTEE = pattern(
    _COMMITTEE_BODY + r"[^.;]{0,120}?(?:gồm|có)\s+(\d+)\s+(?:đồng chí|đ/c|người|ủy viên|thành viên)"
    r"|bầu\s+(\d+)\s+(?:đồng chí|đ/c|vị|người)\s+(?:vào|tham gia)\s+"
    + _COMMITTEE_BODY
    + r"|(?<![\d.,])(\d+)\s+đồng chí\s+(?:đã\s+)?(?:được\s+|trúng cử\s+)?(?:bầu\s+)?vào\s+"
    + _COMMITTEE_BODY
    + r"|số lượng (?:ban chấp hành|chi ủy|cấp ủy(?: viên)?)[^.;]{0,60}?(?:là|gồm)\s+(\d+)\s+đồng chí"
)
_DELEGATES = pattern(
    r"đoàn đại biểu[^.;]{0,160}?gồm\s+(\d+)\s+(?:đồng chí|đại biểu)"
    r"|bầu\s+(\d+)\s+(?:đồng chí|đại biểu)(?:\s+chính thức)?(?:,\s*\d+\s+đại biểu dự khuyết)?"
    r"\s+(?:đi\s+|tham\s+)?dự\s+đại hội"
)


def _first_group(m: re.Match[str]) -> str:
    return next(g for g in m.groups() if g is not None)


def _is_name_word(word: str) -> bool:
    """A word that begins a proper name: "Vĩnh", "THCS", "III", "4"."""
    return word[:1].isupper() or word[:1].isdigit()


def _org_name(text: str, low: str, start: int) -> tuple[str, str] | None:
    """The name read from the kind word at `start` ("Đảng bộ", "Chi bộ"), and the folded unit word after
    it ("xã", "sở", "" for a proper name); None when what follows is no name ("Đảng bộ xã", "Đảng bộ
    các xã", "Đảng bộ và Nhân dân")."""
    kind_end = start + len("đảng bộ" if low.startswith("đảng", start) else "chi bộ")
    words: list[str] = []
    unit = ""
    for m in _ORG_TOKEN.finditer(text, kind_end, min(len(text), kind_end + _ORG_MAX)):
        word = m.group(0)
        folded = low[m.start() : m.end()]
        if word.startswith("(") and len(word) > 1:
            if _ABBREVIATION.fullmatch(word) and words:  # "Khối Doanh nghiệp (DN) TP HCM"
                continue
            break
        if word == "," and words:
            # "Sở Văn hóa, Thể thao và Du lịch" goes on; "xã Long Hòa, huyện Phú Tân" stops.
            nxt = _ORG_TOKEN.search(text, m.end(), min(len(text), m.end() + 40))
            if (
                nxt
                and _is_name_word(nxt.group(0))
                and low[nxt.start() : nxt.end()] not in _HIGHER_UNITS
                and unit not in _LOCAL_UNITS
            ):
                words.append(",")
                continue
            break
        if not word[:1].isalnum():
            break
        if _ORG_STOP.match(low, m.start()) or (
            not _is_name_word(word) and _ORG_STOP_LOWER.match(low, m.start())
        ):
            break
        if folded == "và":  # "Nông nghiệp và Phát triển nông thôn", not "Đảng bộ và Nhân dân"
            nxt = _ORG_TOKEN.search(text, m.end(), min(len(text), m.end() + 40))
            if not (words and nxt and nxt.group(0)[:1].isupper()):
                break
        if unit in _LOCAL_UNITS and len(words) > 1 and folded in _HIGHER_UNITS:
            break
        # A commune's or ward's name is its capitalized words: a verb or a description after it ends it
        # ("Đảng bộ xã Kông Bơ La thông qua …", "Đảng bộ xã Ea Mdroh xã căn cứ cách mạng").
        if unit in _LOCAL_UNITS and len(words) > 1 and not _is_name_word(word) and _is_name_word(words[-1]):
            break
        if not words:
            if folded in _UNIT_WORDS:
                unit = folded
            elif not _is_name_word(word):
                return None
        words.append(word)
    # A unit word needs a name after it ("Đảng bộ xã" is none), unless it is written as one ("Đảng bộ
    # Khối các cơ quan tỉnh").
    named = any(_is_name_word(w) for w in words[1:]) or (words[:1] != [] and words[0][:1].isupper())
    if not words or (unit and not (named and len(words) > 1)):
        return None
    name = " ".join(words).replace(" ,", ",")
    return f"{text[start:kind_end]} {name}", unit


def _organization(text: str, low: str) -> tuple[str, int] | None:
    """The organization holding the congress, and where its name ends: the first name tied to the
    congress ("Đại hội Đảng bộ X", "Đảng bộ X tổ chức Đại hội"), else the first name of the text; a
    province's Party organization only when no other is named (the congress of a commune cites the
    province's); else a unit named alone ("Đại hội đại biểu Đảng bộ huyện lần thứ XVII") with the place
    the text names for it ("Huyện ủy Tây Giang" → "Đảng bộ huyện Tây Giang")."""
    best: tuple[int, int, str, int] | None = None  # (rank, position, name, end)
    alone: tuple[str, str, int] | None = None  # the first "Đảng bộ huyện" tied to the congress
    for m in _ORG_KIND.finditer(low):
        read = _org_name(text, low, m.start())
        if read is None:
            bare = _UNIT_ALONE.match(low, m.end())
            if alone is None and bare and _ORG_AFTER_CONGRESS.search(low[max(0, m.start() - 40) : m.start()]):
                alone = (text[m.start() : m.end()], bare.group(1), bare.end())
            continue
        name, unit = read
        end = m.start() + len(name)
        tied = bool(_ORG_AFTER_CONGRESS.search(low[max(0, m.start() - 40) : m.start()])) or bool(
            _ORG_BEFORE_CONGRESS.search(low[end : end + 140])
        )
        rank = (0 if tied else 2) + (1 if unit in _PROVINCIAL else 0)
        if best is None or rank < best[0]:
            best = (rank, m.start(), name, end)
            if rank == 0:
                return _fuller(text, low, name, end)
    # A ward's congress that also names its city's ("Đại hội Đảng bộ phường lần thứ I" … "Đại hội đại
    # biểu Đảng bộ thành phố Đà Nẵng lần thứ XXIII"): the ward's own, even named alone.
    local_alone = alone is not None and alone[1].lower() in _LOCAL_UNITS | {"thị trấn"}
    if best is not None and best[0] == 1 and local_alone:
        best = None
    if best is None and alone is not None:
        kind, unit_word, end = alone
        place = _place(text, low, unit_word)
        if place:
            return f"{kind} {unit_word} {place}", end
    return (best[2], best[3]) if best else None


_FULLER_WITHIN = 1000  # characters after a headline's name searched for its full form


def _fuller(text: str, low: str, name: str, end: int) -> tuple[str, int]:
    """A headline's short name completed by its full form named soon after ("Đại hội Đảng bộ Cao su Chư
    Păh" … "Đảng bộ Công ty TNHH MTV Cao su Chư Păh đã tổ chức Đại hội"): the longer name ending alike."""
    kind, _, own = name.partition(" bộ ")
    for m in _ORG_KIND.finditer(low, end, min(len(low), end + _FULLER_WITHIN)):
        read = _org_name(text, low, m.start())
        full = read[0] if read else ""
        added = full[len(kind) + 4 : len(full) - len(own)].strip()  # "Công ty TNHH MTV"
        if full.startswith(kind) and full.endswith(" " + own) and added[:1].isupper():
            return full, m.start() + len(full)
    return name, end


# "Đảng bộ huyện", "Đảng bộ xã", "Đảng bộ phường", "Đảng bộ thị trấn" with no name after it.
_UNIT_ALONE = pattern(r"\s+(huyện|xã|phường|thị trấn|thị xã|quận)(?=\s+(?:lần thứ|nhiệm kỳ|khóa)|[,.;:\n(])")
_PLACE_MAX = 40  # characters of a place name


def _place(text: str, low: str, unit: str) -> str | None:
    """The first place named for `unit` in the text: "Huyện ủy Tây Giang", "huyện Tây Giang"."""
    for m in re.finditer(re.escape(unit) + r"(?:\s*ủy)?\s+", low):
        words = []
        for w in _ORG_TOKEN.finditer(text, m.end(), min(len(text), m.end() + _PLACE_MAX)):
            if not _is_name_word(w.group(0)) or not w.group(0)[:1].isalnum():
                break
            words.append(w.group(0))
        if words and words[0][:1].isupper():
            return " ".join(words)
    return None


def latest_term(low: str) -> tuple[int, int] | None:
    """The congress's term in the folded text: a report names the past term too, the congress opens the
    latest one (a span of more than ten years is not a term)."""
    terms = [(int(m.group(1)), int(m.group(2))) for m in _TERM_RX.finditer(low)]
    terms = [t for t in terms if 0 < t[1] - t[0] <= 10]
    return max(terms) if terms else None


def extract_facts(text: str) -> CongressFacts:
    text = clean(text)
    low = fold(text)
    organization = _organization(text, low)
    facts = CongressFacts(organization=organization[0] if organization else None)
    # The number next to the organization's name ("Đảng bộ phường Tĩnh Gia lần thứ I", not the province's
    # "lần thứ XX" cited before it), else the first of a congress ("Đại hội … lần thứ XVII", not "hội
    # nghị lần thứ 2"), else the first "lần thứ", else "khóa".
    near = _NUMBER.search(low[organization[1] : organization[1] + 60]) if organization else None
    number = near or _CONGRESS_NUMBER.search(low) or _NUMBER.search(low) or _KHOA.search(low)
    if number:
        facts.congress_number = parse_ordinal(number.group(1))
    if term := latest_term(low):
        facts.term = f"{term[0]}-{term[1]}"
    # "48/50 đảng viên", not "kết nạp được 36/35 đảng viên" (admitted / the past term's target).
    attendance = (
        m for m in _ATTENDANCE.finditer(low) if "kết nạp" not in low[max(0, m.start() - 16) : m.start()]
    )
    if m := next(attendance, None):
        facts.attending, facts.convened = int(m.group(1)), int(m.group(2))
    else:
        if m := _CONVENED.search(low):
            facts.convened = int(m.group(1))
        if m := _PRESENT.search(low) or _PRESENT_WEAK.search(low):
            facts.attending = int(_first_group(m))
    for m in _BRANCHES.finditer(low):
        before = low[max(0, m.start() - 12) : m.start()]
        if "kết nạp" not in before and "mỗi" not in before:
            facts.branches = int(m.group(1)) + int(m.group(2) or 0)
            break
    if m := _COMMITTEE.search(low):
        facts.committee_size = int(_first_group(m))
    if m := _DELEGATES.search(low):
        facts.delegates = int(_first_group(m))
    return facts
