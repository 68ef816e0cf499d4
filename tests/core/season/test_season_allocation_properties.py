"""Properties of the allocation (Hypothesis): the sum, the bounds, monotony, quota, determinism."""

from __future__ import annotations

import itertools
from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from daihoi.core.season.allocation import AllocationError, allocate

codes = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=6)
memberships = st.dictionaries(codes, st.integers(min_value=1, max_value=3000), min_size=1, max_size=25)


@st.composite
def cases(draw: st.DrawFn) -> tuple[int, int, dict[str, int], int]:
    members = draw(memberships)
    minimum = draw(st.integers(min_value=0, max_value=4))
    ex_officio = draw(st.integers(min_value=0, max_value=40))
    low = minimum * len(members)
    high = sum(members.values())
    assume(low <= high)
    elected = draw(st.integers(min_value=low, max_value=min(high, low + 600)))
    return elected + ex_officio, ex_officio, members, minimum


@settings(max_examples=300, deadline=None)
@given(cases())
def test_sum_and_bounds(case: tuple[int, int, dict[str, int], int]) -> None:
    total, ex_officio, members, minimum = case
    assume(min(members.values()) >= minimum)  # else refused: an organization smaller than the minimum
    result = allocate(total, ex_officio, members, minimum=minimum)
    assert sum(result.seats.values()) == total - ex_officio
    for code, seats in result.seats.items():
        assert minimum <= seats <= members[code]


@settings(max_examples=300, deadline=None)
@given(cases(), st.integers(min_value=1, max_value=50))
def test_more_members_never_fewer_seats(case: tuple[int, int, dict[str, int], int], cap: int) -> None:
    total, ex_officio, members, minimum = case
    caps = dict.fromkeys(members, max(cap, minimum))
    try:
        result = allocate(total, ex_officio, members, minimum=minimum, caps=caps)
    except AllocationError:
        return
    ordered = sorted(members, key=lambda c: members[c])
    for smaller, larger in itertools.pairwise(ordered):
        if members[larger] > members[smaller]:
            assert result.seats[larger] >= result.seats[smaller]


@settings(max_examples=300, deadline=None)
@given(memberships, st.data())
def test_within_one_of_the_exact_quota_without_minimum(members: dict[str, int], data: st.DataObject) -> None:
    total_members = sum(members.values())
    elected = data.draw(st.integers(min_value=0, max_value=min(total_members, 800)))
    result = allocate(elected, 0, members, minimum=0)
    for code, seats in result.seats.items():
        exact = Fraction(elected * members[code], total_members)
        assert abs(seats - exact) < 1
        assert result.row(code).quota == exact


@settings(max_examples=200, deadline=None)
@given(cases(), st.randoms(use_true_random=False))
def test_deterministic_under_reordering(case: tuple[int, int, dict[str, int], int], random: object) -> None:
    total, ex_officio, members, minimum = case
    items = list(members.items())
    random.shuffle(items)  # type: ignore[attr-defined]
    assert _outcome(total, ex_officio, members, minimum) == _outcome(total, ex_officio, dict(items), minimum)


def _outcome(total: int, ex_officio: int, members: dict[str, int], minimum: int) -> object:
    try:
        return allocate(total, ex_officio, members, minimum=minimum).as_dict()
    except AllocationError as error:
        return (error.code, error.params)
