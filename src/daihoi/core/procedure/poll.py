"""Electronic polls (bỏ phiếu điện tử) as a state machine: a poll of a round's secret ballot is opened by
the presidium for an approved list, takes ballots from phones (and records paper ballots issued at the
desk, for a hybrid poll), and is closed by the presidium; a closed poll never reopens.

Who may cast, and when: a delegate checked in as present, with a vote, bound to a phone, once per poll,
on one channel (phone or paper), while the poll is open and before its deadline. Each check answers None
(allowed) or a `Refusal`; the Django layer reads the facts under lock and translates the codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .congress import CongressStage
from .errors import ProcedureError, Refusal


class BallotForm(StrEnum):
    """How the congress's election rules say its secret ballots are cast (a per-congress choice)."""

    PAPER = "paper"
    ELECTRONIC = "electronic"  # on phones over the hall's LAN; paper for delegates without a device
    # As ELECTRONIC, but phones encrypt each ballot under the counting committee's joint key, and the count
    # is published with proofs (docs/verifiable-voting.md).
    VERIFIABLE = "verifiable"


def on_phones(form: BallotForm) -> bool:
    """Secret ballots of this congress may be cast on phones (encrypted or not)."""
    return form in (BallotForm.ELECTRONIC, BallotForm.VERIFIABLE)


class PollStage(StrEnum):
    NONE = "none"  # no poll for this round (yet)
    OPEN = "open"
    CLOSED = "closed"


class PollAction(StrEnum):
    OPEN = "open"
    EXTEND = "extend"  # set a new deadline while open
    CAST = "cast"  # a ballot from a bound phone
    ISSUE_PAPER = "issue_paper"  # the desk hands a paper ballot to a delegate (hybrid poll)
    CLOSE = "close"
    DECRYPT = "decrypt"  # a trustee's decryption share of a closed verifiable poll's tally


class Channel(StrEnum):
    ELECTRONIC = "electronic"
    PAPER = "paper"


@dataclass(frozen=True)
class PollFacts:
    """A poll as stored, read in one transaction."""

    stage: PollStage
    congress: CongressStage
    form: BallotForm  # the congress's choice
    list_approved: bool  # the round's election is at "list approved" (the ballot fixed, not yet counted)
    counts_entered: bool = False  # the committee recorded paper counts for the round: too late to open
    deadline_passed: bool = False
    key_ready: bool = False  # a verifiable congress: its key ceremony is complete
    verifiable: bool = False  # the poll takes encrypted ballots (fixed when it opens)
    decrypted: bool = False  # a verifiable poll's tally is decrypted (k shares combined)


@dataclass(frozen=True)
class VoterFacts:
    """One delegate before the poll: may they take a ballot now?"""

    present: bool
    has_vote: bool
    voted: Channel | None = None  # a ballot already taken in this poll, and on which channel
    bound: bool = True  # a phone bound to the delegate (casting only)


def poll_refusal(action: PollAction, poll: PollFacts) -> Refusal | None:
    """None when `action` may happen to the poll now, else the first reason why not."""
    if action is PollAction.OPEN:
        if not on_phones(poll.form):
            return Refusal("poll_paper_congress")
        if poll.form is BallotForm.VERIFIABLE and not poll.key_ready:
            return Refusal("poll_no_election_key")
        if poll.congress is not CongressStage.IN_SESSION:
            return Refusal("congress_poll_stage", {"stage": poll.congress.value})
        if poll.stage is not PollStage.NONE:
            return Refusal("poll_exists")
        if not poll.list_approved or poll.counts_entered:
            return Refusal("poll_list_not_approved")
        return None
    if poll.stage is PollStage.NONE:
        return Refusal("poll_not_opened")
    if action is PollAction.DECRYPT:
        if not poll.verifiable:
            return Refusal("poll_not_verifiable")
        if poll.stage is not PollStage.CLOSED:
            return Refusal("poll_still_open_to_decrypt")
        if poll.decrypted:
            return Refusal("poll_decrypted")
        return None
    if poll.stage is PollStage.CLOSED:
        return Refusal("poll_closed")
    if poll.congress is not CongressStage.IN_SESSION:
        return Refusal("congress_poll_stage", {"stage": poll.congress.value})
    if action in (PollAction.CAST, PollAction.ISSUE_PAPER) and poll.deadline_passed:
        return Refusal("poll_time_up")
    return None


def voter_refusal(action: PollAction, poll: PollFacts, voter: VoterFacts) -> Refusal | None:
    """May this delegate take a ballot (`CAST` on a phone, `ISSUE_PAPER` at the desk) now?"""
    found = poll_refusal(action, poll)
    if found is not None:
        return found
    if not voter.present:
        return Refusal("voter_not_present")
    if not voter.has_vote:
        return Refusal("voter_without_vote")
    if voter.voted is Channel.ELECTRONIC:
        return Refusal("voted_electronically")
    if voter.voted is Channel.PAPER:
        return Refusal("voted_on_paper")
    if action is PollAction.CAST and not voter.bound:
        return Refusal("device_not_bound")
    return None


def awaiting_decryption(poll: PollFacts, *, electronic_ballots: int) -> bool:
    """A closed verifiable poll whose phones' ballots are not yet decrypted: the round cannot be counted."""
    return (
        poll.verifiable and poll.stage is PollStage.CLOSED and not poll.decrypted and electronic_ballots > 0
    )


def require(action: PollAction, poll: PollFacts, voter: VoterFacts | None = None) -> None:
    found = poll_refusal(action, poll) if voter is None else voter_refusal(action, poll, voter)
    if found is not None:
        raise ProcedureError.of(found)


def after(action: PollAction, stage: PollStage) -> PollStage:
    if action is PollAction.OPEN:
        return PollStage.OPEN
    if action is PollAction.CLOSE:
        return PollStage.CLOSED
    return stage
