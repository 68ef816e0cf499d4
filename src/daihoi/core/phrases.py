"""Line breaks at phrase boundaries for the header lines and titles of Party documents.

A header line such as "ĐẢNG BỘ VĂN PHÒNG ĐOÀN ĐẠI BIỂU QUỐC HỘI VÀ HỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG NGÃI" is
too long for the header column and must wrap — but only where a clerk would break it: before a new
unit ("ĐOÀN ĐẠI BIỂU…", "VÀ HỘI ĐỒNG…"), before a place ("TỈNH QUẢNG NGÃI"), after a comma ("LẦN THỨ X, /
NHIỆM KỲ…"). Never inside a name ("QUẢNG / NGÃI"), never "UBND / TỈNH", "KHÓA / X", "TƯ CÁCH ĐẠI / BIỂU",
never a year alone on a line.

`wrap_phrases(text, measure, width)` returns the fewest lines that fit, the most even of them, or None
when one phrase alone is wider than `width` (the caller then shrinks the font). Pure: the caller gives
the measuring function (font metrics).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

# Words that open a new unit or phrase (compared in upper case, NFC). A break is allowed before them.
_HEADS = (
    "ĐẢNG BỘ", "ĐẢNG ỦY", "ĐẢNG UỶ", "CHI BỘ", "CHI ỦY", "ĐẠI HỘI", "BAN CHẤP HÀNH", "BAN THƯỜNG VỤ",
    "BAN KIỂM PHIẾU", "BAN THẨM TRA", "ỦY BAN", "UỶ BAN", "UBND", "HĐND", "VĂN PHÒNG", "ĐOÀN",
    "HỘI ĐỒNG", "CƠ QUAN", "CÁC CƠ QUAN", "DOANH NGHIỆP", "KHỐI", "SỞ", "TRƯỜNG", "BỆNH VIỆN",
    "CÔNG TY", "TỔNG CÔNG TY", "TRUNG TÂM", "PHÒNG", "VIỆN", "BỘ CHỈ HUY", "CÔNG AN", "QUÂN SỰ",
    "LẦN THỨ", "NHIỆM KỲ", "KHÓA", "KHOÁ", "VÀ", "DỰ", "CỦA", "VỀ", "TẠI", "NĂM", "GIAI ĐOẠN",
    "THỰC HIỆN", "BẦU", "ĐỀ NGHỊ", "THẨM TRA", "KẾT QUẢ", "DANH SÁCH", "NGHỊ QUYẾT", "BÁO CÁO",
    "BIÊN BẢN", "QUY CHẾ", "CHƯƠNG TRÌNH", "THÔNG BÁO", "TỜ TRÌNH", "QUYẾT ĐỊNH", "NHỮNG", "ĐẠI BIỂU",
    "CHÍNH THỨC", "DỰ KHUYẾT", "ĐẠI HỘI ĐẢNG BỘ", "ĐẠI HỘI CHI BỘ", "ĐẠI HỘI ĐẠI BIỂU",
    "ĐOÀN ĐẠI BIỂU QUỐC HỘI", "ĐOÀN ĐẠI BIỂU", "ĐOÀN CHỦ TỊCH", "ĐOÀN THƯ KÝ", "TƯ CÁCH ĐẠI BIỂU",
    "THẨM TRA TƯ CÁCH ĐẠI BIỂU", "KIỂM PHIẾU", "ĐẢNG VIÊN", "TRÚNG CỬ", "BỘ CHỈ HUY QUÂN SỰ",
)  # fmt: skip
# Levels of place: a break before them is allowed only when a proper name follows ("TỈNH QUẢNG NGÃI"),
# never when the word ends the name ("VĂN PHÒNG UBND TỈNH").
_PLACES = ("TỈNH", "HUYỆN", "XÃ", "THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN", "QUẬN", "PHƯỜNG", "KHU VỰC")
# Words that never end a line: they belong to what follows.
_GLUE_BEFORE = {
    "VÀ",
    "CỦA",
    "DỰ",
    "VỀ",
    "TẠI",
    "CÁC",
    "SỐ",
    "NGÀY",
    "THÁNG",
    "NĂM",
    "KHÓA",
    "KHOÁ",
    "THỨ",
    "KHỐI",
    "T/M",  # "T/M BAN KIỂM PHIẾU": the mandate stays with the body it names
    "K/T",
    "Q.",
}
_DASHES = ("-", "–", "—")


def _upper(word: str) -> str:
    return unicodedata.normalize("NFC", word).upper()


def _starts(words: list[str], i: int, phrase: str) -> bool:
    parts = phrase.split()
    return [_upper(w).strip(",.;:()") for w in words[i : i + len(parts)]] == parts


def _longest_head(words: list[str], i: int) -> int:
    """The number of words of the longest head phrase starting at words[i] (0: none)."""
    return max((len(h.split()) for h in _HEADS if _starts(words, i, h)), default=0)


def break_allowed(words: list[str]) -> list[bool]:
    """allowed[i]: may a line start at words[i] (i ≥ 1)? allowed[0] is True."""
    allowed = [True] + [False] * (len(words) - 1)
    inside_until = 0  # words before this index belong to a head phrase already matched
    for i in range(len(words)):
        length = _longest_head(words, i) if i >= inside_until else 0
        if i == 0 or i < inside_until:
            inside_until = max(inside_until, i + length)
            continue
        inside_until = max(inside_until, i + length)
        prev = words[i - 1]
        if prev in _DASHES or words[i] in _DASHES or _upper(prev).strip(",") in _GLUE_BEFORE:
            continue  # "2020 - 2025" stays whole; "VÀ", "CỦA"... never end a line
        if prev.endswith((",", ";", ":")) or length:
            allowed[i] = True
        else:
            for place in _PLACES:
                if _starts(words, i, place):
                    # a proper name must follow the level word ("TỈNH QUẢNG NGÃI", not "UBND / TỈNH")
                    after = i + len(place.split())
                    allowed[i] = after < len(words) and not _longest_head(words, after)
                    break
    return allowed


_SPACES = re.compile(r"\s+")


def phrases(text: str) -> list[str]:
    """The text cut into its unbreakable phrases."""
    words = _SPACES.split(text.strip())
    if not words or words == [""]:
        return []
    allowed = break_allowed(words)
    out: list[list[str]] = []
    for word, ok in zip(words, allowed, strict=True):
        if ok or not out:
            out.append([word])
        else:
            out[-1].append(word)
    return [" ".join(p) for p in out]


def wrap_phrases(text: str, measure: Callable[[str], float], width: float) -> list[str] | None:
    """The fewest lines, each at most `width` wide, breaking only between phrases; of the splits with
    that number of lines, the one whose longest line is shortest (even lines). None if a phrase alone
    does not fit."""
    parts = phrases(text)
    if not parts:
        return [""]
    if any(measure(p) > width for p in parts):
        return None
    n = len(parts)
    # best[i] = (lines, widest, split) for parts[i:]
    best: list[tuple[int, float, list[str]] | None] = [None] * (n + 1)
    best[n] = (0, 0.0, [])
    for i in range(n - 1, -1, -1):
        candidate: tuple[int, float, list[str]] | None = None
        for j in range(i + 1, n + 1):
            line = " ".join(parts[i:j])
            w = measure(line)
            if w > width:
                break
            rest = best[j]
            if rest is None:
                continue
            option = (rest[0] + 1, max(w, rest[1]), [line, *rest[2]])
            if candidate is None or (option[0], option[1]) < (candidate[0], candidate[1]):
                candidate = option
        best[i] = candidate
    result = best[0]
    return None if result is None else result[2]


def wrap_words(text: str, measure: Callable[[str], float], width: float) -> list[str]:
    """Last resort: greedy wrapping at any space (a phrase wider than the line at the smallest size)."""
    lines: list[str] = []
    for word in _SPACES.split(text.strip()):
        if lines and measure(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]
