"""Counting: ballots -> votes per candidate and invalid ballots by reason; then one round's result.

Fast path: ballots become a uint8 matrix (ballots.py) counted with numpy, chunk by chunk, so a
million ballots stream from a file in constant memory. Only ballots with a committee ruling take the
per-ballot path.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from daihoi.core.numbers import percent

from .ballots import BallotForm, Cells, Ruling, encode, file_ballot_count, read_chunks
from .base import Base, CongressKind, congress_base, passes, smallest_passing
from .checks import CountFigures, Notice, count_warnings, list_warnings
from .errors import ElectionInputError
from .kinds import KIND_RULES, ElectionKind
from .model import ElectionInput
from .profile import UNCONFIRMED
from .result import CandidateResult, NextRound, RoundResult
from .validity import REASONS, VALID, Override, apply_ruling, propose_rows, vote_matrix
from .winners import decide


class BallotCounter:
    """Accumulates ballots in chunks: `add(cells, first_index, rulings)`; read `votes`, `reasons`."""

    def __init__(self, election: ElectionInput) -> None:
        self.election = election
        self.form = election.form
        self.limit = election.vote_limit
        self.votes: npt.NDArray[np.int64] = np.zeros(len(election.candidates), dtype=np.int64)
        self.codes: npt.NDArray[np.int64] = np.zeros(len(REASONS) + 1, dtype=np.int64)
        self.counted = 0
        self.overrides: list[Override] = []

    @classmethod
    def from_totals(
        cls,
        election: ElectionInput,
        *,
        votes: Mapping[str, int],
        valid: int,
        invalid: Mapping[str, int],
    ) -> BallotCounter:
        """A hand count: the committee's totals per candidate id, valid ballots and invalid ones by
        reason code (an `InvalidReason` value). Unknown ids or reasons and negative figures are refused."""
        counter = cls(election)
        index = {c.id: i for i, c in enumerate(election.candidates)}
        for cid, n in votes.items():
            if cid not in index:
                raise ElectionInputError("unknown_candidate", field=f"votes.{cid}", value=cid)
            if n < 0:
                raise ElectionInputError("negative", field=f"votes.{cid}", value=n)
            counter.votes[index[cid]] = n
        if valid < 0:
            raise ElectionInputError("negative", field="valid", value=valid)
        counter.codes[VALID] = valid
        codes = [str(r) for r in REASONS]
        for reason, n in invalid.items():
            if reason not in codes:
                raise ElectionInputError("unknown_reason", field=f"invalid.{reason}", value=reason)
            if n < 0:
                raise ElectionInputError("negative", field=f"invalid.{reason}", value=n)
            counter.codes[1 + codes.index(reason)] = n
        counter.counted = valid + sum(invalid.values())
        return counter

    def add_totals(self, votes: Sequence[int], valid: int, invalid: Mapping[str, int]) -> None:
        """Add ballots known only by their figures (a verifiable poll's decrypted tally): votes per
        candidate in input order, valid ballots, invalid ones by reason code. Refused unless the figures
        can be those of real ballots: none negative, no name with more votes than valid ballots, no
        more votes in all than valid ballots times the vote limit."""
        if len(votes) != len(self.election.candidates):
            raise ElectionInputError("wrong_count", field="votes", value=len(votes))
        codes = [str(r) for r in REASONS]
        for name, n in [("valid", valid), *((f"invalid.{r}", k) for r, k in invalid.items())]:
            if n < 0:
                raise ElectionInputError("negative", field=name, value=n)
        for reason in invalid:
            if reason not in codes:
                raise ElectionInputError("unknown_reason", field=f"invalid.{reason}", value=reason)
        for i, n in enumerate(votes):
            if n < 0:
                raise ElectionInputError("negative", field=f"votes[{i}]", value=n)
            if n > valid:
                raise ElectionInputError("votes_above_valid", field=f"votes[{i}]", value=n, valid=valid)
        if sum(votes) > valid * self.limit:
            raise ElectionInputError("votes_above_limit", field="votes", value=sum(votes), limit=self.limit)
        self.votes += np.asarray(votes, dtype=np.int64)
        self.codes[VALID] += valid
        for reason, n in invalid.items():
            self.codes[1 + codes.index(reason)] += n
        self.counted += valid + sum(invalid.values())

    def add(self, cells: Cells, first: int = 0, rulings: Mapping[int, Ruling] | None = None) -> None:
        rows = cells.shape[0]
        if rows == 0:
            return
        top = 1 if self.form is BallotForm.SURPLUS else 3
        if int(cells.max()) > top:
            bad = first + int(np.argmax((cells > top).any(axis=1)))
            raise ElectionInputError("bad_cell", field=f"ballots[{bad}]", index=bad, maximum=top)
        votes = vote_matrix(cells, self.form)
        codes = propose_rows(cells, votes, self.form, self.limit, self.election.profile)
        for index in sorted(k for k in (rulings or {}) if first <= k < first + rows):
            assert rulings is not None
            code, override = apply_ruling(
                int(codes[index - first]), rulings[index], self.election.profile, index
            )
            codes[index - first] = code
            if override is not None:
                self.overrides.append(override)
        valid = codes == VALID
        if int(np.count_nonzero(valid)) == rows:
            self.votes += votes.sum(axis=0, dtype=np.uint32)
        else:
            self.votes += votes[valid].sum(axis=0, dtype=np.uint32)
        self.codes += np.bincount(codes, minlength=len(REASONS) + 1)
        self.counted += rows

    @property
    def valid(self) -> int:
        return int(self.codes[VALID])

    @property
    def invalid(self) -> int:
        return self.counted - self.valid


def validate(e: ElectionInput) -> None:
    """Semantic checks of the input; the JSON reader (inputs.py) has already checked types."""
    for name in ("seats", "alternates", "ballots_issued"):
        if getattr(e, name) < 0:
            raise ElectionInputError("negative", field=name, value=getattr(e, name))
    for name in ("convened", "present"):
        if getattr(e.congress, name) < 0:
            raise ElectionInputError("negative", field=f"congress.{name}", value=getattr(e.congress, name))
    for name, value in e.congress.exclusions.items():
        if value < 0:
            raise ElectionInputError("negative", field=f"congress.exclusions.{name}", value=value)
    if e.ballots_returned is not None and e.ballots_returned < 0:
        raise ElectionInputError("negative", field="ballots_returned", value=e.ballots_returned)
    if e.places < 1:
        raise ElectionInputError("no_places", field="seats", value=e.seats)
    if e.alternates and not KIND_RULES[e.kind].alternates:
        raise ElectionInputError(
            "alternates_not_allowed", field="alternates", value=e.alternates, kind=e.kind
        )
    if not e.candidates:
        raise ElectionInputError("no_candidates", field="candidates")
    seen: set[str] = set()
    for i, c in enumerate(e.candidates):
        if c.id in seen:
            raise ElectionInputError("duplicate_candidate_id", field=f"candidates[{i}].id", value=c.id)
        seen.add(c.id)
    if e.ballots and e.ballots_file is not None:
        raise ElectionInputError("ballots_and_file", field="ballots_file")


def count(e: ElectionInput, chunk_rows: int = 65536) -> BallotCounter:
    validate(e)
    counter = BallotCounter(e)
    index = {c.id: i for i, c in enumerate(e.candidates)}
    for start in range(0, len(e.ballots), chunk_rows):
        cells, rulings = encode(e.ballots[start : start + chunk_rows], index, e.form, first=start)
        counter.add(cells, start, rulings)
    if e.ballots_file is not None:
        total = file_ballot_count(e.ballots_file, len(e.candidates))
        for k in e.ballots_file.rulings:
            if not 0 <= k < total:
                raise ElectionInputError(
                    "ruling_out_of_range", field="ballots_file.rulings", value=k, count=total
                )
        first = 0
        for chunk in read_chunks(e.ballots_file, len(e.candidates), chunk_rows):
            counter.add(chunk, first, e.ballots_file.rulings)
            first += chunk.shape[0]
    return counter


def tally(e: ElectionInput, chunk_rows: int = 65536) -> RoundResult:
    """Count the ballots of one round and decide it."""
    return result(e, count(e, chunk_rows))


def tally_arrays(
    e: ElectionInput, chunks: Iterable[Cells], rulings: Mapping[int, Ruling] | None = None
) -> RoundResult:
    """Count ballots already encoded as uint8 matrices (candidates in input order), chunk after chunk."""
    validate(e)
    counter = BallotCounter(e)
    first = 0
    for chunk in chunks:
        counter.add(chunk, first, rulings)
        first += chunk.shape[0]
    return result(e, counter)


def _base(e: ElectionInput, valid: int, returned: int) -> tuple[Base, str]:
    """The threshold base of the profile: D (party), valid ballots or ballots cast (generic)."""
    d = congress_base(e.congress, e.profile)
    kind = e.profile.threshold_base
    if kind == "valid_ballots":
        return Base(valid, {}), kind
    if kind == "ballots_cast":
        return Base(returned, {}), kind
    return d, "congress" if e.congress.kind is not CongressKind.COMMITTEE else "committee"


def result(e: ElectionInput, counter: BallotCounter) -> RoundResult:
    """Decide the round from the counted figures (spec §6.4-6.5) and run the checks (§6.6)."""
    returned = e.ballots_returned if e.ballots_returned is not None else counter.counted
    valid = counter.valid
    base, base_kind = _base(e, valid, returned)
    threshold = e.applies_threshold
    m = len(e.candidates)
    order = sorted(range(m), key=lambda i: e.candidates[i].sort_key)
    votes = [int(counter.votes[i]) for i in order]
    passing = [passes(v, base.value) if threshold else True for v in votes]
    decision = decide(votes, passing, e.seats, e.alternates)
    ids = [e.candidates[i].id for i in order]
    roles: dict[int, str] = dict.fromkeys(decision.officials, "official")
    roles.update(dict.fromkeys(decision.alternates, "alternate"))
    next_number = e.round.number + 1
    next_rounds = [
        NextRound("revote", next_number, tuple(ids[p] for p in sorted(g.candidates)), g.seats, g.alternates,
                  e.profile.revote_threshold)
        for g in decision.revotes
    ]  # fmt: skip
    if decision.short_seats or decision.short_alternates:
        placed = set(roles) | {p for g in decision.revotes for p in g.candidates}
        remaining = tuple(ids[p] for p in range(m) if p not in placed)
        next_rounds.append(
            NextRound("next_round", e.round.number + 1, remaining, decision.short_seats,
                      decision.short_alternates, threshold)
        )  # fmt: skip
    status = "revote" if decision.revotes else "shortfall" if next_rounds else "complete"
    full_names = [c.name_parts.full for c in e.candidates]
    names = Counter(full_names)
    candidates = tuple(
        CandidateResult(
            id=ids[p],
            name=e.candidates[i].name,
            birth_date=(bd.isoformat() if (bd := e.candidates[i].birth_date) else None),
            show_birth_date=names[full_names[i]] > 1,
            votes=votes[p],
            percent_of_base=percent(votes[p], base.value),
            percent_of_valid=percent(votes[p], valid),
            passed=passing[p] if threshold else None,
            elected=roles.get(p) == "official",
            role=roles.get(p),  # type: ignore[arg-type]
        )
        for p, i in enumerate(order)
    )
    warnings = list_warnings(e.kind, e.congress, e.seats, e.alternates, m, e.profile, e.round.revote)
    figures = CountFigures(e.ballots_issued, returned, valid, counter.invalid, votes, ids, e.vote_limit)
    warnings += count_warnings(e.congress, figures)
    if (
        e.kind is ElectionKind.SECRETARY
        and decision.short_seats
        and e.round.number >= e.profile.secretary_max_rounds
    ):
        warnings.append(Notice("superior_appoints", {"rounds": e.round.number}))
    reasons = {r: int(counter.codes[i + 1]) for i, r in enumerate(REASONS) if counter.codes[i + 1]}
    return RoundResult(
        status=status,  # type: ignore[arg-type]
        title=e.title,
        kind=str(e.kind),
        round=e.round.number,
        revote_round=e.round.revote,
        profile=e.profile.name,
        settings=e.profile.settings(),
        unconfirmed=UNCONFIRMED,
        form=str(e.form),
        seats=e.seats,
        alternates_sought=e.alternates,
        congress={
            "kind": str(e.congress.kind),
            "convened": e.congress.convened,
            "present": e.congress.present,
        },
        base=base.value,
        base_kind=base_kind,
        base_deductions=base.deductions,
        threshold=smallest_passing(base.value) if threshold else None,
        issued=e.ballots_issued,
        returned=returned,
        valid=valid,
        invalid=counter.invalid,
        invalid_reasons=reasons,
        candidates=candidates,
        elected=tuple(ids[p] for p in decision.officials),
        alternates=tuple(ids[p] for p in decision.alternates),
        next_rounds=tuple(next_rounds),
        overrides=tuple(counter.overrides),
        warnings=tuple(warnings),
    )


__all__ = ["BallotCounter", "count", "result", "tally", "tally_arrays", "validate"]
