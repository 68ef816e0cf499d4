"""TCVN3 (ABC/.VnTime) and VNI-Windows text read as Latin-1: tables, detection, conversion."""

from __future__ import annotations

import random
import unicodedata

import pytest
from vn_name_corpus import FAMILY, GIVEN, MIDDLE, full_names

from daihoi.core.legacy_text import (
    TCVN3_TO_UNICODE,
    VNI_TO_UNICODE,
    LegacyTextError,
    convert_legacy,
    detect_legacy_encoding,
    encode_legacy,
    ensure_unicode,
)
from daihoi.core.names import is_syllable, normalize_name

# the 67 lower-case letters with diacritics or tones (đ included) and their capitals
LOWER_LETTERS = sorted(
    {
        unicodedata.normalize("NFC", base + tone)
        for base in "aăâeêioôơuưy"
        for tone in ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
    }
    - set("aeiouy")
    | {"đ"}
)


UNICODE_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")  # Latin-1 letters of Unicode Vietnamese


def test_there_are_134_vietnamese_letters():
    assert len(LOWER_LETTERS) == 67
    assert len({ch.upper() for ch in LOWER_LETTERS}) == 67


def test_tcvn3_table_has_every_lower_case_letter_and_the_seven_capitals():
    assert set(TCVN3_TO_UNICODE.values()) == set(LOWER_LETTERS) | set("ĂÂÊÔƠƯĐ")
    assert len(TCVN3_TO_UNICODE) == 74  # one byte each, no two bytes for one letter
    assert all(len(code) == 1 and 0xA1 <= ord(code) <= 0xFE for code in TCVN3_TO_UNICODE)


# The reference tables as converters print them (letters in the order of the alphabet, tones in the
# order huyền sắc hỏi ngã nặng for TCVN3; sắc huyền hỏi ngã nặng for VNI), kept apart from the
# module's row-by-row construction so that a slip in one shows against the other.
TCVN3_REFERENCE = (
    "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ",
    "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\u00adõøö÷ùúýûüþ¡¢§£¤¥¦",
)
VNI_REFERENCE = str.split(  # capitals: code then letter, sắc huyền hỏi ngã nặng
    "AÙ=Á AØ=À AÛ=Ả AÕ=Ã AÏ=Ạ AÂ=Â AÁ=Ấ AÀ=Ầ AÅ=Ẩ AÃ=Ẫ AÄ=Ậ AÊ=Ă AÉ=Ắ AÈ=Ằ AÚ=Ẳ AÜ=Ẵ AË=Ặ "
    "EÙ=É EØ=È EÛ=Ẻ EÕ=Ẽ EÏ=Ẹ EÂ=Ê EÁ=Ế EÀ=Ề EÅ=Ể EÃ=Ễ EÄ=Ệ "
    "OÙ=Ó OØ=Ò OÛ=Ỏ OÕ=Õ OÏ=Ọ OÂ=Ô OÁ=Ố OÀ=Ồ OÅ=Ổ OÃ=Ỗ OÄ=Ộ Ô=Ơ ÔÙ=Ớ ÔØ=Ờ ÔÛ=Ở ÔÕ=Ỡ ÔÏ=Ợ "
    "UÙ=Ú UØ=Ù UÛ=Ủ UÕ=Ũ UÏ=Ụ Ö=Ư ÖÙ=Ứ ÖØ=Ừ ÖÛ=Ử ÖÕ=Ữ ÖÏ=Ự "
    "Í=Í Ì=Ì Æ=Ỉ Ó=Ĩ Ò=Ị YÙ=Ý YØ=Ỳ YÛ=Ỷ YÕ=Ỹ Î=Ỵ Ñ=Đ"
)


def test_tcvn3_table_matches_the_reference():
    letters, codes = TCVN3_REFERENCE
    assert len(letters) == len(codes) == 74
    assert {code: TCVN3_TO_UNICODE[code] for code in codes} == dict(zip(codes, letters, strict=True))


def test_vni_table_matches_the_reference_in_both_cases():
    assert len(VNI_REFERENCE) == 67
    for pair in VNI_REFERENCE:
        code, letter = pair.split("=")
        assert convert_legacy(code, "vni") == letter
        assert convert_legacy(code.lower(), "vni") == letter.lower()
        assert encode_legacy(letter, "vni") == code
        assert encode_legacy(letter.lower(), "vni") == code.lower()


