"""Winner determination for one round (spec §6.4, §6.5).

Candidates that pass the threshold are ranked by votes; positions 1..seats are officials (the elected),
the next `alternates` positions are alternates. A group of equal votes that straddles a boundary
(the cut-off, or the official/alternate boundary) goes to a revote among that group only, for exactly
the positions it straddles. Fewer passing candidates than positions is a shortfall.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby


@dataclass(frozen=True)
class RevoteGroup:
    candidates: tuple[int, ...]  # candidate positions (ballot order)
    seats: int  # officials (elected) to choose among them
    alternates: int  # alternates to choose among them


@dataclass(frozen=True)
class Decision:
    officials: tuple[int, ...]  # by votes descending, ties in ballot order
    alternates: tuple[int, ...]
    revotes: tuple[RevoteGroup, ...]
    short_seats: int  # officials still to elect (shortfall)
    short_alternates: int


def decide(votes: Sequence[int], passing: Sequence[bool], seats: int, alternates: int = 0) -> Decision:
    """Place candidates given in ballot order; `passing[i]` says whether candidate i met the threshold."""
    total = seats + alternates
    eligible = sorted((i for i in range(len(votes)) if passing[i]), key=lambda i: -votes[i])
    officials: list[int] = []
    alts: list[int] = []
    revotes: list[RevoteGroup] = []
    pos = 0
    for _, members in groupby(eligible, key=lambda i: votes[i]):
        if pos >= total:
            break
        group = list(members)
        end = pos + len(group)
        if any(pos < boundary < end for boundary in (seats, total)):
            in_seats = max(0, min(seats, end) - pos)
            in_alternates = max(0, min(total, end) - max(seats, pos))
            revotes.append(RevoteGroup(tuple(group), in_seats, in_alternates))
        elif pos < seats:
            officials.extend(group)
        else:
            alts.extend(group)
        pos = end
    filled = min(len(eligible), total)
    return Decision(
        officials=tuple(officials),
        alternates=tuple(alts),
        revotes=tuple(revotes),
        short_seats=max(0, seats - filled),
        short_alternates=max(0, total - max(filled, seats)),
    )
