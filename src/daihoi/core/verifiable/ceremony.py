"""The key ceremony's math (§2): what a trustee's device computes and what anyone checks.

Pedersen DKG with Feldman commitments. The server calls only the `check_*` functions and
`public_key` / `verification_key`; `comm_key`, `deal`, `receive`, `confirm` run on trustees' devices
(the Python side serves `daihoi trustee` and the tests).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import VerifiableError
from .group import (
    IDENTITY,
    L,
    Point,
    Rng,
    add,
    base_mul,
    mul,
    point_from_hex,
    point_hex,
    random_scalar,
    scalar_from_hex,
    scalar_hex,
)
from .hashing import Num, Pt, Text, hash_to_scalar
from .proofs import pok_prove, pok_verify

KEY_FILE_FORMAT = "daihoi-key-share/1"


def ceremony_context(ceremony_uuid: str) -> str:
    return f"ceremony:{ceremony_uuid}"


# --- step 1: communication keys --------------------------------------------------------------------


def comm_key(ctx_k: str, i: int, rng: Rng | None = None) -> tuple[int, dict[str, Any]]:
    """Trustee i's secret e_i and its public message {"E", "pok"}."""
    e = random_scalar(rng)
    return e, {"E": point_hex(base_mul(e)), "pok": pok_prove(e, "pok-comm", ctx_k, i, rng)}


def check_comm_key(ctx_k: str, i: int, msg: object) -> Point:
    """The server's and the trustees' check of a communication key message; returns E_i."""
    if not isinstance(msg, dict) or set(msg) != {"E", "pok"}:
        raise VerifiableError("wrong_shape", field="message")
    e = point_from_hex(msg["E"], "E")
    pok_verify(e, msg["pok"], "pok-comm", ctx_k, i, "pok")
    return e


# --- step 2: deals ---------------------------------------------------------------------------------


def _poly(coefficients: Sequence[int], x: int) -> int:
    acc = 0
    for a in reversed(coefficients):
        acc = (acc * x + a) % L
    return acc


def _share_mask(ctx_k: str, j: int, i: int, r: Point, shared: Point) -> int:
    return hash_to_scalar("share", Text(ctx_k), Num(j), Num(i), Pt(r), Pt(shared))


def deal(
    ctx_k: str, j: int, k: int, comm_keys: Mapping[int, Point], rng: Rng | None = None
) -> tuple[list[int], dict[str, Any]]:
    """Dealer j's secret coefficients a_{j,0..k-1} and its message: commitments, pok of a_{j,0}, and
    one encrypted share per trustee in `comm_keys` (index -> E_i)."""
    coefficients = [random_scalar(rng) for _ in range(k)]
    shares = []
    for i in sorted(comm_keys):
        rho = random_scalar(rng)
        r = base_mul(rho)
        mask = _share_mask(ctx_k, j, i, r, mul(rho, comm_keys[i]))
        shares.append({"to": i, "R": point_hex(r), "enc": scalar_hex(_poly(coefficients, i) + mask)})
    msg = {
        "commitments": [point_hex(base_mul(a)) for a in coefficients],
        "pok": pok_prove(coefficients[0], "pok-coef", ctx_k, j, rng),
        "shares": shares,
    }
    return coefficients, msg


def check_deal(ctx_k: str, j: int, k: int, n: int, msg: object) -> list[Point]:
    """Public checks of dealer j's message (§2 step 2); returns its commitments C_{j,0..k-1}."""
    if not isinstance(msg, dict) or set(msg) != {"commitments", "pok", "shares"}:
        raise VerifiableError("bad_deal", field="message")
    raw = msg["commitments"]
    if not isinstance(raw, list) or len(raw) != k:
        raise VerifiableError("bad_deal", field="commitments")
    commitments = [point_from_hex(c, f"commitments[{n_}]") for n_, c in enumerate(raw)]
    pok_verify(commitments[0], msg["pok"], "pok-coef", ctx_k, j, "pok")
    shares = msg["shares"]
    if not isinstance(shares, list) or len(shares) != n:
        raise VerifiableError("bad_deal", field="shares")
    for t, share in enumerate(shares):
        if not isinstance(share, dict) or set(share) != {"to", "R", "enc"} or share["to"] != t + 1:
            raise VerifiableError("bad_deal", field=f"shares[{t}]")
        point_from_hex(share["R"], f"shares[{t}].R")
        scalar_from_hex(share["enc"], f"shares[{t}].enc")
    return commitments


def commitment_at(commitments: Sequence[Point], i: int) -> Point:
    """Σ_l i^l·C_l (Horner), the point matching f(i)·G."""
    acc = IDENTITY
    for c in reversed(commitments):
        acc = add(mul(i, acc), c)
    return acc


# --- step 3: receive and confirm -------------------------------------------------------------------


def receive(ctx_k: str, i: int, e_i: int, deals: Mapping[int, dict[str, Any]]) -> tuple[int, list[int]]:
    """Trustee i decrypts its share from every dealer and checks it against the commitments.

    Returns (x_i, complaints): the dealers whose message or share is wrong. With any complaint the
    ceremony is cancelled and x_i is 0 (meaningless)."""
    n = len(deals)
    k = len(next(iter(deals.values()))["commitments"]) if deals else 0
    total, complaints = 0, []
    for j in sorted(deals):
        try:
            commitments = check_deal(ctx_k, j, k, n, deals[j])
        except VerifiableError:
            complaints.append(j)
            continue
        share = deals[j]["shares"][i - 1]
        r = bytes.fromhex(share["R"])
        s = (scalar_from_hex(share["enc"], "enc") - _share_mask(ctx_k, j, i, r, mul(e_i, r))) % L
        if base_mul(s) != commitment_at(commitments, i):
            complaints.append(j)
            continue
        total = (total + s) % L
    return (0 if complaints else total), complaints


