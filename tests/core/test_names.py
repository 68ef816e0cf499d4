"""Worked examples for daihoi.core.names (spec §5, §8)."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from daihoi.core.names import (
    NameParts,
    NameSplitError,
    ballot_sort_key,
    collation_key,
    make_parts,
    normalize_name,
    search_fold,
    split_name,
)

NFD = "NFD"


@pytest.mark.parametrize(
    ("raw", "old", "new"),
    [
        ("nguyễn văn hoà", "Nguyễn Văn Hòa", "Nguyễn Văn Hoà"),
        ("Nguyễn Văn Hòa", "Nguyễn Văn Hòa", "Nguyễn Văn Hoà"),
        ("lê thị thuỷ", "Lê Thị Thủy", "Lê Thị Thuỷ"),
        ("TRẦN KHOẺ", "Trần Khỏe", "Trần Khoẻ"),
        ("thanh hoá", "Thanh Hóa", "Thanh Hoá"),
        ("ủy", "Ủy", "Uỷ"),
        ("huỷ", "Hủy", "Huỷ"),
        ("hoạ", "Họa", "Hoạ"),
        # the same in both styles: closed syllables, hat vowels, qu/gi onsets, triphthongs
        ("hoàn", "Hoàn", "Hoàn"),
        ("hòan", "Hoàn", "Hoàn"),
        ("huỳnh", "Huỳnh", "Huỳnh"),
        ("hùynh", "Huỳnh", "Huỳnh"),
        ("khuê", "Khuê", "Khuê"),
        ("quý", "Quý", "Quý"),
        ("qúy", "Quý", "Quý"),
        ("quỳnh", "Quỳnh", "Quỳnh"),
        ("quả", "Quả", "Quả"),
        ("giữ", "Giữ", "Giữ"),
        ("gìn", "Gìn", "Gìn"),
        ("già", "Già", "Già"),
        ("giỏi", "Giỏi", "Giỏi"),
        ("thuở", "Thuở", "Thuở"),
        ("thủơ", "Thuở", "Thuở"),
        ("trường", "Trường", "Trường"),
        ("trừơng", "Trường", "Trường"),
        ("người", "Người", "Người"),
        ("ngoài", "Ngoài", "Ngoài"),
        ("khuya", "Khuya", "Khuya"),
        ("khuỷu", "Khuỷu", "Khuỷu"),
        ("mía", "Mía", "Mía"),
        ("của", "Của", "Của"),
        ("cừu", "Cừu", "Cừu"),
        ("hoằng", "Hoằng", "Hoằng"),
        ("tuấn", "Tuấn", "Tuấn"),
        ("nguyệt", "Nguyệt", "Nguyệt"),
        ("khuyến", "Khuyến", "Khuyến"),
        ("yến", "Yến", "Yến"),
        ("uyển", "Uyển", "Uyển"),
        ("toán", "Toán", "Toán"),
        ("xoáy", "Xoáy", "Xoáy"),
    ],
)
def test_tone_placement(raw, old, new):
    assert normalize_name(raw) == old
    assert normalize_name(raw, tone_style="old") == old
    assert normalize_name(raw, tone_style="new") == new


def test_unknown_tone_style_is_refused():
    with pytest.raises(ValueError, match="tone_style"):
        normalize_name("Hòa", tone_style="modern")  # type: ignore[arg-type]


def test_eth_lookalike_becomes_d_with_stroke():
    assert normalize_name("Ðặng Văn Ðức") == "Đặng Văn Đức"
    assert normalize_name("ðinh") == "Đinh"
    assert "\u00d0" not in normalize_name("ÐÀO")


def test_spaces_collapsed_and_words_capitalized():
    assert normalize_name("  nGUYỄN\t thị \u00a0 minh   KHAI \n") == "Nguyễn Thị Minh Khai"
    assert normalize_name("") == ""


def test_decomposed_and_odd_mark_order_normalize():
    composed = "Nguyễn Thị Ấn"
    assert normalize_name(unicodedata.normalize(NFD, composed)) == composed
    # tone before the circumflex (NFC alone would leave "á" + U+0302)
    assert normalize_name("a\u0301\u0302n") == "Ấn"
    assert normalize_name("Ngu\u0303yên") == "Nguyễn"
    assert normalize_name("do\u0323\u031bi") == normalize_name("dợi")
    # ǎ (caron) in old fonts stands for ă
    assert normalize_name("Hǎng") == "Hăng"


def test_apostrophes_and_hyphens_in_minority_names():
    assert normalize_name("h’hen NIÊ") == "H'Hen Niê"
    assert normalize_name("y-moan ênuôl") == "Y-Moan Ênuôl"


def test_zero_width_characters_dropped():
    assert normalize_name("Lê\u200b Văn\ufeff Tám") == "Lê Văn Tám"


def test_foreign_syllable_keeps_its_mark():
    # not a Vietnamese syllable: the mark stays on the letter it was typed on
    assert normalize_name("Ksơr") == "Ksơr"
    assert normalize_name("Mlô") == "Mlô"
    assert normalize_name("Brú") == "Brú"


def test_split_name_default_and_overrides():
    assert split_name("nguyễn văn an") == NameParts("Nguyễn", "Văn", "An")
    assert split_name("Lê Thị Thu Hằng") == NameParts("Lê", "Thị Thu", "Hằng")
    assert split_name("Lê Hằng") == NameParts("Lê", "", "Hằng")
    assert split_name("Hằng") == NameParts("", "", "Hằng")
    assert split_name("Tôn Nữ Thị Ninh", family_words=2) == NameParts("Tôn Nữ", "Thị", "Ninh")
    assert split_name("Nguyễn Thị Thu Hà", given_words=2) == NameParts("Nguyễn", "Thị", "Thu Hà")
    assert split_name("Nguyễn Văn An").full == "Nguyễn Văn An"


@pytest.mark.parametrize(
    ("raw", "kwargs", "code"),
    [
        ("   ", {}, "name_empty"),
        ("An", {"given_words": 2}, "name_too_short"),
        ("Tôn Nữ", {"family_words": 2}, "name_too_short"),
        ("Lê An", {"given_words": 0}, "name_split_invalid"),
    ],
)
def test_split_name_errors_carry_codes(raw, kwargs, code):
    with pytest.raises(NameSplitError) as info:
        split_name(raw, **kwargs)
    assert info.value.code == code
    assert info.value.params["value"] == raw


def test_make_parts_normalizes_and_needs_given():
    assert make_parts("tôn nữ", "thị", "ninh") == NameParts("Tôn Nữ", "Thị", "Ninh")
    with pytest.raises(NameSplitError) as info:
        make_parts("Lê", "Văn", " ")
    assert info.value.code == "name_given_missing"


def _ordered(names):
    return sorted(names, key=collation_key)


def test_alphabet_order_of_spec():
    letters = list("aăâbcdđeêghiklmnoôơpqrstuưvxy")
    shuffled = letters[::-1]
    assert _ordered(shuffled) == letters


def test_tone_order_of_spec():
    tones = ["Hoa", "Hòa", "Hỏa", "Hõa", "Hóa", "Họa"]
    assert _ordered(tones[::-1]) == tones


def test_letter_by_letter_not_digraphs():
    # "ch" and "ng" are not letters: Cao < Chi < Cu, Na < Nga < Nha < No
    assert _ordered(["Cu", "Chi", "Cao"]) == ["Cao", "Chi", "Cu"]
    assert _ordered(["No", "Nha", "Nga", "Na"]) == ["Na", "Nga", "Nha", "No"]


def test_letter_beats_tone_and_tone_beats_case():
    assert _ordered(["Ăn", "Án", "An"]) == ["An", "Án", "Ăn"]  # primary ă after any a
    assert _ordered(["Àb", "aB"]) == ["aB", "Àb"]  # tone (secondary) before case (tertiary)
    assert _ordered(["AN", "an", "An"]) == ["an", "An", "AN"]
    assert collation_key("An") < collation_key("An Bình")  # prefix first
    assert _ordered(["Đa", "Dz", "Da"]) == ["Da", "Dz", "Đa"]


def test_collation_key_ignores_normal_form():
    name = "Nguyễn Thị Ấn"
    assert collation_key(unicodedata.normalize(NFD, name)) == collation_key(name)


def test_collation_key_bytes_have_no_zero_byte():
    for text in ["", "A", "Nguyễn Văn Ấn", "H'Hen Niê", "x\u4e2d\u0301y", "\x00\t"]:
        key = collation_key(text)
        assert isinstance(key, bytes)
        assert b"\x00" not in key


def test_ballot_order_given_family_middle_then_older_first():
    rows = [
        (NameParts("Trần", "Văn", "Bình"), date(1970, 1, 1)),
        (NameParts("Nguyễn", "Văn", "An"), date(1980, 5, 1)),
        (NameParts("Nguyễn", "Thị", "An"), None),
        (NameParts("Lê", "Văn", "An"), None),
        (NameParts("Nguyễn", "Văn", "An"), date(1965, 2, 3)),
        (NameParts("Nguyễn", "Văn", "An"), None),
        (NameParts("Nguyễn", "", "An"), date(2000, 1, 1)),
        (NameParts("Ngô", "Văn", "Ân"), date(1960, 1, 1)),
        (NameParts("", "", "Anh"), date(1960, 1, 1)),
    ]
    ordered = sorted(rows, key=lambda r: ballot_sort_key(*r))
    assert [(p.full, d) for p, d in ordered] == [
        ("Lê Văn An", None),
        ("Nguyễn An", date(2000, 1, 1)),  # empty middle first
        ("Nguyễn Thị An", None),
        ("Nguyễn Văn An", date(1965, 2, 3)),  # older first
        ("Nguyễn Văn An", date(1980, 5, 1)),
        ("Nguyễn Văn An", None),  # unknown birth date last
        ("Anh", date(1960, 1, 1)),  # An < Anh (prefix), Anh < Ân (primary a < â)
        ("Ngô Văn Ân", date(1960, 1, 1)),
        ("Trần Văn Bình", date(1970, 1, 1)),
    ]


def test_ballot_key_compares_components_fully_before_the_next():
    # by whole-string collation "An Bình" would sort with "An B..."; by components the given name
    # decides first even when the family name would reverse the order.
    a = ballot_sort_key(NameParts("Vũ", "", "An"))
    b = ballot_sort_key(NameParts("An", "", "Ân"))
    assert a < b
    # a tone difference in the given name outweighs a letter difference in the family name
    assert ballot_sort_key(NameParts("Yên", "", "Hoa")) < ballot_sort_key(NameParts("An", "", "Hòa"))


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Nguyễn Văn Hòa", "nguyen van hoa"),
        ("ĐẶNG  Thị Ðào", "dang thi dao"),
        ("Hoà", "hoa"),
        ("H’Hen", "h'hen"),
    ],
)
def test_search_fold(text, folded):
    assert search_fold(text) == folded


def test_search_fold_is_not_identity():
    # Hoa, Hòa, Hóa, Hỏa are different people: normalized names stay distinct
    names = ["Hoa", "Hòa", "Hóa", "Hỏa"]
    assert len({normalize_name(n) for n in names}) == 4
    assert len({collation_key(n) for n in names}) == 4
    assert len({search_fold(n) for n in names}) == 1
