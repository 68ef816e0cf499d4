"""Ballots (§4.2-4.4): the voter's choice, its encryption with proofs, the server's check, audits.

Duplicates across ballots: `verify_ballot` refuses an A repeated inside one ballot; across ballots the
caller keeps every accepted `Parsed.a_values` (e.g. a table with a unique column, or a set while
re-checking a board) and calls `check_fresh(parsed, seen)` before accepting.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Container, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from .elgamal import Ciphertext, encrypt
from .errors import VerifiableError
from .group import (
    IDENTITY,
    L,
    Point,
    Rng,
    add,
    base_mul,
    mul,
    point_from_hex_deferred,
    point_hex,
    scalar_from_hex,
    scalar_hex,
    small_base_mul,
)
from .hashing import tracker
from .manifest import Facts, facts
from .proofs import disjunctive_prove, disjunctive_verify

BITS = (0, 1)


@dataclass(frozen=True)
class Choice:
    """Plaintexts: `xs` one 0/1 per name (1 = a vote), `flags` one 0/1 per reason of the manifest."""

    xs: list[int]
    flags: list[int]

    @property
    def invalid_reason_index(self) -> int | None:
        return self.flags.index(1) if 1 in self.flags else None


@dataclass(frozen=True)
class Secrets:
    """What the phone keeps to open its ballot if challenged: (m, r) per answer and per flag."""

    answers: list[tuple[int, int]]
    flags: list[tuple[int, int]]


@dataclass(frozen=True)
class Parsed:
    """A checked ballot: its ciphertexts (names, then flags) for the tally, its A's for duplicates."""

    ciphertexts: list[Ciphertext]
    tracker: str

    @property
    def a_values(self) -> list[Point]:
        return [a for a, _b in self.ciphertexts]


def _flagged(f: Facts, reason: str) -> Choice:
    return Choice([0] * len(f.positions), [int(r == reason) for r in f.reasons])


def choice_from_content(manifest: dict[str, Any], content: str) -> Choice:
    """The phone/paper canonical content -> plaintexts (§4.2), the rules of core.election.validity.

    surplus: the struck positions ("2,5"; "" = none struck); otherwise one character per name
    ("1" agree, "2" disagree, "0" neither, "3" both).
    """
    f = facts(manifest)
    n = len(f.positions)
    if f.form == "surplus":
        struck: set[int] = set()
        for token in filter(None, content.split(",")):
            if not (token.isascii() and token.isdigit()) or not 1 <= int(token) <= n or int(token) in struck:
                raise VerifiableError("bad_content", value=content)
            struck.add(int(token))
        kept = n - len(struck)
        if kept > f.limit:
            return _flagged(f, "too_many")
        if kept == 0 and "all_struck" in f.reasons:
            return _flagged(f, "all_struck")
        return Choice([int(p not in struck) for p in f.positions], [0] * len(f.reasons))
    if len(content) != n or any(ch not in "0123" for ch in content):
        raise VerifiableError("bad_content", value=content)
    if f.form == "single" and content in ("0", "3") and "single_both_or_neither" in f.reasons:
        return _flagged(f, "single_both_or_neither")
    return Choice([int(ch == "1") for ch in content], [0] * len(f.reasons))


def _combined_value(f: Facts, choice: Choice) -> int:
    return sum(choice.xs) + sum(w * x for w, x in zip(f.weights, choice.flags, strict=True))


