"""The key ceremony's state machine (daihoi.core.procedure.ceremony) and the verifiable poll's decryption
stage (daihoi.core.procedure.poll, election): the rules one at a time, then Hypothesis drives random
sequences of trustees' steps, complaints and cancellations and checks that the ceremony only completes
when every trustee has taken every step in order, and that a key a poll used is never cancelled."""

from __future__ import annotations

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from daihoi.core.procedure.ceremony import (
    MAX_TRUSTEES,
    CeremonyAction,
    CeremonyFacts,
    CeremonyStage,
    TrusteeFacts,
    ceremony_refusal,
    require,
    size_refusal,
    stage_after,
    trustee_refusal,
)
from daihoi.core.procedure.congress import CongressStage
from daihoi.core.procedure.election import ElectionAction, ElectionFacts, ElectionStage, refusal
from daihoi.core.procedure.errors import ProcedureError
from daihoi.core.procedure.poll import (
    BallotForm,
    PollAction,
    PollFacts,
    PollStage,
    awaiting_decryption,
    on_phones,
    poll_refusal,
)

A = CeremonyAction
S = CeremonyStage


def facts(stage: CeremonyStage | None = S.KEYS, **kw) -> CeremonyFacts:
    base = {"stage": stage, "congress": CongressStage.IN_SESSION, "form": BallotForm.VERIFIABLE}
    return CeremonyFacts(**{**base, **kw})


def code(found) -> str | None:
    return found.code if found else None


@pytest.mark.parametrize(
    ("n", "k", "expected"),
    [
        (5, 3, None),
        (2, 2, None),
        (MAX_TRUSTEES, MAX_TRUSTEES, None),
        (0, 0, "ceremony_trustees"),
        (MAX_TRUSTEES + 1, 3, "ceremony_trustees"),
        (5, 1, "ceremony_threshold"),  # one person would open the box alone
        (5, 6, "ceremony_threshold"),
        (1, 1, "ceremony_threshold"),
    ],
)
def test_the_committee_numbers(n, k, expected):
    assert code(size_refusal(n, k)) == expected


@pytest.mark.parametrize(
    ("action", "state", "expected"),
    [
        (A.START, facts(None), None),
        (A.START, facts(S.CANCELLED), None),
        (A.START, facts(S.KEYS), "ceremony_exists"),
        (A.START, facts(S.COMPLETE), "ceremony_exists"),
        (A.START, facts(None, form=BallotForm.ELECTRONIC), "ceremony_not_verifiable"),
        (A.START, facts(None, form=BallotForm.PAPER), "ceremony_not_verifiable"),
        (A.START, facts(None, congress=CongressStage.CLOSED), "ceremony_congress_closed"),
        (A.START, facts(None, archived=True), "congress_is_archived"),
        (A.JOIN, facts(None), "ceremony_none"),
        (A.JOIN, facts(S.CANCELLED), "ceremony_none"),
        (A.JOIN, facts(S.KEYS), None),
        (A.JOIN, facts(S.DEALING), "ceremony_wrong_stage"),
        (A.DEAL, facts(S.KEYS), "ceremony_wrong_stage"),
        (A.DEAL, facts(S.DEALING), None),
        (A.CONFIRM, facts(S.DEALING), "ceremony_wrong_stage"),
        (A.CONFIRM, facts(S.CONFIRMING), None),
        (A.CONFIRM, facts(S.COMPLETE), "ceremony_complete"),
        (A.COMPLAIN, facts(S.DEALING), "ceremony_wrong_stage"),
        (A.COMPLAIN, facts(S.CONFIRMING), None),
        (A.CANCEL, facts(S.COMPLETE), None),
        (A.CANCEL, facts(S.COMPLETE, key_used=True), "ceremony_key_in_use"),
        (A.CANCEL, facts(S.CANCELLED), "ceremony_none"),
    ],
)
def test_each_rule(action, state, expected):
    assert code(ceremony_refusal(action, state)) == expected


def test_a_trustee_takes_each_step_once():
    assert code(trustee_refusal(A.JOIN, facts(S.KEYS), TrusteeFacts(joined=True))) == "ceremony_step_done"
    assert code(trustee_refusal(A.DEAL, facts(S.DEALING), TrusteeFacts(True, dealt=True))) == (
        "ceremony_step_done"
    )
    assert trustee_refusal(A.DEAL, facts(S.DEALING), TrusteeFacts(joined=True)) is None
    # A trustee who confirmed has vouched for every share: it can no longer complain.
    assert code(trustee_refusal(A.COMPLAIN, facts(S.CONFIRMING), TrusteeFacts(True, True, True))) == (
        "ceremony_step_done"
    )
    with pytest.raises(ProcedureError) as err:
        require(A.CONFIRM, facts(S.KEYS), TrusteeFacts())
    assert err.value.code == "ceremony_wrong_stage"
    assert err.value.params == {"stage": "keys"}


def test_the_stage_advances_only_when_every_trustee_has_stepped():
    assert stage_after(S.KEYS, trustees=5, done=4) is S.KEYS
    assert stage_after(S.KEYS, trustees=5, done=5) is S.DEALING
    assert stage_after(S.DEALING, trustees=5, done=5) is S.CONFIRMING
    assert stage_after(S.CONFIRMING, trustees=5, done=5) is S.COMPLETE
    assert stage_after(S.COMPLETE, trustees=5, done=5) is S.COMPLETE


