"""The result over the rounds, its announcement and the superior's approval (Reg. 190 Art. 2)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from daihoi.core.procedure import ElectionAction
from daihoi.elections.errors import ElectionError
from daihoi.elections.models import Election, ElectionStatus, RoundStatus
from daihoi.elections.services.common import locked, log_step, require


@dataclass(frozen=True)
class Outcome:
    elected: list[dict[str, Any]]  # {candidate, name, votes, percent_of_base, round}, votes descending
    alternates: list[dict[str, Any]]


def outcome(election: Election) -> Outcome:
    """Everyone elected over the rounds, each with the votes of the round that elected them."""
    elected: list[dict[str, Any]] = []
    alternates: list[dict[str, Any]] = []
    for rnd in election.rounds.filter(status=RoundStatus.CLOSED).order_by("number"):
        by_id = {c["id"]: c for c in rnd.result["candidates"]}
        for group, ids in ((elected, rnd.result["elected"]), (alternates, rnd.result["alternates"])):
            for cid in ids:
                c = by_id[cid]
                group.append({"id": cid, "name": c["name"], "votes": c["votes"],
                              "percent_of_base": c["percent_of_base"], "round": rnd.number})  # fmt: skip
    return Outcome(elected, alternates)


def announce(election: Election, *, actor: Any = None) -> Election:
    with transaction.atomic():
        election = locked(election)
        require(election, ElectionAction.ANNOUNCE)
        election.status = ElectionStatus.PUBLISHED
        election.save(update_fields=["status"])
        result = outcome(election)
        log_step("result.published", election, actor, elected=[e["id"] for e in result.elected],
            alternates=[a["id"] for a in result.alternates])  # fmt: skip
    return election


def approve(election: Election, *, reference: str, actor: Any = None) -> Election:
    """The superior committee's approval (chuẩn y, Reg. 190 Art. 2) typed by the organizer: its decision's
    reference. Refused when the superior committee is in daihoi: the result dossier is submitted to it
    and it records its decision there (daihoi.seasons.services.approval)."""
    superior = election.congress.organization.superior
    if superior is not None:
        raise ElectionError("approval_superior_in_daihoi", superior=superior.name)
    if not reference.strip():
        raise ElectionError("reference_required")
    return record_superior_approval(election, reference=reference, actor=actor)


def record_superior_approval(election: Election, *, reference: str, actor: Any = None) -> Election:
    """Mark the announced election APPROVED with the reference of the superior's decision."""
    with transaction.atomic():
        election = locked(election)
        require(election, ElectionAction.SUPERIOR_APPROVE)
        election.status = ElectionStatus.APPROVED
        election.approval_reference = reference.strip()
        election.save(update_fields=["status", "approval_reference"])
        log_step("result.approved", election, actor, reference=reference)
    return election


def save_news(election: Election, text: str, *, actor: Any = None) -> Election:
    with transaction.atomic():
        election = locked(election)
        election.news_text = text
        election.save(update_fields=["news_text"])
        log_step("news.saved", election, actor, length=len(text))
    return election
