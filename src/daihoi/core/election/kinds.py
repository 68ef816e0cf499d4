"""Election kinds (spec §1, §4) and what each allows."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ElectionKind(StrEnum):
    EXECUTIVE_COMMITTEE = "executive_committee"
    BRANCH_COMMITTEE = "branch_committee"
    STANDING_COMMITTEE = "standing_committee"
    SECRETARY = "secretary"
    DEPUTY_SECRETARY = "deputy_secretary"
    INSPECTION_COMMITTEE = "inspection_committee"
    DELEGATES = "delegates"
    OPINION_BALLOT = "opinion_ballot"


@dataclass(frozen=True)
class KindRules:
    alternates: bool = False  # only delegates elect alternates from the same ballot (Reg. 190 Art. 18)
    max_seats: int | None = None  # warned, never blocked: the superior may approve exceptions
    threshold: bool = True  # opinion ballots rank nominees; nobody is "elected" by a majority


KIND_RULES: dict[ElectionKind, KindRules] = {
    ElectionKind.EXECUTIVE_COMMITTEE: KindRules(),
    ElectionKind.BRANCH_COMMITTEE: KindRules(max_seats=7),  # QĐ 294: a branch committee has at most 7
    ElectionKind.STANDING_COMMITTEE: KindRules(),
    ElectionKind.SECRETARY: KindRules(max_seats=1),
    ElectionKind.DEPUTY_SECRETARY: KindRules(),
    ElectionKind.INSPECTION_COMMITTEE: KindRules(),
    ElectionKind.DELEGATES: KindRules(alternates=True),
    ElectionKind.OPINION_BALLOT: KindRules(threshold=False),
}
