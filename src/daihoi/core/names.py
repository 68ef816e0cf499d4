"""Vietnamese personal names: normalization, splitting and the ballot-order collation key.

Spec §5 (ballot order) and §8 (names). Pure Python, no Django.

- :func:`normalize_name` gives the one stored form of a name (NFC, Đ for the eth look-alike,
  one space between words, the tone mark on the right vowel, capitalized words).
- :func:`split_name` cuts a full name into họ / tên đệm / tên.
- :func:`collation_key` gives bytes whose memcmp order is ICU's Vietnamese (``vi``) order; the
  database sorts them (bytea/BLOB), so no ICU is needed at run time.
- :func:`ballot_sort_key` orders a ballot list: given name, family name, middle name, older first.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

from daihoi.core._collation import collation_key

__all__ = [
    "TONE_STYLES",
    "NameParts",
    "NameSplitError",
    "ToneStyle",
    "ballot_sort_key",
    "collation_key",
    "is_syllable",
    "make_parts",
    "normalize_name",
    "normalize_word",
    "search_fold",
    "split_name",
]

ToneStyle = Literal["old", "new"]
#: "old" (traditional) puts the tone of an open oa/oe/uy on the first vowel: hòa, khỏe, thủy.
#: "new" (the 1980s school rule, Unikey "kiểu mới") puts it on the second: hoà, khoẻ, thuỷ.
#: Only open oa/oe/uy differ; every other syllable is written the same in both styles. (The names
#: follow Vietnamese usage: "kiểu cũ" hòa, "kiểu mới" hoà; the default is the old, most common one.)
TONE_STYLES: tuple[ToneStyle, ...] = ("old", "new")


class NameSplitError(ValueError):
    """A name that cannot be split; `code` is machine-readable, `params` names the value."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params


@dataclass(frozen=True)
class NameParts:
    family: str
    middle: str
    given: str

    @property
    def full(self) -> str:
        return " ".join(p for p in (self.family, self.middle, self.given) if p)


# --- normalization -------------------------------------------------------------------------------

_TONES = {"\u0300": "huyen", "\u0309": "hoi", "\u0303": "nga", "\u0301": "sac", "\u0323": "nang"}
# Vowel modifiers that make a letter of the alphabet (ă â ê ô ơ ư); U+030C caron on a is a common
# look-alike of the breve (ǎ for ă) in old fonts and is read as the breve.
_MODIFIERS = {"\u0306", "\u0302", "\u031b"}
_LOOKALIKES = str.maketrans(
    {
        "\u00d0": "\u0110",  # Ð (eth) -> Đ
        "\u00f0": "\u0111",
        "\u0189": "\u0110",  # Ɖ (African D) -> Đ
        "\u0256": "\u0111",
        "\u01cd": "\u0102",  # Ǎ (caron) -> Ă
        "\u01ce": "\u0103",
        "\u2019": "'",  # typographic and modifier apostrophes -> ASCII (H'Hen, Y'Niê)
        "\u2018": "'",
        "\u02bc": "'",
        "\u200b": None,  # zero-width characters pasted from web pages
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\u00ad": None,
    }
)


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_VOWELS = frozenset("aăâeêioôơuưy")
_HAT_VOWELS = frozenset("ăâêôơư")
_ONSETS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
)  # fmt: skip
_CODAS = frozenset({"", "c", "ch", "m", "n", "ng", "nh", "p", "t"})
# Nuclei that end in a glide or are open diphthongs take no final consonant (tài, mía, thuở); the
# ones below need one (ăn, tiến, muốn, tuần); the rest take either.
_OPEN_NUCLEI = _word_set(
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui uơ ưa ưi ưu iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyu"
)
_CLOSED_NUCLEI = _word_set("ă â iê yê uô ươ oă uâ uyê")
_FREE_NUCLEI = _word_set("a e ê i o ô ơ u ư y oa oe uê uy")
_NUCLEI = _OPEN_NUCLEI | _CLOSED_NUCLEI | _FREE_NUCLEI
_PALATAL_NUCLEI = _word_set("a ê i y oa uê uy")  # the only ones before -ch and -nh
_STYLED = frozenset({"oa", "oe", "uy"})


@dataclass
class _Letter:
    base: str  # one code point, lower case, with its vowel modifier (ă, ê, ...) but no tone
    upper: bool
    tones: list[str]
    others: list[str]  # other combining marks, kept as they came

    def render(self, tone: str | None) -> str:
        text = self.base.upper() if self.upper else self.base
        return unicodedata.normalize("NFC", text + (tone or "") + "".join(self.others))


