"""Ballot validity (spec §6.3): a reason code on every invalid ballot; the committee's overrides.

The software proposes (from the ballot's content and the committee's flags); the counting committee
confirms or overrides with a reason; both are kept (`Override`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from .ballots import AGREE, BOTH, NONE, BallotForm, Cells, Ruling
from .errors import ElectionInputError
from .profile import RuleProfile


class InvalidReason(StrEnum):
    NOT_ISSUED = "not_issued"
    TOO_MANY = "too_many"
    ALL_STRUCK = "all_struck"
    ADDED_NAME = "added_name"
    IDENTIFYING_MARK = "identifying_mark"
    SINGLE_BOTH_OR_NEITHER = "single_both_or_neither"


# Row codes in the counting arrays: 0 is valid, then 1 + position in this tuple.
REASONS: tuple[InvalidReason, ...] = tuple(InvalidReason)
VALID = 0
CODE = {reason: i + 1 for i, reason in enumerate(REASONS)}
# What only the committee can see on the paper.
COMMITTEE_FLAGS = frozenset(
    {InvalidReason.NOT_ISSUED, InvalidReason.ADDED_NAME, InvalidReason.IDENTIFYING_MARK}
)


def reason_of(code: int) -> InvalidReason | None:
    return None if code == VALID else REASONS[code - 1]


@dataclass(frozen=True)
class Override:
    index: int  # 0-based ballot index
    proposed: InvalidReason | None  # None = valid
    ruled: InvalidReason | None
    reason: str


def vote_matrix(cells: Cells, form: BallotForm) -> Cells:
    """1 where the cell is a vote. A list with surplus is already 0/1."""
    return cells if form is BallotForm.SURPLUS else (cells == AGREE).view(np.uint8)


def propose_rows(
    cells: Cells, votes: Cells, form: BallotForm, limit: int, profile: RuleProfile
) -> npt.NDArray[np.uint8]:
    """The automatic proposal for each row: 0 valid, else CODE[reason]."""
    codes = np.zeros(cells.shape[0], dtype=np.uint8)
    if form is BallotForm.SINGLE:
        if profile.single_both_or_neither_invalid:
            column = cells[:, 0]
            codes[(column == NONE) | (column == BOTH)] = CODE[InvalidReason.SINGLE_BOTH_OR_NEITHER]
        return codes
    if cells.shape[1] > limit:  # too many votes is possible only when there are more names than places
        per_row = votes.sum(axis=1, dtype=np.int32)
        codes[per_row > limit] = CODE[InvalidReason.TOO_MANY]
        if form is BallotForm.SURPLUS and profile.all_struck_invalid:
            codes[per_row == 0] = CODE[InvalidReason.ALL_STRUCK]
    return codes


def _flag_invalidates(flag: InvalidReason, profile: RuleProfile) -> bool:
    if flag is InvalidReason.ADDED_NAME:
        return profile.added_name_invalid
    if flag is InvalidReason.IDENTIFYING_MARK:
        return profile.identifying_mark_invalid
    return True


def _reason(value: str, field: str) -> InvalidReason:
    try:
        return InvalidReason(value)
    except ValueError:
        raise ElectionInputError("unknown_reason", field=field, value=value) from None


def apply_ruling(
    content_code: int, ruling: Ruling, profile: RuleProfile, index: int
) -> tuple[int, Override | None]:
    """Final row code after the committee's flags and ruling, and an `Override` if it departs."""
    where = f"ballots[{index}]"
    flags = {_reason(f, f"{where}.flags") for f in ruling.flags}
    ruled_reason = _reason(ruling.invalid, f"{where}.invalid") if ruling.invalid else None
    if ruled_reason in COMMITTEE_FLAGS:
        flags.add(ruled_reason)
    bad = [f for f in REASONS if f in flags and f in COMMITTEE_FLAGS and _flag_invalidates(f, profile)]
    proposed = CODE[bad[0]] if bad else content_code
    ruled = CODE[ruled_reason] if ruled_reason is not None else (VALID if ruling.valid else proposed)
    if ruled == proposed:
        return ruled, None
    if not ruling.reason.strip():
        raise ElectionInputError("override_without_reason", field=f"{where}.reason", index=index)
    return ruled, Override(index, reason_of(proposed), reason_of(ruled), ruling.reason.strip())
