"""daihoi.core.procedure: every figure's bound trips exactly at the bound; the machines' tables."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.core.election import BallotCounter, ElectionInputError
from daihoi.core.procedure import figures
from daihoi.core.procedure.congress import CongressAction, CongressFacts, CongressStage, next_steps, refusal
from daihoi.core.procedure.election import ElectionAction, ElectionFacts, ElectionStage
from daihoi.core.procedure.election import refusal as election_refusal


@given(present=st.integers(0, 500), issued=st.integers(0, 600), returned=st.integers(0, 600))
def test_ballot_counts_bound(present, issued, returned):
    found = figures.ballot_counts(issued, returned, present)
    assert (found is None) == (issued <= present and returned <= issued)
    if found is not None:
        assert found.code == "figure_over_bound"
        assert found.params["field"] == ("issued" if issued > present else "returned")


@pytest.mark.parametrize(
    ("check", "ok", "over"),
    [
        (lambda v: figures.support(v, 48), 48, 49),
        (lambda v: figures.opinion_votes(v, 48), 48, 49),
        (lambda v: figures.open_vote_counts(v, 0, 0, 48), 48, 49),
        (lambda v: figures.open_vote_counts(40, 8, v - 48, 48), 48, 49),
    ],
)
def test_each_bound_trips_exactly_above_it(check, ok, over):
    assert check(ok) is None
    found = check(over)
    assert found is not None
    assert found.code == "figure_over_bound"
    assert found.params["value"] == over
    assert found.params["bound"] == 48
    assert check(-1).code == "figure_negative"


def test_hand_totals_bounds():
    base = {"invalid": {"too_many": 1}, "returned": 48, "places": 8}
    assert figures.hand_totals(valid=47, votes={"1. An": 47}, **base) is None
    assert figures.hand_totals(valid=47, votes={"1. An": 48}, **base).code == "figure_over_bound"
    assert figures.hand_totals(valid=46, votes={}, **base).code == "totals_mismatch"
    at_bound = {f"{i}. X": 47 for i in range(8)}  # 8 names × 47 valid ballots: exactly full
    assert figures.hand_totals(valid=47, votes=at_bound, **base) is None
    over = {**at_bound, "9. Y": 1}
    found = figures.hand_totals(valid=47, votes=over, **base)
    assert found.code == "votes_over_places"
    assert found.params["total"] == 8 * 47 + 1


def test_congress_close_refused_while_anything_is_unfinished():
    open_ = CongressFacts(stage=CongressStage.IN_SESSION, listed=1, quorum_met=True)
    assert refusal(CongressAction.CLOSE, open_) is None
    for blocker, code in (
        ({"votes_open": ("A",)}, "congress_vote_in_progress"),
        ({"elections_unfinished": ("BCH",)}, "congress_elections_unfinished"),
        ({"votes_not_held": ("B",)}, "congress_votes_not_held"),
    ):
        facts = CongressFacts(stage=CongressStage.IN_SESSION, **blocker)
        assert refusal(CongressAction.CLOSE, facts).code == code
    closed = CongressFacts(stage=CongressStage.CLOSED)
    assert next_steps(closed) == [(CongressAction.ARCHIVE, refusal(CongressAction.ARCHIVE, closed))]
    assert refusal(CongressAction.HOLD_VOTE, closed).code == "congress_wrong_stage"


def test_election_steps_need_the_session_except_the_superiors_approval():
    for stage in (CongressStage.CONVENED, CongressStage.CLOSED):
        counted = ElectionFacts(stage=ElectionStage.COUNTED, congress=stage)
        assert election_refusal(ElectionAction.ANNOUNCE, counted).code == "election_congress_stage"
        published = ElectionFacts(stage=ElectionStage.PUBLISHED, congress=stage)
        assert election_refusal(ElectionAction.SUPERIOR_APPROVE, published) is None


def test_counter_from_totals():
    from daihoi.core.election import Candidate, CongressFigures, CongressKind, ElectionInput, ElectionKind

    e = ElectionInput(
        kind=ElectionKind.EXECUTIVE_COMMITTEE,
        congress=CongressFigures(kind=CongressKind.MEMBERS, convened=10, present=10),
        seats=1,
        candidates=[Candidate(id="a", name="Nguyễn Văn An"), Candidate(id="b", name="Lê Thị Bình")],
        ballots_issued=10,
        ballots_returned=10,
    )
    counter = BallotCounter.from_totals(e, votes={"a": 7, "b": 2}, valid=9, invalid={"too_many": 1})
    assert [int(v) for v in counter.votes] == [7, 2]
    assert (counter.valid, counter.invalid, counter.counted) == (9, 1, 10)
    with pytest.raises(ElectionInputError) as err:
        BallotCounter.from_totals(e, votes={"z": 1}, valid=9, invalid={})
    assert err.value.code == "unknown_candidate"
    with pytest.raises(ElectionInputError) as err:
        BallotCounter.from_totals(e, votes={}, valid=9, invalid={"nonsense": 1})
    assert err.value.code == "unknown_reason"


def test_a_vote_is_prepared_only_for_a_subject_awaiting_it():
    from daihoi.core.procedure.votes import VoteKind, subject_refusal

    pending = ElectionStage.PENDING
    assert (
        subject_refusal(VoteKind.NEXT_ROUND, election_stage=pending, has_subject=True, next_kind="next_round")
        is None
    )
    found = subject_refusal(VoteKind.NEXT_ROUND, election_stage=pending, has_subject=True, next_kind="revote",
                            subject_name="BCH")  # fmt: skip
    assert (found.code, found.params) == ("no_further_round", {"value": "BCH"})
    listing = ElectionStage.LIST
    assert (
        subject_refusal(
            VoteKind.WITHDRAWAL, election_stage=listing, has_subject=True, withdrawal_pending=True
        )
        is None
    )
    found = subject_refusal(VoteKind.WITHDRAWAL, election_stage=listing, has_subject=True, subject_name="An")
    assert (found.code, found.params) == ("no_withdrawal_request", {"name": "An"})
    assert (
        subject_refusal(VoteKind.BALLOT_LIST, election_stage=None, has_subject=False).code
        == "vote_subject_required"
    )
