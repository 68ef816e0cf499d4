"""The allocation of the upper congress's seats: worked examples computed by hand, and the refusals."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from daihoi.core.season.allocation import AllocationError, allocate


def test_hundred_seats_ten_ex_officio_five_organizations() -> None:
    # 100 convened, 10 ex officio: E = 90 elected among 1,000 members (400, 250, 180, 120, 50).
    # Hare quotas 90·m/1000: 36, 22.5, 16.2, 10.8, 4.5 -> floors 36+22+16+10+4 = 88, 2 seats left.
    # Remainders: d .8 (first), then b and e tie at .5: b has more members (250 > 50) and gets it.
    result = allocate(100, 10, {"a": 400, "b": 250, "c": 180, "d": 120, "e": 50})
    assert result.elected == 90
    assert result.seats == {"a": 36, "b": 23, "c": 16, "d": 11, "e": 4}
    b = result.row("b")
    assert b.quota == Fraction(45, 2)
    assert b.quota_2dp == Decimal("22.50")
    assert (b.floor, b.remainder, b.extra, b.tied) == (22, Fraction(1, 2), True, True)
    e = result.row("e")
    assert (e.floor, e.extra, e.tied, e.seats) == (4, False, True, 4)
    d = result.row("d")
    assert (d.quota_2dp, d.extra, d.tied) == (Decimal("10.80"), True, False)
    assert result.row("c").remainder_2dp == Decimal("0.20")
    assert not any(r.at_minimum for r in result.rows)


def test_small_organizations_fixed_at_minimum_and_the_rest_divided_again() -> None:
    # 30 convened, 3 ex officio: E = 27; members 900, 60, 30, 10 (1,000); minimum 2.
    # First quotas 27·m/1000: 24.3, 1.62, 0.81, 0.27: c and d (and b) fall below 2.
    # Fixed at 2: b, c, d -> 6 seats; 21 left to a alone (quota 21 exactly).
    result = allocate(30, 3, {"a": 900, "b": 60, "c": 30, "d": 10}, minimum=2)
    assert result.seats == {"a": 21, "b": 2, "c": 2, "d": 2}
    assert [r.at_minimum for r in result.rows] == [False, True, True, True]
    assert result.row("a").quota == 21
    assert result.row("a").remainder == 0
    assert sum(result.seats.values()) == 27


def test_re_division_brings_a_second_organization_under_the_minimum() -> None:
    # E = 20, minimum 3, members 70, 20, 10 (100). Quotas 14, 4, 2: c fixed at 3; 17 left for a and b
    # (90 members): 13.22, 3.78 -> floors 13 + 3 = 16, one extra to b (.78 > .22). b stays above 3.
    result = allocate(20, 0, {"a": 70, "b": 20, "c": 10}, minimum=3)
    assert result.seats == {"a": 13, "b": 4, "c": 3}
    assert result.row("b").quota == Fraction(17 * 20, 90)
    assert result.row("c").at_minimum
    assert not result.row("b").at_minimum


def test_caps_fix_an_organization_at_its_cap() -> None:
    # E = 10 among 8 and 2 members with caps 5 and 5: a's quota 8 > 5 -> a fixed at 5, b gets 5.
    result = allocate(10, 0, {"a": 8, "b": 2}, minimum=0, caps={"a": 5, "b": 5})
    assert result.seats == {"a": 5, "b": 5}
    assert result.row("a").at_cap


def test_default_cap_is_membership() -> None:
    # 6 seats among 2 and 10 members: quota of a = 1 (6·2/12), no cap reached; 5 to b.
    assert allocate(6, 0, {"a": 2, "b": 10}, minimum=0).seats == {"a": 1, "b": 5}
    # 11 seats: a's quota 11/6 ≈ 1.83, b 9.17 -> floors 1 + 9, extra to a: 2 (its whole roll).
    assert allocate(11, 0, {"a": 2, "b": 10}, minimum=0).seats == {"a": 2, "b": 9}


def test_ties_broken_by_code_when_membership_is_equal() -> None:
    # 3 seats among 4 organizations of 10: quotas .75 each, no floor: extras to a, b, c (code order).
    result = allocate(3, 0, {"d": 10, "c": 10, "b": 10, "a": 10}, minimum=0)
    assert result.seats == {"a": 1, "b": 1, "c": 1, "d": 0}
    assert all(r.tied for r in result.rows)


def test_as_dict_is_json_able_and_complete() -> None:
    import json

    data = allocate(100, 10, {"a": 400, "b": 250}).as_dict()
    json.dumps(data)
    assert data["elected"] == 90
    assert data["ex_officio"] == 10
    assert data["members_total"] == 650
    assert data["seats"] == {"a": 55, "b": 35}
    assert data["rows"][0]["quota"] == "720/13"
    assert data["rows"][0]["quota_2dp"] == "55.38"


@pytest.mark.parametrize(
    ("args", "kwargs", "code", "params"),
    [
        ((5, 10, {"a": 10}), {}, "allocation_total_below_ex_officio", {"total": 5, "ex_officio": 10}),
        ((3, 0, {"a": 10, "b": 10}), {"minimum": 2}, "allocation_minimum_too_high", {"needed": 4}),
        ((10, 0, {"a": 10, "b": 0}), {}, "allocation_no_members", {"organization": "b"}),
        ((10, 0, {}), {}, "allocation_no_organizations", {}),
        ((10, 0, {"a": 3, "b": 4}), {}, "allocation_caps_too_small", {"capacity": 7, "elected": 10}),
        (
            (10, 0, {"a": 30, "b": 40}),
            {"caps": {"a": 1}, "minimum": 2},
            "allocation_cap_below_minimum",
            {"organization": "a"},
        ),
        ((-1, 0, {"a": 3}), {}, "allocation_negative", {"field": "total"}),
    ],
)
def test_refusals(args: tuple, kwargs: dict, code: str, params: dict) -> None:
    with pytest.raises(AllocationError) as caught:
        allocate(*args, **kwargs)
    assert caught.value.code == code
    for key, value in params.items():
        assert caught.value.params[key] == value
