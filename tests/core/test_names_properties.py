"""Hypothesis properties of daihoi.core.names and legacy_text."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vn_name_corpus import FAMILY, GIVEN, MIDDLE

from daihoi.core.legacy_text import convert_legacy, detect_legacy_encoding, encode_legacy
from daihoi.core.names import (
    NameParts,
    ballot_sort_key,
    collation_key,
    is_syllable,
    normalize_name,
    search_fold,
    split_name,
)

try:
    import icu

    COLLATOR = icu.Collator.createInstance(icu.Locale("vi"))
except ImportError:  # pragma: no cover - PyICU is a dev extra
    COLLATOR = None

TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
LETTERS = sorted(
    {unicodedata.normalize("NFC", b + t) for b in "aăâeêioôơuưy" for t in TONES}
    | set("bcdđghklmnpqrstvxfjwz")
)
ALPHABET = LETTERS + [ch.upper() for ch in LETTERS] + list("  -'Ð") + ["\u0301", "\u0300", "\u0323"]

word = st.text(st.sampled_from(LETTERS + [c.upper() for c in LETTERS]), min_size=1, max_size=6)
raw_text = st.text(st.sampled_from(ALPHABET), max_size=24)
styles = st.sampled_from(["old", "new"])
name_like = st.lists(word, min_size=1, max_size=4).map(" ".join)
realistic = st.tuples(
    st.sampled_from(FAMILY), st.lists(st.sampled_from(MIDDLE), max_size=2), st.sampled_from(GIVEN)
).map(lambda t: " ".join([t[0], *t[1], t[2]]))
births = st.one_of(st.none(), st.dates(min_value=date(1930, 1, 1), max_value=date(2010, 12, 31)))


def _sign(a, b):
    return (a > b) - (a < b)


@settings(max_examples=300)
@given(raw_text, styles)
def test_normalize_is_idempotent(text, style):
    once = normalize_name(text, tone_style=style)
    assert normalize_name(once, tone_style=style) == once
    assert once == unicodedata.normalize("NFC", once)
    assert "  " not in once
    assert once == once.strip()


@settings(max_examples=300)
@given(raw_text)
def test_styles_convert_into_each_other(text):
    old, new = normalize_name(text, tone_style="old"), normalize_name(text, tone_style="new")
    assert normalize_name(new, tone_style="old") == old
    assert normalize_name(old, tone_style="new") == new


@settings(max_examples=300)
@given(raw_text)
def test_normalize_keeps_letters_and_tones(text):
    # only the place of the tone and the case change: the folded letters stay the same
    assert search_fold(normalize_name(text)).replace(" ", "") == search_fold(text).replace(" ", "")
    tones = sorted(ch for ch in unicodedata.normalize("NFD", text) if ch in TONES[1:])
    after = sorted(ch for ch in unicodedata.normalize("NFD", normalize_name(text)) if ch in TONES[1:])
    assert after == tones


@settings(max_examples=80)
@given(name_like)
def test_split_joins_back(full):
    parts = split_name(full)
    assert parts.full == normalize_name(full)
    assert " " not in parts.family
    assert " " not in parts.given
    assert parts.given


@settings(max_examples=200)
@given(raw_text, raw_text, raw_text)
def test_collation_key_is_a_total_order(a, b, c):
    ka, kb, kc = collation_key(a), collation_key(b), collation_key(c)
    assert b"\x00" not in ka
    if ka <= kb and kb <= kc:
        assert ka <= kc
    if unicodedata.normalize("NFD", a) == unicodedata.normalize("NFD", b):
        assert ka == kb


@settings(max_examples=500)
@given(raw_text, raw_text)
def test_collation_key_compares_like_icu(a, b):
    if COLLATOR is None:
        pytest.skip("PyICU is not installed (pip install -e '.[dev]')")
    assert _sign(collation_key(a), collation_key(b)) == COLLATOR.compare(a, b)


@settings(max_examples=150)
@given(name_like, name_like, name_like, name_like, name_like, name_like, births, births)
def test_ballot_key_follows_the_tuple_order(f1, m1, g1, f2, m2, g2, d1, d2):
    a, b = NameParts(f1, m1, g1), NameParts(f2, m2, g2)

    def reference(p, d):
        born = (0, d.toordinal()) if d else (1, 0)
        return (collation_key(p.given), collation_key(p.family), collation_key(p.middle), born)

    assert _sign(ballot_sort_key(a, d1), ballot_sort_key(b, d2)) == _sign(reference(a, d1), reference(b, d2))


@settings(max_examples=300)
@given(st.sampled_from(GIVEN), st.sampled_from(GIVEN), st.sampled_from(FAMILY), births, births)
def test_ballot_key_prefix_given_names_sort_first(g1, g2, family, d1, d2):
    # a given name that is a prefix of another ("An" / "Anh") sorts first whatever follows
    short, long = NameParts(family, "", g1), NameParts("A", "", g1 + g2.lower())
    assert ballot_sort_key(short, d1) < ballot_sort_key(long, d2)


@settings(max_examples=300)
@given(realistic, st.sampled_from(["tcvn3", "vni"]))
def test_legacy_detection_is_never_wrong(name, encoding):
    name = normalize_name(name)
    assert detect_legacy_encoding(name) is None  # real Unicode names stay as they are
    legacy = encode_legacy(name, encoding)
    detected = detect_legacy_encoding(legacy)
    assert detected in (None, encoding)
    if detected:
        assert normalize_name(convert_legacy(legacy, detected)) == name


@settings(max_examples=300)
@given(st.lists(word, min_size=1, max_size=3).map(" ".join))
def test_words_that_are_syllables_are_not_flagged(text):
    # Except TCVN3's signature, an accented capital between lower-case letters ("Phan ChÝnh" is Chính,
    # tests/core/test_legacy_text.py); a capital at a word's end ("bÌ", "QuÔ") is Unicode.
    signature = any(
        not ch.isascii() and ch.isupper() and w[i - 1].islower() and w[i + 1].islower()
        for w in text.split()
        for i, ch in enumerate(w[1:-1], start=1)
    )
    if all(is_syllable(w) for w in text.split()) and not signature:
        assert detect_legacy_encoding(text) is None
