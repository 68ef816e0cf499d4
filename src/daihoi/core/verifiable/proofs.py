"""The three non-interactive proofs of §3, sent as challenges and responses only (hex scalars).

Every `*_verify` returns None or raises VerifiableError naming `field` (bad_proof, bad_scalar,
wrong_shape, bad_point). Received points given to a verifier are checked here by the scalar
multiplications they go through (`mul_checked`); pass `received=False` for points the caller computed
(a sum of checked ciphertexts may legitimately be the identity).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .errors import VerifiableError
from .group import (
    L,
    Point,
    Rng,
    add,
    base_mul,
    mul,
    mul_checked,
    random_scalar,
    scalar_from_hex,
    scalar_hex,
    sub,
)
from .hashing import Item, Num, Pt, Text, hash_to_scalar


def _fields(proof: object, keys: tuple[str, ...], field: str) -> dict[str, Any]:
    if not isinstance(proof, dict) or set(proof) != set(keys):
        raise VerifiableError("wrong_shape", field=field)
    return proof


def _scalar_list(value: object, n: int, field: str) -> list[int]:
    if not isinstance(value, list) or len(value) != n:
        raise VerifiableError("wrong_shape", field=field)
    return [scalar_from_hex(x, f"{field}[{j}]") for j, x in enumerate(value)]


# --- §3.1 Schnorr proof of knowledge -------------------------------------------------------------


def pok_prove(x: int, tag: str, ctx: str, i: int, rng: Rng | None = None) -> dict[str, str]:
    t = random_scalar(rng)
    big_x = base_mul(x)
    c = hash_to_scalar(tag, Text(ctx), Num(i), Pt(big_x), Pt(base_mul(t)))
    return {"c": scalar_hex(c), "z": scalar_hex(t + c * x)}


def pok_verify(big_x: Point, proof: object, tag: str, ctx: str, i: int, field: str = "pok") -> None:
    """X is a received point: checked here."""
    p = _fields(proof, ("c", "z"), field)
    c = scalar_from_hex(p["c"], f"{field}.c")
    z = scalar_from_hex(p["z"], f"{field}.z")
    t = sub(base_mul(z), mul_checked(c, big_x, field))
    if c != hash_to_scalar(tag, Text(ctx), Num(i), Pt(big_x), Pt(t)):
        raise VerifiableError("bad_proof", field=field)


# --- §3.2 disjunctive (one of a set) proof --------------------------------------------------------


def _disj_challenge(
    ctx: str, label: str, h: Point, a: Point, b: Point, values: Sequence[int], commits: list[Point]
) -> int:
    items: list[Item] = [Text(ctx), Text(label), Pt(h), Pt(a), Pt(b)]
    items += [Num(s) for s in values]
    items += [Pt(p) for p in commits]
    return hash_to_scalar("disj", *items)


def _simulated(
    h: Point, a: Point, b: Point, s: int, c: int, v: int, field: str, received: bool
) -> tuple[Point, Point]:
    """a_j = v·G - c·A, b_j = v·H - c·(B - s·G), written v·H - c·B + (c·s)·G so B goes through a
    checked multiplication itself."""
    m = mul_checked if received else mul
    aj = sub(base_mul(v), m(c, a, field))
    bj = sub(mul(v, h), m(c, b, field))
    if s:
        bj = add(bj, base_mul(c * s))
    return aj, bj


def disjunctive_prove(
    ctx: str,
    label: str,
    h: Point,
    a: Point,
    b: Point,
    m: int,
    r: int,
    values: Sequence[int],
    rng: Rng | None = None,
) -> dict[str, list[str]]:
    """Proof that (A, B) = Enc(m; r) under H with m in `values`."""
    if m not in values:
        raise VerifiableError("not_a_ballot_choice", value=m)
    q = list(values).index(m)
    cs = [0] * len(values)
    vs = [0] * len(values)
    commits: list[Point] = []
    w = random_scalar(rng)
    for j, s in enumerate(values):
        if j == q:
            commits += [base_mul(w), mul(w, h)]
            continue
        cs[j], vs[j] = random_scalar(rng), random_scalar(rng)
        commits += _simulated(h, a, b, s, cs[j], vs[j], "", received=False)
    c = _disj_challenge(ctx, label, h, a, b, values, commits)
    cs[q] = (c - sum(cs)) % L
    vs[q] = (w + cs[q] * r) % L
    return {"c": [scalar_hex(x) for x in cs], "v": [scalar_hex(x) for x in vs]}


def disjunctive_verify(
    ctx: str,
    label: str,
    h: Point,
    a: Point,
    b: Point,
    values: Sequence[int],
    proof: object,
    field: str = "proof",
    *,
    received: bool = True,
) -> None:
    p = _fields(proof, ("c", "v"), field)
    cs = _scalar_list(p["c"], len(values), f"{field}.c")
    vs = _scalar_list(p["v"], len(values), f"{field}.v")
    commits: list[Point] = []
    for j, s in enumerate(values):
        commits += _simulated(h, a, b, s, cs[j], vs[j], field, received)
    if sum(cs) % L != _disj_challenge(ctx, label, h, a, b, values, commits):
        raise VerifiableError("bad_proof", field=field)


# --- §3.3 Chaum–Pedersen proof of a decryption share ----------------------------------------------


def decryption_prove(
    ctx: str, i: int, x: int, a: Point, rng: Rng | None = None
) -> tuple[Point, dict[str, str]]:
    """D = x·A and its proof."""
    d = mul(x, a)
    w = random_scalar(rng)
    c = hash_to_scalar(
        "decrypt", Text(ctx), Num(i), Pt(base_mul(x)), Pt(a), Pt(d), Pt(base_mul(w)), Pt(mul(w, a))
    )
    return d, {"c": scalar_hex(c), "z": scalar_hex(w + c * x)}


def decryption_verify(
    ctx: str, i: int, big_x: Point, a: Point, d: Point, proof: object, field: str = "proof"
) -> None:
    """X_i (from the manifest) and A (the tally) are trusted; D is received and checked here."""
    p = _fields(proof, ("c", "z"), field)
    c = scalar_from_hex(p["c"], f"{field}.c")
    z = scalar_from_hex(p["z"], f"{field}.z")
    a1 = sub(base_mul(z), mul(c, big_x))
    b1 = sub(mul(z, a), mul_checked(c, d, field))
    if c != hash_to_scalar("decrypt", Text(ctx), Num(i), Pt(big_x), Pt(a), Pt(d), Pt(a1), Pt(b1)):
        raise VerifiableError("bad_proof", field=field)
