"""Ranges, the trajectory of a term target of a locality figure, and level targets (pure core)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.core.targets import progress, rating
from daihoi.core.targets.progress import Goal, trajectory, trajectory_status, year_status
from daihoi.core.targets.ranges import is_range, pair_ranges

D = Decimal
YEARS = progress.term_years(2025, 2030)  # 2025 … 2029


def row(comparator, value, *, quote="tăng bình quân hằng năm 10-12%", **kw):
    base = {
        "indicator": "other",
        "scope": "locality",
        "comparator": comparator,
        "value": value,
        "unit": "%",
        "period": "annual",
        "quote": quote,
    }
    return {**base, **kw}


# ------------------------------------------------------------------------------------------ ranges
def test_a_range_is_a_lower_then_an_upper_bound_of_one_quote():
    assert pair_ranges([row(">=", 10), row("<=", 12)]) == [(0, 1)]
    assert pair_ranges([row(">", "0,5"), row("<", "0,8")]) == [(0, 1)]
    assert pair_ranges([row(">=", 12), row("<=", 12)]) == [(0, 1)]  # low == high is allowed


@pytest.mark.parametrize(
    ("lower", "upper"),
    [
        (row("<=", 10), row(">=", 12)),  # upper first
        (row(">=", 10), row(">=", 12)),  # two lower bounds
        (row("=", 10), row("<=", 12)),
        (row(">=", 10), row("<=", 12, quote="another clause")),
        (row(">=", 10, quote=""), row("<=", 12, quote="")),  # no quote: nothing says they are one
        (row(">=", 10), row("<=", 12, indicator="admissions")),
        (row(">=", 10), row("<=", 12, scope="members")),
        (row(">=", 10), row("<=", 12, unit="‰")),
        (row(">=", 10), row("<=", 12, period="term")),
        (row(">=", 12), row("<=", 10)),  # low > high
        (row(">=", "good", unit="level"), row("<=", "good", unit="level")),
        (row(">=", "nhiều"), row("<=", 12)),
    ],
)
def test_not_a_range(lower, upper):
    assert not is_range(lower, upper)
    assert pair_ranges([lower, upper]) == []


def test_only_adjacent_rows_pair_and_each_row_once():
    a, b = row(">=", 10), row("<=", 12)
    other = row(">=", 5, quote="x")
    assert pair_ranges([a, other, b]) == []
    assert pair_ranges([other, a, b, a, b]) == [(1, 2), (3, 4)]
    # ">=10, <=12, <=12": the second upper bound has no lower bound left
    assert pair_ranges([a, b, b]) == [(0, 1)]


_comparators = st.sampled_from([">=", ">", "<=", "<", "="])
_rows = st.lists(
    st.fixed_dictionaries(
        {
            "indicator": st.sampled_from(["other", "admissions"]),
            "scope": st.just("locality"),
            "comparator": _comparators,
            "value": st.integers(0, 20),
            "unit": st.just("%"),
            "period": st.just("annual"),
            "quote": st.sampled_from(["a", "b"]),
        }
    ),
    max_size=12,
)


@given(_rows)
def test_pairs_are_disjoint_adjacent_and_well_formed(rows):
    pairs = pair_ranges(rows)
    used = [i for pair in pairs for i in pair]
    assert len(used) == len(set(used))
    for lo, hi in pairs:
        assert hi == lo + 1
        assert rows[lo]["comparator"] in (">=", ">")
        assert rows[hi]["comparator"] in ("<=", "<")
        assert rows[lo]["value"] <= rows[hi]["value"]


RANGE = Goal(">=", D(10), "%", "annual", upper_comparator="<=", upper_value=D(12))


@pytest.mark.parametrize(
    ("actual", "closed", "status"),
    [
        (D(10), True, progress.MET),
        (D(12), True, progress.MET),
        (D("11.5"), False, progress.MET),
        (D("9.9"), True, progress.MISSED),
        (D("12.1"), True, progress.MISSED),  # above the range is outside it too
        (D("12.1"), False, progress.AT_RISK),
        (None, True, progress.NO_DATA),
    ],
)
def test_a_range_is_met_inside_both_bounds(actual, closed, status):
    assert year_status(RANGE, actual, closed) == status


def test_strict_bounds_of_a_range():
    goal = Goal(">", D("0.5"), "%", "annual", upper_comparator="<", upper_value=D("0.8"))
    assert [goal.satisfied(D(v)) for v in ("0.5", "0.6", "0.8")] == [False, True, False]


# ------------------------------------------------------------------------------------ trajectory
INCOME = Goal(">=", D("86.4"), "VND", "term")  # millions, for readability
POVERTY = Goal("<=", D("0.23"), "%", "term")


def test_the_line_runs_from_the_start_to_the_target_at_the_last_year():
    line = trajectory(2025, D("60"), 2029, D("86.4"))
    assert [y for y, _v in line] == YEARS
    assert line[0][1] == D(60)
    assert line[-1][1] == D("86.4")
    assert line[2][1] == D("73.2")  # half way
    assert trajectory(2029, D(1), 2029, D(5)) == [(2029, D(5))]


@pytest.mark.parametrize(
    ("yearly", "current_year", "cells", "status"),
    [
        ({}, 2026, {}, progress.NO_DATA),  # no figure, no verdict
        ({2025: D(60)}, 2026, {2025: progress.ON_TRACK}, progress.ON_TRACK),  # the start is on the line
        ({2025: D(60), 2026: D(70)}, 2027, {2026: progress.ON_TRACK}, progress.ON_TRACK),  # 70 ≥ 66.6
        ({2025: D(60), 2026: D(65)}, 2027, {2026: progress.AT_RISK}, progress.AT_RISK),  # 65 < 66.6
        ({2025: D(60), 2027: D(90)}, 2028, {2027: progress.MET}, progress.MET),
        ({2025: D(60), 2029: D(80)}, 2029, {2029: progress.AT_RISK}, progress.AT_RISK),  # year running
        ({2025: D(60), 2029: D(80)}, 2030, {2029: progress.MISSED}, progress.MISSED),  # term over
        ({2025: D(60), 2027: D(75)}, 2031, {2027: progress.ON_TRACK}, progress.MISSED),  # no later figure
        ({2025: D(60), 2029: D("86.4")}, 2030, {2029: progress.MET}, progress.MET),
    ],
)
def test_trajectory_upwards(yearly, current_year, cells, status):
    result = trajectory_status(INCOME, yearly, YEARS, current_year)
    assert result.status == status
    for year, cell in cells.items():
        assert result.cells[year] == cell
    assert all(result.cells[y] == progress.NO_DATA for y in YEARS if y not in yearly)


@pytest.mark.parametrize(
    ("yearly", "current_year", "status_2027"),
    [
        ({2025: D("2.23"), 2027: D("1.2")}, 2028, progress.ON_TRACK),  # line at 1.23: 1.2 is below, ahead
        ({2025: D("2.23"), 2027: D("1.5")}, 2028, progress.AT_RISK),  # behind (above the line)
        ({2025: D("2.23"), 2027: D("0.2")}, 2028, progress.MET),
    ],
)
def test_trajectory_downwards(yearly, current_year, status_2027):
    result = trajectory_status(POVERTY, yearly, YEARS, current_year)
    assert dict(result.line)[2027] == D("1.23")
    assert result.cells[2027] == status_2027


def test_the_base_figure_starts_the_line_at_the_first_year():
    result = trajectory_status(INCOME, {2027: D(70)}, YEARS, 2028, base=D(60))
    assert result.line[0] == (2025, D(60))
    assert result.cells[2027] == progress.AT_RISK  # the line is at 60 + 26.4 / 2 = 73.2 in 2027
    assert result.cells[2025] == progress.NO_DATA  # the base figure is not a figure of the term


def test_the_base_figure_line_values():
    result = trajectory_status(INCOME, {2027: D(74)}, YEARS, 2028, base=D(60))
    assert dict(result.line)[2027] == D("73.2")
    assert result.cells[2027] == progress.ON_TRACK
    behind = trajectory_status(INCOME, {2027: D(72)}, YEARS, 2028, base=D(60))
    assert behind.cells[2027] == progress.AT_RISK


def test_the_line_may_end_at_the_year_the_resolution_names():
    result = trajectory_status(INCOME, {2025: D(60), 2029: D(80)}, YEARS, 2030, end_year=2030)
    assert result.line[-1] == (2030, D("86.4"))
    assert dict(result.line)[2029] == D("81.12")
    assert result.cells[2029] == progress.MISSED  # the term is over short of the target
    assert result.status == progress.MISSED


def test_a_range_to_reach_by_the_term_end():
    goal = Goal(">=", D(80), "%", "term", upper_comparator="<=", upper_value=D(82))
    result = trajectory_status(goal, {2025: D(70), 2029: D(81)}, YEARS, 2030)
    assert result.status == progress.MET
    assert trajectory_status(goal, {2025: D(70), 2029: D(85)}, YEARS, 2030).status == progress.MISSED


_figures = st.dictionaries(
    st.sampled_from(YEARS), st.decimals(min_value=0, max_value=200, places=1), max_size=5
)


@given(_figures, st.integers(2024, 2031), st.sampled_from([">=", "<="]))
def test_trajectory_invariants(yearly, current_year, comparator):
    goal = Goal(comparator, D(100), "%", "term")
    result = trajectory_status(goal, yearly, YEARS, current_year)
    if not yearly:
        assert result.status == progress.NO_DATA
        assert result.line == []
        return
    # no figure, no verdict; a figure always has one
    assert all((result.cells[y] == progress.NO_DATA) == (y not in yearly) for y in YEARS)
    # met exactly when the figure reaches the target
    assert all((result.cells[y] == progress.MET) == goal.satisfied(v) for y, v in yearly.items())
    # the line ends at the target; the status is the latest figure's, missed once over and short
    assert result.line[-1] == (2029, D(100))
    latest = yearly[max(yearly)]
    if goal.satisfied(latest):
        assert result.status == progress.MET
    elif current_year > 2029:
        assert result.status == progress.MISSED
    else:
        assert result.status in (progress.ON_TRACK, progress.AT_RISK)


# ------------------------------------------------------------------------------------------ levels
@pytest.mark.parametrize(
    ("target", "actual", "met"),
    [
        (rating.ADVANCED_NEW_RURAL, rating.MODEL_NEW_RURAL, True),
        (rating.ADVANCED_NEW_RURAL, rating.ADVANCED_NEW_RURAL, True),
        (rating.ADVANCED_NEW_RURAL, rating.NEW_RURAL, False),
        (rating.STRONG, rating.FAIR, False),
        (rating.GOOD, rating.EXCELLENT, True),
    ],
)
def test_levels_in_their_own_scheme(target, actual, met):
    scheme = rating.scheme_for_level(target)
    assert scheme is not None
    goal = Goal(">=", target, "level", "annual", scheme=scheme.version)
    assert goal.satisfied(actual) is met
    assert year_status(goal, actual, True) == (progress.MET if met else progress.MISSED)
    assert year_status(goal, None, True) == progress.NO_DATA


def test_a_level_of_another_scheme_does_not_compare():
    goal = Goal(">=", rating.ADVANCED_NEW_RURAL, "level", "term", scheme="new_rural")
    with pytest.raises(rating.RatingError):
        goal.satisfied(rating.GOOD)


def test_scheme_for_level():
    assert rating.scheme_for_level("good") is rating.FOUR_LEVELS
    assert rating.scheme_for_level("strong") is rating.MASS
    assert rating.scheme_for_level("new_rural") is rating.NEW_RURAL_SCHEME
    assert rating.scheme_for_level("clean_strong") is rating.LEGACY
    assert rating.scheme_for_level("nonsense") is None