def _letters(segment: str) -> list[_Letter]:
    """Split an NFD alphabetic segment into letters, separating tone marks from vowel modifiers."""
    letters: list[_Letter] = []
    for ch in segment:
        if unicodedata.combining(ch) and letters:
            last = letters[-1]
            if ch in _TONES:
                last.tones.append(ch)
            elif ch in _MODIFIERS or (ch == "\u030c" and last.base == "a"):
                mark = "\u0306" if ch == "\u030c" else ch
                combined = unicodedata.normalize("NFC", last.base + mark)
                if len(combined) == 1:
                    last.base = combined
                else:
                    last.others.append(ch)
            else:
                last.others.append(ch)
        else:
            letters.append(_Letter(ch.lower(), ch != ch.lower(), [], []))
    return letters


def _parse(syllable: str) -> tuple[str, str, str] | None:
    """(onset, nucleus, coda) of a lower-case toneless syllable, or None if it is not one."""
    onset = ""
    for candidate in _ONSETS:
        if syllable.startswith(candidate):
            onset = candidate
            break
    # "gi" and "qu" own their i/u only when another vowel follows: gì, gìn vs già, giữ, quý.
    if onset == "gi" and not any(c in _VOWELS for c in syllable[2:]):
        onset = "g"
    rest = syllable[len(onset) :]
    end = 0
    while end < len(rest) and rest[end] in _VOWELS:
        end += 1
    nucleus, coda = rest[:end], rest[end:]
    if nucleus not in _NUCLEI or coda not in _CODAS:
        return None
    if (coda and nucleus in _OPEN_NUCLEI) or (not coda and nucleus in _CLOSED_NUCLEI):
        return None
    if coda in ("ch", "nh") and nucleus not in _PALATAL_NUCLEI:
        return None
    # spelling: k/gh/ngh before i e ê y, c/ng (and g but for gì) elsewhere
    front = nucleus[0] in "ieêy"
    if (onset in ("k", "gh", "ngh") and not front) or (onset in ("c", "ng") and front):
        return None
    if (onset == "g" and nucleus[0] in "eê") or (onset == "qu" and nucleus[0] in "ou"):
        return None
    return onset, nucleus, coda


def _tone_position(syllable: str, style: ToneStyle) -> int | None:
    """Index in `syllable` (lower case, no tone) of the letter that carries the tone, or None."""
    parsed = _parse(syllable)
    if parsed is None:
        return None
    onset, nucleus, coda = parsed
    hats = [i for i, c in enumerate(nucleus) if c in _HAT_VOWELS]
    if hats:
        index = hats[-1]  # ươ -> ơ, uyê -> ê, ưu -> ư
    elif coda:
        index = len(nucleus) - 1  # closed: hoàn, huỳnh, toán
    elif len(nucleus) == 1:
        index = 0
    elif len(nucleus) == 2:
        index = 1 if nucleus in _STYLED and style == "new" else 0  # hòa/hoà, mía, của, tài
    else:
        index = 1  # oai, oay, uya, uyu: ngoài, xoáy, khuya, khuỷu
    return len(onset) + index


_CHECKED_CODAS = frozenset({"c", "ch", "p", "t"})
_RISING_TONES = frozenset({"\u0301", "\u0323"})


def is_syllable(word: str) -> bool:
    """Whether `word` (any case) is a well-formed Vietnamese syllable with its tone well placed.

    Used to judge readings of legacy text: at most one tone, on the vowel that either tone style
    would mark, and only sắc or nặng before a final c/ch/p/t.
    """
    letters = _letters(unicodedata.normalize("NFD", word.replace("\u0110", "đ").replace("\u00d0", "đ")))
    if not letters or any(letter.others or len(letter.base) != 1 for letter in letters):
        return False
    toned = [i for i, letter in enumerate(letters) if letter.tones]
    if len(toned) > 1 or (toned and len(letters[toned[0]].tones) > 1):
        return False
    syllable = "".join(letter.base for letter in letters)
    parsed = _parse(syllable)
    if parsed is None:
        return False
    if not toned:
        return True
    if toned[0] not in {_tone_position(syllable, style) for style in TONE_STYLES}:
        return False
    return not (parsed[2] in _CHECKED_CODAS and letters[toned[0]].tones[0] not in _RISING_TONES)


def _normalize_segment(segment: str, style: ToneStyle) -> str:
    letters = _letters(unicodedata.normalize("NFD", segment))
    toned = [i for i, letter in enumerate(letters) if letter.tones]
    position: int | None = None
    tone: str | None = None
    if len(toned) == 1 and len(letters[toned[0]].tones) == 1:
        tone = letters[toned[0]].tones[0]
        syllable = "".join(letter.base for letter in letters)
        position = _tone_position(syllable, style)
        if position is None or letters[position].base not in _VOWELS:
            position = toned[0]  # not a Vietnamese syllable we know: leave the mark where it was
    out = []
    for i, letter in enumerate(letters):
        if tone is not None:
            out.append(letter.render(tone if i == position else None))
        else:
            out.append(letter.render("".join(letter.tones) or None))
    return "".join(out)


