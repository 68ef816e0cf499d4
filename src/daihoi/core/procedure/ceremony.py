"""The key ceremony of a verifiable congress (docs/verifiable-voting.md §2) as a state machine.

The counting committee's members who hold key shares (trustees) each create their share on their own
device: first a communication key (KEYS), then a deal of encrypted shares to every other trustee
(DEALING), then a confirmation that every share they received checks out (CONFIRMING). When all `n` have
confirmed, the election key exists (COMPLETE). A complaint (a share that does not check) cancels the
ceremony; it is run again. A key that a poll used is final: that ceremony can no longer be cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .congress import CongressStage
from .errors import ProcedureError, Refusal
from .poll import BallotForm

# Fewer than two would let one person open the sealed box alone, which the paper procedure never allows.
MIN_THRESHOLD = 2
MAX_TRUSTEES = 15


class CeremonyStage(StrEnum):
    KEYS = "keys"  # collecting the trustees' communication keys
    DEALING = "dealing"  # collecting the deals (encrypted shares to each trustee)
    CONFIRMING = "confirming"  # each trustee checks what it received and confirms
    COMPLETE = "complete"
    CANCELLED = "cancelled"


class CeremonyAction(StrEnum):
    START = "start"
    JOIN = "join"  # a trustee posts its communication key
    DEAL = "deal"
    CONFIRM = "confirm"
    COMPLAIN = "complain"  # a share did not check: the ceremony is cancelled
    CANCEL = "cancel"


# The step a trustee takes in each stage.
STEP = {
    CeremonyStage.KEYS: CeremonyAction.JOIN,
    CeremonyStage.DEALING: CeremonyAction.DEAL,
    CeremonyStage.CONFIRMING: CeremonyAction.CONFIRM,
}


@dataclass(frozen=True)
class CeremonyFacts:
    """A congress's ceremony as stored (stage None: none active), read in one transaction."""

    stage: CeremonyStage | None
    congress: CongressStage
    form: BallotForm
    key_used: bool = False  # a poll of the congress was opened with this ceremony's key
    archived: bool = False


@dataclass(frozen=True)
class TrusteeFacts:
    joined: bool = False
    dealt: bool = False
    confirmed: bool = False


def size_refusal(trustees: int, threshold: int) -> Refusal | None:
    """The committee's numbers: MIN_THRESHOLD <= k <= n <= MAX_TRUSTEES."""
    if not 1 <= trustees <= MAX_TRUSTEES:
        return Refusal("ceremony_trustees", {"value": trustees, "maximum": MAX_TRUSTEES})
    if not MIN_THRESHOLD <= threshold <= trustees:
        return Refusal(
            "ceremony_threshold", {"value": threshold, "minimum": MIN_THRESHOLD, "trustees": trustees}
        )
    return None


def ceremony_refusal(action: CeremonyAction, facts: CeremonyFacts) -> Refusal | None:
    """None when `action` may happen to the congress's ceremony now, else the first reason why not."""
    if facts.archived:
        return Refusal("congress_is_archived")
    if facts.form is not BallotForm.VERIFIABLE:
        return Refusal("ceremony_not_verifiable")
    if facts.congress is CongressStage.CLOSED:
        return Refusal("ceremony_congress_closed")
    if action is CeremonyAction.START:
        if facts.stage is not None and facts.stage is not CeremonyStage.CANCELLED:
            return Refusal("ceremony_exists")
        return None
    if facts.stage is None or facts.stage is CeremonyStage.CANCELLED:
        return Refusal("ceremony_none")
    if action is CeremonyAction.CANCEL:
        if facts.key_used:
            return Refusal("ceremony_key_in_use")
        return None
    if action is CeremonyAction.COMPLAIN:
        if facts.stage is not CeremonyStage.CONFIRMING:
            return Refusal("ceremony_wrong_stage", {"stage": facts.stage.value})
        return None
    if facts.stage is CeremonyStage.COMPLETE:
        return Refusal("ceremony_complete")
    if STEP.get(facts.stage) is not action:
        return Refusal("ceremony_wrong_stage", {"stage": facts.stage.value})
    return None


def trustee_refusal(action: CeremonyAction, facts: CeremonyFacts, trustee: TrusteeFacts) -> Refusal | None:
    """May this trustee take `action` now (JOIN, DEAL, CONFIRM, COMPLAIN)?"""
    found = ceremony_refusal(action, facts)
    if found is not None:
        return found
    done = {
        CeremonyAction.JOIN: trustee.joined,
        CeremonyAction.DEAL: trustee.dealt,
        CeremonyAction.CONFIRM: trustee.confirmed,
        CeremonyAction.COMPLAIN: trustee.confirmed,
    }
    if done.get(action, False):
        return Refusal("ceremony_step_done", {"step": action.value})
    return None


def stage_after(stage: CeremonyStage, *, trustees: int, done: int) -> CeremonyStage:
    """The stage once `done` of `trustees` have taken the current stage's step."""
    if done < trustees:
        return stage
    following = {
        CeremonyStage.KEYS: CeremonyStage.DEALING,
        CeremonyStage.DEALING: CeremonyStage.CONFIRMING,
        CeremonyStage.CONFIRMING: CeremonyStage.COMPLETE,
    }
    return following.get(stage, stage)


def require(action: CeremonyAction, facts: CeremonyFacts, trustee: TrusteeFacts | None = None) -> None:
    found = ceremony_refusal(action, facts) if trustee is None else trustee_refusal(action, facts, trustee)
    if found is not None:
        raise ProcedureError.of(found)
