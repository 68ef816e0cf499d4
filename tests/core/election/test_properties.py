"""Invariants of the count, checked by hypothesis on random elections."""

from __future__ import annotations

import dataclasses
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from daihoi.core.election import Ballot, ElectionKind, RoundInfo, tally

from .election_helpers import election, members


@st.composite
def elections(draw, kind=ElectionKind.EXECUTIVE_COMMITTEE):
    n = draw(st.integers(2, 7))
    alternates = draw(st.integers(0, min(2, n - 2))) if kind is ElectionKind.DELEGATES else 0
    seats = draw(st.integers(1, max(1, n - 1 - alternates)))
    ballots = draw(st.lists(st.sets(st.integers(0, n - 1), max_size=n), min_size=1, max_size=40))
    extra = draw(st.integers(0, 10))
    e = election(
        n=n, seats=seats, alternates=alternates, kind=kind,
        ballots=[Ballot(kept=[f"c{i}" for i in sorted(b)]) for b in ballots],
        congress=members(len(ballots) + extra, len(ballots)),
    )  # fmt: skip
    return dataclasses.replace(e, round=RoundInfo(revote=draw(st.booleans())))


def _votes(result):
    return {c.id: c.votes for c in result.candidates}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections(), st.randoms(use_true_random=False))
def test_ballot_order_never_changes_the_result(e, rnd: random.Random):
    shuffled = list(e.ballots)
    rnd.shuffle(shuffled)
    assert tally(dataclasses.replace(e, ballots=shuffled)).to_dict() == tally(e).to_dict()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections())
def test_elected_at_most_seats_and_pass_the_threshold_unless_revote(e):
    result = tally(e)
    assert len(result.elected) <= e.seats
    votes = _votes(result)
    if not e.round.revote:
        assert all(2 * votes[c] > result.base for c in result.elected)
    placed = len(result.elected) + sum(r.seats for r in result.next_rounds if r.kind == "revote")
    shortfall = result.shortfall.seats if result.shortfall else 0
    assert placed + shortfall == e.seats  # the round says exactly how the seats will be filled


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections(ElectionKind.DELEGATES))
def test_delegates_officials_before_alternates(e):
    result = tally(e)
    votes = _votes(result)
    assert len(result.elected) <= e.seats
    assert len(result.alternates) <= e.alternates
    assert not set(result.elected) & set(result.alternates)
    if result.elected and result.alternates:
        assert min(votes[c] for c in result.elected) > max(votes[c] for c in result.alternates)
    if not e.round.revote:
        assert all(2 * votes[c] > result.base for c in result.alternates)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections(), st.data())
def test_adding_a_vote_for_an_elected_candidate_never_unelects_them(e, data):
    result = tally(e)
    if not result.elected:
        return
    winner = data.draw(st.sampled_from(result.elected))
    more = dataclasses.replace(e, ballots=[*e.ballots, Ballot(kept=[winner])])
    assert winner in tally(more).elected
    # or flip a struck name into a kept one on a ballot that stays within the seats
    for i, b in enumerate(e.ballots):
        if b.kept is not None and winner not in b.kept and 0 < len(b.kept) < e.seats:
            flipped = list(e.ballots)
            flipped[i] = Ballot(kept=[*b.kept, winner])
            assert winner in tally(dataclasses.replace(e, ballots=flipped)).elected
            break


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections())
def test_valid_plus_invalid_equals_returned_and_votes_are_consistent(e):
    result = tally(e)
    assert result.valid + result.invalid == result.returned == len(e.ballots)
    assert sum(result.invalid_reasons.values()) == result.invalid
    assert all(c.votes <= result.valid for c in result.candidates)
    assert sum(c.votes for c in result.candidates) <= result.valid * e.seats
    assert not {w.code for w in result.warnings} & {"votes_exceed_valid", "total_votes_exceed_limit"}


@st.composite
def marks_elections(draw):
    """Lists without surplus (2-5 names for as many seats) and one-person lists, with agree/disagree marks."""
    n = draw(st.integers(1, 5))
    mark = st.sampled_from(["agree", "disagree", "both", "none"])
    ballots = draw(st.lists(st.fixed_dictionaries({}, optional={f"c{i}": mark for i in range(n)}), min_size=1,
                            max_size=30))  # fmt: skip
    kind = ElectionKind.SECRETARY if n == 1 else ElectionKind.EXECUTIVE_COMMITTEE
    return election(n=n, seats=n, kind=kind, ballots=[Ballot(marks=b) for b in ballots],
                    congress=members(len(ballots)))  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(marks_elections(), st.randoms(use_true_random=False))
def test_marks_ballots_count_agree_only_and_order_does_not_matter(e, rnd: random.Random):
    result = tally(e)
    assert result.valid + result.invalid == len(e.ballots)
    single = len(e.candidates) == 1
    expected_invalid = (
        sum(1 for b in e.ballots if b.marks.get("c0", "none") in ("both", "none")) if single else 0
    )
    assert result.invalid == expected_invalid
    for c in result.candidates:
        agree = sum(1 for b in e.ballots if b.marks.get(c.id) == "agree")
        assert c.votes == agree  # invalid one-person ballots never carry an agree
    shuffled = list(e.ballots)
    rnd.shuffle(shuffled)
    assert tally(dataclasses.replace(e, ballots=shuffled)).to_dict() == result.to_dict()
