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


@pytest.mark.parametrize(
    ("value", "text"),
    [(Decimal(3900 * 10**9), "3900"), (Decimal(5 * 10**12), "5000"), (Decimal(86_400_000), "86.4")],
)
def test_money_parts_never_writes_an_exponent(value, text):
    """ "3.900 tỷ đồng" was shown on the review page as "3,9E+3 tỷ", which the page then refused."""
    amount, _word = money_parts(value)
    assert str(amount) == text
    assert parse_amount(f"{str(amount).replace('.', ',')} {_word}", "VND") == value