def test_vni_table_has_all_134_letters_in_both_cases():
    assert set(VNI_TO_UNICODE.values()) == set(LOWER_LETTERS) | {ch.upper() for ch in LOWER_LETTERS}


@pytest.mark.parametrize(
    ("vni", "unicode"),
    [
        ("Nguyeãn", "Nguyễn"),
        ("NGUYEÃN", "NGUYỄN"),
        ("Vieät Nam", "Việt Nam"),
        ("Tieáng Vieät", "Tiếng Việt"),
        ("Ñaø Naüng", "Đà Nẵng"),
        ("Ngöôøi", "Người"),
        ("Thaønh phoá Hoà Chí Minh", "Thành phố Hồ Chí Minh"),
        ("Ñaëng Thò Ngoïc Dieãm", "Đặng Thị Ngọc Diễm"),
        ("Hoaøng Vaên Thuï", "Hoàng Văn Thụ"),
        ("Kyø Anh, Só Ñoâng", "Kỳ Anh, Sĩ Đông"),
        ("Hoaø Bình tyû", "Hoà Bình tỷ"),
        ("Löu Ly Khuyeân", "Lưu Ly Khuyên"),
    ],
)
def test_vni_known_words(vni, unicode):
    assert convert_legacy(vni, "vni") == unicode
    assert detect_legacy_encoding(vni) == "vni"


@pytest.mark.parametrize(
    ("tcvn3", "unicode"),
    [
        ("NguyÔn V¨n An", "Nguyễn Văn An"),
        ("Hµ Néi", "Hà Nội"),
        ("Tr\u00adêng Chinh", "Trường Chinh"),
        ("B¶o Th¾ng", "Bảo Thắng"),
        ("Lª Th¸i Hoµ", "Lê Thái Hoà"),
        ("§¶ng bé x·", "Đảng bộ xã"),
        ("Hå ChÝ Minh", "Hồ Chí Minh"),
        ("Ph¹m ThÞ Thu Thñy", "Phạm Thị Thu Thủy"),
    ],
)
def test_tcvn3_known_words(tcvn3, unicode):
    assert convert_legacy(tcvn3, "tcvn3") == unicode
    assert detect_legacy_encoding(tcvn3) == "tcvn3"


@pytest.mark.parametrize(
    "text",
    [
        "Nguyễn Văn An",
        "Hoà Chí Minh",  # VNI would read Hồ Chí Minh, but this is good Unicode as it stands
        "Lê Mý",
        "Tô Hà",
        "Phạm Thị Thu Thủy",
        "Nguyen Van An",
        "",
        "12/05/1970",
        "José Martí",
        "Ðặng Văn Ðức",  # eth look-alike: still Unicode Vietnamese
        unicodedata.normalize("NFD", "Nguyễn Thị Ấn"),
        "H'Hen Niê",
        # syllables with a capital at the end: a slip of the Shift key, not TCVN3 (hypothesis found them)
        "bÌ",
        "kÌ",
        "QuÔ",
        "oÀ",
        "Nguyễn Văn BÌ",
    ],
)
def test_unicode_and_ascii_are_never_flagged(text):
    assert detect_legacy_encoding(text) is None
    assert ensure_unicode(text) == text


def test_no_generated_unicode_name_is_flagged():
    names = full_names(6000)
    # the corpus also holds near-duplicates that are no Vietnamese words (Hoâ, Caõ): typos that VNI
    # could read; every name made of real syllables, in any capitalization, must stay as it is
    normal = [n for n in names if all(is_syllable(w) for w in n.split())]
    assert len(normal) > 4000
    flagged = [n for n in normal if detect_legacy_encoding(n) is not None]
    assert flagged == []
    assert detect_legacy_encoding("\n".join(names)) is None


def test_one_odd_character_is_not_enough():
    # "Tó" is TCVN3 for "Tú" but also a good Unicode syllable: left as it is
    assert detect_legacy_encoding("Tó") is None
    # a stray × in otherwise normal Unicode text is refused, not converted
    assert detect_legacy_encoding("Lê Văn × An") is None
    with pytest.raises(LegacyTextError) as info:
        ensure_unicode("Lê Văn × An")
    assert info.value.code == "legacy_text_suspect"
    # an accented capital inside a word is odd in Unicode: TCVN3 "ChÝnh" is Chính
    assert detect_legacy_encoding("Phan ChÝnh") == "tcvn3"
    assert detect_legacy_encoding("Phan Chính") is None


