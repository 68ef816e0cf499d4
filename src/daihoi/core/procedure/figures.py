"""Every figure the congress records checked against what it can be (spec §4-6).

Each check returns the first impossible figure as a `Refusal` naming the field, its value and the bound,
or None. `require(...)` raises it. One rule, one place: the services, the API and the forms call these.
"""

from __future__ import annotations

from collections.abc import Mapping

from .errors import ProcedureError, Refusal


def require(refusal: Refusal | None) -> None:
    if refusal is not None:
        raise ProcedureError.of(refusal)


def _over(field: str, value: int, bound: int, bound_name: str) -> Refusal:
    return Refusal(
        "figure_over_bound", {"field": field, "value": value, "bound": bound, "bound_name": bound_name}
    )


def _negative(field: str, value: int) -> Refusal | None:
    return Refusal("figure_negative", {"field": field, "value": value}) if value < 0 else None


def ballot_counts(issued: int, returned: int, voters_present: int) -> Refusal | None:
    """Ballots issued ≤ voters present; ballots returned ≤ ballots issued."""
    for name, value in (("issued", issued), ("returned", returned)):
        if (r := _negative(name, value)) is not None:
            return r
    if issued > voters_present:
        return _over("issued", issued, voters_present, "voters_present")
    if returned > issued:
        return _over("returned", returned, issued, "issued")
    return None


def support(supporters: int, voters_present: int) -> Refusal | None:
    """The hands raised for a floor or self nomination: at most the voters present."""
    if (r := _negative("support", supporters)) is not None:
        return r
    if supporters > voters_present:
        return _over("support", supporters, voters_present, "voters_present")
    return None


def opinion_votes(votes: int, voters_present: int) -> Refusal | None:
    if (r := _negative("opinion_votes", votes)) is not None:
        return r
    if votes > voters_present:
        return _over("opinion_votes", votes, voters_present, "voters_present")
    return None


def open_vote_counts(agree: int, disagree: int, abstain: int, voters_present: int) -> Refusal | None:
    """A show of hands: each count and their sum at most the voters present."""
    for name, value in (("agree", agree), ("disagree", disagree), ("abstain", abstain)):
        if (r := _negative(name, value)) is not None:
            return r
    total = agree + disagree + abstain
    if total > voters_present:
        return _over("total", total, voters_present, "voters_present")
    return None


def hand_totals(
    *,
    valid: int,
    invalid: Mapping[str, int],
    votes: Mapping[str, int],
    returned: int,
    places: int,
) -> Refusal | None:
    """Hand-count totals: valid + invalid = returned; each name's votes ≤ valid; Σ votes ≤ valid × places.

    `votes` maps each name (as printed: its number and name) to its votes; `places` is how many names a
    valid ballot may keep (seats + alternates).
    """
    if (r := _negative("valid", valid)) is not None:
        return r
    for reason, n in invalid.items():
        if (r := _negative(f"invalid:{reason}", n)) is not None:
            return r
    n_invalid = sum(invalid.values())
    if valid + n_invalid != returned:
        return Refusal("totals_mismatch", {"valid": valid, "invalid": n_invalid, "returned": returned})
    for name, n in votes.items():
        if (r := _negative(f"votes:{name}", n)) is not None:
            return r
        if n > valid:
            return _over(f"votes:{name}", n, valid, "valid")
    total = sum(votes.values())
    if total > valid * places:
        return Refusal("votes_over_places", {"total": total, "valid": valid, "places": places,
                                             "bound": valid * places})  # fmt: skip
    return None
