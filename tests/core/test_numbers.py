from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.core.numbers import format_number, percent, roman, round_half_up


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234567.5, None, "1.234.567,5"),
        (Decimal("1234567.5"), 1, "1.234.567,5"),
        (0, None, "0"),
        (999, None, "999"),
        (1000, None, "1.000"),
        (-1234.5, 2, "-1.234,50"),
        (0.125, 2, "0,13"),  # half-up, not banker's, not binary float
        (2.675, 2, "2,68"),
    ],
)
def test_format_number(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_percent_of_base_two_decimals_half_up():
    assert percent(25, 48) == Decimal("52.08")
    assert percent(1, 8) == Decimal("12.50")
    assert percent(1, 0) is None


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_grouping_round_trips(n):
    assert int(format_number(n).replace(".", "")) == n


def test_round_half_up():
    assert round_half_up("0.005", 2) == Decimal("0.01")


@pytest.mark.parametrize(
    ("n", "r"), [(1, "I"), (4, "IV"), (9, "IX"), (10, "X"), (14, "XIV"), (40, "XL"), (1999, "MCMXCIX")]
)
def test_roman(n, r):
    assert roman(n) == r
