"""Homomorphic tally, threshold decryption, the board (§4.5, §5)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .ballot import Parsed
from .ceremony import KeyShare
from .elgamal import Ciphertext
from .errors import VerifiableError
from .group import IDENTITY, G, L, Point, Rng, add, mul, point_from_hex, point_hex, sub
from .hashing import tracker
from .manifest import facts
from .proofs import decryption_prove, decryption_verify

BOARD_FORMAT = "daihoi-board/1"


def tally(manifest: dict[str, Any], parsed_ballots: Iterable[Parsed]) -> list[Ciphertext]:
    """Σ over ballots of each position's ciphertext: names, then flags (identity pairs if none)."""
    f = facts(manifest)
    sums = [(IDENTITY, IDENTITY)] * (len(f.positions) + len(f.reasons))
    for parsed in parsed_ballots:
        sums = [(add(a0, a), add(b0, b)) for (a0, b0), (a, b) in zip(sums, parsed.ciphertexts, strict=True)]
    return sums


def decryption_share(
    manifest: dict[str, Any], tally_: Sequence[Ciphertext], key_share: KeyShare, rng: Rng | None = None
) -> dict[str, Any]:
    """Trustee i's share D_{i,t} = x_i·A_t with proofs; the key must be the manifest's."""
    f = facts(manifest)
    if f.verification_keys.get(key_share.index) != key_share.verification_key or (
        key_share.public_key != f.public_key
    ):
        raise VerifiableError("bad_key_file", field="verification_key")
    ds, proofs = [], []
    for a, _b in tally_:
        d, proof = decryption_prove(f.ctx, key_share.index, key_share.share, a, rng)
        ds.append(point_hex(d))
        proofs.append(proof)
    return {"trustee": key_share.index, "D": ds, "proofs": proofs}


def verify_share(manifest: dict[str, Any], tally_: Sequence[Ciphertext], share: object) -> list[Point]:
    """A received decryption share: known trustee, one D per position, every proof. Returns the D's."""
    f = facts(manifest)
    if not isinstance(share, dict) or set(share) != {"trustee", "D", "proofs"}:
        raise VerifiableError("bad_share", field="share")
    i = share["trustee"]
    if not isinstance(i, int) or isinstance(i, bool) or i not in f.verification_keys:
        raise VerifiableError("bad_share", field="trustee")
    raw, proofs = share["D"], share["proofs"]
    n = len(tally_)
    if not isinstance(raw, list) or not isinstance(proofs, list) or len(raw) != n or len(proofs) != n:
        raise VerifiableError("bad_share", field="D")
    ds = []
    for t, ((a, _b), d_hex, proof) in enumerate(zip(tally_, raw, proofs, strict=True)):
        d = point_from_hex(d_hex, f"D[{t}]")
        decryption_verify(f.ctx, i, f.verification_keys[i], a, d, proof, f"proofs[{t}]")
        ds.append(d)
    return ds


@dataclass(frozen=True)
class Result:
    votes: list[int]
    invalid: dict[str, int]
    valid: int
    ballots: int
    trustees: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"ballots": self.ballots, "votes": self.votes, "invalid": self.invalid, "valid": self.valid,
                "trustees": self.trustees}  # fmt: skip


def lagrange(i: int, indices: Sequence[int]) -> int:
    """λ_i = Π_{j≠i} j / (j - i) mod L."""
    num, den = 1, 1
    for j in indices:
        if j != i:
            num, den = num * j % L, den * (j - i) % L
    return num * pow(den, -1, L) % L


def discrete_logs(points: Sequence[Point], n: int) -> list[int]:
    """m with m·G = P for each P, 0 <= m <= n (a table of n+1 points, built by additions)."""
    table: dict[Point, int] = {}
    acc = IDENTITY
    for m in range(n + 1):
        table[acc] = m
        acc = add(acc, G)
    out = []
    for t, p in enumerate(points):
        if p not in table:
            raise VerifiableError("no_discrete_log", field=f"tally[{t}]")
        out.append(table[p])
    return out


def combine(
    manifest: dict[str, Any], tally_: Sequence[Ciphertext], shares: Sequence[object], n_ballots: int
) -> Result:
    """Verify the shares, take the first `threshold` trustees by index, decrypt every position.
    N = 0: nothing to decrypt, every figure 0."""
    f = facts(manifest)
    n_names = len(f.positions)
    if n_ballots == 0:
        return Result([0] * n_names, dict.fromkeys(f.reasons, 0), 0, 0, [])
    by_trustee: dict[int, list[Point]] = {}
    for s, share in enumerate(shares):
        try:
            ds = verify_share(manifest, tally_, share)
        except VerifiableError as exc:
            raise VerifiableError(exc.code, **{**exc.params, "field": f"shares[{s}].{exc.field}"}) from None
        i = share["trustee"]  # type: ignore[index]
        if i in by_trustee:
            raise VerifiableError("bad_share", field=f"shares[{s}].trustee")
        by_trustee[i] = ds
    if len(by_trustee) < f.threshold:
        raise VerifiableError("not_enough_shares", found=len(by_trustee), threshold=f.threshold)
    used = sorted(by_trustee)[: f.threshold]
    lambdas = {i: lagrange(i, used) for i in used}
    plain = []
    for t, (_a, b) in enumerate(tally_):
        m = b
        for i in used:
            m = sub(m, mul(lambdas[i], by_trustee[i][t]))
        plain.append(m)
    figures = discrete_logs(plain, n_ballots)
    invalid = dict(zip(f.reasons, figures[n_names:], strict=True))
    valid = n_ballots - sum(invalid.values())
    if valid < 0:
        raise VerifiableError("no_discrete_log", field="invalid")
    return Result(figures[:n_names], invalid, valid, n_ballots, used)


def _audited_entry(entry: object) -> dict[str, Any]:
    if isinstance(entry, Mapping):
        return {"ballot": entry["ballot"], "reveal": entry["reveal"]}
    pair: tuple[Any, Any] = entry  # type: ignore[assignment]
    return {"ballot": pair[0], "reveal": pair[1]}


def board(
    manifest: dict[str, Any],
    ballots: Iterable[dict[str, Any]],
    audited: Iterable[object],
    tally_: Sequence[Ciphertext] | None,
    shares: Sequence[dict[str, Any]],
    result: Result | None,
) -> dict[str, Any]:
    """The public board (§5); ballots sorted by tracker. `audited`: {"ballot", "reveal"} dicts or
    (ballot, reveal) pairs. `tally_`/`result` None while the poll is open."""
    return {
        "format": BOARD_FORMAT,
        "manifest": manifest,
        "ballots": sorted(ballots, key=tracker),
        "audited": [_audited_entry(e) for e in audited],
        "tally": [{"A": point_hex(a), "B": point_hex(b)} for a, b in (tally_ or [])],
        "shares": list(shares),
        "result": result.to_dict() if result is not None else None,
    }