def poll(stage=PollStage.CLOSED, **kw) -> PollFacts:
    base = {
        "stage": stage,
        "congress": CongressStage.IN_SESSION,
        "form": BallotForm.VERIFIABLE,
        "list_approved": True,
        "key_ready": True,
        "verifiable": True,
    }
    return PollFacts(**{**base, **kw})


def test_a_verifiable_poll_opens_only_with_the_election_key():
    assert on_phones(BallotForm.VERIFIABLE)
    assert on_phones(BallotForm.ELECTRONIC)
    assert not on_phones(BallotForm.PAPER)
    assert (
        code(poll_refusal(PollAction.OPEN, poll(PollStage.NONE, key_ready=False))) == "poll_no_election_key"
    )
    assert poll_refusal(PollAction.OPEN, poll(PollStage.NONE)) is None
    # A plain electronic congress needs no key.
    assert (
        poll_refusal(PollAction.OPEN, poll(PollStage.NONE, form=BallotForm.ELECTRONIC, key_ready=False))
        is None
    )


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (poll(PollStage.NONE), "poll_not_opened"),
        (poll(PollStage.OPEN), "poll_still_open_to_decrypt"),
        (poll(PollStage.CLOSED, verifiable=False), "poll_not_verifiable"),
        (poll(PollStage.CLOSED, decrypted=True), "poll_decrypted"),
        (poll(PollStage.CLOSED), None),
    ],
)
def test_decrypting(state, expected):
    assert code(poll_refusal(PollAction.DECRYPT, state)) == expected


def test_no_round_closes_while_its_ballots_are_still_encrypted():
    assert awaiting_decryption(poll(), electronic_ballots=3)
    assert not awaiting_decryption(poll(), electronic_ballots=0)  # nothing cast on phones: nothing to decrypt
    assert not awaiting_decryption(poll(decrypted=True), electronic_ballots=3)
    assert not awaiting_decryption(poll(PollStage.OPEN), electronic_ballots=3)
    base = ElectionFacts(
        stage=ElectionStage.COUNTING,
        congress=CongressStage.IN_SESSION,
        round=1,
        counts_entered=True,
        count_complete=True,
        poll_decrypting=True,
    )
    assert code(refusal(ElectionAction.CLOSE_ROUND, base)) == "poll_awaiting_decryption"
    # The paper part of a hybrid poll may be entered meanwhile.
    assert code(refusal(ElectionAction.ENTER_BALLOTS, base)) != "poll_awaiting_decryption"


class CeremonyMachine(RuleBasedStateMachine):
    """Random steps by random trustees, complaints, cancellations and polls; only allowed steps apply."""

    def __init__(self) -> None:
        super().__init__()
        self.n = 4
        self.stage: CeremonyStage | None = None
        self.done: dict[CeremonyAction, set[int]] = {}
        self.key_used = False
        self.completed_with: dict[CeremonyAction, set[int]] | None = None

    def state(self) -> CeremonyFacts:
        return facts(self.stage, key_used=self.key_used)

    @rule()
    def start(self) -> None:
        if ceremony_refusal(A.START, self.state()) is None:
            self.stage, self.done, self.key_used = (
                S.KEYS,
                {A.JOIN: set(), A.DEAL: set(), A.CONFIRM: set()},
                False,
            )

    @rule(who=st.integers(1, 4), action=st.sampled_from([A.JOIN, A.DEAL, A.CONFIRM, A.COMPLAIN]))
    def step(self, who: int, action: CeremonyAction) -> None:
        if self.stage is None:
            assert trustee_refusal(action, self.state(), TrusteeFacts()) is not None
            return
        mine = TrusteeFacts(*(who in self.done.get(a, set()) for a in (A.JOIN, A.DEAL, A.CONFIRM)))
        if trustee_refusal(action, self.state(), mine) is not None:
            return
        if action is A.COMPLAIN:
            self.stage = S.CANCELLED
            return
        self.done[action].add(who)
        self.stage = stage_after(self.stage, trustees=self.n, done=len(self.done[action]))
        if self.stage is S.COMPLETE:
            self.completed_with = {a: set(v) for a, v in self.done.items()}

    @rule(who=st.integers(1, 4))
    def step_of_the_stage(self, who: int) -> None:
        """The step the stage expects, by a random trustee (so complete ceremonies are reached often)."""
        expected = {S.KEYS: A.JOIN, S.DEALING: A.DEAL, S.CONFIRMING: A.CONFIRM}
        if self.stage in expected:
            self.step(who, expected[self.stage])

    @precondition(lambda self: self.stage is S.COMPLETE)
    @rule()
    def open_a_poll(self) -> None:
        self.key_used = True

    @rule()
    def cancel(self) -> None:
        if ceremony_refusal(A.CANCEL, self.state()) is None:
            self.stage = S.CANCELLED
        else:
            assert self.stage in (None, S.CANCELLED) or self.key_used

    @invariant()
    def complete_only_after_every_step_by_everyone(self) -> None:
        if self.stage is S.COMPLETE:
            assert self.completed_with is not None
            assert all(len(v) == self.n for v in self.completed_with.values())

    @invariant()
    def a_used_key_stays(self) -> None:
        if self.key_used:
            assert self.stage is S.COMPLETE


CeremonyMachine.TestCase.settings = settings(max_examples=200, stateful_step_count=40, deadline=None)
test_ceremony_machine = CeremonyMachine.TestCase
