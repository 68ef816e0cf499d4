"""A deterministic corpus of realistic Vietnamese full names for the collation and legacy proofs.

Common family, middle and given names, plus near-duplicates that differ only by tone, by a/ă/â,
o/ô/ơ, u/ư, e/ê, d/đ, or by capitalization: the cases a sort key gets wrong first.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import date


def _words(text: str) -> list[str]:
    return text.split()


FAMILY = _words(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Đinh Lâm Mai "
    "Trương Hà Tạ Cao Châu Lương Tô Vương Kiều Thái Từ Khúc Quách Giáp Âu Ông Ưng Ứng Tôn Lã Lữ Mạc "
    "Nghiêm Nông Triệu Thân Chu Chử Khổng Mẫn Ninh Quan Ân Ấu Ô Kha Doãn Diệp Hứa Bạch Lục Tăng Ấn"
)
MIDDLE = _words(
    "Văn Thị Hữu Đức Minh Thanh Ngọc Quốc Xuân Thu Kim Bảo Công Đình Quang Hồng Thúy Mỹ Phương Gia "
    "Khánh Tuấn Anh Hoài Diệu Bích Trọng Duy Thế Như Cẩm Kiều Phúc Hải Ánh Tường Ái Ngân Mạnh Trung"
)
GIVEN = _words(
    "An Ân Ấn Anh Ánh Bình Bích Chi Chí Cúc Cường Dũng Dung Duy Đạt Đào Điệp Giang Giao Hà Hạ Hải "
    "Hạnh Hằng Hiền Hiếu Hòa Hóa Họa Hỏa Hoa Hùng Hưng Hương Huy Huệ Khải Khánh Khoa Khuê Kiên Lan "
    "Lân Lâm Linh Loan Long Lộc Lợi Mai Mạnh Minh My Mỹ Nam Nga Ngân Nghĩa Ngọc Nguyên Nhàn Nhung "
    "Oanh Phát Phúc Phụng Phương Quân Quang Quế Quý Quyên Quỳnh Sơn Sang Tâm Tân Thắm Thắng Thảo "
    "Thơ Thu Thư Thủy Thùy Thúy Thụy Tiến Toàn Trâm Trang Trí Trung Tú Tuấn Tùng Tuyết Uyên Vân "
    "Việt Vinh Vũ Xuân Yên Yến Ý Ẩn Ưng Ửng Ơn Ước Ngữ Giữ Thuở Huỳnh Hoàn Khuyến Nguyệt Khỏe "
    "Gấm Đông Ðông Dông Bắc Tư Tứ Ba Bá Bà Bả Bã Bạ Lệ Lễ Lê Chánh Chính Chỉnh Cao Càng Nhất Nhật"
)
TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
LETTER_SWAPS = {"a": "ăâ", "ă": "aâ", "â": "aă", "o": "ôơ", "ô": "oơ", "ơ": "oô", "u": "ư", "ư": "u",
                "e": "ê", "ê": "e", "d": "đ", "đ": "d", "i": "y", "y": "i"}  # fmt: skip


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def tone_variants(word: str) -> list[str]:
    """`word` with each of the six tones on the letter that carries (or would carry) its tone."""
    nfd = unicodedata.normalize("NFD", word)
    bare = "".join(ch for ch in nfd if ch not in TONES[1:])
    position = next((i for i, ch in enumerate(nfd) if ch in TONES[1:]), None)  # same index in bare
    if position is None:
        vowels = [i for i, ch in enumerate(bare) if ch.lower() in "aeiouy"]
        if not vowels:
            return [word]
        position = vowels[-1] + 1
        while position < len(bare) and unicodedata.combining(bare[position]):
            position += 1
    return [_nfc(bare[:position] + tone + bare[position:]) for tone in TONES]


def letter_variants(word: str, rnd: random.Random) -> list[str]:
    out = []
    for i, ch in enumerate(word):
        base = unicodedata.normalize("NFD", ch)
        key = _nfc(base[0] + "".join(m for m in base[1:] if m not in TONES[1:])).lower()
        for swap in LETTER_SWAPS.get(key, ""):
            tone = "".join(m for m in base[1:] if m in TONES[1:])
            new = _nfc(swap + tone)
            out.append(word[:i] + (new.upper() if ch.isupper() else new) + word[i + 1 :])
    rnd.shuffle(out)
    return out[:4]


def full_names(count: int = 6000, seed: int = 20261127) -> list[str]:
    """At least `count` distinct full names (family, 0-2 middle names, given; case variants)."""
    rnd = random.Random(seed)
    givens = set(GIVEN)
    for word in GIVEN:
        givens.update(tone_variants(word))
        givens.update(letter_variants(word, rnd))
    given_list = sorted(givens)
    names: set[str] = set()
    while len(names) < count:
        middles = rnd.sample(MIDDLE, rnd.choice((0, 1, 1, 1, 2)))
        family = rnd.choice(FAMILY)
        given = rnd.choice(given_list)
        name = " ".join([family, *middles, given])
        roll = rnd.random()
        if roll < 0.04:
            name = name.upper()
        elif roll < 0.07:
            name = name.lower()
        elif roll < 0.09:
            name = name.swapcase()
        names.add(name)
        if rnd.random() < 0.15:  # a near-duplicate differing by one tone of the given name
            names.add(" ".join([family, *middles, rnd.choice(tone_variants(given))]))
    return sorted(names)


def ballot_rows(count: int = 3000, seed: int = 7) -> list[tuple[str, str, str, date | None]]:
    """(family, middle, given, birth) rows with many equal names and birth dates, some unknown."""
    rnd = random.Random(seed)
    family = FAMILY[:12]
    middle = ["", *MIDDLE[:8], "Thị Thu", "Văn Hữu"]
    given = GIVEN[:40]
    dates = [date(1950 + rnd.randrange(50), rnd.randrange(1, 13), rnd.randrange(1, 28)) for _ in range(30)]
    rows = []
    for _ in range(count):
        birth = None if rnd.random() < 0.1 else rnd.choice(dates)
        rows.append((rnd.choice(family), rnd.choice(middle), rnd.choice(given), birth))
    return rows
