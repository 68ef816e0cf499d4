"""After a round is counted: its result, then a revote among the tied or, after a shortfall, the
congress's decision to hold a further round or to stop (Reg. 190 Art. 31; spec §6.4)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from daihoi.congresses.models import OpenVote
from daihoi.core.procedure import ElectionAction, Target, VoteKind
from daihoi.core.procedure.election import after_close
from daihoi.elections.errors import ElectionError
from daihoi.elections.models import (
    Candidate,
    CandidateSource,
    Election,
    ElectionStatus,
    EntryLog,
    Round,
    RoundStatus,
)
from daihoi.elections.services.ballot_list import (
    check_nominee,
    check_support,
    create_round,
    place_on_ballot,
    support_needed,
)
from daihoi.elections.services.common import label, locked, locked_round, log_step, require, use_vote
from daihoi.elections.services.engine import count_round
from daihoi.organizations.models import Member


def close_round(rnd: Round, *, actor: Any = None) -> Round:
    """Every ballot entered and agreed (or resolved), or the totals entered: count with the engine, keep
    the result on the round; the election is counted, or waits for the congress's next decision."""
    with transaction.atomic():
        election, locked_rnd = locked_round(rnd)
        require(election, ElectionAction.CLOSE_ROUND, locked_rnd)
        result = count_round(locked_rnd)
        locked_rnd.result = result.to_dict()
        locked_rnd.status = RoundStatus.CLOSED
        locked_rnd.closed_at = timezone.now()
        locked_rnd.save(update_fields=["result", "status", "closed_at"])
        nexts = result.next_rounds if result.status != "complete" else ()
        election.status = after_close(next_kind=str(nexts[0].kind) if nexts else "")
        election.save(update_fields=["status"])
        EntryLog.objects.create(round=locked_rnd, action="closed", content=result.status,
                                user_label=label(actor))  # fmt: skip
        log_step("round.counted", election, actor, locked_rnd, round=locked_rnd.number, status=result.status,
            elected=list(result.elected), alternates=list(result.alternates))  # fmt: skip
    return locked_rnd


def _last_round(election: Election) -> Round:
    last = election.rounds.order_by("-number").first()
    if last is None:
        raise ElectionError("no_next_round")
    return last


def start_next_round(
    election: Election, *, vote: OpenVote | None = None, aggregate: bool = False, actor: Any = None
) -> Round:
    """A revote among the tied (no vote needed), or after a shortfall the further round the congress
    decided by an open vote on this election after this round."""
    with transaction.atomic():
        election = locked(election)
        last = _last_round(election)
        nxt = (last.result.get("next_rounds") or [{}])[0]
        if nxt.get("kind") == "revote":
            require(election, ElectionAction.START_REVOTE, last)
        else:
            require(election, ElectionAction.START_NEXT_ROUND, last)
            if vote is None:
                raise ElectionError("next_round_vote")
            target = Target(
                VoteKind.NEXT_ROUND, election.congress_id, election=election.pk, round=last.number
            )
            vote = use_vote(vote, target, "next_round")
        ids = [int(i) for i in nxt["candidates"]]
        candidates = sorted(Candidate.objects.filter(pk__in=ids), key=lambda c: ids.index(c.pk))
        rnd = create_round(election, last.number + 1, candidates, nxt["seats"], nxt["alternates"],
                           nxt["kind"] == "revote")  # fmt: skip
        if aggregate:
            rnd.aggregate = True
            rnd.save(update_fields=["aggregate"])
        election.status = ElectionStatus.LIST_APPROVED
        election.save(update_fields=["status"])
        log_step("round.started", election, actor, rnd, round=rnd.number, kind=nxt["kind"], candidates=ids,
            vote=vote.pk if vote else None)  # fmt: skip
    return rnd


def decline_next_round(election: Election, *, vote: OpenVote, actor: Any = None) -> Election:
    """After a shortfall the congress decided, by an open vote that passed, to elect no more: the
    election stands as counted."""
    with transaction.atomic():
        election = locked(election)
        last = _last_round(election)
        require(election, ElectionAction.DECLINE_NEXT_ROUND, last)
        target = Target(VoteKind.END_ELECTION, election.congress_id, election=election.pk, round=last.number)
        vote = use_vote(vote, target, "end_election")
        election.status = ElectionStatus.COUNTED
        election.save(update_fields=["status"])
        log_step("round.declined", election, actor, vote=vote.pk, round=last.number)
    return election


def add_to_round(rnd: Round, member: Member, *, support: int | None = None, actor: Any = None) -> Round:
    """A further round after a shortfall may take new names (spec §6.4): nominated from the floor with
    the >30% support, before any ballot is counted; the round's ballot order is rebuilt."""
    with transaction.atomic():
        election, locked_rnd = locked_round(rnd)
        require(election, ElectionAction.ADD_TO_ROUND, locked_rnd)
        congress = election.congress
        check_nominee(congress, member)
        check_support(congress, member.full_name, support)
        needed = support_needed(congress)[1]
        if (support or 0) < needed:
            raise ElectionError("support_too_low", name=member.full_name, support=support, needed=needed)
        candidate, _created = Candidate.objects.get_or_create(
            election=election, member=member,
            defaults={"full_name": member.full_name, "birth_date": member.birth_date,
                      "source": CandidateSource.FLOOR, "support": support},
        )  # fmt: skip
        current = [rc.candidate for rc in locked_rnd.entries.select_related("candidate")]
        if candidate in current:
            raise ElectionError("duplicate_candidate", name=member.full_name)
        locked_rnd.entries.all().delete()
        place_on_ballot(locked_rnd, [*current, candidate])
        log_step("round.candidate_added", election, actor, locked_rnd, round=locked_rnd.number,
                 member=member.pk, support=support)  # fmt: skip
    return locked_rnd
