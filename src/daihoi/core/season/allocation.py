"""Allocation of the upper congress's seats among the organizations below (largest remainders).

CONTRACT (implemented by the season helper; see /work/wt/DESIGN.md):

    allocate(total: int, ex_officio: int, members: Mapping[str, int], minimum: int = 1,
             caps: Mapping[str, int] | None = None) -> Allocation

`total` delegates convened in all, of whom `ex_officio` sit by right; the rest, total - ex_officio, are
elected below and divided among the organizations (code -> official members) by membership, each at
least `minimum` (and at most its cap, by default its membership), by the largest-remainder (Hare) method,
every step exact (Fraction) and shown.

The method. E = total - ex_officio seats are shared in proportion to membership: an organization's quota
is E·m/M. An organization whose quota falls below the minimum is fixed at the minimum and the rest of the
seats is re-divided among the others (an organization above its cap likewise fixed at its cap), until no
quota of the organizations left falls outside its bounds. Equivalently the quotas are λ·m for one factor λ
such that the bounded quotas add up to E; it is found exactly among the breakpoints min/m and cap/m.
Each organization left free gets the whole part (floor) of its quota, and the seats still over go one each
to the largest remainders; equal remainders go first to the larger membership, then by code (the tie is
marked in the rows).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import floor
from typing import Any

from daihoi.core.procedure.errors import ProcedureError


class AllocationError(ProcedureError):
    """The seats cannot be divided as asked: `code` names the reason, `params` the figures.

    Codes: allocation_negative (field, value), allocation_no_organizations,
    allocation_total_below_ex_officio (total, ex_officio), allocation_no_members (organization, members),
    allocation_cap_below_minimum (organization, cap, minimum), allocation_minimum_too_high (elected, minimum,
    organizations, needed), allocation_caps_too_small (elected, capacity).
    """


def two_decimals(value: Fraction) -> Decimal:
    """A fraction rounded half up to two decimals (as the computation table shows it)."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True)
class AllocationRow:
    """One organization's line of the computation."""

    code: str
    members: int
    cap: int
    quota: Fraction  # its proportional share in the final division (λ·members)
    floor: int  # whole part of the quota (for an organization fixed at a bound: the bound)
    remainder: Fraction  # quota - floor (0 when fixed at a bound)
    extra: bool  # got one of the seats left over, by its remainder
    seats: int
    at_minimum: bool  # its share fell below the minimum: fixed at the minimum
    at_cap: bool  # its share rose above its cap: fixed at its cap
    tied: bool = False  # its remainder equals another's across the last extra seat: order decided by
    # larger membership, then code

    @property
    def quota_2dp(self) -> Decimal:
        return two_decimals(self.quota)

    @property
    def remainder_2dp(self) -> Decimal:
        return two_decimals(self.remainder)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "members": self.members,
            "cap": self.cap,
            "quota": f"{self.quota.numerator}/{self.quota.denominator}",
            "quota_2dp": str(self.quota_2dp),
            "floor": self.floor,
            "remainder": f"{self.remainder.numerator}/{self.remainder.denominator}",
            "remainder_2dp": str(self.remainder_2dp),
            "extra": self.extra,
            "seats": self.seats,
            "at_minimum": self.at_minimum,
            "at_cap": self.at_cap,
            "tied": self.tied,
        }


@dataclass(frozen=True)
class Allocation:
    """The result: `seats` per code, and `rows` (in code order) showing how."""

    total: int
    ex_officio: int
    minimum: int
    factor: Fraction  # λ: seats per member among the organizations not fixed at a bound
    rows: tuple[AllocationRow, ...]
    seats: dict[str, int] = field(default_factory=dict)

    @property
    def elected(self) -> int:
        return self.total - self.ex_officio

    @property
    def members_total(self) -> int:
        return sum(r.members for r in self.rows)

    @property
    def extra_seats(self) -> int:
        return sum(1 for r in self.rows if r.extra)

    def row(self, code: str) -> AllocationRow:
        for row in self.rows:
            if row.code == code:
                return row
        raise KeyError(code)

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "ex_officio": self.ex_officio,
            "elected": self.elected,
            "minimum": self.minimum,
            "members_total": self.members_total,
            "factor": f"{self.factor.numerator}/{self.factor.denominator}",
            "rows": [r.as_dict() for r in self.rows],
            "seats": dict(self.seats),
        }


