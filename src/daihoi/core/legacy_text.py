"""Legacy Vietnamese encodings (TCVN3/ABC and VNI-Windows) read as Windows-1252/Latin-1 text.

Old office files typed with .VnTime (TCVN3) or VNI-Times (VNI) fonts reach us as the Latin-1
characters of their bytes: "NguyÔn V¨n An" (TCVN3) or "Nguyeãn Vaên An" (VNI) for "Nguyễn Văn An".
:func:`detect_legacy_encoding` recognizes such text conservatively, :func:`convert_legacy` turns it
into Unicode, and :func:`ensure_unicode` does both or refuses text that looks legacy but cannot be
read (spec §8: never store mojibake). Run these on raw input, before :func:`names.normalize_name`
(which drops U+00AD, TCVN3's ư).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Literal

from daihoi.core.names import is_syllable

__all__ = [
    "TCVN3_TO_UNICODE",
    "VNI_TO_UNICODE",
    "LegacyEncoding",
    "LegacyTextError",
    "convert_legacy",
    "detect_legacy_encoding",
    "encode_legacy",
    "ensure_unicode",
]

LegacyEncoding = Literal["tcvn3", "vni"]


class LegacyTextError(ValueError):
    """`code`: legacy_encoding_unknown, legacy_text_unconvertible, legacy_text_suspect."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params


# TCVN 5712:1993 VN3, the .VnTime/ABC font encoding: one byte per letter. It has every lower-case
# toned letter but only Ă Â Ê Ô Ơ Ư Đ in upper case (capitals were drawn with the .VnTimeH fonts,
# whose lower-case codes show as capitals). Bytes 0xA0-0xFF read the same in Latin-1 and cp1252.
_TCVN3_ROWS = {
    # base:  (none, huyền, hỏi, ngã, sắc, nặng)
    "a": "aµ¶·¸¹",
    "ă": "¨»¼½¾Æ",
    "â": "©ÇÈÉÊË",
    "e": "eÌÎÏÐÑ",
    "ê": "ªÒÓÔÕÖ",
    "i": "i×ØÜÝÞ",
    "o": "oßáâãä",
    "ô": "«åæçèé",
    "ơ": "¬êëìíî",
    "u": "uïñòóô",
    "ư": "\u00adõö÷øù",
    "y": "yúûüýþ",
}
_TONE_MARKS = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")


def _toned(base: str, tone_index: int) -> str:
    return unicodedata.normalize("NFC", base + _TONE_MARKS[tone_index])


TCVN3_TO_UNICODE: Mapping[str, str] = {
    **{
        code: _toned(base, i)
        for base, row in _TCVN3_ROWS.items()
        for i, code in enumerate(row)
        if not code.isascii()
    },
    "®": "đ",
    "¡": "Ă",
    "¢": "Â",
    "£": "Ê",
    "¤": "Ô",
    "¥": "Ơ",
    "¦": "Ư",
    "§": "Đ",
}

# VNI-Windows: a base letter followed by one byte for its modifier(s); ơ ư đ and some i/y forms have
# single bytes. The modifier bytes below are the lower-case forms; capitals use the upper-case
# byte (Nguyeãn / NGUYEÃN).
_VNI_TONES = "øûõùï"  # huyền, hỏi, ngã, sắc, nặng
_VNI_HATS = {"â": "\u0302", "ê": "\u0306"}  # â after a/e/o: circumflex; ê after a: breve
_VNI_HAT_TONES = {"\u0302": "àåãáä", "\u0306": "èúüéë"}  # huyền, hỏi, ngã, sắc, nặng
_VNI_SINGLE = {
    "ô": "ơ",
    "ö": "ư",
    "ñ": "đ",
    "ì": "ì",
    "æ": "ỉ",
    "ó": "ĩ",
    "í": "í",
    "ò": "ị",
    "î": "ỵ",
}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}

    def add(code: str, text: str) -> None:
        table[code] = text
        table[code.upper()] = text.upper()

    for single, letter in _VNI_SINGLE.items():
        add(single, letter)
    for base in "aeouyôö":
        letter = _VNI_SINGLE.get(base, base)
        for i, byte in enumerate(_VNI_TONES, start=1):
            if base == "y" and byte == "ï":
                continue  # ỵ is the single byte î
            add(base + byte, _toned(letter, i))
    for base, hats in (("a", "\u0302\u0306"), ("e", "\u0302"), ("o", "\u0302")):
        for hat in hats:
            hat_byte = "â" if hat == "\u0302" else "ê"
            add(base + hat_byte, unicodedata.normalize("NFC", base + hat))
            for i, byte in enumerate(_VNI_HAT_TONES[hat], start=1):
                add(base + byte, _toned(base + hat, i))
    # a capital base may carry a lower-case modifier byte (and the reverse) in hand-edited files
    for code, text in list(table.items()):
        if len(code) == 2:
            table.setdefault(code[0] + code[1].swapcase(), text if code[0].islower() else text.upper())
    return table


