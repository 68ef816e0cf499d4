"""The projector during an electronic poll: "x / y have voted", big — never a partial result.

Registered as a congress projector panel (daihoi.congresses.hooks) by VotingConfig.ready. A poll shows
while it is open and, once closed, until its round is counted; the result then comes on the projector
through the elections' own panel, after the announcement, as for paper ballots.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from daihoi.congresses.models import Congress


def projector_panel(congress: Congress) -> list[tuple[str, dict[str, Any]]]:
    from daihoi.elections.models import RoundStatus
    from daihoi.voting.models import Poll, PollStatus
    from daihoi.voting.poll_views import seconds_left
    from daihoi.voting.services.polls import progress

    poll = (
        Poll.objects.select_related("round__election")
        .filter(round__election__congress=congress)
        .exclude(status=PollStatus.CLOSED, round__status=RoundStatus.CLOSED)
        .order_by("-opened_at", "-id")
        .first()
    )
    if poll is None:
        return []
    left = seconds_left(poll)
    return [
        (
            "voting/poll/_projector.html",
            {
                "poll": poll,
                "round": poll.round,
                "election": poll.round.election,
                "progress": progress(poll),
                "is_open": poll.status == PollStatus.OPEN,
                "time_left": f"{left // 60}:{left % 60:02d}" if left is not None else "",
                "since": poll.closed_at or poll.opened_at or timezone.now(),
            },
        )
    ]
