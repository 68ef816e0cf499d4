"""Which sentences of a text speak of the new term's targets (selection; what a clause states is read in
`extract`).

A congress report first tells what the past term achieved ("Nhiệm kỳ 2020-2025 … đạt …", "Hàng năm có
trên 82% chi bộ hoàn thành tốt nhiệm vụ", "kết nạp được 143 đảng viên, vượt chỉ tiêu") and then sets the
new term's targets ("phấn đấu", "chỉ tiêu", "nhiệm kỳ 2025-2030", "đến năm 2030"). Each sentence is
classified by its cue words (`Reading`), and `Sections` follows the text sentence by sentence, across
paragraphs: a section opened by the past ("Nhiệm kỳ qua…", the older term named) holds no target until a
sentence opens the new term's targets ("Nhiệm kỳ 2025-2030, Đảng bộ đề ra…", "CÁC CHỈ TIÊU CHỦ YẾU");
inside the new term's section a figure is a target even with no cue word ("Tỷ lệ tập hợp đoàn viên công
đoàn đạt 98%.").

The new term is the latest "nhiệm kỳ YYYY-YYYY" of the text (`facts.latest_term`), or a later
socio-economic period "giai đoạn 2026-2030" after it (`new_term`): a term or a year before it is the
past; "đến năm 2030" looks forward. Every pattern is linear (see `extract._NUM`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from daihoi.core.targets.text import fold, pattern

# Looks forward: the sentence sets a target even if it also names the past ("Phấn đấu … bằng 120% so
# với nhiệm kỳ 2015 - 2020"; "chỉ tiêu trong 5 năm đến"). Not after "đã" ("đã nỗ lực phấn đấu thực hiện
# đạt 21/21 chỉ tiêu"), not the noun ("sự quyết tâm", "quyết tâm chính trị"). "đến năm 2030" is read with
# the years below.
FUTURE_CUE = pattern(
    r"phấn đấu|(?<!sự )quyết tâm(?! chính trị)|phải đạt|cần đạt|nhiệm kỳ tới|nhiệm kỳ mới|những năm tới"
    r"|thời gian tới|giai đoạn tới|đến cuối nhiệm kỳ|đến hết nhiệm kỳ|cuối nhiệm kỳ"
    r"|(?<![\d.,])\d+ năm (?:tới|đến)(?! năm)"
)
_DONE_BEFORE = re.compile(fold(r"(?<!\w)đã(?!\w)[^.;,]*$"))
_DONE_WINDOW = 24
# Names a list of targets: "Các chỉ tiêu chủ yếu:", "CHỈ TIÊU CỤ THỂ". A past result may name the list
# too ("các chỉ tiêu chủ yếu đều đạt và vượt"), so a result word outweighs it.
LIST_CUE = pattern(r"chỉ tiêu chủ yếu|các chỉ tiêu|chỉ tiêu cụ thể|mục tiêu cụ thể|nhóm chỉ tiêu|chỉ tiêu về")
# Weak: also said of the past ("hàng năm có trên 82% chi bộ…"); a target only outside the past's section.
WEAK_CUE = pattern(
    r"chỉ tiêu|mục tiêu|đề ra|phương hướng|hàng năm|hằng năm|mỗi năm|cả nhiệm kỳ|trong nhiệm kỳ"
    r"|toàn nhiệm kỳ"
)
# Opens the new term's section, even after the past's: targets named as what the congress sets
# ("Đại hội đề ra mục tiêu: …", "xác định 5 nhiệm vụ", "… được đề ra như: …", "Phần thứ hai: PHƯƠNG
# HƯỚNG…", "II- PHƯƠNG HƯỚNG…", "* Mục tiêu tổng quát"), not a word in passing ("chương trình mục tiêu
# quốc gia", "so với chỉ tiêu … đề ra").
OPENER = pattern(
    r"(?:đề ra|xác định|thông qua|đặt ra|(?<!\w)đặt|nêu)\s+(?:\d+\s+|các\s+|những\s+)?"
    r"(?:mục tiêu|chỉ tiêu|phương hướng|nhiệm vụ)|đề ra(?:\s+như|\s+gồm|\s+là)?\s*:"
    r"|^(?:phần thứ \w+\s*(?:[:.-]\s*)?|[ivx]+\s*[.:-]\s*|\d+\s*[.:-]\s*|[-–*•+]\s*)?"
    r"(?:mục tiêu|phương hướng|chỉ tiêu)"
)
# Opens the past's section: "Nhiệm kỳ qua", "5 năm qua", "Qua 5 năm thực hiện", "Kết quả thực hiện Nghị
# quyết…" (the older term named is found with the years). Not "so với nhiệm kỳ trước" (a target
# relative to it).
PAST_SECTION = pattern(
    r"nhiệm kỳ (?:vừa )?qua|giai đoạn (?:vừa )?qua|(?<!\w)năm qua|thời gian qua|(?<!so với )nhiệm kỳ trước"
    r"|(?<!\w)qua\s+(?:\d+|năm)\s+năm|kết quả thực hiện|đánh giá kết quả|kết quả đạt được|những kết quả"
)
# A result of the past in one sentence: "vượt chỉ tiêu nghị quyết đề ra", "(chỉ tiêu Nghị quyết là
# 9-10%)", "(chỉ tiêu tăng từ 12-16%)", "gấp 2,5 lần so với chỉ tiêu", "đạt 105% kế hoạch" (over 100%: "đạt
# 100% chỉ tiêu trên giao" may be a target), "18/20 chỉ tiêu đạt", "thực hiện đạt các chỉ tiêu", "so với
# cùng kỳ",
# "Kết quả, …" (not "kết quả" alone: "nâng cao chất lượng, kết quả …" may be a target's words).
RESULT = pattern(
    r"(?<!\w)vượt(?!\w)|đạt được|đạt kết quả|kết quả,|chỉ tiêu (?:của )?nghị quyết|\(\s*chỉ tiêu"
    r"|so với cùng kỳ|so với (?:các\s+)?(?:chỉ tiêu|nghị quyết|kế hoạch)|(?<=\d)\s*/\s*\d+\s+chỉ tiêu"
    r"|(?<!\w)(?:đạt|hoàn thành)(?:\s+và vượt|\s+tốt|\s+thắng lợi)?\s+(?:các\s+)?(?:chỉ tiêu|mục tiêu)"
    r"|(?<![\d.,])(?:10[1-9]|1[1-9]\d|[2-9]\d\d)(?:[.,]\d+)?\s*%\s*(?:so với\s+)?"
    r"(?:kế hoạch|dự toán|chỉ tiêu)"
)
# Weaker signs of the past: "đã", "ước đạt" ("năm 2025 ước đạt …"), a year before the new term. A
# sentence naming the targets' list or the new term outweighs them ("Đại hội đã thông qua các chỉ tiêu
# chủ yếu: …", "Nhiệm kỳ 2025-2030 … thu nhập bình quân ước đạt 101 triệu đồng").
# "đã" of a state is no past result ("các tuyến đường đã xuống cấp").
_DID_WORD = r"(?<!\w)đã(?!\w)(?! xuống cấp| hư hỏng| cũ)"
DID = pattern(_DID_WORD + r"|ước đạt|ước tính|ước thực hiện|(?<!\w)ước\s+(?:giảm|tăng|còn)")
# A clause of the past, for the reading of one clause (`extract._segment_targets`).
CLAUSE_PAST = pattern(_DID_WORD + r"|đạt được|năm qua")
# The congress's own facts, not targets: who attended, whom it elected, what the organization and the
# place are ("Đảng bộ có 6 chi bộ, 65 đảng viên", "diện tích tự nhiên 112 km2, dân số 22.312 người").
ASIDE = pattern(
    r"(?<!\w)bầu(?!\w)|triệu tập|có mặt|dự đại hội|đại diện cho|ra mắt|phát biểu|chúc mừng"
    r"|(?<!\w)trao(?!\w)|(?<!\w)tặng(?!\w)|diện tích tự nhiên|dân số (?:là |khoảng |gần |hơn |trên )?\d"
    r"|(?:có|gồm|với)\s+\d+(?:\.\d{3})*\s+(?:chi bộ|đảng viên|tổ chức (?:cơ sở )?đảng)"
)
# The congress's own facts even beside a target word: its new committee ("Ban Chấp hành … nhiệm kỳ
# 2025-2030 có 56 người"), how the organization came to be ("được thành lập trên cơ sở hợp nhất 3 xã"), a
# photo caption ("(Ảnh: …)"). Never a target.
OWN_FACTS = pattern(
    r"(?:ban chấp hành|ban thường vụ|ban chi ủy|bch)[^.;]{0,120}?(?<!\w)(?:có|gồm)\s+\d+\s+"
    r"(?:người|đồng chí|đ/c|ủy viên)"
    r"|thành lập trên cơ sở|\(\s*ảnh\s*:"
)
# A term or a year named: "nhiệm kỳ 2020 - 2025", "giai đoạn 2021-2025"; "đến năm 2030", "năm 2024".
TERM_NAMED = pattern(r"(?:nhiệm kỳ|giai đoạn)\s*(\d{4})\s*[-–—]\s*(\d{4})")
YEAR_NAMED = pattern(r"(?<!\w)(?P<by>đến\s+(?:cuối\s+|hết\s+)?)?năm\s+(?P<year>20\d\d)(?!\d)(?!\s*[-–—])")
# "so với nhiệm kỳ 2015 - 2020", "bằng năm 2025", "(giá so sánh năm 2010)": a base of comparison, not the
# past's section.
_COMPARED = re.compile(fold(r"(?:so với|bằng|gấp|so sánh)\s*(?:[^\s]+\s*)?$"))
_WINDOW = 20


_PERIOD_NAMED = pattern(r"giai đoạn\s*(\d{4})\s*[-–—]\s*(\d{4})")


def new_term(low: str, term: tuple[int, int] | None) -> tuple[int, int] | None:
    """The span whose targets the text sets: the congress's term `term` (the latest "nhiệm kỳ"), or a
    later "giai đoạn 2026-2030" that begins when it ends ("Nhiệm kỳ 2020-2025, … đạt 6,8%/năm" …
    "Giai đoạn 2026-2030, … đặt mục tiêu …": the term named is then the past)."""
    if term is None:
        return None
    periods = [(int(m.group(1)), int(m.group(2))) for m in _PERIOD_NAMED.finditer(low)]
    later = [p for p in periods if 0 < p[1] - p[0] <= 10 and p[0] >= term[1]]
    return max(later) if later else term


@dataclass(frozen=True)
class Reading:
    """The cues of one sentence (or clause). Positions are offsets in the sentence, -1 when absent."""

    future: bool  # phấn đấu…, đến năm <after the new term opens>
    listing: bool  # names the targets' list
    new_term: bool  # names the new term ("nhiệm kỳ 2025-2030", "năm 2027")
    weak: bool  # chỉ tiêu, hàng năm… (said of the past too)
    opener: bool  # names targets: opens the new term's section
    result: bool  # a past result in this sentence (vượt, đạt được…)
    did: bool  # đã, ước đạt, a year of the past term
    aside: bool  # the congress's facts (bầu, triệu tập…)
    own: bool  # the congress's own facts even beside a target word (OWN_FACTS)
    back_at: int  # the last cue opening the past's section (nhiệm kỳ qua, the older term)
    forward_at: int  # the last cue opening the new term's (phấn đấu, the new term with a target word)

    @property
    def past(self) -> bool:
        return self.back_at >= 0 or self.result


def _before(rx: re.Pattern[str], low: str, start: int) -> bool:
    return bool(rx.search(low[max(0, start - _WINDOW) : start]))


def read(low: str, term: tuple[int, int] | None) -> Reading:
    """Classify the folded sentence `low`; `term` is the new term (start, end) when the text names one."""
    future_at = [m.start() for m in FUTURE_CUE.finditer(low) if not _before(_DONE_BEFORE, low, m.start())]
    # "so với nhiệm kỳ qua", "bằng nhiệm kỳ 2020-2025": a base of comparison, not the past's section.
    back_at = [m.start() for m in PAST_SECTION.finditer(low) if not _before(_COMPARED, low, m.start())]
    new_at: list[int] = []
    result = bool(RESULT.search(low))
    did = bool(DID.search(low))
    if term is not None:
        for m in TERM_NAMED.finditer(low):
            if _before(_COMPARED, low, m.start()):
                continue
            if int(m.group(1)) >= term[0]:
                new_at.append(m.start())
            elif int(m.group(2)) <= term[0]:
                back_at.append(m.start())
    for m in YEAR_NAMED.finditer(low):
        year = int(m.group("year"))
        if m.group("by"):  # "đến năm 2030": forward unless it is the older term's horizon
            if term is None or year > term[0]:
                future_at.append(m.start())
            else:
                result = True
        elif term is not None and not _before(_COMPARED, low, m.start()):
            if year > term[0]:
                new_at.append(m.start())
            else:  # "Năm 2024, …", "tỷ lệ hộ nghèo năm 2020 ước giảm còn 2,7%": a year of the past term
                did = True
    weak = bool(WEAK_CUE.search(low))
    listing = bool(LIST_CUE.search(low))
    opener = bool(OPENER.search(low))
    # The new term named opens its section only with a word of targets (not in the congress's title).
    forward = future_at + (new_at if weak or listing else [])
    return Reading(
        future=bool(future_at),
        listing=listing,
        new_term=bool(new_at),
        weak=weak,
        opener=opener,
        result=result,
        did=did,
        aside=bool(ASIDE.search(low)),
        own=bool(OWN_FACTS.search(low)),
        back_at=max(back_at, default=-1),
        forward_at=max(forward, default=-1),
    )


def is_target(r: Reading, section: str, *, listed: bool = False, open_start: bool = False) -> bool:
    """Whether a sentence read as `r` sets targets, in a text whose current section is `section`
    ("start", "past", "new"); `listed`: an item of a list opened by a targets heading; `open_start`:
    the text tells no past at all (a pasted list of targets), so a sentence with no cue is read."""
    if r.own:
        return False
    if r.future:
        return True
    if r.past:
        return False
    if r.listing or r.new_term or r.opener or listed:  # "Đại hội đề ra mục tiêu: …" ends the past
        return True
    if r.did:
        return False
    if r.weak:
        return section != "past"
    if r.aside:
        return False
    return section == "new" or (section == "start" and open_start)


def next_section(r: Reading, section: str, target: bool) -> str:
    """The section after a sentence read as `r`: the one its last opening cue opens ("Nhiệm kỳ qua … ;
    nhiệm kỳ tới phấn đấu …" opens the new term's)."""
    if r.back_at > r.forward_at:
        return "past"
    if target and (r.forward_at >= 0 or r.listing or r.opener):
        return "new"
    if r.aside and section == "new":  # the congress's facts after its targets
        return "start"
    return section


def tells_past(low: str, term: tuple[int, int] | None) -> bool:
    """Whether the folded text tells of the past anywhere (then a sentence before any section opener is
    the news's lead, not a target)."""
    if PAST_SECTION.search(low) or RESULT.search(low) or DID.search(low):
        return True
    return term is not None and any(int(m.group(2)) <= term[0] for m in TERM_NAMED.finditer(low))
