"""Extension points for the elections app (which comes later and must not be imported from here).

- Candidates: an election workflow calls `register_candidate_provider(fn)` once (in its AppConfig.ready);
  `fn(congress)` returns the ids of the roll members who stand in any election of that congress. The
  counting committee refuses them (Reg. 190 Art. 8).
- Phone counts: `register_phone_counter(fn)`; `fn(vote)` returns {"agree", "disagree", "abstain"} of the
  choices delegates made on phones in an open vote; closing the vote adds them to the counted cards.
- Projector panels: `register_projector_panel(fn)`; `fn(congress)` returns a list of
  (template_name, context) pairs shown under the open-vote results (e.g. election results).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from daihoi.congresses.models import Congress

CandidateProvider = Callable[["Congress"], set[int]]
ProjectorPanel = Callable[["Congress"], list[tuple[str, dict[str, Any]]]]

_candidate_providers: list[CandidateProvider] = []
_projector_panels: list[ProjectorPanel] = []


def register_candidate_provider(provider: CandidateProvider) -> CandidateProvider:
    if provider not in _candidate_providers:
        _candidate_providers.append(provider)
    return provider


def unregister_candidate_provider(provider: CandidateProvider) -> None:
    if provider in _candidate_providers:
        _candidate_providers.remove(provider)


def candidate_member_ids(congress: Congress) -> set[int]:
    """Roll members standing in any (later) election of this congress."""
    ids: set[int] = set()
    for provider in _candidate_providers:
        ids |= set(provider(congress))
    return ids


def register_projector_panel(panel: ProjectorPanel) -> ProjectorPanel:
    if panel not in _projector_panels:
        _projector_panels.append(panel)
    return panel


def unregister_projector_panel(panel: ProjectorPanel) -> None:
    if panel in _projector_panels:
        _projector_panels.remove(panel)


def projector_panels(congress: Congress) -> list[tuple[str, dict[str, Any]]]:
    panels: list[tuple[str, dict[str, Any]]] = []
    for panel in _projector_panels:
        panels.extend(panel(congress))
    return panels


PhoneCounter = Callable[[Any], dict[str, int]]
_phone_counters: list[PhoneCounter] = []


def register_phone_counter(counter: PhoneCounter) -> PhoneCounter:
    if counter not in _phone_counters:
        _phone_counters.append(counter)
    return counter


def phone_counts(vote: Any) -> dict[str, int]:
    total = {"agree": 0, "disagree": 0, "abstain": 0}
    for counter in _phone_counters:
        for key, n in counter(vote).items():
            total[key] = total.get(key, 0) + n
    return total


# Whether a delegate has taken a ballot in a poll still open (the voting app answers): their check-in is
# then part of that poll's figures and cannot be undone until it closes.
BallotTakenCheck = Callable[[Any], bool]
_ballot_taken_checks: list[BallotTakenCheck] = []


def register_ballot_taken_check(check: BallotTakenCheck) -> BallotTakenCheck:
    if check not in _ballot_taken_checks:
        _ballot_taken_checks.append(check)
    return check


def ballot_taken_in_open_poll(delegate: Any) -> bool:
    return any(check(delegate) for check in _ballot_taken_checks)
