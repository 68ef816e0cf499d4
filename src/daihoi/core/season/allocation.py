"""Allocation of the upper congress's seats among the organizations below (largest remainders).

CONTRACT (implemented by the season helper; see /work/wt/DESIGN.md):

    allocate(total: int, ex_officio: int, members: Mapping[str, int], minimum: int = 1,
             caps: Mapping[str, int] | None = None) -> Allocation

`total` delegates convened in all, of whom `ex_officio` sit by right; the rest, total - ex_officio, are
elected below and divided among the organizations (code -> official members) by membership, each at
least `minimum` (and at most its cap, by default its membership), by the largest-remainder (Hare) method,
every step exact (Fraction) and shown.
"""

from __future__ import annotations
