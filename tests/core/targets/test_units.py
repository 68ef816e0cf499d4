from decimal import Decimal

import pytest

from daihoi.core.targets.units import AmountError, money_parts, parse_amount


@pytest.mark.parametrize(
    ("raw", "unit", "expected"),
    [
        ("86,4 triệu", "VND", Decimal("86400000")),
        ("86.400.000", "VND", Decimal("86400000")),
        ("1,2 tỷ đồng", "VND", Decimal("1200000000")),
        ("500 nghìn", "VND", Decimal("500000")),
        ("0,30", "‰", Decimal("0.30")),
        ("1.200", "households", Decimal("1200")),
        ("95", "%", Decimal("95")),
    ],
)
def test_parse_amount(raw, unit, expected):
    assert parse_amount(raw, unit) == expected


@pytest.mark.parametrize(("raw", "unit"), [("", "%"), ("abc", "VND"), ("5 triệu", "%"), ("1,2,3x", "ha")])
def test_parse_amount_refuses(raw, unit):
    with pytest.raises(AmountError):
        parse_amount(raw, unit)


def test_money_parts():
    assert money_parts(Decimal(86400000)) == (Decimal("86.4"), "triệu")
    assert money_parts(Decimal(5 * 10**12)) == (Decimal("5E+3"), "tỷ")
    assert money_parts(Decimal(500000)) == (Decimal(500000), "")
