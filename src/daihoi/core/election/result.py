"""The result of one round, and its JSON shape (docs/tally-format.md)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from .checks import Notice
from .validity import InvalidReason, Override

Status = Literal["complete", "revote", "shortfall"]
Role = Literal["official", "alternate"]


@dataclass(frozen=True)
class CandidateResult:
    id: str
    name: str
    birth_date: str | None  # ISO date
    show_birth_date: bool  # identical full names: print the date of birth beside them (§5)
    votes: int
    percent_of_base: Decimal | None  # two decimals, half-up
    percent_of_valid: Decimal | None
    passed: bool | None  # None when this round applies no threshold (revote, opinion ballot)
    elected: bool
    role: Role | None


@dataclass(frozen=True)
class NextRound:
    """What the congress must do next: a revote among tied candidates, or a further round."""

    kind: Literal["revote", "next_round"]
    number: int
    candidates: tuple[str, ...]  # revote: exactly these; next round: the remaining ones (new names allowed)
    seats: int
    alternates: int
    threshold: bool


@dataclass(frozen=True)
class RoundResult:
    status: Status
    title: str
    kind: str
    round: int
    revote_round: bool
    profile: str
    settings: dict[str, Any]
    unconfirmed: tuple[str, ...]
    form: str
    seats: int
    alternates_sought: int
    congress: dict[str, Any]  # kind, convened, present: the figures the minutes print
    base: int  # D (or the generic profile's base)
    base_kind: str
    base_deductions: dict[str, int]
    threshold: int | None  # the smallest passing vote count; None when no threshold applies
    issued: int
    returned: int
    valid: int
    invalid: int
    invalid_reasons: dict[InvalidReason, int]
    candidates: tuple[CandidateResult, ...]  # ballot order
    elected: tuple[str, ...]  # votes descending
    alternates: tuple[str, ...]
    next_rounds: tuple[NextRound, ...]
    overrides: tuple[Override, ...]
    warnings: tuple[Notice, ...]

    @property
    def revote(self) -> NextRound | None:
        return next((r for r in self.next_rounds if r.kind == "revote"), None)

    @property
    def shortfall(self) -> NextRound | None:
        return next((r for r in self.next_rounds if r.kind == "next_round"), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready; percentages as decimal strings ("52.08") so no reader sees binary floats."""

        def pct(value: Decimal | None) -> str | None:
            return None if value is None else str(value)

        def round_dict(r: NextRound | None) -> dict[str, Any] | None:
            if r is None:
                return None
            return {
                "kind": r.kind,
                "round": r.number,
                "candidates": list(r.candidates),
                "seats": r.seats,
                "alternates": r.alternates,
                "threshold": r.threshold,
            }

        return {
            "status": self.status,
            "title": self.title,
            "election": self.kind,
            "round": self.round,
            "revote_round": self.revote_round,
            "rules": {
                "profile": self.profile,
                "settings": self.settings,
                "unconfirmed": list(self.unconfirmed),
            },
            "form": self.form,
            "seats": self.seats,
            "alternates_sought": self.alternates_sought,
            "congress": self.congress,
            "base": self.base,
            "base_kind": self.base_kind,
            "base_deductions": self.base_deductions,
            "threshold": self.threshold,
            "ballots": {
                "issued": self.issued,
                "returned": self.returned,
                "valid": self.valid,
                "invalid": self.invalid,
                "invalid_reasons": {str(k): v for k, v in self.invalid_reasons.items()},
            },
            "candidates": [
                {
                    "id": c.id,
                    "name": c.name,
                    "birth_date": c.birth_date,
                    "show_birth_date": c.show_birth_date,
                    "votes": c.votes,
                    "percent_of_base": pct(c.percent_of_base),
                    "percent_of_valid": pct(c.percent_of_valid),
                    "passed": c.passed,
                    "elected": c.elected,
                    "role": c.role,
                }
                for c in self.candidates
            ],
            "elected": list(self.elected),
            "alternates": list(self.alternates),
            "revote": round_dict(self.revote),
            "shortfall": round_dict(self.shortfall),
            "next_rounds": [round_dict(r) for r in self.next_rounds],
            "overrides": [
                {
                    "ballot": o.index,
                    "proposed": o.proposed and str(o.proposed),
                    "ruled": o.ruled and str(o.ruled),
                    "reason": o.reason,
                }
                for o in self.overrides
            ],
            "warnings": [{"code": w.code, **w.params} for w in self.warnings],
        }
