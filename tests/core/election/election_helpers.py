"""Small builders for election inputs in tests."""

from __future__ import annotations

from typing import Any

from daihoi.core.election import (
    PARTY,
    Ballot,
    Candidate,
    CongressFigures,
    CongressKind,
    ElectionInput,
    ElectionKind,
    RoundInfo,
    RuleProfile,
)

NAMES = [
    "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em",
    "Vũ Thị Giang", "Đặng Văn Hải", "Bùi Thị Khánh", "Đỗ Văn Long", "Ngô Thị Mai",
]  # fmt: skip


def candidates(n: int) -> list[Candidate]:
    """c0..c(n-1); with the names above their ballot order is their index order (given names A..M)."""
    return [
        Candidate(id=f"c{i}", name=NAMES[i] if i < len(NAMES) else f"Người Thứ {i:03d}") for i in range(n)
    ]


def members(convened: int, present: int | None = None, **exclusions: int) -> CongressFigures:
    return CongressFigures(
        CongressKind.MEMBERS, convened, convened if present is None else present, exclusions
    )


def election(
    *,
    n: int,
    seats: int,
    ballots: list[Ballot],
    congress: CongressFigures | None = None,
    kind: ElectionKind = ElectionKind.EXECUTIVE_COMMITTEE,
    alternates: int = 0,
    profile: RuleProfile = PARTY,
    revote: bool = False,
    **extra: Any,
) -> ElectionInput:
    congress = congress or members(len(ballots) or 1)
    return ElectionInput(
        kind=kind,
        congress=congress,
        seats=seats,
        alternates=alternates,
        candidates=candidates(n),
        ballots_issued=extra.pop("ballots_issued", len(ballots)),
        ballots=ballots,
        profile=profile,
        round=RoundInfo(number=2 if revote else 1, revote=revote),
        **extra,
    )


def kept(*ids: int, **ruling: Any) -> Ballot:
    from daihoi.core.election import Ruling

    return Ballot(kept=[f"c{i}" for i in ids], ruling=Ruling(**ruling) if ruling else None)


def votes_for(counts: dict[int, int], n_ballots: int, keep_max: int) -> list[Ballot]:
    """Ballots giving candidate i exactly counts[i] votes, no ballot keeping more than keep_max names."""
    rows: list[list[int]] = [[] for _ in range(n_ballots)]
    cursor = 0
    for cand, k in counts.items():
        for _ in range(k):
            for _step in range(n_ballots):
                row = rows[cursor % n_ballots]
                cursor += 1
                if cand not in row and len(row) < keep_max:
                    row.append(cand)
                    break
            else:
                raise AssertionError("cannot place votes")
    return [kept(*row) for row in rows]