def encrypt_ballot(
    manifest: dict[str, Any], choice: Choice, rng: Rng | None = None
) -> tuple[dict[str, Any], Secrets]:
    f = facts(manifest)
    if len(choice.xs) != len(f.positions) or len(choice.flags) != len(f.reasons):
        raise VerifiableError("not_a_ballot_choice", field="shape")
    if any(x not in BITS for x in [*choice.xs, *choice.flags]):
        raise VerifiableError("not_a_ballot_choice", field="value")
    total = _combined_value(f, choice)
    if f.allowed and total not in f.allowed:
        raise VerifiableError("not_a_ballot_choice", value=total)
    h = f.public_key

    def one(m: int, label: str) -> tuple[dict[str, Any], tuple[int, int]]:
        a, b, r = encrypt(h, m, rng=rng)
        proof = disjunctive_prove(f.ctx, label, h, a, b, m, r, BITS, rng)
        return {"A": point_hex(a), "B": point_hex(b), "proof": proof}, (m, r)

    answers = [one(x, f"answer:{p}") for x, p in zip(choice.xs, f.positions, strict=True)]
    flags = [one(x, f"flag:{reason}") for x, reason in zip(choice.flags, f.reasons, strict=True)]
    range_proof = None
    if f.allowed:
        # The combined ciphertext's randomness is known: (r·G, r·H + m·G) equals the homomorphic sum.
        r_total = (
            sum(r for _a, (_m, r) in answers)
            + sum(w * r for w, (_a, (_m, r)) in zip(f.weights, flags, strict=True))
        ) % L
        a_total = base_mul(r_total)
        b_total = add(mul(r_total, h), small_base_mul(total))
        range_proof = disjunctive_prove(f.ctx, "range", h, a_total, b_total, total, r_total, f.allowed, rng)
    ballot = {
        "poll": f.ctx,
        "answers": [a for a, _s in answers],
        "flags": [a for a, _s in flags],
        "range": range_proof,
    }
    return ballot, Secrets([s for _a, s in answers], [s for _a, s in flags])


def reveal(secrets: Secrets) -> dict[str, Any]:
    """The Benaloh challenge's opening (§4.4): [m, r] per ciphertext."""
    return {
        "answers": [[m, scalar_hex(r)] for m, r in secrets.answers],
        "flags": [[m, scalar_hex(r)] for m, r in secrets.flags],
    }


def _ciphertext(item: object, field: str) -> tuple[Point, Point, object]:
    if not isinstance(item, dict) or set(item) != {"A", "B", "proof"}:
        raise VerifiableError("wrong_shape", field=field)
    a = point_from_hex_deferred(item["A"], f"{field}.A")
    b = point_from_hex_deferred(item["B"], f"{field}.B")
    return a, b, item["proof"]


def verify_ballot(manifest: dict[str, Any], ballot: object, *, ctx: str | None = None) -> Parsed:
    """Every check of §4.3 but the cross-ballot duplicate one (`check_fresh`). Raises VerifiableError
    naming the field (e.g. "answers[3].proof"); every point is checked (by the scalar multiplications
    of its proof, which refuse what is_valid_point refuses)."""
    f = facts(manifest, ctx)
    if not isinstance(ballot, dict) or set(ballot) != {"poll", "answers", "flags", "range"}:
        raise VerifiableError("wrong_shape", field="ballot")
    if ballot["poll"] != f.ctx:
        raise VerifiableError("wrong_poll", field="poll")
    groups = (("answers", len(f.positions)), ("flags", len(f.reasons)))
    for key, n in groups:
        if not isinstance(ballot[key], list) or len(ballot[key]) != n:
            raise VerifiableError("wrong_shape", field=key)
    if (ballot["range"] is None) != (not f.allowed):
        raise VerifiableError("wrong_shape", field="range")
    h = f.public_key
    cts: list[Ciphertext] = []
    labels = [f"answer:{p}" for p in f.positions] + [f"flag:{r}" for r in f.reasons]
    fields = [f"answers[{j}]" for j in range(len(f.positions))] + [
        f"flags[{j}]" for j in range(len(f.reasons))
    ]
    items = [*ballot["answers"], *ballot["flags"]]
    seen: set[Point] = set()
    for item, label, field in zip(items, labels, fields, strict=True):
        a, b, proof = _ciphertext(item, field)
        if a in seen:
            raise VerifiableError("duplicate_ciphertext", field=f"{field}.A")
        seen.add(a)
        disjunctive_verify(f.ctx, label, h, a, b, BITS, proof, f"{field}.proof")
        cts.append((a, b))
    if f.allowed:
        n = len(f.positions)
        a_total, b_total = IDENTITY, IDENTITY
        for a, b in cts[:n]:
            a_total, b_total = add(a_total, a), add(b_total, b)
        for w, (a, b) in zip(f.weights, cts[n:], strict=True):
            a_total, b_total = add(a_total, mul(w, a)), add(b_total, mul(w, b))
        disjunctive_verify(
            f.ctx, "range", h, a_total, b_total, f.allowed, ballot["range"], "range", received=False
        )
    return Parsed(cts, tracker(ballot))