def _capitalize(word: str) -> str:
    out = []
    start = True
    for ch in word:
        out.append(ch.upper() if start else ch.lower())
        start = ch in "-'"  # H'Hen, Y-Moan: each part of an ethnic-minority name is capitalized
    return "".join(out)


def normalize_word(word: str, tone_style: ToneStyle = "old") -> str:
    """Tone placement for one word (no case change); letters outside syllables are left alone."""
    out = []
    segment: list[str] = []
    for ch in unicodedata.normalize("NFD", word):
        if ch.isalpha() or (unicodedata.combining(ch) and segment):
            segment.append(ch)
        else:
            if segment:
                out.append(_normalize_segment("".join(segment), tone_style))
                segment = []
            out.append(ch)
    if segment:
        out.append(_normalize_segment("".join(segment), tone_style))
    return unicodedata.normalize("NFC", "".join(out))


def normalize_name(text: str, tone_style: ToneStyle = "old") -> str:
    """NFC, Ð->Đ, collapsed spaces, canonical tone placement, capitalized words.

    `tone_style` "old" (default, the form most office data uses: Hòa, Thủy, Khỏe) or "new"
    (Hoà, Thuỷ, Khoẻ). Syllables like hoàn, huỳnh, khuê, quý, giữ, thuở are the same in both.
    A word that is no Vietnamese syllable (Ksor, H'Hen) keeps its marks where they were typed.
    Legacy TCVN3/VNI text must go through ``legacy_text.ensure_unicode`` first: this drops U+00AD,
    which is TCVN3's ư.
    """
    if tone_style not in TONE_STYLES:
        raise ValueError(f"tone_style must be one of {TONE_STYLES}, not {tone_style!r}")
    text = unicodedata.normalize("NFC", text).translate(_LOOKALIKES)
    return " ".join(_normalize_token(w, tone_style) for w in text.split())


@functools.lru_cache(maxsize=65536)
def _normalize_token(word: str, tone_style: ToneStyle) -> str:
    # names repeat the same few thousand words: a roll of 10,000 has perhaps 1,500 distinct ones
    return _capitalize(normalize_word(word, tone_style))


# --- splitting -----------------------------------------------------------------------------------


def split_name(
    full_name: str, *, family_words: int = 1, given_words: int = 1, tone_style: ToneStyle = "old"
) -> NameParts:
    """Family = first word(s), given = last word(s), middle = the rest (spec §8).

    The defaults read "Nguyễn Văn An" as Nguyễn / Văn / An; a compound family name ("Tôn Nữ",
    ``family_words=2``) or a two-word given name (``given_words=2``) is an explicit override.
    A single word is a given name only.
    """
    words = normalize_name(full_name, tone_style).split()
    if not words:
        raise NameSplitError("name_empty", value=full_name)
    if family_words < 0 or given_words < 1:
        raise NameSplitError("name_split_invalid", value=full_name, family_words=family_words)
    if len(words) == 1:
        if family_words > 1 or given_words > 1:
            raise NameSplitError("name_too_short", value=full_name, words=1)
        return NameParts("", "", words[0])
    if family_words + given_words > len(words):
        raise NameSplitError("name_too_short", value=full_name, words=len(words))
    family = " ".join(words[:family_words])
    given = " ".join(words[len(words) - given_words :])
    middle = " ".join(words[family_words : len(words) - given_words])
    return NameParts(family, middle, given)


def make_parts(family: str, middle: str, given: str, tone_style: ToneStyle = "old") -> NameParts:
    """Explicit parts (the hand override), each normalized; the given name is required."""
    parts = NameParts(
        normalize_name(family, tone_style),
        normalize_name(middle, tone_style),
        normalize_name(given, tone_style),
    )
    if not parts.given:
        raise NameSplitError("name_given_missing", value=parts.full)
    return parts


# --- ordering ------------------------------------------------------------------------------------

_NO_DATE = b"\x02"


def ballot_sort_key(parts: NameParts, birth_date: date | None = None) -> bytes:
    """Given name, then family, then middle, then older first; no date after any date (spec §5).

    Each component's collation key has no 0x00 byte, so joining them with 0x00 makes a shorter
    component that is a prefix of a longer one sort first, and the memcmp order of the whole equals
    the tuple order (given, family, middle, birth_date).
    """
    born = b"\x01" + birth_date.toordinal().to_bytes(3, "big") if birth_date else _NO_DATE
    return b"\x00".join(
        (collation_key(parts.given), collation_key(parts.family), collation_key(parts.middle), born)
    )


def search_fold(text: str) -> str:
    """Accent- and case-insensitive form for search only (đ->d); never for identity."""
    text = unicodedata.normalize("NFC", text).translate(_LOOKALIKES)
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())
