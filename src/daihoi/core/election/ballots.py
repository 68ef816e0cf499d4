"""Ballot forms (spec §6.2) and their compact encoding: one uint8 cell per (ballot, candidate).

Cell codes: 0 = struck / no box marked, 1 = kept / "agree" only, 2 = "disagree" only, 3 = both boxes.
Only code 1 is a vote. A list with surplus uses 0/1 only.

Big counts stream from a file (`BallotFile`): rows of `n_candidates` bytes ("u8") or of
ceil(n_candidates / 8) bytes of packed bits, most significant bit first ("bits", 1 = kept/agree),
in the candidates' input order, read in chunks so no Python object is made per ballot.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import chain
from pathlib import Path

import numpy as np
import numpy.typing as npt

from .errors import ElectionInputError

Cells = npt.NDArray[np.uint8]

NONE, AGREE, DISAGREE, BOTH = 0, 1, 2, 3
MARKS: dict[str, int] = {"none": NONE, "agree": AGREE, "disagree": DISAGREE, "both": BOTH}


class BallotForm(StrEnum):
    SURPLUS = "surplus"  # more names than places: strike through the rejected ones
    NO_SURPLUS = "no_surplus"  # as many names as places (or fewer): agree / disagree per name
    SINGLE = "single"  # a one-person list: agree / disagree


def ballot_form(n_candidates: int, places: int) -> BallotForm:
    if n_candidates > places:
        return BallotForm.SURPLUS
    return BallotForm.SINGLE if n_candidates == 1 else BallotForm.NO_SURPLUS


@dataclass(frozen=True)
class Ruling:
    """What the counting committee saw or decided about one ballot (spec §6.3: it has the last word).

    `flags`: facts only the committee can see (not_issued, added_name, identifying_mark).
    `invalid`: the committee rules the ballot invalid with this reason code; `valid`: it rules it valid.
    `reason`: required whenever the ruling differs from what the software proposes.
    """

    flags: frozenset[str] = frozenset()
    invalid: str | None = None
    valid: bool = False
    reason: str = ""


@dataclass(frozen=True)
class Ballot:
    """One paper ballot as entered: `kept` (list with surplus) or `marks` {candidate id: mark}."""

    kept: Sequence[str] | None = None
    marks: Mapping[str, str] | None = None
    ruling: Ruling | None = None


@dataclass(frozen=True)
class BallotFile:
    path: Path
    encoding: str = "u8"  # "u8" or "bits"
    count: int | None = None  # when given, the file must hold exactly this many ballots
    rulings: Mapping[int, Ruling] = field(default_factory=dict)  # by 0-based ballot index


def _unknown(kept: Sequence[str], index: Mapping[str, int], where: str) -> ElectionInputError:
    for j, cid in enumerate(kept):
        if not isinstance(cid, str):
            return ElectionInputError("wrong_type", field=f"{where}[{j}]", value=repr(cid), expected="string")
        if cid not in index:
            return ElectionInputError("unknown_candidate", field=f"{where}[{j}]", value=cid)
    return ElectionInputError("wrong_type", field=where, value=repr(kept), expected="list of candidate ids")


def encode(
    ballots: Sequence[Ballot], index: Mapping[str, int], form: BallotForm, first: int = 0
) -> tuple[Cells, dict[int, Ruling]]:
    """Ballots -> (cells matrix, rulings by ballot index). Errors name `ballots[i]`."""
    n, m = len(ballots), len(index)
    cells = np.zeros((n, m), dtype=np.uint8)
    rulings: dict[int, Ruling] = {}
    lengths = np.zeros(n, dtype=np.intp)
    kept_lists: list[Sequence[str]] = []
    for i, ballot in enumerate(ballots):
        where = f"ballots[{first + i}]"
        if ballot.ruling is not None:
            rulings[first + i] = ballot.ruling
        if ballot.kept is not None:
            if form is not BallotForm.SURPLUS:
                raise ElectionInputError(
                    "ballot_form_mismatch", field=f"{where}.kept", form=form, index=first + i
                )
            lengths[i] = len(ballot.kept)
            kept_lists.append(ballot.kept)
        elif ballot.marks is None:
            raise ElectionInputError("missing_field", field=f"{where}.kept", index=first + i)
        elif form is BallotForm.SURPLUS:
            raise ElectionInputError(
                "ballot_form_mismatch", field=f"{where}.marks", form=form, index=first + i
            )
        else:
            for cid, mark in ballot.marks.items():
                if cid not in index:
                    raise ElectionInputError("unknown_candidate", field=f"{where}.marks", value=cid)
                if mark not in MARKS:
                    raise ElectionInputError("unknown_mark", field=f"{where}.marks.{cid}", value=repr(mark))
                cells[i, index[cid]] = MARKS[mark]
    if kept_lists:
        # One C-level pass over every kept id; on a bad id, look again ballot by ballot to name it.
        total = int(lengths.sum())
        try:
            flat = np.fromiter(map(index.__getitem__, chain.from_iterable(kept_lists)), np.intp, total)
        except (KeyError, TypeError):
            for i, ballot in enumerate(ballots):
                if ballot.kept is not None and not all(
                    isinstance(c, str) and c in index for c in ballot.kept
                ):
                    raise _unknown(ballot.kept, index, f"ballots[{first + i}].kept") from None
            raise
        cells[np.repeat(np.arange(n, dtype=np.intp), lengths), flat] = AGREE
        # A name kept twice sets one cell: the row holds fewer votes than names.
        short = np.flatnonzero((lengths > 0) & (np.count_nonzero(cells, axis=1) != lengths))
        if short.size:
            raise ElectionInputError("duplicate_candidate", field=f"ballots[{first + int(short[0])}].kept",
                                     index=first + int(short[0]))  # fmt: skip
    return cells, rulings


def row_bytes(encoding: str, n_candidates: int) -> int:
    return n_candidates if encoding == "u8" else (n_candidates + 7) // 8


def file_ballot_count(source: BallotFile, n_candidates: int) -> int:
    width = row_bytes(source.encoding, n_candidates)
    try:
        size = source.path.stat().st_size
    except OSError:
        raise ElectionInputError(
            "file_not_found", field="ballots_file.path", value=str(source.path)
        ) from None
    if size % width:
        raise ElectionInputError("ballots_file_size", field="ballots_file.path", value=size, row_bytes=width)
    count = size // width
    if source.count is not None and source.count != count:
        raise ElectionInputError(
            "ballots_file_count", field="ballots_file.count", value=source.count, found=count
        )
    return count


def read_chunks(source: BallotFile, n_candidates: int, chunk_rows: int = 65536) -> Iterator[Cells]:
    """Yield (rows, n_candidates) uint8 matrices; memory stays at one chunk whatever the file size."""
    file_ballot_count(source, n_candidates)
    width = row_bytes(source.encoding, n_candidates)
    with source.path.open("rb") as handle:
        while True:
            raw = np.fromfile(handle, dtype=np.uint8, count=chunk_rows * width)
            if raw.size == 0:
                return
            matrix = raw.reshape(-1, width)
            if source.encoding == "bits":
                matrix = np.unpackbits(matrix, axis=1, count=n_candidates)
            yield matrix
