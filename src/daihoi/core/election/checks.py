"""Consistency checks of the counting figures (spec §6.6) and of the ballot list (§5, §3).

A failed check never stops the count: it becomes a warning naming the figure, for the committee.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

from .base import CongressFigures, quorum_met
from .kinds import KIND_RULES, ElectionKind
from .profile import RuleProfile


@dataclass(frozen=True)
class Notice:
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CountFigures:
    issued: int
    returned: int
    valid: int
    invalid: int
    votes: Sequence[int]  # per candidate
    candidate_ids: Sequence[str]
    vote_limit: int  # names a valid ballot may keep


def count_warnings(congress: CongressFigures, figures: CountFigures) -> list[Notice]:
    out: list[Notice] = []
    if congress.present > congress.convened:
        out.append(
            Notice("present_exceeds_convened", {"present": congress.present, "convened": congress.convened})
        )
    if figures.issued > congress.present:
        out.append(Notice("issued_exceeds_present", {"issued": figures.issued, "present": congress.present}))
    if figures.returned > figures.issued:
        out.append(
            Notice("returned_exceeds_issued", {"returned": figures.returned, "issued": figures.issued})
        )
    if figures.valid + figures.invalid != figures.returned:
        params = {"valid": figures.valid, "invalid": figures.invalid, "returned": figures.returned}
        out.append(Notice("valid_plus_invalid_differs_from_returned", params))
    for cid, votes in zip(figures.candidate_ids, figures.votes, strict=True):
        if votes > figures.valid:
            out.append(
                Notice("votes_exceed_valid", {"candidate": cid, "votes": votes, "valid": figures.valid})
            )
    total = sum(figures.votes)
    if total > figures.valid * figures.vote_limit:
        params = {"total": total, "valid": figures.valid, "limit": figures.vote_limit}
        out.append(Notice("total_votes_exceed_limit", params))
    return out


def max_surplus(seats: int, profile: RuleProfile) -> int:
    """Reg. 190 Art. 14: at most 30% of the seats (rounding UNCONFIRMED); 3-5 seats: at most 1."""
    if 3 <= seats <= 5:
        return profile.small_body_max_surplus
    exact = Decimal(seats * profile.surplus_max_percent) / 100
    rounding = ROUND_HALF_UP if profile.surplus_rounding == "half_up" else ROUND_FLOOR
    return int(exact.quantize(Decimal(1), rounding=rounding))


def list_warnings(
    kind: ElectionKind,
    congress: CongressFigures,
    seats: int,
    alternates: int,
    n_candidates: int,
    profile: RuleProfile,
    revote: bool,
) -> list[Notice]:
    out: list[Notice] = []
    met, used = quorum_met(congress, profile)
    if not met:
        out.append(Notice("quorum_not_met", {"present": congress.present, "convened": used}))
    rules = KIND_RULES[kind]
    if rules.max_seats is not None and seats > rules.max_seats:
        out.append(Notice("seats_above_maximum", {"seats": seats, "maximum": rules.max_seats}))
    places = seats + alternates
    surplus = n_candidates - places
    committee = kind not in (ElectionKind.OPINION_BALLOT, ElectionKind.DELEGATES)
    if not revote and committee and surplus > max_surplus(places, profile):
        limit = max_surplus(places, profile)
        out.append(Notice("surplus_above_limit", {"surplus": surplus, "limit": limit, "seats": places}))
    return out