def _realistic_names(count, seed):
    rnd = random.Random(seed)
    return [
        " ".join([rnd.choice(FAMILY), *rnd.sample(MIDDLE, rnd.choice((0, 1, 2))), rnd.choice(GIVEN)])
        for _ in range(count)
    ]


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_round_trip_of_thousands_of_names(encoding):
    names = [normalize_name(n) for n in _realistic_names(3000, seed=5)]
    names = [n for n in names if not n.isascii()]  # ASCII names read the same in every encoding
    wrong = 0
    missed = []
    for name in names:
        legacy = encode_legacy(name, encoding)
        detected = detect_legacy_encoding(legacy)
        if detected is None:
            missed.append(name)
            continue
        wrong += detected != encoding
        back = convert_legacy(legacy, detected)
        if encoding == "vni":
            assert back == name
        else:  # TCVN3 has no toned capitals: the case comes back through normalize_name
            assert normalize_name(back) == name
    assert wrong == 0
    # a name is missed only when its legacy bytes are ambiguous: they also read as good Unicode
    # Vietnamese (TCVN3 "Khóc" for Khúc), or as good words in the other encoding (VNI "Thö" is
    # Thư, TCVN3 reads Thử), or (TCVN3) they use only codes that are Unicode letters too (Huúnh)
    other = "vni" if encoding == "tcvn3" else "tcvn3"
    for name in missed:
        legacy = encode_legacy(name, encoding)
        as_unicode = all(is_syllable(w) for w in legacy.split() if not w.isascii())
        as_other = all(is_syllable(w) for w in convert_legacy(legacy, other).split())
        no_evidence = encoding == "tcvn3" and {c for c in legacy if not c.isascii()} <= UNICODE_LATIN1
        assert as_unicode or as_other or no_evidence, (name, legacy)
    assert len(missed) <= len(names) * 0.04, missed[:20]
    # as a whole column the file is recognized, and converts back name by name
    column = "\n".join(encode_legacy(n, encoding) for n in names)
    assert detect_legacy_encoding(column) == encoding
    converted = convert_legacy(column, encoding).split("\n")
    assert [normalize_name(c) for c in converted] == names


def test_encode_refuses_what_the_encoding_cannot_hold():
    with pytest.raises(LegacyTextError) as info:
        encode_legacy("Nguyễn 中", "vni")
    assert info.value.code == "legacy_text_unconvertible"
    assert info.value.params["char"] == "中"


def test_unknown_encoding_name():
    with pytest.raises(LegacyTextError) as info:
        convert_legacy("abc", "viscii")  # type: ignore[arg-type]
    assert info.value.code == "legacy_encoding_unknown"
    with pytest.raises(LegacyTextError):
        encode_legacy("abc", "viscii")  # type: ignore[arg-type]


def test_ensure_unicode_converts_and_refuses():
    assert ensure_unicode("NguyÔn V¨n An") == "Nguyễn Văn An"
    assert ensure_unicode("Nguyeãn Vaên An") == "Nguyễn Văn An"
    with pytest.raises(LegacyTextError) as info:
        ensure_unicode("Nguyễn V¨n An")  # Unicode and TCVN3 mixed: cannot be read safely
    assert info.value.code == "legacy_text_suspect"
    assert info.value.params["value"] == "Nguyễn V¨n An"
    assert "¨" in info.value.params["chars"]


def test_whole_column_tolerates_a_few_minority_names():
    names = [normalize_name(n) for n in _realistic_names(60, seed=9)] + ["Mlô Ksơr"]
    column = "\n".join(encode_legacy(n, "tcvn3") for n in names)
    assert detect_legacy_encoding(column) == "tcvn3"


def test_tcvn3_typed_with_a_capitals_font():
    # .VnTimeH shows the lower-case codes as capitals, so the bytes mix ASCII capitals and them
    text = "NGUYÔN V¡N AN"
    assert detect_legacy_encoding(text) == "tcvn3"
    assert normalize_name(convert_legacy(text, "tcvn3")) == "Nguyễn Văn An"


def test_an_ambiguous_value_is_decided_by_its_column():
    assert detect_legacy_encoding("Hoà Minh") is None  # Unicode "Hoà" or VNI "Hồ"
    column = "\n".join(["Hoà Minh", "Nguyeãn Vaên An", "Traàn Thò Lan", "Leâ Vaên Taùm"])
    assert detect_legacy_encoding(column) == "vni"
    assert convert_legacy(column, "vni").split("\n")[0] == "Hồ Minh"
