"""Header lines and titles break only at phrase boundaries (daihoi.core.phrases)."""

from __future__ import annotations

import pytest

from daihoi.core.phrases import phrases, wrap_phrases


def chars(text: str) -> float:
    return float(len(text))


@pytest.mark.parametrize(
    ("text", "never"),
    [
        ("ĐẢNG BỘ VĂN PHÒNG UBND TỈNH", ["UBND / TỈNH", "VĂN / PHÒNG"]),
        (
            "ĐẠI HỘI ĐẢNG BỘ VĂN PHÒNG UBND TỈNH LẦN THỨ X, NHIỆM KỲ 2020 - 2025",
            ["KHÓA / X", "2020 / -", "- / 2025"],
        ),
        ("BÁO CÁO THẨM TRA TƯ CÁCH ĐẠI BIỂU", ["TƯ CÁCH ĐẠI / BIỂU", "ĐẠI / BIỂU"]),
        ("Ban Chấp hành Đảng bộ khóa X, nhiệm kỳ 2020 - 2025", ["khóa / X", "Chấp / hành"]),
        (
            "ĐẢNG BỘ VĂN PHÒNG ĐOÀN ĐẠI BIỂU QUỐC HỘI VÀ HỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG NGÃI",
            ["QUẢNG / NGÃI", "QUỐC / HỘI", "VÀ / HỘI", "ĐẠI / BIỂU", "NHÂN / DÂN"],
        ),
        ("Kết quả thực hiện Nghị quyết năm 2025", ["năm / 2025"]),
    ],
)
def test_no_break_inside_a_phrase(text, never):
    parts = phrases(text)
    assert " ".join(parts) == text
    for width in range(8, len(text) + 1):
        lines = wrap_phrases(text, chars, width)
        if lines is None:
            continue
        joined = " / ".join(lines)
        for bad in never:
            assert bad not in joined, (width, lines)
        assert all(len(line) <= width for line in lines)
        # a year never stands alone on a line
        assert not any(line.strip().isdigit() for line in lines)


def test_fewest_lines_then_most_even():
    text = "ĐẢNG BỘ VĂN PHÒNG ĐOÀN ĐẠI BIỂU QUỐC HỘI VÀ HỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG NGÃI"
    lines = wrap_phrases(text, chars, 40)
    assert lines == ["ĐẢNG BỘ VĂN PHÒNG ĐOÀN ĐẠI BIỂU QUỐC HỘI", "VÀ HỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG NGÃI"]
    assert wrap_phrases("ĐẢNG BỘ TỈNH QUẢNG NGÃI", chars, 100) == ["ĐẢNG BỘ TỈNH QUẢNG NGÃI"]


def test_a_phrase_wider_than_the_line_asks_to_shrink():
    assert wrap_phrases("ĐOÀN ĐẠI BIỂU QUỐC HỘI", chars, 10) is None
