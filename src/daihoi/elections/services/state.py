"""An election as daihoi.core.procedure.election sees it, and the steps it allows next."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from daihoi.core.procedure import CongressStage, ElectionAction, ElectionFacts, ElectionStage
from daihoi.core.procedure.election import next_steps
from daihoi.core.procedure.errors import Refusal
from daihoi.elections.models import CandidateStatus, Election, Round


def election_facts(
    election: Election, rnd: Round | None = None, action: ElectionAction | None = None
) -> ElectionFacts:
    """Read inside the caller's transaction (after its locks). Whether the count is complete takes a
    reconciliation of every entry: read for closing a round and for the pages (`action` None), not on
    each ballot saved."""
    from daihoi.elections.services.ballot_list import check_list
    from daihoi.elections.services.reconciliation import reconcile

    stage = ElectionStage(election.status)
    names, over = 0, False
    pending_withdrawals: tuple[str, ...] = ()
    if stage is ElectionStage.LIST:
        check = check_list(election)
        names, over = check.names, check.over_limit
        pending_withdrawals = tuple(
            election.candidates.filter(status=CandidateStatus.PROPOSED, withdrawal_vote__isnull=True)
            .exclude(withdrawal_proposal="")
            .values_list("full_name", flat=True)
        )
    last = rnd if rnd is not None else election.rounds.order_by("-number").first()
    complete, gap, started, next_kind = False, "", False, ""
    gap_params: dict[str, int] = {}
    if last is not None:
        started = bool(last.totals) or last.ballot_entries.exists()
        wants_gap = action in (None, ElectionAction.CLOSE_ROUND)
        if wants_gap and stage is ElectionStage.COUNTING and last.returned is not None:
            if last.aggregate:
                complete = bool(last.totals)
                gap = "" if complete else "totals_missing"
            else:
                rec = reconcile(last)
                complete = rec.complete
                if rec.missing:
                    position = rec.missing[0]
                    have = last.ballot_entries.filter(position=position).count()
                    gap, gap_params = "entries_incomplete", {"position": position, "count": have,
                                                             "clerks": rec.clerks}  # fmt: skip
                elif rec.discrepancies:
                    gap, gap_params = "entries_disagree", {"position": rec.discrepancies[0]["position"]}
        if stage is ElectionStage.PENDING:
            nexts = (last.result or {}).get("next_rounds") or []
            next_kind = str(nexts[0]["kind"]) if nexts else ""
    return ElectionFacts(
        stage=stage,
        congress=CongressStage(election.congress.status),
        names=names,
        over_limit=over,
        withdrawals_undecided=tuple(pending_withdrawals),
        round=last.number if last else 0,
        round_revote=bool(last and last.revote),
        counts_entered=bool(last and last.returned is not None),
        entries_started=started,
        count_complete=complete,
        first_gap=gap,
        gap_params=gap_params,
        next_kind=next_kind,
        has_rounds=last is not None,
        congress_archived=election.congress.archived_at is not None,
        poll_open=bool(last and _poll_open(last)),
        poll_decrypting=bool(last and _poll_decrypting(last)),
    )


def _poll_open(rnd: Round) -> bool:
    from daihoi.voting.models import Poll, PollStatus

    return Poll.objects.filter(round=rnd, status=PollStatus.OPEN).exists()


def _poll_decrypting(rnd: Round) -> bool:
    """The round's verifiable poll is closed with phone ballots whose tally is not yet decrypted."""
    from daihoi.voting.models import Poll, PollStatus

    return Poll.objects.filter(
        round=rnd, status=PollStatus.CLOSED, ceremony__isnull=False, result__isnull=True, electronic__gt=0
    ).exists()


@dataclass(frozen=True)
class Step:
    action: ElectionAction
    label: Any
    refusal: str  # why not, in words; empty when allowed

    @property
    def allowed(self) -> bool:
        return not self.refusal


def steps(election: Election) -> list[Step]:
    """What may happen next to this election, and why not (for the pages)."""
    from daihoi.congresses.procedure import ACTION_LABELS
    from daihoi.elections.errors import ElectionError

    out = []
    for action, refusal in next_steps(election_facts(election)):
        why = ElectionError.refused(refusal).message if isinstance(refusal, Refusal) else ""
        out.append(Step(action, ACTION_LABELS[action], why))
    return out


def allowed(election: Election) -> set[str]:
    """The actions allowed now, as their codes (the templates test membership)."""
    return {s.action.value for s in steps(election) if s.allowed}
