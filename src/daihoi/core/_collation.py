"""A byte sort key equal in order to ICU's Vietnamese collation (CLDR ``vi``, default strength).

ICU compares strings level by level over their collation elements (CEs): first the primary weights
(letters), then the secondary weights (accents, tones), then the tertiary (case). CLDR's ``vi``
tailoring makes ă â đ ê ô ơ ư letters of their own and orders the tones
none < huyền < hỏi < ngã < sắc < nặng. We build the same CEs for the characters of Vietnamese
names and lay the key out as ``primaries 01 secondaries 01 tertiaries``; every weight is >= 2, so a
key never holds 00 (ballot keys use 00 between components) and plain memcmp gives ICU's order.

The weights below were read from ICU 72 (CLDR 42) and are checked against PyICU by the tests.
Characters outside this repertoire (other scripts, symbols) get a primary after every letter in
code point order: an approximation, not ICU's order.
"""

from __future__ import annotations

import unicodedata

__all__ = ["collation_key"]

# Primary order, one group per weight (characters of a group are equal at primary level). Controls and
# spaces, punctuation, symbols, digits, then the letters with the vi tailoring.
_PRIMARY_GROUPS: tuple[str, ...] = (
    "\t", "\n", "\x0b", "\x0c", "\r", "\x85", " \u00a0",
    "_", "-", "\u2010\u2011", "\u2012", "\u2013", "\u2014", ",", ";", ":", "!", "?", ".", "\u00b7",
    "'", "\u2018", "\u2019", '"', "\u201c", "\u201d", "(", ")", "[", "]", "{", "}",
    "@", "*", "/", "\\", "&", "#", "%", "`", "\u00b4", "^", "+", "<", "=", ">", "|", "~", "$",
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
    "aA", "ăĂ", "âÂ", "bB", "cC", "dDðÐ", "đĐ", "eE", "êÊ", "fF", "gG", "hH", "iI", "jJ", "kK", "lL",
    "mM", "nN", "oO", "ôÔ", "ơƠ", "pP", "qQ", "rR", "sS", "tT", "uU", "ưƯ", "vV", "wW", "xX", "yY",
    "zZ", "\u02bc",
)  # fmt: skip
# Tertiary variants at the same primary and secondary (ICU gives them a higher tertiary weight).
_TERTIARY_VARIANTS = frozenset("\u00a0\u2011")