def confirm(ctx_k: str, i: int, x_i: int, rng: Rng | None = None) -> dict[str, Any]:
    return {"X": point_hex(base_mul(x_i)), "pok": pok_prove(x_i, "pok-share", ctx_k, i, rng)}


def check_confirm(ctx_k: str, i: int, msg: object, commitments: Mapping[int, Sequence[Point]]) -> Point:
    """X_i must be the verification key the commitments give, and the trustee must know its share."""
    if not isinstance(msg, dict) or set(msg) != {"X", "pok"}:
        raise VerifiableError("wrong_shape", field="message")
    x = point_from_hex(msg["X"], "X")
    if x != verification_key(commitments, i):
        raise VerifiableError("bad_commitment", field="X")
    pok_verify(x, msg["pok"], "pok-share", ctx_k, i, "pok")
    return x


def public_key(commitments: Mapping[int, Sequence[Point]]) -> Point:
    """H = Σ_j C_{j,0}."""
    acc = IDENTITY
    for j in sorted(commitments):
        acc = add(acc, commitments[j][0])
    return acc


def verification_key(commitments: Mapping[int, Sequence[Point]], i: int) -> Point:
    """X_i = Σ_j Σ_l i^l·C_{j,l}, summed over dealers first so it costs k-1 multiplications."""
    k = len(next(iter(commitments.values())))
    summed = [IDENTITY] * k
    for j in sorted(commitments):
        for l_, c in enumerate(commitments[j]):
            summed[l_] = add(summed[l_], c)
    return commitment_at(summed, i)


def check_manifest_keys(manifest: dict[str, Any]) -> None:
    """§6.1: H = Σ_j C_{j,0} and every X_i from the manifest's commitments."""
    rows = manifest["commitments"]
    commitments = {
        j: [point_from_hex(c, f"commitments[{j - 1}][{l_}]") for l_, c in enumerate(row)]
        for j, row in enumerate(rows, start=1)
    }
    if not commitments or len({len(r) for r in commitments.values()}) != 1:
        raise VerifiableError("bad_manifest", field="commitments")
    if len(commitments[1]) != manifest["threshold"]:
        raise VerifiableError("bad_manifest", field="threshold")
    if point_from_hex(manifest["public_key"], "public_key") != public_key(commitments):
        raise VerifiableError("bad_commitment", field="public_key")
    for t, trustee in enumerate(manifest["trustees"]):
        field = f"trustees[{t}].verification_key"
        if point_from_hex(trustee["verification_key"], field) != verification_key(
            commitments, trustee["index"]
        ):
            raise VerifiableError("bad_commitment", field=field)


# --- §2.1 the key file -----------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyShare:
    ceremony: str
    congress: str
    index: int
    threshold: int
    trustees: int
    public_key: Point
    verification_key: Point
    share: int


def key_file(
    *,
    ceremony: str,
    congress: str,
    index: int,
    threshold: int,
    trustees: int,
    public_key: Point,
    verification_key: Point,
    share: int,
) -> dict[str, Any]:
    return {
        "format": KEY_FILE_FORMAT,
        "ceremony": ceremony,
        "congress": congress,
        "index": index,
        "threshold": threshold,
        "trustees": trustees,
        "public_key": point_hex(public_key),
        "verification_key": point_hex(verification_key),
        "share": scalar_hex(share),
    }


def load_key_file(
    data: object,
    manifest: dict[str, Any] | None = None,
    *,
    public_key: Point | None = None,
    verification_key: Point | None = None,
    ceremony: str | None = None,
) -> KeyShare:
    """Read and check a key file (§2.1): x_i·G = X_i, and H and X_i as the manifest (or the given
    public facts) say. Raises bad_key_file naming the field."""
    expected = {"format", "ceremony", "congress", "index", "threshold", "trustees", "public_key",
                "verification_key", "share"}  # fmt: skip
    if not isinstance(data, dict) or set(data) != expected or data["format"] != KEY_FILE_FORMAT:
        raise VerifiableError("bad_key_file", field="format")
    for key in ("index", "threshold", "trustees"):
        if not isinstance(data[key], int) or isinstance(data[key], bool) or data[key] < 1:
            raise VerifiableError("bad_key_file", field=key)
    for key in ("ceremony", "congress"):
        if not isinstance(data[key], str):
            raise VerifiableError("bad_key_file", field=key)
    try:
        share = KeyShare(
            ceremony=data["ceremony"],
            congress=data["congress"],
            index=data["index"],
            threshold=data["threshold"],
            trustees=data["trustees"],
            public_key=point_from_hex(data["public_key"], "public_key"),
            verification_key=point_from_hex(data["verification_key"], "verification_key"),
            share=scalar_from_hex(data["share"], "share"),
        )
    except VerifiableError as exc:
        raise VerifiableError("bad_key_file", field=exc.field) from None
    if base_mul(share.share) != share.verification_key:
        raise VerifiableError("bad_key_file", field="share")
    if manifest is not None:
        public_key = bytes.fromhex(manifest["public_key"])
        keys = {t["index"]: t["verification_key"] for t in manifest["trustees"]}
        if share.index not in keys:
            raise VerifiableError("bad_key_file", field="index")
        verification_key = bytes.fromhex(keys[share.index])
        if manifest["threshold"] != share.threshold:
            raise VerifiableError("bad_key_file", field="threshold")
    if ceremony is not None and share.ceremony != ceremony:
        raise VerifiableError("bad_key_file", field="ceremony")
    if public_key is not None and share.public_key != public_key:
        raise VerifiableError("bad_key_file", field="public_key")
    if verification_key is not None and share.verification_key != verification_key:
        raise VerifiableError("bad_key_file", field="verification_key")
    return share
