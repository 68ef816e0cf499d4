"""The electronic poll's state machine (daihoi.core.procedure.poll): the rules one at a time, then
Hypothesis drives random sequences of right and wrong actions — opening, casting on phones, paper ballots
at the desk, deadlines, closing, the congress closing — applying only what the machine allows, and checks
after every step that no forbidden state is reached: a delegate never takes two ballots, nobody votes
without being present with a vote, nothing is taken outside an open poll, a closed poll never reopens."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from daihoi.core.procedure.congress import CongressStage
from daihoi.core.procedure.errors import ProcedureError
from daihoi.core.procedure.poll import (
    BallotForm,
    Channel,
    PollAction,
    PollFacts,
    PollStage,
    VoterFacts,
    after,
    poll_refusal,
    require,
    voter_refusal,
)

IN_SESSION = CongressStage.IN_SESSION


def poll(stage=PollStage.OPEN, **kw) -> PollFacts:
    base = {"stage": stage, "congress": IN_SESSION, "form": BallotForm.ELECTRONIC, "list_approved": True}
    return PollFacts(**{**base, **kw})


@pytest.mark.parametrize(
    ("facts", "code"),
    [
        (poll(PollStage.NONE, form=BallotForm.PAPER), "poll_paper_congress"),
        (poll(PollStage.NONE, congress=CongressStage.CONVENED), "congress_poll_stage"),
        (poll(PollStage.OPEN), "poll_exists"),
        (poll(PollStage.CLOSED), "poll_exists"),
        (poll(PollStage.NONE, list_approved=False), "poll_list_not_approved"),
        (poll(PollStage.NONE, counts_entered=True), "poll_list_not_approved"),
        (poll(PollStage.NONE), None),
    ],
)
def test_opening(facts, code):
    found = poll_refusal(PollAction.OPEN, facts)
    assert (found.code if found else None) == code


@pytest.mark.parametrize(
    ("facts", "voter", "code"),
    [
        (poll(PollStage.NONE), VoterFacts(True, True), "poll_not_opened"),
        (poll(PollStage.CLOSED), VoterFacts(True, True), "poll_closed"),
        (poll(congress=CongressStage.CLOSED), VoterFacts(True, True), "congress_poll_stage"),
        (poll(deadline_passed=True), VoterFacts(True, True), "poll_time_up"),
        (poll(), VoterFacts(False, True), "voter_not_present"),
        (poll(), VoterFacts(True, False), "voter_without_vote"),
        (poll(), VoterFacts(True, True, voted=Channel.ELECTRONIC), "voted_electronically"),
        (poll(), VoterFacts(True, True, voted=Channel.PAPER), "voted_on_paper"),
        (poll(), VoterFacts(True, True, bound=False), "device_not_bound"),
        (poll(), VoterFacts(True, True), None),
    ],
)
def test_casting(facts, voter, code):
    found = voter_refusal(PollAction.CAST, facts, voter)
    assert (found.code if found else None) == code


def test_a_paper_ballot_needs_no_phone_but_the_same_voter():
    assert voter_refusal(PollAction.ISSUE_PAPER, poll(), VoterFacts(True, True, bound=False)) is None
    found = voter_refusal(PollAction.ISSUE_PAPER, poll(), VoterFacts(True, True, voted=Channel.ELECTRONIC))
    assert found is not None
    assert found.code == "voted_electronically"


def test_closing_and_extending_need_an_open_poll_but_not_the_deadline():
    assert poll_refusal(PollAction.CLOSE, poll(deadline_passed=True)) is None
    assert poll_refusal(PollAction.EXTEND, poll(deadline_passed=True)) is None
    with pytest.raises(ProcedureError) as err:
        require(PollAction.CLOSE, poll(PollStage.CLOSED))
    assert err.value.code == "poll_closed"
    assert after(PollAction.CLOSE, PollStage.OPEN) is PollStage.CLOSED
    assert after(PollAction.CAST, PollStage.OPEN) is PollStage.OPEN


@dataclass
class Delegate:
    present: bool
    has_vote: bool
    bound: bool
    taken: list[Channel] = field(default_factory=list)


class PollMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.stage = PollStage.NONE
        self.congress = IN_SESSION
        self.form = BallotForm.ELECTRONIC
        self.list_approved = True
        self.deadline_passed = False
        self.delegates = [
            Delegate(present=i % 5 != 0, has_vote=i % 7 != 0, bound=i % 3 != 0) for i in range(12)
        ]
        self.frozen: int | None = None
        self.ever_closed = False

    def facts(self) -> PollFacts:
        return PollFacts(
            stage=self.stage,
            congress=self.congress,
            form=self.form,
            list_approved=self.list_approved,
            counts_entered=False,
            deadline_passed=self.deadline_passed,
        )

    def taken(self) -> int:
        return sum(len(d.taken) for d in self.delegates)

    @rule(form=st.sampled_from(list(BallotForm)), approved=st.booleans())
    def set_scene(self, form, approved):
        if self.stage is PollStage.NONE:
            self.form, self.list_approved = form, approved

    @rule()
    def open(self):
        if poll_refusal(PollAction.OPEN, self.facts()) is None:
            assert self.stage is PollStage.NONE
            self.stage = after(PollAction.OPEN, self.stage)

    @rule(i=st.integers(0, 11), channel=st.sampled_from(list(Channel)))
    def take(self, i, channel):
        d = self.delegates[i]
        action = PollAction.CAST if channel is Channel.ELECTRONIC else PollAction.ISSUE_PAPER
        voter = VoterFacts(d.present, d.has_vote, voted=d.taken[0] if d.taken else None, bound=d.bound)
        if voter_refusal(action, self.facts(), voter) is None:
            d.taken.append(channel)

    @rule(i=st.integers(0, 11))
    def check_in_late(self, i):
        self.delegates[i].present = True

    @rule(passed=st.booleans())
    def clock(self, passed):
        self.deadline_passed = passed

    @rule()
    def close(self):
        if poll_refusal(PollAction.CLOSE, self.facts()) is None:
            self.stage = after(PollAction.CLOSE, self.stage)
            self.frozen, self.ever_closed = self.taken(), True

    @rule()
    def congress_closes(self):
        self.congress = CongressStage.CLOSED

    @invariant()
    def one_ballot_per_delegate_from_voters_only(self):
        for d in self.delegates:
            assert len(d.taken) <= 1
            if d.taken:
                assert d.present
                assert d.has_vote
                if d.taken[0] is Channel.ELECTRONIC:
                    assert d.bound

    @invariant()
    def nothing_outside_an_open_electronic_poll(self):
        if self.stage is PollStage.NONE:
            assert self.taken() == 0
        if self.taken():
            assert self.form is BallotForm.ELECTRONIC

    @invariant()
    def closed_is_final(self):
        if self.ever_closed:
            assert self.stage is PollStage.CLOSED
            assert self.taken() == self.frozen


TestPollMachine = PollMachine.TestCase
TestPollMachine.settings = settings(max_examples=300, stateful_step_count=40)