def _check(
    total: int, ex_officio: int, members: Mapping[str, int], minimum: int, caps: dict[str, int]
) -> int:
    for name, value in (("total", total), ("ex_officio", ex_officio), ("minimum", minimum)):
        if value < 0:
            raise AllocationError("allocation_negative", field=name, value=value)
    if not members:
        raise AllocationError("allocation_no_organizations")
    if total < ex_officio:
        raise AllocationError("allocation_total_below_ex_officio", total=total, ex_officio=ex_officio)
    for code in sorted(members):
        if members[code] <= 0:
            raise AllocationError("allocation_no_members", organization=code, members=members[code])
    for code in sorted(members):
        if caps[code] < minimum:
            raise AllocationError(
                "allocation_cap_below_minimum", organization=code, cap=caps[code], minimum=minimum
            )
    elected = total - ex_officio
    needed = minimum * len(members)
    if elected < needed:
        raise AllocationError(
            "allocation_minimum_too_high",
            elected=elected,
            minimum=minimum,
            organizations=len(members),
            needed=needed,
        )
    capacity = sum(caps.values())
    if capacity < elected:
        raise AllocationError("allocation_caps_too_small", elected=elected, capacity=capacity)
    return elected


def _bounded_sum(
    factor: Fraction, members: Mapping[str, int], minimum: int, caps: Mapping[str, int]
) -> Fraction:
    return sum(
        (min(Fraction(caps[c]), max(Fraction(minimum), factor * m)) for c, m in members.items()), Fraction(0)
    )


def _factor(elected: int, members: Mapping[str, int], minimum: int, caps: Mapping[str, int]) -> Fraction:
    """λ such that Σ clamp(λ·m, minimum, cap) = elected (the largest such λ when several fit)."""
    points = sorted(
        {Fraction(minimum, m) for m in members.values()} | {Fraction(caps[c], m) for c, m in members.items()}
    )
    # g(points[0]) = minimum·n <= elected (checked): find the last breakpoint where g <= elected.
    low, high = 0, len(points) - 1
    while low < high:
        mid = (low + high + 1) // 2
        if _bounded_sum(points[mid], members, minimum, caps) <= elected:
            low = mid
        else:
            high = mid - 1
    base = points[low]
    if _bounded_sum(base, members, minimum, caps) == elected:
        return base  # g rises right after `base` (else the search would have gone further)
    # g(base) < elected <= Σ caps = g(last point), so a next point exists, with g(next) > elected: in
    # between, the organizations fixed at a bound are known and λ is solved exactly.
    nxt = points[low + 1]  # g(nxt) > elected
    fixed = Fraction(0)
    free_members = 0
    for code, m in members.items():
        if Fraction(minimum, m) >= nxt:
            fixed += minimum
        elif Fraction(caps[code], m) <= base:
            fixed += caps[code]
        else:
            free_members += m
    return (elected - fixed) / free_members


def allocate(
    total: int,
    ex_officio: int,
    members: Mapping[str, int],
    minimum: int = 1,
    caps: Mapping[str, int] | None = None,
) -> Allocation:
    """Divide total - ex_officio elected seats among `members` (code -> official members); see the module."""
    members = {str(code): int(count) for code, count in members.items()}
    bounds = {code: int((caps or {}).get(code, count)) for code, count in members.items()}
    elected = _check(int(total), int(ex_officio), members, int(minimum), bounds)
    factor = _factor(elected, members, minimum, bounds)

    quotas = {code: factor * m for code, m in members.items()}
    low = {code for code, q in quotas.items() if q < minimum}
    high = {code for code, q in quotas.items() if q > bounds[code]}
    free = [code for code in members if code not in low and code not in high]
    floors = {code: floor(quotas[code]) for code in free}
    fixed_sum = minimum * len(low) + sum(bounds[c] for c in high)
    left = elected - fixed_sum - sum(floors.values())
    order = sorted(free, key=lambda c: (-(quotas[c] - floors[c]), -members[c], c))
    extras = set(order[:left])
    tied: set[str] = set()
    if 0 < left < len(order):
        cutoff = quotas[order[left - 1]] - floors[order[left - 1]]
        if quotas[order[left]] - floors[order[left]] == cutoff:
            tied = {c for c in order if quotas[c] - floors[c] == cutoff}

    rows: list[AllocationRow] = []
    for code in sorted(members):
        quota = quotas[code]
        if code in low or code in high:
            bound = minimum if code in low else bounds[code]
            rows.append(
                AllocationRow(
                    code=code,
                    members=members[code],
                    cap=bounds[code],
                    quota=quota,
                    floor=bound,
                    remainder=Fraction(0),
                    extra=False,
                    seats=bound,
                    at_minimum=code in low,
                    at_cap=code in high,
                )
            )
            continue
        extra = code in extras
        rows.append(
            AllocationRow(
                code=code,
                members=members[code],
                cap=bounds[code],
                quota=quota,
                floor=floors[code],
                remainder=quota - floors[code],
                extra=extra,
                seats=floors[code] + (1 if extra else 0),
                at_minimum=False,
                at_cap=False,
                tied=code in tied,
            )
        )
    return Allocation(
        total=int(total),
        ex_officio=int(ex_officio),
        minimum=int(minimum),
        factor=factor,
        rows=tuple(rows),
        seats={r.code: r.seats for r in rows},
    )


def seats_of(rows: Iterable[AllocationRow]) -> dict[str, int]:
    return {r.code: r.seats for r in rows}
