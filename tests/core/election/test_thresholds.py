"""The two-thirds quorum and the >30% nomination support, as integer rules (no float rounding)."""

from hypothesis import given
from hypothesis import strategies as st

from daihoi.core.election.base import support_needed, two_thirds_met, two_thirds_needed


def test_two_thirds_worked_examples():
    assert two_thirds_needed(50) == 34  # 33 of 50 is 66%: not enough
    assert not two_thirds_met(33, 50)
    assert two_thirds_met(34, 50)
    assert two_thirds_needed(45) == 30
    assert two_thirds_met(30, 45)
    assert two_thirds_needed(5) == 4  # branches: 4 of 5


@given(st.integers(min_value=0, max_value=100_000))
def test_two_thirds_needed_is_the_smallest_that_meets(convened):
    needed = two_thirds_needed(convened)
    assert two_thirds_met(needed, convened)
    assert needed == 0 or not two_thirds_met(needed - 1, convened)


def test_support_worked_examples():
    assert support_needed(48) == 15  # 14.4 is 30% of 48; 15 is more
    assert support_needed(50) == 16  # exactly 30% (15) is not more than 30%
    assert support_needed(10) == 4


@given(st.integers(min_value=0, max_value=100_000))
def test_support_needed_is_the_smallest_above_thirty_percent(attending):
    needed = support_needed(attending)
    assert 10 * needed > 3 * attending
    assert 10 * (needed - 1) <= 3 * attending
