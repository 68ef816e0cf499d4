"""Consistency checks (spec §6.6), quorum and surplus warnings: they name the figure, never block."""

from __future__ import annotations

import dataclasses

import pytest

from daihoi.core.election import PARTY, ElectionKind, load_profile, tally
from daihoi.core.election.checks import max_surplus

from .election_helpers import election, kept, members


def _codes(result):
    return {w.code: w.params for w in result.warnings}


def test_clean_count_has_no_warning():
    result = tally(election(n=5, seats=4, ballots=[kept(0, 1)] * 5, congress=members(5)))
    assert result.warnings == ()


def test_returned_above_issued():
    e = election(n=3, seats=2, ballots=[kept(0, 1)] * 5, congress=members(6, 4), ballots_issued=4)
    codes = _codes(tally(e))
    assert "issued_exceeds_present" not in codes
    assert codes["returned_exceeds_issued"] == {"returned": 5, "issued": 4}


def test_issued_exceeds_present_names_both_figures():
    e = election(n=3, seats=2, ballots=[kept(0, 1)] * 5, congress=members(6, 4), ballots_issued=5)
    assert _codes(tally(e))["issued_exceeds_present"] == {"issued": 5, "present": 4}


def test_valid_plus_invalid_must_equal_returned():
    e = election(
        n=3, seats=2, ballots=[kept(0, 1)] * 5, congress=members(6), ballots_returned=6, ballots_issued=6
    )
    assert _codes(tally(e))["valid_plus_invalid_differs_from_returned"] == {
        "valid": 5,
        "invalid": 0,
        "returned": 6,
    }


def test_votes_above_valid_and_total_above_limit_after_an_override():
    # The committee rules an over-full ballot valid: the checks flag the impossible totals.
    ballots = [kept(0, 1, 2, valid=True, reason="ruled valid")]
    codes = _codes(tally(election(n=4, seats=2, ballots=ballots, congress=members(1))))
    assert codes["total_votes_exceed_limit"] == {"total": 3, "valid": 1, "limit": 2}


def test_quorum_warning():
    codes = _codes(tally(election(n=3, seats=2, ballots=[kept(0, 1)] * 3, congress=members(6, 3))))
    assert codes["quorum_not_met"] == {"present": 3, "convened": 6}


def test_surplus_limit_thirty_percent_floor_and_small_bodies():
    assert max_surplus(8, PARTY) == 2  # floor(2.4)
    assert max_surplus(35, PARTY) == 10  # floor(10.5)
    assert max_surplus(35, load_profile({"surplus_rounding": "half_up"})) == 11
    assert max_surplus(5, PARTY) == 1
    assert max_surplus(3, PARTY) == 1
    e = election(n=11, seats=8, ballots=[kept(0)], congress=members(1))
    assert _codes(tally(e))["surplus_above_limit"] == {"surplus": 3, "limit": 2, "seats": 8}
    assert "surplus_above_limit" not in _codes(tally(dataclasses.replace(e, candidates=e.candidates[:10])))


def test_branch_committee_above_seven_seats_warns():
    e = election(n=9, seats=8, kind=ElectionKind.BRANCH_COMMITTEE, ballots=[kept(0)], congress=members(1))
    assert _codes(tally(e))["seats_above_maximum"] == {"seats": 8, "maximum": 7}


# Each consistency check trips one above its bound and not at it (a loosened or disabled check fails).
def _count_codes(
    present=48, convened=50, issued=48, returned=48, valid=47, invalid=1, votes=(47, 46), limit=2
):
    from daihoi.core.election import CongressFigures, CongressKind
    from daihoi.core.election.checks import CountFigures, count_warnings

    congress = CongressFigures(kind=CongressKind.MEMBERS, convened=convened, present=present)
    figures = CountFigures(
        issued, returned, valid, invalid, list(votes), [str(i) for i in range(len(votes))], limit
    )
    return {n.code for n in count_warnings(congress, figures)}


@pytest.mark.parametrize(
    ("at_bound", "over", "code"),
    [
        ({"present": 50, "issued": 48}, {"present": 51, "issued": 48}, "present_exceeds_convened"),
        ({"issued": 48}, {"issued": 49, "returned": 48}, "issued_exceeds_present"),
        ({"returned": 48}, {"issued": 47, "returned": 48, "present": 48}, "returned_exceeds_issued"),
        ({"votes": (47, 46)}, {"votes": (48, 46)}, "votes_exceed_valid"),
        ({"votes": (47, 47)}, {"votes": (47, 47, 1)}, "total_votes_exceed_limit"),
        (
            {"valid": 47, "invalid": 1},
            {"valid": 47, "invalid": 2, "votes": (47, 46)},
            "valid_plus_invalid_differs_from_returned",
        ),
    ],
)
def test_each_count_check_trips_exactly_above_its_bound(at_bound, over, code):
    assert code not in _count_codes(**at_bound)
    assert code in _count_codes(**over)
