"""`extract` reads any text without raising: digits and separators in every shape, units, cue words.

A held-out report held "1.444,56 tỷ đồng" (thousands dot, decimal comma), which once raised
decimal.InvalidOperation and lost the whole proposal.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from daihoi.core.targets.extract import extract
from daihoi.core.targets.text import NotANumber, clean, parse_number

PIECES = [
    "1.444,56",
    "1,234,567",
    "1.2.3",
    "4,5.6",
    "0,30",
    "10-12",
    "2025-2030",
    "%",
    "%0",
    "‰",
    " tỷ đồng",
    " triệu đồng/người/năm",
    " ha",
    " hộ",
    " đảng viên",
    " chi bộ",
    " phấn đấu ",
    " đạt ",
    " từ ",
    " đến ",
    " trên ",
    " giảm còn ",
    " hoàn thành tốt nhiệm vụ trở lên",
    " nông thôn mới nâng cao",
    " không có chi bộ yếu kém",
    " kết nạp năm ",
    "; ",
    ", ",
    ". ",
    ":\n",
    "\n- ",
    "(1) ",
    " nhiệm kỳ 2025-2030",
    " Nhiệm kỳ qua ",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_any_text_is_read_without_raising_and_quotes_are_verbatim(pieces):
    text = "".join(pieces)
    for target in extract(text).targets:
        assert target.quote in clean(text)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.444,56", Decimal("1444.56")),
        ("1.008", Decimal(1008)),
        ("86,4", Decimal("86.4")),
        ("1,234,567", Decimal(1234567)),
        ("1,234.5", Decimal("1234.5")),
        ("2.5", Decimal("2.5")),
    ],
)
def test_parse_number_reads_grouped_digits(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize("raw", ["1.2.3", "4,5.6", "1..2", ""])
def test_parse_number_refuses_what_is_no_number(raw):
    with pytest.raises(NotANumber):
        parse_number(raw)


def test_the_held_out_money_figure_is_read():
    text = "Phấn đấu đến năm 2030 tổng doanh thu đạt 1.444,56 tỷ đồng."
    values = [t.value for t in extract(text).targets]
    assert Decimal("1444560000000") in values
