"""Winner determination of one round: every branch of the spec's §6.4 pseudo-code, and §6.5."""

from __future__ import annotations

from daihoi.core.election import RevoteGroup, decide


def test_fewer_eligible_than_seats_elects_them_all_and_reports_the_shortfall():
    d = decide([30, 20, 10], [True, True, False], seats=3)
    assert d.officials == (0, 1)
    assert d.short_seats == 1
    assert d.revotes == ()


def test_more_eligible_than_seats_without_tie_takes_the_top():
    d = decide([30, 40, 35, 26], [True] * 4, seats=2)
    assert d.officials == (1, 2)
    assert d.short_seats == 0
    assert d.revotes == ()


def test_tie_at_cutoff_that_exactly_fills_the_seats_elects_sure_plus_tied():
    d = decide([40, 30, 30, 26], [True] * 4, seats=3)
    assert d.officials == (0, 1, 2)
    assert d.revotes == ()


def test_tie_at_cutoff_beyond_the_seats_goes_to_a_revote_among_the_tied_only():
    d = decide([40, 30, 30, 30, 26], [True] * 5, seats=2)
    assert d.officials == (0,)
    assert d.revotes == (RevoteGroup((1, 2, 3), seats=1, alternates=0),)
    assert d.short_seats == 0


def test_a_tie_among_candidates_below_the_threshold_is_no_revote():
    d = decide([40, 20, 20], [True, False, False], seats=2)
    assert d.officials == (0,)
    assert d.revotes == ()
    assert d.short_seats == 1


def test_no_threshold_revote_round_ranks_everybody():
    d = decide([3, 5, 0], [True] * 3, seats=1)
    assert d.officials == (1,)


def test_delegates_officials_then_alternates_by_votes():
    d = decide([50, 45, 40, 35, 30, 10], [True] * 5 + [False], seats=2, alternates=2)
    assert d.officials == (0, 1)
    assert d.alternates == (2, 3)
    assert d.short_seats == d.short_alternates == 0


def test_tie_at_the_official_alternate_boundary_is_a_revote_for_both_roles():
    d = decide([50, 40, 40, 30, 20], [True] * 5, seats=2, alternates=2)
    assert d.officials == (0,)
    assert d.revotes == (RevoteGroup((1, 2), seats=1, alternates=1),)
    assert d.alternates == (3,)


def test_tie_straddling_both_boundaries():
    d = decide([50, 40, 40, 40, 40], [True] * 5, seats=2, alternates=1)
    assert d.officials == (0,)
    assert d.revotes == (RevoteGroup((1, 2, 3, 4), seats=1, alternates=1),)


def test_tie_at_the_alternates_cutoff():
    d = decide([50, 40, 30, 30, 30], [True] * 5, seats=2, alternates=2)
    assert d.officials == (0, 1)
    assert d.alternates == ()
    assert d.revotes == (RevoteGroup((2, 3, 4), seats=0, alternates=2),)


def test_alternates_shortfall_when_too_few_pass():
    d = decide([50, 40, 30, 10], [True, True, True, False], seats=2, alternates=2)
    assert d.officials == (0, 1)
    assert d.alternates == (2,)
    assert (d.short_seats, d.short_alternates) == (0, 1)


def test_officials_shortfall_leaves_every_alternate_short():
    d = decide([50, 10], [True, False], seats=2, alternates=1)
    assert (d.short_seats, d.short_alternates) == (1, 1)
