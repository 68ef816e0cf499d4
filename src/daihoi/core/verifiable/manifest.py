"""The poll manifest (§4.1): fixed when the poll opens; its hash is the poll's context `ctx`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .errors import VerifiableError
from .group import Point, point_from_hex, point_hex
from .hashing import canonical_json, sha256_hex

FORMAT = "daihoi-poll/1"
FORMS = ("surplus", "no_surplus", "single")
# The content reasons each form may carry, in the order they must appear in `reasons`.
FORM_REASONS: dict[str, tuple[str, ...]] = {
    "surplus": ("too_many", "all_struck"),
    "single": ("single_both_or_neither",),
    "no_surplus": (),
}


def rule_reasons(form: str, *, all_struck_invalid: bool, single_both_or_neither_invalid: bool) -> list[str]:
    """The `reasons` of a round from its rule profile (as core.election.validity.propose_rows decides)."""
    if form == "surplus":
        return ["too_many", "all_struck"] if all_struck_invalid else ["too_many"]
    if form == "single":
        return ["single_both_or_neither"] if single_both_or_neither_invalid else []
    return []


def weights(n_names: int, reasons: Sequence[str]) -> list[int]:
    """w_r = (n+1)·2^r: larger than any sum of votes, and no two flags add up to a third."""
    return [(n_names + 1) << r for r in range(len(reasons))]


def allowed_values(form: str, limit: int, n_names: int, reasons: Sequence[str]) -> list[int]:
    """The values the combined ciphertext may hold: valid sums, then one weight per reason (§4.1)."""
    if form == "no_surplus":
        return []
    if form == "single":
        valid = [0, 1]
    else:
        lo = 1 if "all_struck" in reasons else 0
        valid = list(range(lo, limit + 1))
    return valid + weights(n_names, reasons)


def _check_facts(form: str, limit: int, n_names: int, reasons: Sequence[str]) -> None:
    if form not in FORMS:
        raise VerifiableError("bad_manifest", field="form", value=form)
    wanted = FORM_REASONS[form]
    if list(reasons) != [r for r in wanted if r in reasons] or (
        form == "surplus" and "too_many" not in reasons
    ):
        raise VerifiableError("bad_manifest", field="reasons", value=list(reasons))
    if n_names < 1 or limit < 1:
        raise VerifiableError("bad_manifest", field="limit", value=limit)
    # The protocol's forms follow core.election.ballots.ballot_form; a no_surplus list with a vote
    # limit below its names (an "officials only" delegates limit) has no range proof to enforce it.
    shapes = {"surplus": n_names > limit, "single": n_names == 1, "no_surplus": 1 < n_names <= limit}
    if not shapes[form]:
        raise VerifiableError("bad_manifest", field="form", value=form)


def _hex_point(p: Point | str) -> str:
    return p if isinstance(p, str) else point_hex(p)


def build_manifest(
    *,
    poll_uuid: str,
    congress: str,
    election: str,
    round: int,
    public_key: Point | str,
    threshold: int,
    trustees: Sequence[tuple[int, str, Point | str]],
    commitments: Sequence[Sequence[Point | str]],
    candidates: Sequence[str],
    form: str,
    limit: int,
    reasons: Sequence[str],
) -> dict[str, Any]:
    """The manifest dict; `commitments` in dealer order 1..n; `candidates` are names in ballot order."""
    _check_facts(form, limit, len(candidates), reasons)
    return {
        "format": FORMAT,
        "group": "ed25519",
        "poll": str(poll_uuid),
        "congress": congress,
        "election": election,
        "round": round,
        "public_key": _hex_point(public_key),
        "threshold": threshold,
        "trustees": [
            {"index": i, "name": name, "verification_key": _hex_point(x)} for i, name, x in trustees
        ],
        "commitments": [[_hex_point(c) for c in row] for row in commitments],
        "candidates": [{"position": p, "name": name} for p, name in enumerate(candidates, start=1)],
        "form": form,
        "limit": limit,
        "reasons": list(reasons),
        "allowed": allowed_values(form, limit, len(candidates), reasons),
    }


def context(manifest: dict[str, Any]) -> str:
    """The poll's context: lowercase hex SHA-256 of the manifest's canonical JSON (§1)."""
    return sha256_hex(canonical_json(manifest))


@dataclass(frozen=True)
class Facts:
    """What ballot checking needs from a manifest, parsed once."""

    ctx: str
    public_key: Point
    positions: tuple[int, ...]
    form: str
    limit: int
    reasons: tuple[str, ...]
    weights: tuple[int, ...]
    allowed: tuple[int, ...]
    threshold: int
    verification_keys: dict[int, Point]


_FACTS: dict[str, Facts] = {}


def facts(manifest: dict[str, Any], ctx: str | None = None) -> Facts:
    """Parse and check the manifest's own consistency (shape, points, `allowed`); cached by ctx.

    The ceremony checks (H and X_i against the commitments) are `ceremony.check_manifest_keys`.
    """
    ctx = ctx or context(manifest)
    cached = _FACTS.get(ctx)
    if cached is not None:
        return cached
    if ctx != context(manifest):  # a caller's precomputed ctx is checked once, before it is cached
        raise VerifiableError("bad_manifest", field="context")
    try:
        if manifest["format"] != FORMAT or manifest["group"] != "ed25519":
            raise VerifiableError("bad_manifest", field="format")
        names = manifest["candidates"]
        positions = tuple(int(c["position"]) for c in names)
        if list(positions) != list(range(1, len(names) + 1)):
            raise VerifiableError("bad_manifest", field="candidates")
        form, limit, reasons = manifest["form"], manifest["limit"], list(manifest["reasons"])
        _check_facts(form, limit, len(names), reasons)
        allowed = allowed_values(form, limit, len(names), reasons)
        if manifest["allowed"] != allowed:
            raise VerifiableError("bad_manifest", field="allowed")
        keys = {
            int(t["index"]): point_from_hex(t["verification_key"], f"trustees[{n}].verification_key")
            for n, t in enumerate(manifest["trustees"])
        }
        result = Facts(
            ctx=ctx,
            public_key=point_from_hex(manifest["public_key"], "public_key"),
            positions=positions,
            form=form,
            limit=limit,
            reasons=tuple(reasons),
            weights=tuple(weights(len(names), reasons)),
            allowed=tuple(allowed),
            threshold=int(manifest["threshold"]),
            verification_keys=keys,
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, VerifiableError):
            raise
        raise VerifiableError("bad_manifest", field=str(exc)) from None
    if len(_FACTS) > 256:
        _FACTS.clear()
    _FACTS[ctx] = result
    return result
