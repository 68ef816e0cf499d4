"""The engine's input: one round of one election, as plain typed data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from daihoi.core.names import NameParts, ballot_sort_key, split_name

from .ballots import Ballot, BallotFile, BallotForm, ballot_form
from .base import CongressFigures
from .kinds import KIND_RULES, ElectionKind
from .profile import PARTY, RuleProfile


@dataclass(frozen=True)
class Candidate:
    id: str
    name: str
    birth_date: date | None = None
    parts: NameParts | None = None  # override for compound family names or two-word given names

    @cached_property
    def name_parts(self) -> NameParts:
        """Normalized parts (the override, or the split of the name); computed once per candidate."""
        return self.parts or split_name(self.name)

    @cached_property
    def sort_key(self) -> bytes:
        return ballot_sort_key(self.name_parts, self.birth_date)


@dataclass(frozen=True)
class RoundInfo:
    number: int = 1
    revote: bool = False  # a revote among candidates tied at a cut-off: plurality, no threshold


@dataclass(frozen=True)
class ElectionInput:
    kind: ElectionKind
    congress: CongressFigures
    seats: int
    candidates: Sequence[Candidate]
    ballots_issued: int
    ballots: Sequence[Ballot] = ()
    alternates: int = 0
    profile: RuleProfile = PARTY
    ballots_returned: int | None = None  # counted from the box; defaults to the ballots entered
    round: RoundInfo = field(default_factory=RoundInfo)
    ballots_file: BallotFile | None = None  # big counts: ballots streamed from a file instead of `ballots`
    title: str = ""  # free text for the output (congress, what is elected)

    @property
    def places(self) -> int:
        return self.seats + self.alternates

    @property
    def form(self) -> BallotForm:
        return ballot_form(len(self.candidates), self.places)

    @property
    def vote_limit(self) -> int:
        """How many names a valid ballot may keep."""
        if self.kind is ElectionKind.DELEGATES and self.profile.delegates_vote_limit == "officials":
            return self.seats
        return self.places

    @property
    def applies_threshold(self) -> bool:
        if self.round.revote:
            return self.profile.revote_threshold
        if not KIND_RULES[self.kind].threshold:
            return self.profile.opinion_ballot_threshold
        return self.profile.threshold_base != "none"
