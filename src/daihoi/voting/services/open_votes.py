"""Open votes on phones: each delegate's choice is recorded, as a raised card is seen by all.

The presidium still counts the cards of delegates without a phone; closing the vote adds the two
(congresses.services.close_open_vote asks `phone_counts` through the hook in congresses.hooks).
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count

from daihoi.congresses.models import Delegate, OpenVote, OpenVoteStatus
from daihoi.live_signals import changed
from daihoi.voting.errors import VotingError
from daihoi.voting.models import Device, OpenVoteChoice

CHOICES = tuple(c.value for c in OpenVoteChoice.Choice)


def choose(vote: OpenVote, device: Device, choice: str) -> OpenVoteChoice:
    """Record the phone's delegate's choice on an open vote (once; only while the vote is open)."""
    if choice not in CHOICES:
        raise VotingError("bad_choice", value=str(choice)[:32])
    with transaction.atomic():
        # Share the vote's row with other phones; closing the vote (FOR UPDATE) waits for them.
        vote = OpenVote.objects.select_for_update(no_key=True).get(pk=vote.pk)
        delegate = Delegate.objects.get(pk=device.delegate_id)
        if delegate.congress_id != vote.congress_id:
            raise VotingError("not_this_congress")
        if not Device.objects.filter(pk=device.pk, revoked_at__isnull=True).exists():
            raise VotingError("device_revoked")
        if vote.status != OpenVoteStatus.OPEN:
            raise VotingError("vote_not_open", value=vote.title)
        if not delegate.present:
            raise VotingError("voter_not_present")
        if not delegate.has_vote:
            raise VotingError("voter_without_vote")
        try:
            with transaction.atomic():
                made = OpenVoteChoice.objects.create(vote=vote, delegate=delegate, choice=choice)
        except IntegrityError as exc:
            raise VotingError("already_chosen", value=vote.title) from exc
        changed(f"congress:{vote.congress_id}")  # not audited one by one: the live pages' version
        return made


def phone_counts(vote: OpenVote) -> dict[str, int]:
    """{"agree": a, "disagree": d, "abstain": x} of the choices made on phones (zeros when none)."""
    found = dict(
        OpenVoteChoice.objects.filter(vote=vote)
        .values_list("choice")
        .annotate(n=Count("id"))
        .values_list("choice", "n")
    )
    return {c: int(found.get(c, 0)) for c in CHOICES}


def choice_of(vote: OpenVote, delegate: Delegate) -> str | None:
    return (
        OpenVoteChoice.objects.filter(vote=vote, delegate=delegate).values_list("choice", flat=True).first()
    )


def choices_by_delegate(vote: OpenVote) -> list[dict[str, Any]]:
    """Who chose what (an open vote is open): for the vote's record."""
    return [
        {"number": n, "name": name, "choice": c}
        for n, name, c in OpenVoteChoice.objects.filter(vote=vote)
        .order_by("delegate__number")
        .values_list("delegate__number", "delegate__full_name", "choice")
    ]
