"""The lifecycle of a congress as a state machine (Charter 11; Reg. 190): prepared → convened → in
session → closed, with what each step needs. The Django services describe a congress as
`CongressFacts` (read under lock) and ask `refusal(action, facts)`; pages list `next_steps(facts)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .errors import ProcedureError, Refusal


class CongressStage(StrEnum):
    PREPARED = "draft"
    CONVENED = "convened"
    IN_SESSION = "open"
    CLOSED = "closed"


class CongressAction(StrEnum):
    BUILD_LIST = "build_list"
    EDIT_LIST = "edit_list"
    CONVENE = "convene"
    CHECK_IN = "check_in"
    OPEN_SESSION = "open_session"
    PREPARE_VOTE = "prepare_vote"
    HOLD_VOTE = "hold_vote"  # open a show of hands, record it, close it
    PREPARE_ELECTION = "prepare_election"  # create it, enter the convening committee's list
    RUN_ELECTION = "run_election"  # every decision and count of an election
    CLOSE = "close"
    DELETE = "delete"
    ARCHIVE = "archive"


S = CongressStage
A = CongressAction

# action -> (stages it may happen in, the stage it leads to or None to stay)
TRANSITIONS: dict[CongressAction, tuple[frozenset[CongressStage], CongressStage | None]] = {
    A.BUILD_LIST: (frozenset({S.PREPARED}), None),
    A.EDIT_LIST: (frozenset({S.PREPARED, S.CONVENED}), None),
    A.CONVENE: (frozenset({S.PREPARED}), S.CONVENED),
    A.CHECK_IN: (frozenset({S.CONVENED, S.IN_SESSION}), None),
    A.OPEN_SESSION: (frozenset({S.CONVENED}), S.IN_SESSION),
    A.PREPARE_VOTE: (frozenset({S.CONVENED, S.IN_SESSION}), None),
    A.HOLD_VOTE: (frozenset({S.IN_SESSION}), None),
    A.PREPARE_ELECTION: (frozenset({S.CONVENED, S.IN_SESSION}), None),
    A.RUN_ELECTION: (frozenset({S.IN_SESSION}), None),
    A.CLOSE: (frozenset({S.IN_SESSION}), S.CLOSED),
    A.DELETE: (frozenset({S.PREPARED, S.CONVENED}), None),
    A.ARCHIVE: (frozenset({S.PREPARED, S.CONVENED, S.CLOSED}), None),
}

# The order pages offer the steps in.
STEP_ORDER: tuple[CongressAction, ...] = (
    A.BUILD_LIST,
    A.CONVENE,
    A.CHECK_IN,
    A.OPEN_SESSION,
    A.PREPARE_VOTE,
    A.PREPARE_ELECTION,
    A.CLOSE,
    A.DELETE,
    A.ARCHIVE,
)


@dataclass(frozen=True)
class CongressFacts:
    """What the rules need to know about a congress, read in one transaction."""

    stage: CongressStage
    archived: bool = False
    listed: int = 0  # people convened on the list
    quorum_met: bool = False
    present: int = 0
    convened: int = 0
    needed: int = 0
    votes_open: tuple[str, ...] = ()  # titles of show-of-hands votes in progress
    votes_not_held: tuple[str, ...] = ()  # prepared, never opened
    elections_unfinished: tuple[str, ...] = ()  # titles of elections not yet announced
    has_records: bool = False  # a check-in, a vote held, a round, a comment: it can no longer be deleted


def refusal(action: CongressAction, facts: CongressFacts) -> Refusal | None:
    """None when `action` may happen now, else why not (the first reason)."""
    if facts.archived:
        return Refusal("congress_is_archived")
    if action is A.DELETE and facts.has_records:  # the telling reason, whatever the stage
        return Refusal("congress_has_records")
    stages, _target = TRANSITIONS[action]
    if facts.stage not in stages:
        return Refusal("congress_wrong_stage", {"action": action.value, "stage": facts.stage.value})
    if action is A.CONVENE and facts.listed == 0:
        return Refusal("congress_list_empty")
    if action is A.OPEN_SESSION and not facts.quorum_met:
        return Refusal(
            "congress_no_quorum",
            {"present": facts.present, "convened": facts.convened, "needed": facts.needed},
        )
    if action is A.CLOSE:
        if facts.votes_open:
            return Refusal("congress_vote_in_progress", {"titles": "; ".join(facts.votes_open)})
        if facts.elections_unfinished:
            return Refusal("congress_elections_unfinished", {"titles": "; ".join(facts.elections_unfinished)})
        if facts.votes_not_held:
            return Refusal("congress_votes_not_held", {"titles": "; ".join(facts.votes_not_held)})
    return None


def require(action: CongressAction, facts: CongressFacts) -> None:
    found = refusal(action, facts)
    if found is not None:
        raise ProcedureError.of(found)


def after(action: CongressAction, stage: CongressStage) -> CongressStage:
    """The stage `action` leads to from `stage` (the caller has checked that it is allowed)."""
    target = TRANSITIONS[action][1]
    return stage if target is None else target


def next_steps(facts: CongressFacts) -> list[tuple[CongressAction, Refusal | None]]:
    """The steps that belong to this stage, each allowed (None) or refused with its reason."""
    if facts.archived:
        return []
    return [(a, refusal(a, facts)) for a in STEP_ORDER if facts.stage in TRANSITIONS[a][0]]