VNI_TO_UNICODE: Mapping[str, str] = _vni_table()
_VNI_MODIFIERS = frozenset(code[1] for code in VNI_TO_UNICODE if len(code) == 2) - set(VNI_TO_UNICODE)

# Latin-1 letters that real Unicode Vietnamese uses: they prove nothing by themselves.
_VIETNAMESE_LATIN1 = frozenset("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
_VIETNAMESE_UNICODE = re.compile("[ĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9\u0300\u0301\u0303\u0309\u0323]")
_TCVN3_CHARS = frozenset(TCVN3_TO_UNICODE)
_VNI_CHARS = frozenset(ch for code in VNI_TO_UNICODE for ch in code if not ch.isascii())
# Characters no Unicode Vietnamese text uses as letters: ensure_unicode refuses them. Ð/ð
# (TCVN3's é) is left out: in Unicode names it is the eth look-alike of Đ, which names maps.
_SUSPECT = (_TCVN3_CHARS | _VNI_CHARS) - _VIETNAMESE_LATIN1 - {"Ð", "ð"}
# A word: letters and the legacy codes (TCVN3's ¨ © ª ... are symbols in Latin-1, not letters).
_WORD = re.compile("(?:[^\\W\\d_]|[" + re.escape("".join(sorted(_TCVN3_CHARS | _VNI_CHARS))) + "])+")


def _convert_vni(text: str, leftover: str | None = None) -> str:
    out = []
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        if len(pair) == 2 and pair in VNI_TO_UNICODE:
            out.append(VNI_TO_UNICODE[pair])
            i += 2
            continue
        ch = text[i]
        if leftover is not None and ch in _VNI_MODIFIERS:
            out.append(leftover)  # a modifier byte with no base before it: no VNI letter
        else:
            out.append(VNI_TO_UNICODE.get(ch, ch))
        i += 1
    return "".join(out)


def convert_legacy(text: str, encoding: LegacyEncoding) -> str:
    """The Unicode (NFC) reading of `text` in `encoding`; ASCII and other characters pass through."""
    if encoding == "tcvn3":
        return text.translate(_TCVN3_TRANSLATE)
    if encoding == "vni":
        return _convert_vni(text)
    raise LegacyTextError("legacy_encoding_unknown", encoding=encoding)


_TCVN3_TRANSLATE = str.maketrans(dict(TCVN3_TO_UNICODE))


def _mostly_syllables(words: list[str]) -> bool:
    """All words are syllables; in a long text (a whole column) one in twenty may be a foreign or
    minority name that is no Vietnamese syllable (Mlô, Ksor)."""
    bad = sum(not is_syllable(word) for word in words)
    return bad == 0 or (len(words) >= 20 and bad * 20 <= len(words))


def _sane_case(word: str) -> str:
    """`word` if written An, an or AN; a marker that is no syllable otherwise (ChÝnh, NhÊt)."""
    return word if word in (word.lower(), word.upper(), word.capitalize()) else "?"


def _inner_capital(word: str) -> bool:
    """A lone accented capital inside an otherwise lower-case word: TCVN3's ChÝnh, NhÊt."""
    inner = [ch for ch in word[1:] if ch.isupper()]
    return len(inner) == 1 and not inner[0].isascii()


def _reading_plausible(original: str, converted: str, encoding: LegacyEncoding) -> bool:
    """The words of `converted` that came from non-ASCII input are Vietnamese syllables."""
    old_words = _WORD.findall(original)
    new_words = _WORD.findall(converted)
    if len(old_words) != len(new_words):
        return False
    touched = [new for old, new in zip(old_words, new_words, strict=True) if not old.isascii()]
    if encoding == "vni":  # VNI keeps case
        touched = [_sane_case(w) for w in touched]
    return bool(touched) and _mostly_syllables(touched)


def _unicode_plausible(text: str) -> bool:
    """The non-ASCII words are Vietnamese syllables written in a sane case, or all of them are syllables
    in any case and none shows TCVN3's capital inside a lower-case word (bÌ, QuÔ, oÀ: a slip of the
    Shift key in Unicode text, not a legacy font)."""
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    if _mostly_syllables([_sane_case(w) for w in words]):
        return True
    return all(map(is_syllable, words)) and not any(map(_capital_between_lower, words))


def _capital_between_lower(word: str) -> bool:
    """An accented capital with lower-case letters on both sides (ChÝnh, NhÊt): TCVN3 typed with the
    capitals' codes; at the end of a word (bÌ) it proves nothing."""
    return any(
        not ch.isascii() and ch.isupper() and word[i - 1].islower() and word[i + 1].islower()
        for i, ch in enumerate(word[1:-1], start=1)
    )


def detect_legacy_encoding(text: str) -> LegacyEncoding | None:
    """ "tcvn3" or "vni" when `text` is surely that legacy encoding read as Latin-1, else None.

    Conservative: plain ASCII, text with any real Unicode Vietnamese letter, and text whose
    words are all good Vietnamese syllables in a sane case as they stand are never flagged. A
    legacy reading must turn every non-ASCII word into a well-formed syllable (tone on the right
    vowel), only one of the two readings may, and TCVN3 also needs a code that no Unicode
    Vietnamese letter shares. A short value can stay ambiguous ("Hoà" is Unicode, and VNI for
    "Hồ"): pass a whole column joined by newlines to judge it with its neighbours.
    """
    if (
        text.isascii()
        or _VIETNAMESE_UNICODE.search(text)
        or _VIETNAMESE_UNICODE.search(unicodedata.normalize("NFC", text))
    ):
        return None
    # letters outside a table rule that reading out; stray punctuation (“ ” – °) does not
    letters = {ch for ch in text if not ch.isascii() and unicodedata.category(ch).startswith("L")}
    if _unicode_plausible(text):
        return None
    readings: list[LegacyEncoding] = []
    # TCVN3 shares many codes with Unicode letters (ó is its ú): it needs a code Unicode never
    # uses as a letter, or a capital inside a lower-case word (ChÝnh)
    evidence = any(ch in _SUSPECT for ch in text) or any(map(_inner_capital, _WORD.findall(text)))
    tcvn3 = convert_legacy(text, "tcvn3")
    if evidence and letters <= _TCVN3_CHARS and _reading_plausible(text, tcvn3, "tcvn3"):
        readings.append("tcvn3")
    vni = _convert_vni(text, leftover="\u0294")  # ʔ: a letter that makes no syllable
    if letters <= _VNI_CHARS and _reading_plausible(text, vni, "vni"):
        readings.append("vni")
    return readings[0] if len(readings) == 1 else None


def ensure_unicode(text: str) -> str:
    """`text` itself, or its conversion when it is legacy text; refuses what looks legacy but is not
    readable (LegacyTextError code ``legacy_text_suspect``, params: value and the odd characters)."""
    encoding = detect_legacy_encoding(text)
    if encoding is not None:
        return convert_legacy(text, encoding)
    odd = sorted({ch for ch in text if ch in _SUSPECT})
    if odd:
        raise LegacyTextError("legacy_text_suspect", value=text, chars="".join(odd))
    return text


def _inverse(table: Mapping[str, str]) -> dict[str, str]:
    inverse: dict[str, str] = {}
    for code, letter in sorted(table.items(), key=lambda item: (len(item[0]), item[0])):
        if code[1:2].islower() != code[:1].islower() and len(code) == 2:
            continue  # the mixed-case pairs are read, never written
        inverse.setdefault(letter, code)
    return inverse


_TCVN3_FROM_UNICODE = _inverse(TCVN3_TO_UNICODE)
_VNI_FROM_UNICODE = _inverse(VNI_TO_UNICODE)


def encode_legacy(text: str, encoding: LegacyEncoding) -> str:
    """The legacy-font reading of Unicode `text` (for tests and for writing old templates).

    TCVN3 has no upper-case toned letters: they are written with the lower-case code, as the
    .VnTimeH fonts did; :func:`convert_legacy` then gives the lower-case letter back.
    """
    table = {"tcvn3": _TCVN3_FROM_UNICODE, "vni": _VNI_FROM_UNICODE}.get(encoding)
    if table is None:
        raise LegacyTextError("legacy_encoding_unknown", encoding=encoding)
    out = []
    for ch in unicodedata.normalize("NFC", text):
        code = table.get(ch)
        if code is None and encoding == "tcvn3":
            code = table.get(ch.lower())
        if code is None and not ch.isascii():
            raise LegacyTextError("legacy_text_unconvertible", value=text, char=ch, encoding=encoding)
        out.append(code if code is not None else ch)
    return "".join(out)
