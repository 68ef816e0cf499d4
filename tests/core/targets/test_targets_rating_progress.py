from __future__ import annotations

from decimal import Decimal

import pytest

from daihoi.core.targets import progress, rating
from daihoi.core.targets.progress import Goal, meets, term_status, year_status


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (100, "excellent"),
        (90, "excellent"),
        (Decimal("89.9"), "good"),
        (70, "good"),
        (69, "completed"),
        (50, "completed"),
        (Decimal("49.5"), "not_completed"),
        (0, "not_completed"),
    ],
)
def test_score_bands(score, level):
    assert rating.FOUR_LEVELS.band_for(Decimal(score)) == level


def test_level_may_be_lower_than_its_band_never_higher():
    rating.check_level_against_score(rating.FOUR_LEVELS, "good", Decimal(95))  # conditions unmet: fine
    with pytest.raises(rating.RatingError) as err:
        rating.check_level_against_score(rating.FOUR_LEVELS, "excellent", Decimal(85))
    assert err.value.code == "level_above_score"
    assert err.value.params["band"] == "good"


def test_score_out_of_range_and_unknown_level_have_codes():
    with pytest.raises(rating.RatingError) as err:
        rating.FOUR_LEVELS.band_for(Decimal(101))
    assert err.value.code == "score_out_of_range"
    with pytest.raises(rating.RatingError) as err:
        rating.FOUR_LEVELS.rank("clean_strong")
    assert err.value.code == "unknown_level"


@pytest.mark.parametrize(
    ("good", "rounding", "limit"),
    [
        (10, "floor", 2),
        (7, "floor", 1),
        (7, "half_up", 1),
        (8, "half_up", 2),
        (7, "ceil", 2),
        (4, "floor", 0),
    ],
)
def test_quota_limit_rounding_is_a_setting(good, rounding, limit):
    assert rating.quota_limit(good, Decimal("0.20"), rounding) == limit


def test_quota_check_twenty_and_twenty_five_percent():
    levels = ["excellent"] * 3 + ["good"] * 12 + ["completed"] * 2
    normal = rating.check_quota(levels)
    assert (normal.excellent, normal.good, normal.limit, normal.ok, normal.over_by) == (3, 12, 2, False, 1)
    by_exception = rating.check_quota(levels, exception=True)
    assert (by_exception.limit, by_exception.ok) == (3, True)


def test_scheme_is_versioned_by_year():
    assert rating.scheme_for_year(2017).version == "legacy2017"
    assert rating.scheme_for_year(2020).version == "qd366"
    assert rating.get_scheme("qd366") is rating.FOUR_LEVELS
    with pytest.raises(rating.RatingError):
        rating.get_scheme("qd1")


def test_share_at_least():
    levels = ["excellent", "good", "good", "completed"]
    assert rating.share_at_least(levels, "good") == Decimal(75)
    assert rating.share_at_least(levels, "completed") == Decimal(100)
    assert rating.share_at_least([], "good") is None


def test_meets_numbers_and_levels():
    assert meets(Decimal(90), ">=", Decimal(90))
    assert not meets(Decimal(90), ">", Decimal(90))
    assert meets("excellent", ">=", "good")
    assert not meets("completed", ">=", "good")
    assert meets("strong", ">=", "strong")
    assert meets("clean_strong_exemplary", ">=", "clean_strong")
    with pytest.raises(TypeError):
        meets(Decimal(1), ">=", "good")


def test_year_status():
    goal = Goal(">=", Decimal(90), "%", "annual")
    assert year_status(goal, Decimal(92), closed=True) == progress.MET
    assert year_status(goal, Decimal(85), closed=True) == progress.MISSED
    assert year_status(goal, Decimal(85), closed=False) == progress.AT_RISK
    assert year_status(goal, None, closed=True) == progress.NO_DATA


def test_term_count_forecast_and_status():
    goal = Goal(">=", Decimal(5), "count", "term")
    years = progress.term_years(2020, 2025)
    assert years == [2020, 2021, 2022, 2023, 2024]
    # two closed years with one admission each: 1/year × 5 years = 5 forecast -> on track
    mid = term_status(goal, {2020: Decimal(1), 2021: Decimal(1)}, years, current_year=2022)
    assert (mid.cumulative, mid.forecast, mid.status) == (Decimal(2), Decimal(5), progress.ON_TRACK)
    slow = term_status(goal, {2020: Decimal(0), 2021: Decimal(1), 2022: Decimal(0)}, years, current_year=2023)
    assert slow.status == progress.AT_RISK
    assert slow.forecast == Decimal(1) / 3 * 5
    done = term_status(goal, {2020: Decimal(3), 2021: Decimal(2)}, years, current_year=2022)
    assert done.status == progress.MET
    over = term_status(goal, {y: Decimal(0) for y in years}, years, current_year=2025)
    assert over.status == progress.MISSED
    assert term_status(goal, {}, years, 2022).status == progress.NO_DATA


def test_relative_goal_uses_the_base():
    goal = Goal(">=", Decimal(110), "%", "term", base_value=Decimal(10))
    assert goal.threshold == Decimal(11)
    assert term_status(goal, {2020: Decimal(11)}, [2020, 2021], current_year=2021).status == progress.MET
