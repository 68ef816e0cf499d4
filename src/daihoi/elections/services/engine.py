"""Feeding the election engine (daihoi.core.election): a round's input, its ballots as cells, its count."""

from __future__ import annotations

from typing import Any

import numpy as np

from daihoi.congresses.figures import quorum, threshold_base
from daihoi.congresses.models import Congress, CongressKind
from daihoi.core.election import (
    BallotCounter,
    CongressFigures,
    ElectionInput,
    ElectionInputError,
    RoundInfo,
    Ruling,
)
from daihoi.core.election import CongressKind as EngineCongressKind
from daihoi.core.election import ElectionKind as EngineKind
from daihoi.core.election import result as engine_result
from daihoi.core.election.ballots import BallotForm, ballot_form
from daihoi.core.election.validity import VALID, reason_of
from daihoi.elections.errors import ElectionError
from daihoi.elections.models import Round, RoundCandidate
from daihoi.elections.services.ballot_list import engine_candidates
from daihoi.elections.services.common import COMMITTEE_FLAGS, FLAG_KEYS
from daihoi.inputs import shown


def round_candidates(rnd: Round) -> list[RoundCandidate]:
    cached = getattr(rnd, "_candidates_cache", None)
    if cached is None:
        cached = list(rnd.entries.select_related("candidate").order_by("position"))
        rnd._candidates_cache = cached  # type: ignore[attr-defined]
    return cached


def congress_figures(congress: Congress) -> dict[str, Any]:
    """The figures the engine and the minutes need, frozen on the round when the counts are entered."""
    base, q = threshold_base(congress), quorum(congress)
    if congress.kind == CongressKind.DELEGATES:
        exclusions = {
            "committee_absent": base.ex_officio_absent,
            "delegates_absent_unreplaced": base.absent_not_replaced,
        }
    else:
        exclusions = {
            "attached_elsewhere": base.attached_elsewhere,
            "exempted_absent": base.exempted_absent,
            "suspended": base.suspended,
            "absent_with_reason": base.absent_with_reason,
        }
    return {
        "kind": str(congress.kind),
        "convened": base.official_convened,
        "present": q.voters_present,
        "attending": q.attending,
        "absent": base.official_convened - q.voters_present,
        "exclusions": {k: v for k, v in exclusions.items() if v},
    }


