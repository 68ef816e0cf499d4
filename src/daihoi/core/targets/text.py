"""Text helpers for the extractor: a lowercase, tone-normalized copy with the same offsets as the input.

Matching runs on the copy; quotes and names are cut from the original at the same offsets, so a quote
is always a verbatim substring of what the user pasted.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

# Old and new tone placement ("hoá"/"hóa", "thuỷ"/"thủy"): both map to one form, two letters for two.
_TONE_PAIRS = {
    "oá": "óa",
    "oà": "òa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oé": "óe",
    "oè": "òe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uý": "úy",
    "uỳ": "ùy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
_TONE_RE = re.compile("|".join(_TONE_PAIRS))
# "tỉ" is the other spelling of "tỷ" ("75.000 tỉ đồng", "tỉ lệ"): one form, same length.
_TI_RE = re.compile(r"(?<!\w)tỉ(?!\w)")


def clean(text: str) -> str:
    """NFC, eth to Đ, no-break spaces to spaces, unified dashes; the text quotes are cut from."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111").replace("\u00a0", " ")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def fold(text: str) -> str:
    """Lowercase with one tone placement; same length as `text` (asserted)."""
    low = text.lower()
    if len(low) != len(text):  # "İ".lower() is two characters: such a letter keeps its case
        low = "".join(lc if len(lc := ch.lower()) == 1 else ch for ch in text)
    folded = _TI_RE.sub("tỷ", _TONE_RE.sub(lambda m: _TONE_PAIRS[m.group(0)], low))
    if len(folded) != len(text):  # pragma: no cover - kept by the line above
        raise ValueError("folding changed the text length")
    return folded


def pattern(source: str) -> re.Pattern[str]:
    """Compile a pattern written in ordinary Vietnamese, folded like the text it runs on.

    Lowercasing leaves regex syntax alone except named groups, restored here; upper-case classes such
    as \\D or \\S must not be used in these patterns.
    """
    return re.compile(fold(source).replace("(?p<", "(?P<"))


class NotANumber(ValueError):
    """Digits and separators that make no number ("1.2.3", "4,5.6"): a section number, a date, a typo."""


_VI_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")  # 1.008 / 1.444,56
_EN_GROUPED = re.compile(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?|\d{1,3}(?:,\d{3})+\.\d+")  # 1,234,567 / 1,234.5
_PLAIN = re.compile(r"\d+(?:[.,]\d+)?")  # 86,4 / 2.5 / 90


def parse_number(raw: str) -> Decimal:
    """Vietnamese digits: "1.008" is a thousand and eight, "86,4" is eighty-six point four, "1.444,56" is
    one thousand four hundred forty-four point five six; grouped English digits ("1,234,567", "1,234.5")
    are read too. Anything else raises NotANumber."""
    raw = raw.strip()
    if _VI_GROUPED.fullmatch(raw):
        return Decimal(raw.replace(".", "").replace(",", "."))
    if _EN_GROUPED.fullmatch(raw):
        return Decimal(raw.replace(",", ""))
    if _PLAIN.fullmatch(raw):
        return Decimal(raw.replace(",", "."))
    raise NotANumber(raw)


_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_ORDINAL_WORDS = {
    "nhất": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
}


def parse_ordinal(raw: str) -> int | None:
    """ "X" -> 10, "10" -> 10, "XIV" -> 14, "nhất" -> 1; None when it is none of these."""
    raw = raw.strip().lower()
    if raw.isdigit():
        return int(raw)
    if raw in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[raw]
    if raw and all(ch in _ROMAN_VALUES for ch in raw):
        total = 0
        for i, ch in enumerate(raw):
            value = _ROMAN_VALUES[ch]
            nxt = _ROMAN_VALUES[raw[i + 1]] if i + 1 < len(raw) else 0
            total += -value if value < nxt else value
        return total if total > 0 else None
    return None


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split text[start:end] into sentences at . ! ? … followed by a space (not inside "1.008")."""
    spans: list[tuple[int, int]] = []
    begin = start
    for m in re.finditer(r"[.!?…](?=\s)", text[start:end]):
        stop = start + m.end()
        if text[begin:stop].strip():
            spans.append((begin, stop))
        begin = stop
    if text[begin:end].strip():
        spans.append((begin, end))
    return [_strip(text, a, b) for a, b in spans]


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def strip_span(text: str, a: int, b: int, chars: str = " \t\n,;.:()") -> tuple[int, int]:
    while a < b and text[a] in chars:
        a += 1
    while b > a and text[b - 1] in chars:
        b -= 1
    return a, b


_WHEREOF = re.compile(r"^\s*trong\s+(?:đó|số\s+đó)\b", re.IGNORECASE)


def is_whereof(quote: str) -> bool:
    """A quote that continues the one before it ("trong đó có 90% …"): not a sentence of its own."""
    return bool(_WHEREOF.match(unicodedata.normalize("NFC", quote)))


def resolution_items(source: str, quotes: list[str], *, capitalize: bool = True) -> list[str]:
    """The resolution's list of targets, each one whole and punctuated as a Party document lists them.

    A target's text is the clause of `source` (the resolution's paragraph, split at ";" and ".") that holds
    its quote, so "… 100% đảng viên hoàn thành nhiệm vụ, trong đó có 90% …" stays one item even when it
    gave two targets. A quote not found in the source is its own item, and a "trong đó …" quote joins the
    item before it. Items start with a capital (with `capitalize=False` only the first: one running
    sentence); each ends with ";" and the last with ".".
    """
    text = clean(source) if source else ""
    clauses = [c.strip(" \t\n,;.:") for c in re.split(r"[;.](?=\s|$)", text)]
    clauses = [c for c in clauses if c]
    items: list[str] = []
    for quote in quotes:
        q = clean(quote).strip(" \t\n,;.:")
        if not q:
            continue
        folded = fold(q)
        clause = next((c for c in clauses if folded in fold(c)), None)
        if clause is not None:
            if clause not in items:
                items.append(clause)
        elif is_whereof(q) and items:
            if folded not in fold(items[-1]):
                items[-1] = f"{items[-1]}, {q}"
        else:
            items.append(q)
    out = []
    for i, item in enumerate(items):
        if capitalize or i == 0:
            item = item[:1].upper() + item[1:]
        out.append(item + ("." if i == len(items) - 1 else ";"))
    return out
