"""Worked examples counted end to end with `tally()` (spec §6.2-6.5)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from daihoi.core.election import (
    GENERIC,
    Ballot,
    CongressFigures,
    CongressKind,
    ElectionInputError,
    ElectionKind,
    InvalidReason,
    Ruling,
    load_profile,
    tally,
)

from .election_helpers import election, kept, members, votes_for


def _by_id(result):
    return {c.id: c for c in result.candidates}


def test_spec_example_eleven_members_d10_five_fails_six_passes():
    # 10 present (1 absent with reason), 2 seats, 3 candidates; c0 gets 6 votes, c1 gets 5.
    ballots = votes_for({0: 6, 1: 5, 2: 4}, 10, keep_max=2)
    result = tally(election(n=3, seats=2, ballots=ballots, congress=members(11, 10, absent_with_reason=1)))
    assert result.base == 10
    assert result.threshold == 6
    by_id = _by_id(result)
    assert (by_id["c0"].votes, by_id["c0"].passed, by_id["c0"].elected) == (6, True, True)
    assert (by_id["c1"].votes, by_id["c1"].passed, by_id["c1"].elected) == (5, False, False)
    assert result.status == "shortfall"
    assert result.shortfall is not None
    assert result.shortfall.seats == 1
    assert result.shortfall.candidates == ("c1", "c2")
    assert result.shortfall.threshold is True


def test_percentages_of_base_and_of_valid_two_decimals_half_up():
    ballots = [*votes_for({0: 25, 1: 30}, 47, keep_max=2), kept(0, 1, 2)]  # last one: too many
    e = election(n=3, seats=2, ballots=ballots, congress=members(50, 48, absent_with_reason=2))
    result = tally(e)
    c0 = _by_id(result)["c0"]
    assert result.base == 48
    assert result.valid == 47
    assert c0.percent_of_base == Decimal("52.08")  # 25/48 = 52.0833
    assert c0.percent_of_valid == Decimal("53.19")  # 25/47 = 53.1914


def test_candidates_come_out_in_ballot_order_by_given_name():
    from daihoi.core.election import Candidate

    e = election(n=3, seats=1, ballots=[kept(0)])
    names = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn An"]
    e = type(e)(**{**e.__dict__, "candidates": [Candidate(f"c{i}", n) for i, n in enumerate(names)]})
    assert [c.name for c in tally(e).candidates] == ["Lê Văn An", "Nguyễn Thị An", "Trần Văn Bình"]


def test_identical_full_names_print_the_birth_date():
    from datetime import date

    from daihoi.core.election import Candidate

    cands = [
        Candidate("a", "Nguyễn Văn An", date(1970, 1, 1)),
        Candidate("b", "Nguyễn Văn An", date(1980, 1, 1)),
        Candidate("c", "Lê Thị Hoa"),
    ]
    e = election(n=1, seats=1, ballots=[Ballot(kept=["a"])])
    e = type(e)(**{**e.__dict__, "candidates": cands})
    out = tally(e).candidates
    assert [c.id for c in out] == ["a", "b", "c"]  # same name: older first
    assert [c.show_birth_date for c in out] == [True, True, False]


def test_revote_needed_when_tied_at_the_cutoff():
    ballots = votes_for({0: 9, 1: 9, 2: 7, 3: 7, 4: 7}, 13, keep_max=3)
    result = tally(election(n=5, seats=3, ballots=ballots))
    assert result.threshold == 7
    assert result.status == "revote"
    assert result.elected == ("c0", "c1")
    assert result.revote is not None
    assert (result.revote.candidates, result.revote.seats, result.revote.threshold) == (
        ("c2", "c3", "c4"),
        1,
        False,
    )
    assert result.revote.number == 2


def test_revote_round_is_plurality_without_threshold():
    # Round 2 among three tied for one seat: 4 votes of D = 10 is enough in a revote.
    ballots = [kept(1)] * 4 + [kept(2)] * 3 + [kept(3)] * 3
    e = election(n=4, seats=1, ballots=ballots, congress=members(10), revote=True)
    e = type(e)(**{**e.__dict__, "candidates": e.candidates[1:]})
    result = tally(e)
    assert result.threshold is None
    assert result.elected == ("c1",)
    assert result.status == "complete"
    assert all(c.passed is None for c in result.candidates)


def test_revote_tied_again_asks_for_another_revote():
    ballots = [kept(1)] * 5 + [kept(2)] * 5
    e = election(n=3, seats=1, ballots=ballots, congress=members(10), revote=True)
    e = type(e)(**{**e.__dict__, "candidates": e.candidates[1:]})
    result = tally(e)
    assert result.status == "revote"
    assert result.revote is not None
    assert result.revote.candidates == ("c1", "c2")


def test_delegates_officials_and_alternates_from_one_ballot():
    ballots = votes_for({0: 40, 1: 35, 2: 30, 3: 28, 4: 10}, 50, keep_max=4)
    e = election(
        n=5, seats=2, alternates=2, kind=ElectionKind.DELEGATES, ballots=ballots, congress=members(50)
    )
    result = tally(e)
    assert result.elected == ("c0", "c1")
    assert result.alternates == ("c2", "c3")
    roles = {c.id: c.role for c in result.candidates}
    assert roles == {"c0": "official", "c1": "official", "c2": "alternate", "c3": "alternate", "c4": None}
    assert result.status == "complete"


def test_delegates_tie_at_the_official_alternate_boundary():
    ballots = votes_for({0: 40, 1: 35, 2: 35, 3: 28, 4: 10}, 50, keep_max=4)
    e = election(
        n=5, seats=2, alternates=2, kind=ElectionKind.DELEGATES, ballots=ballots, congress=members(50)
    )
    result = tally(e)
    assert result.status == "revote"
    assert result.elected == ("c0",)
    assert result.alternates == ("c3",)
    revote = result.revote
    assert revote is not None
    assert (revote.candidates, revote.seats, revote.alternates) == (("c1", "c2"), 1, 1)


def test_alternates_only_for_delegates():
    with pytest.raises(ElectionInputError) as err:
        tally(election(n=3, seats=1, alternates=1, ballots=[kept(0)]))
    assert err.value.code == "alternates_not_allowed"


def test_too_many_names_kept_is_invalid_automatically():
    result = tally(election(n=4, seats=2, ballots=[kept(0, 1), kept(0, 1, 2)]))
    assert (result.valid, result.invalid) == (1, 1)
    assert result.invalid_reasons == {InvalidReason.TOO_MANY: 1}
    assert _by_id(result)["c2"].votes == 0


def test_all_struck_is_invalid_by_default_and_valid_when_the_setting_is_off():
    ballots = [kept(0), kept()]
    assert tally(election(n=3, seats=2, ballots=ballots)).invalid_reasons == {InvalidReason.ALL_STRUCK: 1}
    relaxed = tally(
        election(n=3, seats=2, ballots=ballots, profile=load_profile({"all_struck_invalid": False}))
    )
    assert (relaxed.valid, relaxed.invalid) == (2, 0)


def test_no_surplus_list_both_or_neither_gives_no_vote_and_the_ballot_stays_valid():
    ballots = [
        Ballot(marks={"c0": "agree", "c1": "both", "c2": "none"}),
        Ballot(marks={"c0": "agree", "c1": "agree", "c2": "disagree"}),
        Ballot(marks={"c0": "disagree"}),
    ]
    result = tally(election(n=3, seats=3, ballots=ballots))
    assert result.form == "no_surplus"
    assert (result.valid, result.invalid) == (3, 0)
    assert [c.votes for c in result.candidates] == [2, 1, 0]


def test_one_person_list_both_or_neither_is_invalid():
    ballots = [
        Ballot(marks={"c0": "agree"}),
        Ballot(marks={"c0": "both"}),
        Ballot(marks={}),
        Ballot(marks={"c0": "disagree"}),
    ]
    e = election(n=1, seats=1, kind=ElectionKind.SECRETARY, ballots=ballots, congress=members(4))
    result = tally(e)
    assert result.form == "single"
    assert result.invalid_reasons == {InvalidReason.SINGLE_BOTH_OR_NEITHER: 2}
    assert (result.valid, result.candidates[0].votes) == (2, 1)
    # with D = 4, 1 vote fails: a shortfall for the secretary
    assert result.status == "shortfall"


def test_one_person_list_setting_off_keeps_both_or_neither_valid():
    ballots = [Ballot(marks={"c0": "both"}), Ballot(marks={})]
    profile = load_profile({"single_both_or_neither_invalid": False})
    result = tally(election(n=1, seats=1, kind=ElectionKind.SECRETARY, ballots=ballots, profile=profile))
    assert (result.valid, result.invalid) == (2, 0)


def test_marks_on_a_surplus_list_is_refused_naming_the_ballot():
    with pytest.raises(ElectionInputError) as err:
        tally(election(n=3, seats=2, ballots=[kept(0), Ballot(marks={"c0": "agree"})]))
    assert err.value.code == "ballot_form_mismatch"
    assert err.value.field == "ballots[1].marks"


def test_unknown_candidate_in_a_ballot_names_the_ballot_and_position():
    with pytest.raises(ElectionInputError) as err:
        tally(election(n=3, seats=2, ballots=[kept(0), Ballot(kept=["c1", "zz"])]))
    assert err.value.code == "unknown_candidate"
    assert err.value.field == "ballots[1].kept[1]"
    assert err.value.params["value"] == "zz"


def test_committee_flag_not_issued_makes_the_ballot_invalid_without_override():
    result = tally(election(n=3, seats=2, ballots=[kept(0), kept(1, invalid="not_issued")]))
    assert result.invalid_reasons == {InvalidReason.NOT_ISSUED: 1}
    assert result.overrides == ()
    assert _by_id(result)["c1"].votes == 0


def test_committee_override_needs_a_reason_and_is_kept():
    with pytest.raises(ElectionInputError) as err:
        tally(election(n=4, seats=2, ballots=[kept(0, 1, 2, valid=True)]))
    assert err.value.code == "override_without_reason"
    assert err.value.field == "ballots[0].reason"
    result = tally(
        election(n=4, seats=2, ballots=[kept(0, 1, 2, valid=True, reason="third name struck faintly")])
    )
    assert result.valid == 1
    (override,) = result.overrides
    assert (override.index, override.proposed, override.ruled) == (0, InvalidReason.TOO_MANY, None)
    assert override.reason == "third name struck faintly"


def test_committee_can_rule_an_automatically_valid_ballot_invalid_with_reason():
    result = tally(election(n=3, seats=2, ballots=[kept(0, invalid="identifying_mark")]))
    assert result.invalid_reasons == {InvalidReason.IDENTIFYING_MARK: 1}
    assert result.overrides == ()  # a committee-only flag: the ruling matches the proposal


def test_added_name_setting_off_makes_the_committee_ruling_an_override():
    profile = load_profile({"added_name_invalid": False})
    flagged = kept(0, flags=frozenset({"added_name"}))
    assert tally(election(n=3, seats=2, ballots=[flagged], profile=profile)).valid == 1
    with pytest.raises(ElectionInputError) as err:
        tally(election(n=3, seats=2, ballots=[kept(0, invalid="added_name")], profile=profile))
    assert err.value.code == "override_without_reason"


def test_unknown_reason_code_is_refused():
    with pytest.raises(ElectionInputError) as err:
        tally(election(n=3, seats=2, ballots=[Ballot(kept=["c0"], ruling=Ruling(invalid="smudged"))]))
    assert (err.value.code, err.value.field) == ("unknown_reason", "ballots[0].invalid")


def test_generic_profile_measures_the_threshold_on_valid_ballots():
    # 10 convened, only 6 valid ballots: 4 votes pass on valid ballots (4 > 3) but not on D = 10.
    ballots = votes_for({0: 4, 1: 2}, 6, keep_max=1)
    party = tally(election(n=3, seats=1, ballots=ballots, congress=members(10)))
    generic = tally(election(n=3, seats=1, ballots=ballots, congress=members(10), profile=GENERIC))
    assert party.elected == ()
    assert party.status == "shortfall"
    assert generic.elected == ("c0",)
    assert generic.base == 6
    assert generic.threshold == 4
    cast = load_profile({"profile": "generic", "threshold_base": "ballots_cast"})
    with_invalid = [*ballots, kept(0, 1), kept(0, 1)]  # two invalid ballots: cast = 8, 4 votes do not pass
    assert (
        tally(election(n=3, seats=1, ballots=with_invalid, congress=members(10), profile=cast)).elected == ()
    )


def test_opinion_ballot_keeps_the_highest_without_a_majority():
    ballots = votes_for({0: 3, 1: 2, 2: 1}, 10, keep_max=2)
    e = election(n=3, seats=2, kind=ElectionKind.OPINION_BALLOT, ballots=ballots, congress=members(10))
    result = tally(e)
    assert result.threshold is None
    assert result.elected == ("c0", "c1")


def test_secretary_third_failed_round_warns_that_the_superior_appoints():
    from daihoi.core.election import RoundInfo

    e = election(n=1, seats=1, kind=ElectionKind.SECRETARY, ballots=[Ballot(marks={"c0": "disagree"})])
    e3 = type(e)(**{**e.__dict__, "round": RoundInfo(number=3)})
    assert "superior_appoints" not in {w.code for w in tally(e).warnings}
    assert "superior_appoints" in {w.code for w in tally(e3).warnings}


def test_delegates_congress_base():
    congress = CongressFigures(CongressKind.DELEGATES, 100, 95, {"delegates_absent_unreplaced": 3})
    result = tally(election(n=3, seats=1, ballots=[kept(0)] * 60, congress=congress))
    assert (result.base, result.threshold, result.elected) == (97, 49, ("c0",))


def test_delegates_revote_round_settles_official_and_alternate_among_the_tied():
    # Round 2 after a tie at the official/alternate boundary: c1 and c2 for 1 official + 1 alternate.
    # Two names for two places: a list without surplus, agree/disagree per name; the votes set the order.
    agree_1 = Ballot(marks={"c1": "agree", "c2": "disagree"})
    agree_2 = Ballot(marks={"c1": "disagree", "c2": "agree"})
    ballots = [agree_1] * 20 + [agree_2] * 12 + [Ballot(marks={"c1": "agree", "c2": "agree"})] * 3
    kind = ElectionKind.DELEGATES
    e = election(n=3, seats=1, alternates=1, kind=kind, ballots=ballots, congress=members(50), revote=True)
    e = dataclasses.replace(e, candidates=e.candidates[1:])
    result = tally(e)
    assert result.status == "complete"
    assert result.elected == ("c1",)
    assert result.alternates == ("c2",)
    assert result.threshold is None


def test_next_round_after_a_shortfall_applies_the_threshold_again():
    from daihoi.core.election import RoundInfo

    ballots = [kept(1)] * 5 + [kept(2)] * 5  # D = 10: 5 votes fail even in round 2
    e = election(n=3, seats=1, ballots=ballots, congress=members(10))
    e = dataclasses.replace(e, candidates=e.candidates[1:], round=RoundInfo(number=2))
    result = tally(e)
    assert result.threshold == 6
    assert result.status == "shortfall"
    assert result.shortfall is not None
    assert (result.shortfall.number, result.shortfall.seats) == (3, 1)
