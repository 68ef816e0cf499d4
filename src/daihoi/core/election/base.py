"""Threshold base D from the congress figures (spec §6.1; Reg. 190 Art. 30; Charter 12.3) and quorum (§3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .errors import ElectionInputError
from .profile import RuleProfile


class CongressKind(StrEnum):
    MEMBERS = "members"  # đại hội đảng viên
    DELEGATES = "delegates"  # đại hội đại biểu
    COMMITTEE = "committee"  # first meeting of a new committee (standing committee, secretary, ...)


EXCLUSION_FIELDS: tuple[str, ...] = (
    "attached_elsewhere",
    "exempted_absent",
    "suspended",
    "absent_with_reason",
    "committee_absent",
    "delegates_absent_unreplaced",
)

# Which exclusions the base deducts, by congress kind.
DEDUCTED: dict[CongressKind, tuple[str, ...]] = {
    CongressKind.MEMBERS: ("attached_elsewhere", "exempted_absent", "suspended", "absent_with_reason"),
    CongressKind.DELEGATES: ("committee_absent", "delegates_absent_unreplaced"),
    CongressKind.COMMITTEE: ("absent_with_reason",),
}


@dataclass(frozen=True)
class CongressFigures:
    kind: CongressKind
    convened: int  # official members (members' congress) or official delegates convened; never guests
    present: int
    exclusions: dict[str, int] = field(default_factory=dict)

    def excluded(self, name: str) -> int:
        return self.exclusions.get(name, 0)


@dataclass(frozen=True)
class Base:
    value: int  # D
    deductions: dict[str, int]  # the exclusions subtracted from `convened`, for the minutes


def deducted_fields(figures: CongressFigures, profile: RuleProfile) -> tuple[str, ...]:
    if figures.kind is CongressKind.COMMITTEE and not profile.committee_meeting_deducts_absent_with_reason:
        return ()
    return DEDUCTED[figures.kind]


def congress_base(figures: CongressFigures, profile: RuleProfile) -> Base:
    """D = convened minus the exclusions that apply to this kind of congress."""
    used = deducted_fields(figures, profile)
    for name, count in figures.exclusions.items():
        if count and name not in DEDUCTED[figures.kind]:
            raise ElectionInputError(
                "exclusion_not_applicable",
                field=f"congress.exclusions.{name}",
                value=count,
                kind=figures.kind,
            )
    deductions = {name: figures.excluded(name) for name in used if figures.excluded(name)}
    value = figures.convened - sum(deductions.values())
    if value <= 0:
        raise ElectionInputError("base_not_positive", field="congress.exclusions", value=value)
    return Base(value, deductions)


def passes(votes: int, base: int) -> bool:
    """More than half, strictly: 2 * votes > D (never votes >= D / 2 in floats)."""
    return 2 * votes > base


def smallest_passing(base: int) -> int:
    return base // 2 + 1


def two_thirds_met(present: int, convened: int) -> bool:
    """Charter 11.6: at least two thirds present (3 * present >= 2 * convened), in integers."""
    return 3 * present >= 2 * convened


def two_thirds_needed(convened: int) -> int:
    """The smallest number present that meets two thirds of `convened`."""
    return (2 * convened + 2) // 3


def support_needed(attending: int) -> int:
    """Reg. 190: a floor or self nominee needs the support of more than 30% of those attending."""
    return (3 * attending) // 10 + 1


def quorum_met(figures: CongressFigures, profile: RuleProfile) -> tuple[bool, int]:
    """Charter 11.6: 3 * present >= 2 * convened; returns the verdict and the "convened" figure used."""
    convened = figures.convened
    if profile.quorum_deducts_exclusions:
        convened -= sum(figures.excluded(n) for n in deducted_fields(figures, profile))
    return two_thirds_met(figures.present, convened), convened
