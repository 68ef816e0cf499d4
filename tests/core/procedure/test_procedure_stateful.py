"""Hypothesis drives the congress and election state machines of daihoi.core.procedure with random
sequences of actions — right and wrong, in any order, with votes on any subject — applying only what the
procedure allows, and checks after every step that no state the regulation forbids is reached."""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from daihoi.core.procedure import congress as cm
from daihoi.core.procedure import election as em
from daihoi.core.procedure import votes as vm
from daihoi.core.procedure.congress import CongressAction, CongressFacts, CongressStage
from daihoi.core.procedure.election import ElectionAction, ElectionFacts, ElectionStage
from daihoi.core.procedure.votes import Target, VoteFacts, VoteKind

A = ElectionAction
DECIDED_BY = {  # the decisions an open vote authorizes, and the vote kind each needs
    A.DECIDE_SEATS: VoteKind.SEATS,
    A.APPROVE_LIST: VoteKind.BALLOT_LIST,
    A.START_NEXT_ROUND: VoteKind.NEXT_ROUND,
    A.DECLINE_NEXT_ROUND: VoteKind.END_ELECTION,
}
ORDER = list(ElectionStage)


@dataclass
class Election:
    stage: ElectionStage
    names: int = 0
    round: int = 0
    counts: bool = False
    entries: bool = False
    complete: bool = False
    next_kind: str = ""
    decisions: list[tuple[ElectionAction, int | None]] = field(default_factory=list)


@dataclass
class Vote:
    kind: VoteKind
    election: int | None
    round: int | None
    status: str = "draft"
    passed: bool | None = None
    used: int = 0


