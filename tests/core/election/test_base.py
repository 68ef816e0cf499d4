"""Threshold base D (spec §6.1), the strict majority, and quorum (§3)."""

from __future__ import annotations

import pytest

from daihoi.core.election import (
    PARTY,
    CongressFigures,
    CongressKind,
    ElectionInputError,
    congress_base,
    passes,
)
from daihoi.core.election.base import quorum_met, smallest_passing
from daihoi.core.election.profile import load_profile


def test_spec_example_eleven_members_one_absent_with_reason():
    figures = CongressFigures(
        CongressKind.MEMBERS, convened=11, present=10, exclusions={"absent_with_reason": 1}
    )
    base = congress_base(figures, PARTY)
    assert base.value == 10
    assert base.deductions == {"absent_with_reason": 1}
    assert not passes(5, 10)
    assert passes(6, 10)
    assert smallest_passing(10) == 6


def test_odd_base_threshold_is_strictly_more_than_half():
    assert smallest_passing(49) == 25
    assert not passes(24, 49)
    assert passes(25, 49)


def test_members_congress_deducts_its_four_exclusions():
    figures = CongressFigures(
        CongressKind.MEMBERS, 60, 50,
        {"attached_elsewhere": 2, "exempted_absent": 1, "suspended": 1, "absent_with_reason": 3},
    )  # fmt: skip
    assert congress_base(figures, PARTY).value == 53


def test_delegates_congress_deducts_committee_absent_and_unreplaced_delegates():
    figures = CongressFigures(
        CongressKind.DELEGATES, 120, 110, {"committee_absent": 2, "delegates_absent_unreplaced": 3}
    )
    assert congress_base(figures, PARTY).value == 115


def test_exclusion_of_the_other_congress_kind_is_refused_naming_the_field():
    figures = CongressFigures(CongressKind.DELEGATES, 120, 110, {"attached_elsewhere": 2})
    with pytest.raises(ElectionInputError) as err:
        congress_base(figures, PARTY)
    assert err.value.code == "exclusion_not_applicable"
    assert err.value.field == "congress.exclusions.attached_elsewhere"


def test_committee_meeting_base_is_the_sitting_members_by_default():
    figures = CongressFigures(CongressKind.COMMITTEE, 15, 14, {"absent_with_reason": 1})
    assert congress_base(figures, PARTY).value == 15
    deducting = load_profile({"committee_meeting_deducts_absent_with_reason": True})
    assert congress_base(figures, deducting).value == 14


def test_base_must_be_positive():
    figures = CongressFigures(CongressKind.MEMBERS, 3, 0, {"absent_with_reason": 3})
    with pytest.raises(ElectionInputError) as err:
        congress_base(figures, PARTY)
    assert err.value.code == "base_not_positive"


@pytest.mark.parametrize(("present", "met"), [(32, False), (33, False), (34, True)])
def test_quorum_two_thirds_of_convened(present, met):
    # 3 * 33 = 99 < 100 = 2 * 50; 3 * 34 = 102 >= 100
    figures = CongressFigures(CongressKind.MEMBERS, 50, present, {})
    assert quorum_met(figures, PARTY) == (met, 50)


def test_quorum_deduction_is_a_setting():
    figures = CongressFigures(CongressKind.MEMBERS, 50, 32, {"absent_with_reason": 2})
    assert quorum_met(figures, PARTY) == (False, 50)
    assert quorum_met(figures, load_profile({"quorum_deducts_exclusions": True})) == (True, 48)
