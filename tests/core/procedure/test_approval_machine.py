"""The superior's approval (chuẩn y) as a state machine (daihoi.core.procedure.approval): each rule, then
Hypothesis drives random sequences of submissions, approvals and returns and checks that an approved
result stays final and that a returned dossier comes back only corrected."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from daihoi.core.procedure.approval import (
    ApprovalAction,
    ApprovalFacts,
    ApprovalStage,
    after,
    next_steps,
    refusal,
    require,
)
from daihoi.core.procedure.errors import ProcedureError

A = ApprovalAction
S = ApprovalStage

READY = ApprovalFacts(stage=S.NOT_SUBMITTED, congress_closed=True, elections_to_approve=3)
SUBMITTED = ApprovalFacts(stage=S.SUBMITTED)


def code(action: ApprovalAction, facts: ApprovalFacts) -> str | None:
    found = refusal(action, facts)
    return None if found is None else found.code


def test_a_closed_congress_with_announced_results_may_be_submitted() -> None:
    assert code(A.SUBMIT, READY) is None
    assert after(A.SUBMIT) is S.SUBMITTED


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"has_superior": False}, "approval_no_superior"),
        ({"congress_closed": False}, "approval_congress_not_closed"),
        ({"elections_unpublished": ("Bầu Ban Chấp hành",)}, "approval_elections_unpublished"),
        ({"elections_to_approve": 0}, "approval_nothing_to_approve"),
    ],
)
def test_submission_refusals(change: dict[str, object], expected: str) -> None:
    assert code(A.SUBMIT, dataclasses.replace(READY, **change)) == expected  # type: ignore[arg-type]


def test_unpublished_elections_are_named() -> None:
    facts = dataclasses.replace(READY, elections_unpublished=("Bầu Ban Chấp hành", "Bầu Bí thư"))
    found = refusal(A.SUBMIT, facts)
    assert found is not None
    assert found.params == {"titles": "Bầu Ban Chấp hành; Bầu Bí thư"}


def test_a_returned_dossier_comes_back_only_corrected() -> None:
    returned = dataclasses.replace(READY, stage=S.RETURNED)
    assert code(A.SUBMIT, returned) is None
    assert code(A.SUBMIT, dataclasses.replace(returned, dossier_unchanged=True)) == "approval_not_corrected"
    # The first submission has nothing to compare with.
    assert code(A.SUBMIT, dataclasses.replace(READY, dossier_unchanged=True)) is None


def test_approval_needs_the_decision_number_and_date() -> None:
    assert code(A.APPROVE, SUBMITTED) == "approval_decision_number_required"
    numbered = dataclasses.replace(SUBMITTED, decision_number="  ")
    assert code(A.APPROVE, numbered) == "approval_decision_number_required"
    numbered = dataclasses.replace(SUBMITTED, decision_number="125-QĐ/ĐUK")
    assert code(A.APPROVE, numbered) == "approval_decision_date_required"
    dated = dataclasses.replace(numbered, decision_dated=True)
    assert code(A.APPROVE, dated) is None
    early = dataclasses.replace(dated, decision_before_submission=True)
    assert code(A.APPROVE, early) == "approval_decision_before_submission"
    assert after(A.APPROVE) is S.APPROVED


def test_returning_needs_a_reason() -> None:
    assert code(A.RETURN, SUBMITTED) == "approval_reason_required"
    assert code(A.RETURN, dataclasses.replace(SUBMITTED, reason="\n ")) == "approval_reason_required"
    assert code(A.RETURN, dataclasses.replace(SUBMITTED, reason="Thiếu biên bản kiểm phiếu")) is None
    assert after(A.RETURN) is S.RETURNED


@pytest.mark.parametrize("stage", list(S))
def test_wrong_stage_is_refused_first(stage: ApprovalStage) -> None:
    complete = ApprovalFacts(
        stage=stage,
        congress_closed=True,
        elections_to_approve=1,
        decision_number="1-QĐ/ĐUK",
        decision_dated=True,
        reason="x",
    )
    for action in A:
        allowed = {
            S.NOT_SUBMITTED: {A.SUBMIT},
            S.SUBMITTED: {A.APPROVE, A.RETURN},
            S.RETURNED: {A.SUBMIT},
            S.APPROVED: set(),
        }[stage]
        found = refusal(action, complete)
        if action in allowed:
            assert found is None
        else:
            assert found is not None
            assert found.code == "approval_wrong_stage"
            assert found.params == {"action": action.value, "stage": stage.value}


def test_an_approved_result_is_final() -> None:
    approved = ApprovalFacts(stage=S.APPROVED, congress_closed=True, elections_to_approve=1)
    assert next_steps(approved) == []
    with pytest.raises(ProcedureError) as caught:
        require(A.SUBMIT, approved)
    assert caught.value.code == "approval_wrong_stage"


def test_next_steps_lists_the_stage_s_steps_with_their_refusals() -> None:
    steps = next_steps(SUBMITTED)
    assert [a for a, _r in steps] == [A.APPROVE, A.RETURN]
    assert [r.code for _a, r in steps if r] == [
        "approval_decision_number_required",
        "approval_reason_required",
    ]


class ApprovalRun(RuleBasedStateMachine):
    """A congress's approval driven at random, with the facts a service would read."""

    def __init__(self) -> None:
        super().__init__()
        self.stage = S.NOT_SUBMITTED
        self.dossier = 0  # the dossier's content, as a version number
        self.returned_dossier: int | None = None
        self.approvals = 0

    def facts(self, **kw: object) -> ApprovalFacts:
        return ApprovalFacts(
            stage=self.stage,
            congress_closed=True,
            elections_to_approve=2,
            dossier_unchanged=self.returned_dossier == self.dossier,
            **kw,  # type: ignore[arg-type]
        )

    def act(self, action: ApprovalAction, facts: ApprovalFacts) -> bool:
        if refusal(action, facts) is not None:
            return False
        self.stage = after(action)
        return True

    @rule()
    def correct_the_dossier(self) -> None:
        if self.stage is not S.APPROVED:
            self.dossier += 1

    @rule()
    def submit(self) -> None:
        before = self.stage
        if self.act(A.SUBMIT, self.facts()):
            assert before in (S.NOT_SUBMITTED, S.RETURNED)
            assert before is not S.RETURNED or self.returned_dossier != self.dossier

    @rule(number=st.sampled_from(["", "12-QĐ/ĐUK"]), dated=st.booleans())
    def approve(self, number: str, dated: bool) -> None:
        before = self.stage
        if self.act(A.APPROVE, self.facts(decision_number=number, decision_dated=dated)):
            assert before is S.SUBMITTED
            assert number
            assert dated
            self.approvals += 1

    @rule(reason=st.sampled_from(["", "Thiếu chữ ký"]))
    def give_back(self, reason: str) -> None:
        before = self.stage
        if self.act(A.RETURN, self.facts(reason=reason)):
            assert before is S.SUBMITTED
            assert reason
            self.returned_dossier = self.dossier

    @invariant()
    def approved_at_most_once_and_final(self) -> None:
        assert self.approvals <= 1
        if self.approvals:
            assert self.stage is S.APPROVED


TestApprovalRun = ApprovalRun.TestCase
TestApprovalRun.settings = settings(max_examples=150, stateful_step_count=25, deadline=None)
