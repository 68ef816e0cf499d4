"""An open vote decides one thing, once: its kind, its subject, and the decision it may authorize.

A vote is created *for* its subject (an election, a round of it, a candidate's withdrawal, an agenda
item) and can be used only for that subject, only after it closed, only if it passed (except a
withdrawal vote, whose failure applies the opposite of the presidium's proposal), and only once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .election import ElectionStage
from .errors import ProcedureError, Refusal


class VoteKind(StrEnum):
    PRESIDIUM = "presidium"
    SECRETARIAT = "secretariat"
    CREDENTIALS_COMMITTEE = "credentials_committee"
    COUNTING_COMMITTEE = "counting_committee"
    SEATS = "seats"
    BALLOT_LIST = "ballot_list"
    WITHDRAWAL = "withdrawal"
    NEXT_ROUND = "next_round"
    END_ELECTION = "end_election"
    RESOLUTION = "resolution"
    OTHER = "other"


class Subject(StrEnum):
    NONE = "none"
    ELECTION = "election"
    CANDIDATE = "candidate"
    ROUND = "round"  # an election and the round after which the congress decides


SUBJECT: dict[VoteKind, Subject] = {
    VoteKind.SEATS: Subject.ELECTION,
    VoteKind.BALLOT_LIST: Subject.ELECTION,
    VoteKind.WITHDRAWAL: Subject.CANDIDATE,
    VoteKind.NEXT_ROUND: Subject.ROUND,
    VoteKind.END_ELECTION: Subject.ROUND,
}

# The election stage in which a vote on it may be prepared and applied.
STAGE_FOR: dict[VoteKind, ElectionStage] = {
    VoteKind.SEATS: ElectionStage.SEATS,
    VoteKind.BALLOT_LIST: ElectionStage.LIST,
    VoteKind.WITHDRAWAL: ElectionStage.LIST,
    VoteKind.NEXT_ROUND: ElectionStage.PENDING,
    VoteKind.END_ELECTION: ElectionStage.PENDING,
}

# Votes whose failure is itself a decision (the congress refused the presidium's proposal).
FAILURE_DECIDES = frozenset({VoteKind.WITHDRAWAL})


def subject_of(kind: str) -> Subject:
    return SUBJECT.get(VoteKind(kind), Subject.NONE)


@dataclass(frozen=True)
class VoteFacts:
    """A vote as stored: its kind, where it belongs and where it stands."""

    kind: VoteKind
    title: str
    congress: int
    status: str  # draft | open | closed
    passed: bool | None
    used: bool  # a decision was already taken on its strength
    election: int | None = None
    candidate: int | None = None
    round: int | None = None


@dataclass(frozen=True)
class Target:
    """What a decision is about: the vote must be of `kind` and for exactly this subject."""

    kind: VoteKind
    congress: int
    election: int | None = None
    candidate: int | None = None
    round: int | None = None


def subject_refusal(
    kind: VoteKind,
    *,
    election_stage: ElectionStage | None,
    has_subject: bool,
    subject_name: str = "",
    withdrawal_pending: bool = False,
    next_kind: str = "",
) -> Refusal | None:
    """Can a vote of `kind` be prepared for this subject now? A withdrawal vote needs the candidate's
    request still undecided; a vote after a round needs the round to call for a further round."""
    subject = subject_of(kind)
    if subject is Subject.NONE:
        return None
    if not has_subject:
        return Refusal("vote_subject_required", {"kind": kind.value})
    if subject is Subject.CANDIDATE and not withdrawal_pending:
        return Refusal("no_withdrawal_request", {"name": subject_name})
    wanted = STAGE_FOR[kind]
    if election_stage is not wanted:
        return Refusal(
            "vote_subject_stage",
            {"kind": kind.value, "stage": election_stage.value if election_stage else ""},
        )
    if subject is Subject.ROUND and next_kind != "next_round":
        return Refusal("no_further_round", {"value": subject_name})
    return None


def decision_refusal(vote: VoteFacts, target: Target) -> Refusal | None:
    """Can `vote` authorize the decision on `target` now? None when it can."""
    params = {"title": vote.title}
    if vote.kind is not target.kind:
        return Refusal("vote_wrong_kind", {**params, "expected": target.kind.value})
    if vote.congress != target.congress:
        return Refusal("vote_wrong_subject", params)
    subject = subject_of(target.kind)
    if subject in (Subject.ELECTION, Subject.ROUND) and vote.election != target.election:
        return Refusal("vote_wrong_subject", params)
    if subject is Subject.ROUND and vote.round != target.round:
        return Refusal("vote_wrong_subject", params)
    if subject is Subject.CANDIDATE and vote.candidate != target.candidate:
        return Refusal("vote_wrong_subject", params)
    if vote.status != "closed":
        return Refusal("vote_not_closed", params)
    if vote.used:
        return Refusal("vote_used", params)
    if not vote.passed and vote.kind not in FAILURE_DECIDES:
        return Refusal("vote_not_passed", params)
    return None


def require_decision(vote: VoteFacts, target: Target) -> None:
    found = decision_refusal(vote, target)
    if found is not None:
        raise ProcedureError.of(found)
