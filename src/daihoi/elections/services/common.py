"""What every step of the election workflow shares: locks, the audit call, the procedure's checks.

Lock order, everywhere: congress → election → round → open vote → rows of the round. A step locks what
it changes first, then reads and validates under the lock (never before), then writes.
"""

from __future__ import annotations

from typing import Any

from daihoi.audit.services import log_action
from daihoi.congresses.models import OpenVote
from daihoi.core.procedure import ElectionAction, Target, VoteFacts, VoteKind
from daihoi.core.procedure.errors import Refusal
from daihoi.core.procedure.votes import decision_refusal
from daihoi.elections.errors import ElectionError
from daihoi.elections.models import Election, Round

COMMITTEE_FLAGS = ("not_issued", "added_name", "identifying_mark")
PROPOSALS = ("allow", "refuse", "remove")
# One key marks a ballot invalid with its reason: p (phát — not issued by the committee),
# t (thêm tên — a name added), k (ký — signature or identifying mark).
FLAG_KEYS = {"p": "not_issued", "t": "added_name", "k": "identifying_mark"}


def label(actor: Any) -> str:
    if getattr(actor, "is_authenticated", False):
        return str(actor.get_username())
    return str(actor or "system")


def user_of(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def log_step(action: str, election: Election, actor: Any, obj: Any = None, **data: Any) -> None:
    log_action(
        f"election.{action}",
        actor=actor,
        obj=obj or election,
        organization=election.congress.organization,
        data={"election": election.pk, **data},
    )


def locked(election: Election) -> Election:
    return Election.objects.select_for_update().select_related("congress__organization").get(pk=election.pk)


def locked_round(rnd: Round) -> tuple[Election, Round]:
    """The round's election, then the round, locked in that order."""
    election = locked(rnd.election)
    return election, Round.objects.select_for_update().select_related("election__congress__organization").get(
        pk=rnd.pk
    )


def refuse(refusal: Refusal | None) -> None:
    if refusal is not None:
        raise ElectionError.refused(refusal)


def require(election: Election, action: ElectionAction, rnd: Round | None = None) -> None:
    """Refuse `action` unless the election's state machine allows it now (call under the lock)."""
    from daihoi.core.procedure.election import refusal
    from daihoi.elections.services.state import election_facts

    refuse(refusal(action, election_facts(election, rnd, action)))


def vote_facts(vote: OpenVote) -> VoteFacts:
    return VoteFacts(
        kind=VoteKind(vote.kind),
        title=vote.title,
        congress=vote.congress_id,
        status=vote.status,
        passed=vote.passed,
        used=vote.used_at is not None,
        election=vote.election_id,
        candidate=vote.candidate_id,
        round=vote.round_number,
    )


def use_vote(vote: OpenVote, target: Target, used_for: str) -> OpenVote:
    """Lock the vote, check it decides exactly `target`, and mark it used (one vote, one decision)."""
    from django.utils import timezone

    vote = OpenVote.objects.select_for_update().get(pk=vote.pk)
    refuse(decision_refusal(vote_facts(vote), target))
    vote.used_at, vote.used_for = timezone.now(), used_for
    vote.save(update_fields=["used_at", "used_for"])
    return vote
