"""Extension points for the elections app (which comes later and must not be imported from here).

- Candidates: an election workflow calls `register_candidate_provider(fn)` once (in its AppConfig.ready);
  `fn(congress)` returns the ids of the roll members who stand in any election of that congress. The
  counting committee refuses them (Reg. 190 Art. 8).
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