class Procedure(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.stage = CongressStage.PREPARED
        self.listed = 0
        self.quorum = False
        self.elections: list[Election] = []
        self.votes: list[Vote] = []
        self.history: list[tuple[str, CongressStage]] = []  # (what happened, the congress stage then)

    # ---------------------------------------------------------------- facts as the services build them
    def congress_facts(self) -> CongressFacts:
        return CongressFacts(
            stage=self.stage,
            listed=self.listed,
            quorum_met=self.quorum,
            votes_open=tuple(str(i) for i, v in enumerate(self.votes) if v.status == "open"),
            votes_not_held=tuple(str(i) for i, v in enumerate(self.votes) if v.status == "draft"),
            elections_unfinished=tuple(
                str(i) for i, e in enumerate(self.elections) if not em.finished(e.stage)
            ),
            has_records=bool(self.history),
        )

    def election_facts(self, e: Election) -> ElectionFacts:
        return ElectionFacts(
            stage=e.stage,
            congress=self.stage,
            names=e.names,
            round=e.round,
            counts_entered=e.counts,
            entries_started=e.entries,
            count_complete=e.complete,
            first_gap="" if e.complete else "entries_incomplete",
            next_kind=e.next_kind,
            has_rounds=e.round > 0,
        )

    def _congress(self, action: CongressAction) -> bool:
        if cm.refusal(action, self.congress_facts()) is not None:
            return False
        self.history.append((action.value, self.stage))
        self.stage = cm.after(action, self.stage)
        return True

    # ---------------------------------------------------------------- the congress
    @rule(n=st.integers(0, 3))
    def build_list(self, n: int) -> None:
        if cm.refusal(CongressAction.BUILD_LIST, self.congress_facts()) is None:
            self.listed = n

    @rule()
    def convene(self) -> None:
        self._congress(CongressAction.CONVENE)

    @rule(met=st.booleans())
    def open_session(self, met: bool) -> None:
        self.quorum = met
        self._congress(CongressAction.OPEN_SESSION)

    @rule()
    def close(self) -> None:
        self._congress(CongressAction.CLOSE)

    @rule(committee=st.booleans())
    def create_election(self, committee: bool) -> None:
        if cm.refusal(CongressAction.PREPARE_ELECTION, self.congress_facts()) is None:
            self.elections.append(Election(ElectionStage.SEATS if committee else ElectionStage.LIST))

    @rule(kind=st.sampled_from(list(VoteKind)), which=st.integers(0, 2))
    def prepare_vote(self, kind: VoteKind, which: int) -> None:
        if cm.refusal(CongressAction.PREPARE_VOTE, self.congress_facts()) is not None:
            return
        target = self.elections[which] if which < len(self.elections) else None
        subject = vm.subject_of(kind)
        has = target is not None and subject is not vm.Subject.CANDIDATE
        stage = target.stage if target else None
        next_kind = target.next_kind if target else ""
        if vm.subject_refusal(kind, election_stage=stage, has_subject=has, next_kind=next_kind) is None:
            election = which if subject is not vm.Subject.NONE else None
            rnd = target.round if target is not None and subject is vm.Subject.ROUND else None
            self.votes.append(Vote(kind, election, rnd))

    @rule(back=st.integers(0, 3), passed=st.booleans())
    def hold_vote(self, back: int, passed: bool) -> None:
        """Hold one of the latest votes prepared (counted from the end)."""
        which = len(self.votes) - 1 - back
        if which < 0 or self.votes[which].status != "draft":
            return
        if any(v.status == "open" for v in self.votes):
            return
        if cm.refusal(CongressAction.HOLD_VOTE, self.congress_facts()) is None:
            vote = self.votes[which]
            vote.status, vote.passed = "closed", passed
            self.history.append((f"vote {which}", self.stage))

    # ---------------------------------------------------------------- an election's steps
    @precondition(lambda self: bool(self.elections))
    @rule(
        which=st.integers(0, 2),
        action=st.sampled_from(list(ElectionAction)),
        back=st.integers(0, 3),
        complete=st.booleans(),
        next_kind=st.sampled_from(["", "revote", "next_round"]),
    )
    def election_step(
        self, which: int, action: ElectionAction, back: int, complete: bool, next_kind: str
    ) -> None:
        """Take `action` on an election, with one of the latest votes (counted from the end) if needed."""
        vote = len(self.votes) - 1 - back
        e = self.elections[which % len(self.elections)]
        index = self.elections.index(e)
        if em.refusal(action, self.election_facts(e)) is not None:
            return
        used: int | None = None
        if action in DECIDED_BY:
            if vote < 0:
                return
            v = self.votes[vote]
            facts = VoteFacts(v.kind, str(vote), 1, v.status, v.passed, v.used > 0, v.election, None, v.round)
            kind = DECIDED_BY[action]
            rnd = e.round if vm.subject_of(kind) is vm.Subject.ROUND else None
            if vm.decision_refusal(facts, Target(kind, 1, election=index, round=rnd)) is not None:
                return
            v.used += 1
            used = vote
        before = e.stage
        self.history.append((action.value, self.stage))
        e.decisions.append((action, used))
        if action is A.NOMINATE:
            e.names += 1
        elif action is A.CORRECT_NOMINEE:
            e.names = max(e.names - 1, 0)
        elif action in (A.APPROVE_LIST, A.START_REVOTE, A.START_NEXT_ROUND):
            e.round += 1
            e.counts = e.entries = e.complete = False
        elif action is A.SET_COUNTS:
            e.counts = True
        elif action is A.ENTER_BALLOTS:
            e.entries, e.complete = True, complete
        if action is A.CLOSE_ROUND:
            e.next_kind = next_kind
            e.stage = em.after_close(next_kind=next_kind)
        else:
            e.stage = em.after(action, before)
        assert e.stage is before or action in em.TRANSITIONS

    @precondition(lambda self: bool(self.elections))
    @rule(which=st.integers(0, 2), action=st.sampled_from(list(DECIDED_BY)), passed=st.booleans())
    def vote_then_decide(self, which: int, action: ElectionAction, passed: bool) -> None:
        """The presidium prepares the vote the step needs on this election, holds it, then decides."""
        e = self.elections[which % len(self.elections)]
        self.prepare_vote(DECIDED_BY[action], self.elections.index(e))
        self.hold_vote(0, passed)
        self.election_step(self.elections.index(e), action, 0, True, "")

    @precondition(lambda self: bool(self.elections))
    @rule(which=st.integers(0, 2), picks=st.lists(st.integers(0, 10), min_size=1, max_size=12),
          passed=st.booleans(), complete=st.booleans(),
          next_kind=st.sampled_from(["", "revote", "next_round"]))  # fmt: skip
    def advance(self, which: int, picks: list[int], passed: bool, complete: bool, next_kind: str) -> None:
        """A clerk who follows the page: a run of the steps the procedure offers, each vote held first."""
        e = self.elections[which % len(self.elections)]
        for pick in picks:
            offered = [a for a, r in em.next_steps(self.election_facts(e)) if r is None]
            if not offered:
                return
            action = offered[pick % len(offered)]
            if action in DECIDED_BY:
                self.vote_then_decide(self.elections.index(e), action, passed or pick % 3 > 0)
            else:
                self.election_step(self.elections.index(e), action, 0, complete or pick % 2 > 0, next_kind)

    @rule(pick=st.integers(0, 10), met=st.booleans(), n=st.integers(1, 3))
    def advance_congress(self, pick: int, met: bool, n: int) -> None:
        """The office follows the congress page: one of the steps it offers now."""
        offered = [a for a, r in cm.next_steps(self.congress_facts()) if r is None]
        if self.stage is CongressStage.CONVENED:
            self.quorum = met
        if self.stage is CongressStage.PREPARED and not self.listed:
            self.listed = n
        if not offered:
            return
        action = offered[pick % len(offered)]
        if action is CongressAction.PREPARE_ELECTION:
            self.create_election(bool(pick % 2))
        elif action in (CongressAction.CONVENE, CongressAction.OPEN_SESSION, CongressAction.CLOSE):
            self._congress(action)

    # ---------------------------------------------------------------- what must always hold
    @invariant()
    def closed_congress_left_nothing_unfinished(self) -> None:
        if self.stage is CongressStage.CLOSED:
            assert all(em.finished(e.stage) for e in self.elections)
            assert not any(v.status == "open" for v in self.votes)

    @invariant()
    def every_vote_decides_once_and_only_if_passed(self) -> None:
        for v in self.votes:
            assert v.used <= 1
            if v.used:
                assert v.status == "closed"
                assert v.passed

    @invariant()
    def decisions_were_taken_by_votes_on_their_subject(self) -> None:
        for index, e in enumerate(self.elections):
            for action, used in e.decisions:
                if action in DECIDED_BY:
                    assert used is not None
                    assert self.votes[used].kind is DECIDED_BY[action]
                    assert self.votes[used].election == index
            if (
                e.stage is not ElectionStage.SEATS
                and ElectionStage.SEATS in {ElectionStage.SEATS}
                and any(a is A.DECIDE_SEATS for a, _ in e.decisions)
            ):
                assert sum(1 for a, _ in e.decisions if a is A.DECIDE_SEATS) == 1
            approvals = [a for a, _ in e.decisions if a is A.APPROVE_LIST]
            assert len(approvals) <= 1
            if ORDER.index(e.stage) >= ORDER.index(ElectionStage.LIST_APPROVED):
                assert approvals, "a list was frozen without the congress's vote"

    @invariant()
    def announced_only_after_counting(self) -> None:
        for e in self.elections:
            acts = [a for a, _ in e.decisions]
            if A.ANNOUNCE in acts:
                before = acts[: acts.index(A.ANNOUNCE)]
                assert A.CLOSE_ROUND in before
                assert before[-1] in (A.CLOSE_ROUND, A.DECLINE_NEXT_ROUND)
            if e.stage in (ElectionStage.PUBLISHED, ElectionStage.APPROVED):
                assert A.ANNOUNCE in acts

    @invariant()
    def decisions_of_the_congress_happen_in_session(self) -> None:
        for what, stage in self.history:
            if what in {a.value for a in ElectionAction} - {
                A.NOMINATE.value,
                A.CORRECT_NOMINEE.value,
                A.DELETE.value,
                A.SUPERIOR_APPROVE.value,
            } or what.startswith("vote "):
                assert stage is CongressStage.IN_SESSION, (what, stage)

    @invariant()
    def ballots_are_counted_before_a_round_closes(self) -> None:
        for e in self.elections:
            acts = [a for a, _ in e.decisions]
            for i, a in enumerate(acts):
                if a is A.CLOSE_ROUND:
                    since = acts[:i]
                    last_start = max(
                        (
                            j
                            for j, b in enumerate(since)
                            if b in (A.APPROVE_LIST, A.START_REVOTE, A.START_NEXT_ROUND)
                        ),
                        default=-1,
                    )
                    assert A.SET_COUNTS in since[last_start + 1 :]


Procedure.TestCase.settings = settings(max_examples=300, stateful_step_count=60, deadline=None)
TestProcedure = Procedure.TestCase


def test_the_walk_reaches_the_end_of_an_election() -> None:
    """Guard against a machine that refuses everything: a right sequence goes all the way."""
    m = Procedure()
    m.build_list(2)
    m.convene()
    m.open_session(True)
    m.create_election(True)
    m.prepare_vote(VoteKind.SEATS, 0)
    m.hold_vote(0, True)
    m.election_step(0, A.DECIDE_SEATS, 0, True, "")
    m.election_step(0, A.NOMINATE, 0, True, "")
    m.prepare_vote(VoteKind.BALLOT_LIST, 0)
    m.hold_vote(0, True)
    m.election_step(0, A.APPROVE_LIST, 0, True, "")
    for action in (A.SET_COUNTS, A.ENTER_BALLOTS, A.CLOSE_ROUND, A.ANNOUNCE):
        m.election_step(0, action, 0, True, "")
    m.close()
    assert m.elections[0].stage is ElectionStage.PUBLISHED
    assert m.stage is CongressStage.CLOSED
    m.election_step(0, A.SUPERIOR_APPROVE, 0, True, "")
    assert m.elections[0].stage is ElectionStage.APPROVED
