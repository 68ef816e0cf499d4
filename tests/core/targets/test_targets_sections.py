"""Selection of the new term's target sentences (core/targets/sections.py), sentence by sentence."""

from __future__ import annotations

import pytest

from daihoi.core.targets import sections
from daihoi.core.targets.text import fold

TERM = (2025, 2030)


def _target(sentence: str, section: str = "start", *, open_start: bool = False) -> bool:
    return sections.is_target(sections.read(fold(sentence), TERM), section, open_start=open_start)


@pytest.mark.parametrize(
    ("sentence", "section", "expected"),
    [
        ("Phấn đấu hàng năm có 100% đảng viên hoàn thành nhiệm vụ.", "past", True),
        ("Đảng bộ đã nỗ lực phấn đấu đạt 21/21 chỉ tiêu.", "start", False),
        ("Hàng năm có trên 82% chi bộ hoàn thành tốt nhiệm vụ.", "past", False),
        ("Hàng năm có trên 82% chi bộ hoàn thành tốt nhiệm vụ.", "start", True),
        ("Nhiệm kỳ 2020-2025, tốc độ tăng trưởng đạt 8%.", "new", False),
        ("Kết nạp mới tăng 10% so với nhiệm kỳ 2020-2025.", "new", True),
        ("Thu ngân sách đạt 105% kế hoạch.", "new", False),
        ("Thu ngân sách trên địa bàn đạt 100% chỉ tiêu trên giao.", "new", True),
        ("Đến năm 2025, tỷ lệ hộ nghèo còn 2%.", "new", False),
        ("Đến năm 2030, tỷ lệ hộ nghèo còn 1%.", "past", True),
        ("Đại hội đã thông qua các chỉ tiêu chủ yếu nhiệm kỳ 2025-2030:", "past", True),
        ("Tỷ lệ tập hợp đoàn viên công đoàn đạt 98%.", "new", True),
        ("Tỷ lệ tập hợp đoàn viên công đoàn đạt 98%.", "start", False),
        ("Đảng bộ có 6 chi bộ, 65 đảng viên.", "new", False),
        ("Xã có diện tích tự nhiên 112 km2, dân số 22.312 người.", "new", False),
        ("Đại hội bầu 15 đồng chí vào Ban Chấp hành.", "new", False),
        ("Duy tu từ 06 đến 08 đoạn đường đã xuống cấp.", "new", True),
        ("Một số chỉ tiêu trong 5 năm đến được đề ra như: tăng thu ngân sách 10%.", "past", True),
        ("Các chỉ tiêu được đề ra như: tăng thu ngân sách 10%.", "past", True),
        ("Tốc độ tăng giá trị sản xuất (giá so sánh năm 2010) đạt 16%.", "new", True),
        ("Nghị quyết nhiệm kỳ mới với các chỉ tiêu: đạt và vượt chỉ tiêu giảm nghèo.", "past", True),
    ],
)
def test_sentence_is_a_target_in_its_section(sentence, section, expected):
    assert _target(sentence, section) is expected


def test_a_text_without_past_reads_sentences_with_no_cue():
    assert _target("Tỷ lệ tập hợp đoàn viên công đoàn đạt 98%.", open_start=True)
    assert sections.tells_past(fold("Nhiệm kỳ qua, Đảng bộ kết nạp 30 đảng viên."), TERM)
    assert not sections.tells_past(fold("Tỷ lệ tập hợp đoàn viên công đoàn đạt 98%."), TERM)


@pytest.mark.parametrize(
    ("sentence", "before", "after"),
    [
        ("Nhiệm kỳ qua, Đảng bộ lãnh đạo toàn diện.", "new", "past"),
        ("Nhiệm kỳ 2020-2025, Đảng bộ đạt nhiều kết quả.", "start", "past"),
        ("Nhiệm kỳ 2025-2030, Đảng bộ đề ra 12 chỉ tiêu.", "past", "new"),
        ("Nhiệm kỳ qua đạt 8%; nhiệm kỳ tới phấn đấu đạt 10%.", "start", "new"),
        ("Phấn đấu kết nạp bằng nhiệm kỳ qua.", "start", "new"),
        ("Phấn đấu kết nạp 10 đảng viên. Nhiệm kỳ qua, kết nạp 8.", "start", "past"),
        ("Đại hội Đảng bộ xã lần thứ I, nhiệm kỳ 2025-2030.", "start", "start"),
        ("Đại hội bầu 15 đồng chí vào Ban Chấp hành.", "new", "start"),
        ("Về xây dựng Đảng:", "past", "past"),
        ("Phần thứ hai: PHƯƠNG HƯỚNG, MỤC TIÊU, NHIỆM VỤ", "past", "new"),
        ("II- MỤC TIÊU, CHỈ TIÊU CHỦ YẾU", "past", "new"),
        ("Trong đó, tỷ lệ xã đạt chuẩn trong chương trình mục tiêu quốc gia.", "past", "past"),
    ],
)
def test_the_last_opening_cue_sets_the_section(sentence, before, after):
    reading = sections.read(fold(sentence), TERM)
    target = sections.is_target(reading, before)
    assert sections.next_section(reading, before, target) == after