def engine_input(rnd: Round) -> ElectionInput:
    key = (rnd.issued, rnd.returned, rnd.seats, rnd.alternates)
    cached = getattr(rnd, "_engine_cache", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    e = _engine_input(rnd)
    rnd._engine_cache = (key, e)  # type: ignore[attr-defined]
    return e


def _engine_input(rnd: Round) -> ElectionInput:
    figures = rnd.figures or congress_figures(rnd.election.congress)
    cands = round_candidates(rnd)
    return ElectionInput(
        kind=EngineKind(rnd.election.kind),
        congress=CongressFigures(
            kind=EngineCongressKind(figures["kind"]),
            convened=figures["convened"],
            present=figures["present"],
            exclusions=dict(figures.get("exclusions", {})),
        ),
        seats=rnd.seats,
        alternates=rnd.alternates,
        candidates=engine_candidates(rc.candidate for rc in cands),
        ballots_issued=rnd.issued or 0,
        ballots_returned=rnd.returned,
        round=RoundInfo(rnd.number, revote=rnd.revote),
        title=rnd.election.title,
    )


def round_form(rnd: Round) -> BallotForm:
    return ballot_form(len(round_candidates(rnd)), rnd.seats + rnd.alternates)


def parse_entry(rnd: Round, text: str, position: int = 0) -> tuple[str, str]:
    """Typed text -> (canonical content, flag).

    List with surplus: the numbers of the struck names, separated by spaces, commas or dots ("2 5").
    Otherwise: one digit per name (1 agree, 2 disagree, 3 both, 0 none); blank means every name agreed.
    A committee flag is written as its code or key after "!" ("9 10 !k"), or alone as one key ("t").
    """
    text = text.strip()
    if text.lower() in FLAG_KEYS:  # one key: the whole ballot is invalid for this reason
        return ("" if round_form(rnd) is BallotForm.SURPLUS else "1" * len(round_candidates(rnd))), FLAG_KEYS[
            text.lower()
        ]
    raw, _sep, flag = text.partition("!")
    flag = FLAG_KEYS.get(flag.strip().lower(), flag.strip())
    if flag and flag not in COMMITTEE_FLAGS:
        raise ElectionError("unknown_flag", value=flag)
    n = len(round_candidates(rnd))
    raw = raw.strip()
    if round_form(rnd) is BallotForm.SURPLUS:
        numbers: list[int] = []
        for token in raw.replace(",", " ").replace(".", " ").replace("+", " ").split():
            # ASCII digits only ("²" is a digit to str.isdigit, not to int); a number longer than the
            # count of names is out of range without converting it (5,000 digits would not convert).
            if (
                not (token.isascii() and token.isdigit())
                or len(token.lstrip("0")) > len(str(n))
                or not 1 <= int(token) <= n
            ):
                raise ElectionError("bad_number", position=position, value=shown(token), count=n)
            if int(token) in numbers:
                raise ElectionError("repeated_number", position=position, value=token)
            numbers.append(int(token))
        return ",".join(str(x) for x in sorted(numbers)), flag
    pattern = raw.replace(" ", "") or "1" * n
    if len(pattern) != n or any(ch not in "0123" for ch in pattern):
        raise ElectionError("bad_pattern", position=position, value=raw, count=n)
    return pattern, flag


def content_row(rnd: Round, content: str) -> np.ndarray:
    """Canonical content -> one uint8 row in ballot order (the engine's cell codes)."""
    n = len(round_candidates(rnd))
    if round_form(rnd) is BallotForm.SURPLUS:
        row = np.ones(n, dtype=np.uint8)
        if content:
            row[np.array([int(x) - 1 for x in content.split(",")], dtype=np.intp)] = 0
        return row
    return np.frombuffer(content.encode(), dtype=np.uint8) - ord("0")


def ruling(flag: str, valid: bool = False, reason: str = "") -> Ruling | None:
    if not flag and not valid:
        return None
    return Ruling(flags=frozenset({flag}) if flag else frozenset(), valid=valid, reason=reason)


def propose(rnd: Round, content: str, flag: str) -> str | None:
    """The engine's verdict on one ballot before it is saved: None (valid) or the reason code."""
    counter = BallotCounter(engine_input(rnd))
    found = ruling(flag)
    counter.add(content_row(rnd, content)[None, :], 0, {0: found} if found else None)
    code = int(np.argmax(counter.codes))
    reason = reason_of(code) if counter.codes[VALID] == 0 else None
    return None if reason is None else str(reason)


def running_count(rnd: Round, clerk: int) -> tuple[int, int, list[int]]:
    """One clerk's entries counted by the engine: (entered, invalid, votes per name in ballot order)."""
    entries = list(rnd.ballot_entries.filter(clerk=clerk).values_list("content", "flag"))
    counter = BallotCounter(engine_input(rnd))
    if entries:
        cells = np.stack([content_row(rnd, content) for content, _flag in entries])
        rulings = {i: r for i, (_c, flag) in enumerate(entries) if (r := ruling(flag)) is not None}
        counter.add(cells, 0, rulings)
    return len(entries), counter.invalid, [int(v) for v in counter.votes]


def electronic_contents(rnd: Round) -> list[str]:
    """The contents of the ballots cast on phones in the round's (closed) poll; none without a poll."""
    if not rnd.electronic:
        return []
    from daihoi.voting.models import Ballot

    return list(
        Ballot.objects.filter(poll__round=rnd, poll__status="closed").values_list("content", flat=True)
    )


def decrypted_result(rnd: Round) -> dict[str, Any] | None:
    """The decrypted figures of the round's closed verifiable poll with phone ballots; ElectionError
    `poll_awaiting_decryption` while k trustees have not decrypted them; None for any other round."""
    from daihoi.voting.models import Poll

    if not rnd.electronic:
        return None
    found = (
        Poll.objects.filter(round=rnd, status="closed", ceremony__isnull=False)
        .values_list("result", flat=True)
        .first()
    )
    if found is None:
        if Poll.objects.filter(round=rnd, status="closed", ceremony__isnull=False).exists():
            raise ElectionError("poll_awaiting_decryption", number=rnd.number)
        return None
    return dict(found)


def add_electronic_ballots(rnd: Round, counter: BallotCounter) -> None:
    """The phones' ballots join the count as ballots like any other (no committee flag on them); a
    verifiable poll's as the figures its trustees decrypted (docs/verifiable-voting.md §4.5)."""
    decrypted = decrypted_result(rnd)
    if decrypted is not None:
        from daihoi.elections.tally_io import error_message

        try:
            if decrypted["ballots"] != rnd.electronic:
                raise ElectionInputError("ballots_file_count", field="ballots", value=rnd.electronic,
                                         found=decrypted["ballots"])  # fmt: skip
            counter.add_totals(decrypted["votes"], int(decrypted["valid"]), dict(decrypted["invalid"]))
        except ElectionInputError as exc:
            raise ElectionError("decrypted_figures_bad", detail=error_message(exc)) from exc
        return
    contents = electronic_contents(rnd)
    if contents:
        counter.add(np.stack([content_row(rnd, c) for c in contents]), 0, None)


def count_round(rnd: Round) -> Any:
    """The engine's RoundResult from the reconciled ballots (or the hand-count totals)."""
    from daihoi.elections.services.reconciliation import reconcile

    e = engine_input(rnd)
    if rnd.aggregate:
        totals = rnd.totals
        if not totals:
            raise ElectionError("counts_required")
        by_position = {str(rc.position): str(rc.candidate_id) for rc in round_candidates(rnd)}
        counter = BallotCounter.from_totals(
            e,
            votes={by_position[p]: int(n) for p, n in totals["votes"].items() if p in by_position},
            valid=int(totals["valid"]),
            invalid={k: int(v) for k, v in totals["invalid"].items()},
        )
        add_electronic_ballots(rnd, counter)
        return engine_result(e, counter)
    rec = reconcile(rnd)
    if rec.missing:
        first = rec.missing[0]
        have = rnd.ballot_entries.filter(position=first).count()
        raise ElectionError("entries_incomplete", position=first, count=have, clerks=rec.clerks)
    if rec.discrepancies:
        raise ElectionError("entries_disagree", position=rec.discrepancies[0]["position"])
    counter = BallotCounter(e)
    n = len(round_candidates(rnd))
    add_electronic_ballots(rnd, counter)
    cells = np.zeros((rec.returned, n), dtype=np.uint8)
    rulings: dict[int, Ruling] = {}
    for position, (content, flag, valid, why) in rec.final.items():
        cells[position - 1] = content_row(rnd, content)
        found = ruling(flag, valid, why)
        if found is not None:
            rulings[position - 1] = found
    counter.add(cells, 0, rulings)
    try:
        return engine_result(e, counter)
    except ElectionInputError as exc:  # pragma: no cover - the inputs were checked on entry
        raise ElectionError("engine", message=exc.code) from exc