def check_fresh(parsed: Parsed, seen: Container[Point]) -> None:
    """Refuse a ballot one of whose A's is already in an accepted ballot (a copied ciphertext)."""
    for j, a in enumerate(parsed.a_values):
        if a in seen:
            raise VerifiableError("duplicate_ciphertext", field=f"A[{j}]")


def check_audited(manifest: dict[str, Any], ballot: object, opened: object) -> Choice:
    """An audited ballot (§6.3): its proofs, then every ciphertext opened with the revealed (m, r);
    the revealed plaintexts must be a ballot the rules allow. Returns the choice it holds."""
    f = facts(manifest)
    parsed = verify_ballot(manifest, ballot)
    if not isinstance(opened, dict) or set(opened) != {"answers", "flags"}:
        raise VerifiableError("bad_reveal", field="reveal")
    values: dict[str, list[int]] = {}
    n = len(f.positions)
    for key, cts in (("answers", parsed.ciphertexts[:n]), ("flags", parsed.ciphertexts[n:])):
        pairs = opened[key]
        if not isinstance(pairs, list) or len(pairs) != len(cts):
            raise VerifiableError("bad_reveal", field=f"reveal.{key}")
        values[key] = []
        for j, (pair, (a, b)) in enumerate(zip(pairs, cts, strict=True)):
            field = f"reveal.{key}[{j}]"
            if (
                not isinstance(pair, list)
                or len(pair) != 2
                or pair[0] not in BITS
                or isinstance(pair[0], bool)
            ):
                raise VerifiableError("bad_reveal", field=field)
            m, r = pair[0], scalar_from_hex(pair[1], f"{field}[1]")
            if base_mul(r) != a or add(mul(r, f.public_key), small_base_mul(m)) != b:
                raise VerifiableError("bad_reveal", field=field)
            values[key].append(m)
    choice = Choice(values["answers"], values["flags"])
    total = _combined_value(f, choice)
    if (f.allowed and total not in f.allowed) or sum(choice.flags) > 1:
        raise VerifiableError("bad_reveal", field="reveal")
    return choice


# --- many ballots on several processes ------------------------------------------------------------

_WORKER_MANIFEST: dict[str, Any] = {}


def _init_worker(manifest: dict[str, Any]) -> None:
    _WORKER_MANIFEST.clear()
    _WORKER_MANIFEST.update(manifest)


def _verify_chunk(ballots: Sequence[object]) -> list[Parsed | VerifiableError]:
    return verify_one_each(_WORKER_MANIFEST, ballots)


def verify_one_each(manifest: dict[str, Any], ballots: Sequence[object]) -> list[Parsed | VerifiableError]:
    out: list[Parsed | VerifiableError] = []
    for ballot in ballots:
        try:
            out.append(verify_ballot(manifest, ballot))
        except VerifiableError as exc:
            out.append(exc)
    return out


def verify_many(
    manifest: dict[str, Any], ballots: Sequence[object], workers: int = 2, chunk: int = 50
) -> list[Parsed | VerifiableError]:
    """verify_ballot on each ballot, in `workers` processes (spawned: safe in a threaded server).
    Returns, in order, the Parsed ballot or the VerifiableError it raised. Duplicates across ballots are
    left to the caller (`check_fresh`)."""
    if workers <= 1 or len(ballots) <= chunk:
        return verify_one_each(manifest, ballots)
    chunks = [ballots[i : i + chunk] for i in range(0, len(ballots), chunk)]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(manifest,)
    ) as pool:
        return [item for part in pool.map(_verify_chunk, chunks) for item in part]


__all__ = [
    "Choice",
    "Parsed",
    "Secrets",
    "check_audited",
    "check_fresh",
    "choice_from_content",
    "encrypt_ballot",
    "reveal",
    "verify_ballot",
    "verify_many",
]
