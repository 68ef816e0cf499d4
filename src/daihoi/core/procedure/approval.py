"""The superior committee's approval (chuẩn y, Reg. 190 Art. 2) of a congress's results, as a state machine.

The lower organization submits its result dossier; the superior's users approve it (with the number and
date of their decision) or return it with a reason. An approved result is final. A returned one is
submitted again only after it was corrected (the dossier differs from the one returned), and only through
the congress's procedure: nothing else changes a closed congress. The Django layer describes one congress
as `ApprovalFacts` (read under lock) and asks `refusal(action, facts)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .errors import ProcedureError, Refusal


class ApprovalStage(StrEnum):
    NOT_SUBMITTED = "not_submitted"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


class ApprovalAction(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"


S = ApprovalStage
A = ApprovalAction

# action -> (stages it may happen in, the stage it leads to)
TRANSITIONS: dict[ApprovalAction, tuple[frozenset[ApprovalStage], ApprovalStage]] = {
    A.SUBMIT: (frozenset({S.NOT_SUBMITTED, S.RETURNED}), S.SUBMITTED),
    A.APPROVE: (frozenset({S.SUBMITTED}), S.APPROVED),
    A.RETURN: (frozenset({S.SUBMITTED}), S.RETURNED),
}


@dataclass(frozen=True)
class ApprovalFacts:
    """What the rules need to know, read in one transaction.

    `congress_closed`: the congress's stage is closed (its results are final at its level);
    `has_superior`: the organization's superior committee is an organization in daihoi;
    `elections_unpublished`: titles of the congress's elections not yet announced;
    `elections_to_approve`: how many announced elections await the superior's approval;
    `dossier_unchanged`: the dossier that would be submitted is byte for byte the one last returned;
    `decision_number` / `decision_dated` / `reason`: what the superior typed (approve / return);
    `decision_before_submission`: the decision's date is before the dossier was submitted.
    """

    stage: ApprovalStage
    congress_closed: bool = False
    has_superior: bool = True
    elections_unpublished: tuple[str, ...] = ()
    elections_to_approve: int = 0
    dossier_unchanged: bool = False
    decision_number: str = ""
    decision_dated: bool = False
    decision_before_submission: bool = False
    reason: str = ""


def refusal(action: ApprovalAction, facts: ApprovalFacts) -> Refusal | None:
    """None when `action` may happen now, else why not (the first reason)."""
    stages, _target = TRANSITIONS[action]
    if facts.stage not in stages:
        return Refusal("approval_wrong_stage", {"action": action.value, "stage": facts.stage.value})
    if action is A.SUBMIT:
        if not facts.has_superior:
            return Refusal("approval_no_superior")
        if not facts.congress_closed:
            return Refusal("approval_congress_not_closed")
        if facts.elections_unpublished:
            return Refusal(
                "approval_elections_unpublished", {"titles": "; ".join(facts.elections_unpublished)}
            )
        if facts.elections_to_approve == 0:
            return Refusal("approval_nothing_to_approve")
        if facts.stage is S.RETURNED and facts.dossier_unchanged:
            return Refusal("approval_not_corrected")
    if action is A.APPROVE:
        if not facts.decision_number.strip():
            return Refusal("approval_decision_number_required")
        if not facts.decision_dated:
            return Refusal("approval_decision_date_required")
        if facts.decision_before_submission:
            return Refusal("approval_decision_before_submission")
    if action is A.RETURN and not facts.reason.strip():
        return Refusal("approval_reason_required")
    return None


def require(action: ApprovalAction, facts: ApprovalFacts) -> None:
    found = refusal(action, facts)
    if found is not None:
        raise ProcedureError.of(found)


def after(action: ApprovalAction) -> ApprovalStage:
    """The stage `action` leads to (the caller has checked that it is allowed)."""
    return TRANSITIONS[action][1]


def next_steps(facts: ApprovalFacts) -> list[tuple[ApprovalAction, Refusal | None]]:
    """The approval steps that belong to this stage, each allowed (None) or refused with its reason."""
    return [(a, refusal(a, facts)) for a in ApprovalAction if facts.stage in TRANSITIONS[a][0]]
