"""Who sees a count's figures before the result is announced (docs/security.md, "Who sees results before
they are announced").

Until the head of the counting committee announces the result to the congress, the figures (votes,
percentages, who is elected) are for the counting committee and the technical staff assisting it: in
daihoi the holders of `election.count` (the counting committee and the organizer). The presidium and
observers see them once announced, like the congress and the projector. A round is announced when the
election is announced (published, then approved), and also when the congress had to hear it to decide on
a further round: the election awaits that decision (pending), or a later round exists.
"""

from __future__ import annotations

from typing import Any

from daihoi.accounts.permissions import has_permission
from daihoi.elections.models import Election, ElectionStatus, Round

ANNOUNCED = frozenset({ElectionStatus.PUBLISHED, ElectionStatus.APPROVED})


def announced(election: Election, rnd: Round | None = None) -> bool:
    """Whether the figures of `rnd` (or, without a round, the election's outcome) have been announced."""
    if election.status in ANNOUNCED:
        return True
    if rnd is None:
        return False
    if election.status == ElectionStatus.PENDING:
        return True
    return election.rounds.filter(number__gt=rnd.number).exists()


def may_see_figures(user: Any, election: Election, rnd: Round | None = None) -> bool:
    """Figures are shown to the counting committee and the organizer always, to others once announced."""
    if announced(election, rnd):
        return True
    return has_permission(user, election.congress.organization, "election.count")


# Documents of the congress's dossier (daihoi.congresses.dossier.DOCUMENTS) that state a count's figures:
# votes, who is elected, ballots valid and invalid. Until announced they are the counting committee's too.
FIGURE_DOCUMENTS = frozenset(
    {
        "counting_minutes",
        "elected_list",
        "entry_log",
        "ballot_sealing_minutes",
        "congress_minutes",
        "results_announcement",
        "approval_submission",
        "summary_profiles",
    }
)


def every_count_announced(congress: Any) -> bool:
    """Whether every round of the congress that has figures has been announced."""
    rounds = Round.objects.filter(election__congress=congress).exclude(result={}).select_related("election")
    return all(announced(rnd.election, rnd) for rnd in rounds)


def may_see_document(user: Any, congress: Any, key: str, obj: Any = None) -> bool:
    """Whether `user` may read the dossier document `key` (its part `obj`: a round, an election or None)."""
    if key not in FIGURE_DOCUMENTS or has_permission(user, congress.organization, "election.count"):
        return True
    if isinstance(obj, Round):
        return announced(obj.election, obj)
    if isinstance(obj, Election):
        return announced(obj)
    return every_count_announced(congress)
