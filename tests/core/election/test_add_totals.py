"""BallotCounter.add_totals: ballots known only by their figures (a verifiable poll's decrypted tally)
count exactly as the same ballots added one by one, and figures no real ballots can have are refused."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from daihoi.core.election import (
    BallotCounter,
    Candidate,
    CongressFigures,
    CongressKind,
    ElectionInput,
    ElectionInputError,
    ElectionKind,
)
from daihoi.core.election import result as engine_result
from daihoi.core.election.validity import REASONS, VALID

NAMES = ["Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]


def _input(seats: int = 3) -> ElectionInput:
    return ElectionInput(
        kind=ElectionKind.EXECUTIVE_COMMITTEE,
        congress=CongressFigures(kind=CongressKind.MEMBERS, convened=60, present=60),
        seats=seats,
        candidates=[Candidate(id=str(i), name=n) for i, n in enumerate(NAMES)],
        ballots_issued=60,
        ballots_returned=None,
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, 1), min_size=5, max_size=5), min_size=0, max_size=60))
def test_totals_count_as_the_ballots_themselves(rows):
    """Add the ballots to one counter; add their figures (as a decryption gives them) to another."""
    e = _input()
    by_ballot = BallotCounter(e)
    if rows:
        by_ballot.add(np.array(rows, dtype=np.uint8), 0, None)
    by_totals = BallotCounter(e)
    invalid = {str(r): int(by_ballot.codes[i + 1]) for i, r in enumerate(REASONS) if by_ballot.codes[i + 1]}
    by_totals.add_totals([int(v) for v in by_ballot.votes], by_ballot.valid, invalid)
    assert list(by_totals.votes) == list(by_ballot.votes)
    assert list(by_totals.codes) == list(by_ballot.codes)
    assert by_totals.counted == by_ballot.counted == len(rows)
    assert engine_result(e, by_totals) == engine_result(e, by_ballot)


def test_totals_add_to_ballots_already_counted():
    """A hybrid round: paper ballots added one by one, then the phones' figures."""
    e = _input()
    counter = BallotCounter(e)
    counter.add(np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]], dtype=np.uint8), 0, None)  # valid, too many
    counter.add_totals([4, 3, 0, 2, 0], valid=4, invalid={"too_many": 1, "all_struck": 2})
    assert [int(v) for v in counter.votes] == [5, 4, 1, 2, 0]
    assert (counter.valid, counter.invalid, counter.counted) == (5, 4, 9)
    assert counter.codes[VALID] == 5


@pytest.mark.parametrize(
    ("votes", "valid", "invalid", "code"),
    [
        ([1, 1, 1, 1], 3, {}, "wrong_count"),
        ([1, 1, 1, 1, -1], 3, {}, "negative"),
        ([1, 1, 1, 1, 1], -1, {}, "negative"),
        ([1, 1, 1, 1, 1], 3, {"too_many": -2}, "negative"),
        ([1, 1, 1, 1, 1], 3, {"nonsense": 1}, "unknown_reason"),
        ([4, 0, 0, 0, 0], 3, {}, "votes_above_valid"),  # more votes for one name than valid ballots
        ([3, 3, 3, 1, 0], 3, {}, "votes_above_limit"),  # 10 votes on 3 ballots of 3 names each
    ],
)
def test_figures_no_ballots_can_have_are_refused(votes, valid, invalid, code):
    counter = BallotCounter(_input())
    with pytest.raises(ElectionInputError) as err:
        counter.add_totals(votes, valid, invalid)
    assert err.value.code == code
    assert counter.counted == 0
    assert int(counter.votes.sum()) == 0
