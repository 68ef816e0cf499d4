"""The lifecycle of an election at the congress (Reg. 190 Art. 2, 8-14, 30-31; spec §5-6) as a state
machine: seats → list → list approved → counting → counted (or a decision pending on a further round)
→ announced → approved by the superior.

Every step that is a decision of the congress names the open vote that makes it (`votes.py` checks the
vote belongs to this subject). The services describe an election as `ElectionFacts`, read under lock,
and ask `refusal(action, facts)`; pages list `next_steps(facts)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from .congress import CongressStage
from .errors import ProcedureError, Refusal


class ElectionStage(StrEnum):
    SEATS = "seats"  # the congress has not yet decided how many to elect
    LIST = "list"  # the ballot list is being drawn up
    LIST_APPROVED = "list_approved"  # a round's ballot is fixed; ballots not yet counted out
    COUNTING = "counting"  # ballots issued and returned are recorded; entry and reconciliation
    PENDING = "pending"  # a round is counted and the rules call for another (revote or further round)
    COUNTED = "counted"  # the result stands, not yet announced
    PUBLISHED = "published"  # announced to the congress
    APPROVED = "approved"  # approved by the superior committee (chuẩn y)


class ElectionAction(StrEnum):
    DECIDE_SEATS = "decide_seats"
    NOMINATE = "nominate"
    CORRECT_NOMINEE = "correct_nominee"  # a clerk's typing mistake, before the list is put to the vote
    REQUEST_WITHDRAWAL = "request_withdrawal"
    DECIDE_WITHDRAWAL = "decide_withdrawal"
    OPINION_BALLOT = "opinion_ballot"
    APPROVE_LIST = "approve_list"
    ADD_TO_ROUND = "add_to_round"  # a further round after a shortfall takes new floor nominees
    SET_COUNTS = "set_counts"  # ballots issued and returned
    ENTER_BALLOTS = "enter_ballots"  # entries, totals, resolutions, counting mode
    CLOSE_ROUND = "close_round"
    START_REVOTE = "start_revote"
    START_NEXT_ROUND = "start_next_round"
    DECLINE_NEXT_ROUND = "decline_next_round"
    ANNOUNCE = "announce"
    SUPERIOR_APPROVE = "superior_approve"
    DELETE = "delete"


S = ElectionStage
A = ElectionAction
C = CongressStage
PREPARING = frozenset({C.CONVENED, C.IN_SESSION})
SESSION = frozenset({C.IN_SESSION})
ANY = frozenset(C)

# action -> (election stages, congress stages, the stage it leads to or None to stay)
TRANSITIONS: dict[
    ElectionAction, tuple[frozenset[ElectionStage], frozenset[CongressStage], ElectionStage | None]
] = {
    A.DECIDE_SEATS: (frozenset({S.SEATS}), SESSION, S.LIST),
    A.NOMINATE: (frozenset({S.LIST}), PREPARING, None),
    A.CORRECT_NOMINEE: (frozenset({S.LIST}), PREPARING, None),
    A.REQUEST_WITHDRAWAL: (frozenset({S.LIST}), SESSION, None),
    A.DECIDE_WITHDRAWAL: (frozenset({S.LIST}), SESSION, None),
    A.OPINION_BALLOT: (frozenset({S.LIST}), SESSION, None),
    A.APPROVE_LIST: (frozenset({S.LIST}), SESSION, S.LIST_APPROVED),
    A.ADD_TO_ROUND: (frozenset({S.LIST_APPROVED}), SESSION, None),
    A.SET_COUNTS: (frozenset({S.LIST_APPROVED, S.COUNTING}), SESSION, S.COUNTING),
    A.ENTER_BALLOTS: (frozenset({S.COUNTING}), SESSION, None),
    A.CLOSE_ROUND: (frozenset({S.COUNTING}), SESSION, None),  # -> COUNTED or PENDING: see after_close
    A.START_REVOTE: (frozenset({S.PENDING}), SESSION, S.LIST_APPROVED),
    A.START_NEXT_ROUND: (frozenset({S.PENDING}), SESSION, S.LIST_APPROVED),
    A.DECLINE_NEXT_ROUND: (frozenset({S.PENDING}), SESSION, S.COUNTED),
    A.ANNOUNCE: (frozenset({S.COUNTED}), SESSION, S.PUBLISHED),
    A.SUPERIOR_APPROVE: (frozenset({S.PUBLISHED}), ANY, S.APPROVED),
    A.DELETE: (frozenset({S.SEATS, S.LIST}), PREPARING, None),
}

STEP_ORDER: tuple[ElectionAction, ...] = tuple(A)

# Stages in which the election is finished as far as the congress is concerned.
FINISHED = frozenset({S.PUBLISHED, S.APPROVED})


@dataclass(frozen=True)
class ElectionFacts:
    """What the rules need to know about an election, read in one transaction."""

    stage: ElectionStage
    congress: CongressStage
    names: int = 0  # names on the list (status proposed)
    over_limit: bool = False  # surplus above the limit: the opinion ballot first
    withdrawals_undecided: tuple[str, ...] = ()  # names whose withdrawal request awaits the congress
    round: int = 0  # the current (last) round's number, 0 before the list is approved
    round_revote: bool = False
    counts_entered: bool = False  # ballots issued and returned recorded for the current round
    entries_started: bool = False  # a ballot or a total is recorded for the current round
    count_complete: bool = False  # every ballot entered and agreed (or resolved), or totals entered
    first_gap: str = ""  # when not complete: the code of what is missing first ...
    gap_params: Mapping[str, int] = field(default_factory=dict)  # ... and its figures
    next_kind: str = ""  # when PENDING: "revote" or "next_round"
    has_rounds: bool = False
    congress_archived: bool = False  # an archived congress is read-only
    poll_open: bool = False  # the round's electronic poll is open: nothing is counted until it closes
    poll_decrypting: bool = False  # its verifiable poll closed, the tally not yet decrypted by k trustees


def refusal(action: ElectionAction, facts: ElectionFacts) -> Refusal | None:
    """None when `action` may happen now, else why not (the first reason)."""
    if facts.congress_archived:
        return Refusal("congress_is_archived")
    if facts.poll_open and action in (A.SET_COUNTS, A.ENTER_BALLOTS, A.CLOSE_ROUND, A.ADD_TO_ROUND):
        return Refusal("poll_still_open", {"number": facts.round})
    if facts.poll_decrypting and action is A.CLOSE_ROUND:
        return Refusal("poll_awaiting_decryption", {"number": facts.round})
    stages, congress_stages, _target = TRANSITIONS[action]
    if action in (A.ENTER_BALLOTS, A.CLOSE_ROUND) and facts.stage is S.LIST_APPROVED:
        return Refusal("counts_required")  # the step that comes first, named
    if facts.stage not in stages:
        return Refusal("election_wrong_stage", {"action": action.value, "stage": facts.stage.value})
    if facts.congress not in congress_stages:
        return Refusal("election_congress_stage", {"action": action.value, "stage": facts.congress.value})
    if action is A.APPROVE_LIST:
        if facts.names == 0:
            return Refusal("list_empty")
        if facts.over_limit:
            return Refusal("list_over_limit")
        if facts.withdrawals_undecided:
            return Refusal("withdrawals_undecided", {"names": ", ".join(facts.withdrawals_undecided)})
    if action is A.ADD_TO_ROUND and (facts.round <= 1 or facts.round_revote or facts.counts_entered):
        return Refusal("round_frozen", {"number": facts.round})
    if action is A.SET_COUNTS and facts.entries_started:
        return Refusal("counts_locked", {"number": facts.round})
    if action is A.CLOSE_ROUND:
        if not facts.counts_entered:
            return Refusal("counts_required")
        if not facts.count_complete:
            return Refusal(facts.first_gap or "count_incomplete", dict(facts.gap_params))
    if action is A.START_REVOTE and facts.next_kind != "revote":
        return Refusal("not_a_revote")
    if action in (A.START_NEXT_ROUND, A.DECLINE_NEXT_ROUND) and facts.next_kind != "next_round":
        return Refusal("not_a_further_round")
    if action is A.DELETE and facts.has_rounds:
        return Refusal("election_has_rounds")
    return None


def require(action: ElectionAction, facts: ElectionFacts) -> None:
    found = refusal(action, facts)
    if found is not None:
        raise ProcedureError.of(found)


def after(action: ElectionAction, stage: ElectionStage) -> ElectionStage:
    target = TRANSITIONS[action][2]
    return stage if target is None else target


def after_close(*, next_kind: str) -> ElectionStage:
    """A counted round ends the counting, or leaves a decision pending (a revote or a further round)."""
    return S.PENDING if next_kind else S.COUNTED


def next_steps(facts: ElectionFacts) -> list[tuple[ElectionAction, Refusal | None]]:
    """The steps that belong to this stage, each allowed (None) or refused with its reason."""
    return [(a, refusal(a, facts)) for a in STEP_ORDER if facts.stage in TRANSITIONS[a][0]]


def finished(stage: ElectionStage) -> bool:
    return stage in FINISHED
