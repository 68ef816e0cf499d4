"""No figure, no verdict: a target with nothing recorded is NO_DATA, neither met nor at risk (pure core)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.core.targets import progress
from daihoi.core.targets.progress import Goal, count_figure, overall_status, summary_counts, term_status

ADMIT_FIVE = Goal(">=", Decimal(5), "count", "term")
NONE_DISCIPLINED = Goal("<=", Decimal(0), "count", "annual")
YEARS = progress.term_years(2025, 2030)  # 2025 … 2029


@pytest.mark.parametrize(
    ("count", "closed", "complete", "figure"),
    [
        (Decimal(0), False, True, None),  # the running year: nothing recorded yet
        (Decimal(0), True, True, Decimal(0)),  # a closed year with complete records: a real zero
        (Decimal(0), True, False, None),  # a closed year nobody reviewed: still nothing recorded
        (Decimal(2), False, True, Decimal(2)),  # something recorded is a figure at once
        (Decimal(2), True, False, Decimal(2)),
    ],
)
def test_count_figure(count, closed, complete, figure):
    assert count_figure(count, closed=closed, complete=complete) == figure


@pytest.mark.parametrize(
    ("yearly", "current_year", "status"),
    [
        ({}, 2025, progress.NO_DATA),  # day one: nothing recorded
        ({}, 2027, progress.NO_DATA),
        ({2025: Decimal(2)}, 2025, progress.NO_DATA),  # no year closed yet: no forecast, no alarm
        ({2025: Decimal(5)}, 2025, progress.MET),  # reached is reached
        ({2025: Decimal(0)}, 2026, progress.AT_RISK),  # a whole year without an admission
        ({2025: Decimal(1), 2026: Decimal(1)}, 2027, progress.ON_TRACK),
        ({y: Decimal(0) for y in YEARS}, 2030, progress.MISSED),
    ],
)
def test_term_status_table(yearly, current_year, status):
    assert term_status(ADMIT_FIVE, yearly, YEARS, current_year).status == status


def test_before_a_year_closes_there_is_no_forecast():
    result = term_status(ADMIT_FIVE, {2025: Decimal(2)}, YEARS, 2025)
    assert (result.cumulative, result.forecast) == (Decimal(2), None)


@pytest.mark.parametrize(
    ("statuses", "overall"),
    [
        ([], progress.NO_DATA),
        ([progress.NO_DATA] * 5, progress.NO_DATA),
        ([progress.MET, progress.NO_DATA, progress.NO_DATA], progress.MET),
        ([progress.MET, progress.MISSED, progress.NO_DATA], progress.MISSED),
        (["", progress.NO_DATA], progress.NO_DATA),
        # a yearly target missed in one year is missed for the term, whatever came after
        ([progress.MET, progress.MISSED, progress.MET, progress.MET], progress.MISSED),
        ([progress.MISSED, progress.MET, progress.AT_RISK], progress.MISSED),
        ([progress.MET, progress.MET, progress.AT_RISK], progress.AT_RISK),
    ],
)
def test_overall_status_table(statuses, overall):
    assert overall_status(statuses) == overall


statuses = st.lists(st.sampled_from(progress.STATUSES), max_size=12)


@given(statuses)
def test_summary_counts_add_up_and_follow_the_status_order(items):
    counts = summary_counts(items)
    assert list(counts) == list(progress.STATUSES)
    assert sum(counts.values()) == len(items)
    assert all(counts[s] == items.count(s) for s in progress.STATUSES)


@given(st.integers(min_value=2025, max_value=2029), st.booleans())
def test_a_running_year_with_nothing_recorded_is_never_judged(year, discipline):
    """Day one of any year of the term: zero recorded, the year still running -> no verdict at all."""
    figure = count_figure(Decimal(0), closed=False)
    goal = NONE_DISCIPLINED if discipline else Goal(">=", Decimal(1), "count", "annual")
    assert progress.year_status(goal, figure, closed=False) == progress.NO_DATA
    assert term_status(ADMIT_FIVE, {}, YEARS, year).status == progress.NO_DATA


@given(
    st.dictionaries(
        st.sampled_from(YEARS), st.integers(min_value=0, max_value=6).map(Decimal), max_size=len(YEARS)
    ),
    st.integers(min_value=2024, max_value=2031),
)
def test_term_verdicts_need_a_figure_and_at_risk_needs_a_closed_year(yearly, current_year):
    result = term_status(ADMIT_FIVE, yearly, YEARS, current_year)
    if not yearly:
        assert result.status == progress.NO_DATA
    if result.status in (progress.AT_RISK, progress.ON_TRACK):
        assert any(y < current_year for y in YEARS)
        assert result.forecast is not None
    if result.status == progress.MET:
        assert sum(yearly.values(), Decimal(0)) >= 5