# Secondary order of combining marks (and of the eth, which ICU weighs as d with a secondary
# difference), one group per weight, all after the common weight of a plain letter. The vi tailoring
# puts the five tones right after the grave: huyền < hỏi < ngã < sắc < nặng.
_ETH = "\u00f0"
_SECONDARY_GROUPS: tuple[str, ...] = (
    "\u0332", "\u0313\u0343", "\u0314", _ETH,
    "\u0300\u0340", "\u0309", "\u0303", "\u0301\u0341", "\u0323",
    "\u0306", "\u0302", "\u030c", "\u030a", "\u0342", "\u0308", "\u030b", "\u0307", "\u0338",
    "\u0327", "\u0328", "\u0304", "\u0305", "\u030f", "\u0310", "\u0311", "\u031b", "\u0321",
    "\u0322", "\u0324", "\u0325", "\u0326", "\u032d", "\u032e", "\u0330", "\u0331", "\u0334",
)  # fmt: skip
# Letter + modifier pairs that the tailoring turns into one letter (ICU contractions).
_CONTRACTIONS = {
    ("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê", ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư",
    ("A", "\u0306"): "Ă", ("A", "\u0302"): "Â", ("E", "\u0302"): "Ê", ("O", "\u0302"): "Ô",
    ("O", "\u031b"): "Ơ", ("U", "\u031b"): "Ư",
}  # fmt: skip

_COMMON = 2  # secondary and tertiary weight of a plain character
_UPPER = 3
_UNKNOWN_MARK = 0xFE
_FALLBACK = 0xFF

_PRIMARY: dict[str, int] = {ch: i + 2 for i, group in enumerate(_PRIMARY_GROUPS) for ch in group}
_SECONDARY: dict[str, int] = {
    ch: i + _COMMON + 1 for i, group in enumerate(_SECONDARY_GROUPS) for ch in group
}
_IGNORABLE_CATEGORIES = frozenset({"Cc", "Cf"})

_CE = tuple[str, int, int]  # (primary weight bytes as code points, "" if none; secondary; tertiary)


def _base_ce(ch: str) -> list[_CE]:
    """CEs of one code point that is not a combining mark."""
    primary = _PRIMARY.get(ch)
    if primary is None:
        if unicodedata.category(ch) in _IGNORABLE_CATEGORIES:
            return []
        return [(_fallback_primary(ch), _COMMON, _COMMON)]
    secondary = _SECONDARY[_ETH] if ch in "ðÐ" else _COMMON
    upper = ch != ch.lower() or ch in _TERTIARY_VARIANTS
    return [(chr(primary), secondary, _UPPER if upper else _COMMON)]


def _mark_ce(ch: str) -> list[_CE]:
    return [("", _SECONDARY.get(ch, _UNKNOWN_MARK), _COMMON)]


def _ces(nfd: str) -> list[_CE]:
    """CEs of an NFD string, with ICU's (discontiguous) contractions of the vi tailoring."""
    out: list[_CE] = []
    i = 0
    while i < len(nfd):
        ch = nfd[i]
        j = i + 1
        marks = []
        while j < len(nfd) and unicodedata.combining(nfd[j]):
            marks.append(nfd[j])
            j += 1
        if unicodedata.combining(ch):
            out.extend(_mark_ce(ch))
            i = j
            continue
        # The first unblocked mark that makes a contraction (a mark is blocked by an earlier mark of
        # the same combining class; NFD order makes classes non-decreasing).
        for k, mark in enumerate(marks):
            if (ch, mark) in _CONTRACTIONS and all(
                unicodedata.combining(m) != unicodedata.combining(mark) for m in marks[:k]
            ):
                ch = _CONTRACTIONS[(ch, mark)]
                marks = marks[:k] + marks[k + 1 :]
                break
        out.extend(_base_ce(ch))
        for mark in marks:
            out.extend(_mark_ce(mark))
        i = j
    return out


def _fallback_primary(ch: str) -> str:
    cp = ord(ch)
    digits = []
    for _ in range(3):  # base 253, digits 2..254: never 00/01, fits 0x10FFFF
        cp, digit = divmod(cp, 253)
        digits.append(chr(digit + 2))
    return chr(_FALLBACK) + "".join(reversed(digits))


def _weights(ch: str) -> tuple[str, str, str]:
    """The three weight strings of one NFC character (as latin-1 code points)."""
    ces = _ces(unicodedata.normalize("NFD", ch))
    return (
        "".join(p for p, _, _ in ces),
        "".join(chr(s) for _, s, _ in ces),
        "".join(chr(t) for _, _, t in ces),
    )


# str.translate tables (code point -> weights of that level), filled on first sight of a character;
# plain dicts because translate looks them up fastest, with a set to spot characters not seen yet.
_TABLES: tuple[dict[int, str], dict[int, str], dict[int, str]] = ({}, {}, {})
_KNOWN: set[str] = set()


def _learn(text: str) -> None:
    for ch in set(text) - _KNOWN:
        for table, value in zip(_TABLES, _weights(ch), strict=True):
            table[ord(ch)] = value
        _KNOWN.add(ch)


def collation_key(text: str) -> bytes:
    """A byte string whose memcmp order is the ICU ``vi`` order of `text` (default strength).

    Works character by character on NFC text: NFC composes every unblocked letter+modifier pair
    that the tailoring contracts (ă â ê ô ơ ư all exist precomposed), so no contraction spans two
    NFC characters.
    """
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not _KNOWN.issuperset(text):
        _learn(text)
    primary, secondary, tertiary = _TABLES
    return (
        text.translate(primary) + "\x01" + text.translate(secondary) + "\x01" + text.translate(tertiary)
    ).encode("latin-1")
