"""The checks of §6, in the document's order. The first that fails raises `Failure(code, where, ...)`.

`where` is a tuple of places, from the largest to the smallest (a ballot, then a name in it, then the
field), each place a (kind, value) pair that `messages.py` puts into words.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from daihoi_verify import group
from daihoi_verify.group import IDENTITY, L, add, base_mul, is_valid, mul, sub
from daihoi_verify.hashing import canonical_json, tracker
from daihoi_verify.proofs import decryption_ok, disjunctive_ok

Place = tuple[str, Any]
Ciphertext = tuple[bytes, bytes]

# The check codes, in the order they run (messages.py has a text for each).
CODES = (
    "board_format",  # not a daihoi-board/1 document
    # 1. the manifest
    "manifest_format",
    "manifest_shape",
    "public_key",
    "verification_key",
    "allowed",
    # 2. the ballots (bad_point / bad_scalar also for 3 and 5)
    "wrong_poll",
    "ballot_shape",
    "bad_point",
    "bad_scalar",
    "answer_proof",
    "flag_proof",
    "range_proof",
    "duplicate_tracker",
    "duplicate_ciphertext",
    "ballot_order",
    # 3. the audited ballots
    "audited_shape",
    "reveal_mismatch",
    "reveal_not_allowed",
    "audited_cast",
    # 4. the tally
    "tally_shape",
    "tally_mismatch",
    # 5. the decryption shares
    "share_shape",
    "share_unknown_trustee",
    "share_duplicate_trustee",
    "share_proof",
    "not_enough_shares",
    # 6. the result
    "result_shape",
    "result_trustees",
    "result_ballots",
    "result_votes",
    "result_invalid",
    "result_valid",
)

FORMS = ("surplus", "no_surplus", "single")
REASONS_OF_FORM = {
    "surplus": ("too_many", "all_struck"),
    "single": ("single_both_or_neither",),
    "no_surplus": (),
}
HEX64 = re.compile(r"[0-9a-f]{64}")
PARALLEL_FROM = 100  # fewer ballots are checked in this process: starting workers would cost more


class Failure(Exception):
    def __init__(self, code: str, where: tuple[Place, ...] = (), **params: Any) -> None:
        super().__init__(code, where, params)
        self.code = code
        self.where = where
        self.params = params

    def __reduce__(self) -> Any:  # crosses process boundaries (parallel ballot checks)
        return (_failure, (self.code, self.where, self.params))


def _failure(code: str, where: tuple[Place, ...], params: dict[str, Any]) -> Failure:
    return Failure(code, where, **params)


# --- reading the JSON: every received point and scalar is checked here -----------------------------


def point(value: Any, where: tuple[Place, ...]) -> bytes:
    if not isinstance(value, str) or not HEX64.fullmatch(value) or not is_valid(bytes.fromhex(value)):
        raise Failure("bad_point", where)
    return bytes.fromhex(value)


def scalar(value: Any, where: tuple[Place, ...]) -> int:
    if not isinstance(value, str) or not HEX64.fullmatch(value):
        raise Failure("bad_scalar", where)
    s = int.from_bytes(bytes.fromhex(value), "little")
    if s >= L:
        raise Failure("bad_scalar", where)
    return s


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def has_keys(value: Any, keys: set[str]) -> bool:
    return isinstance(value, dict) and set(value) == keys


def is_list(value: Any, length: int | None = None) -> bool:
    return isinstance(value, list) and (length is None or len(value) == length)


# --- 1. the manifest --------------------------------------------------------------------------------


def allowed_values(form: str, limit: int, n_names: int, reasons: list[str]) -> list[int]:
    """§4.1: the valid sums, then one weight w_r = (n+1)·2^r per reason."""
    if form == "surplus":
        sums = list(range(1 if "all_struck" in reasons else 0, limit + 1))
    elif form == "single":
        sums = [0, 1]
    else:
        sums = []
    return sums + weights(n_names, reasons)


def weights(n_names: int, reasons: list[str]) -> list[int]:
    return [(n_names + 1) * 2**r for r in range(len(reasons))]


@dataclass(frozen=True)
class Poll:
    """What the other checks need from a checked manifest."""

    ctx: str
    h: bytes
    threshold: int
    keys: dict[int, bytes]  # trustee index -> verification key X_i
    names: list[str]
    reasons: list[str]
    form: str
    allowed: list[int]
    weights: list[int] = field(default_factory=list)

    @property
    def positions(self) -> int:
        return len(self.names) + len(self.reasons)


MANIFEST_KEYS = {
    "format", "group", "poll", "congress", "election", "round", "public_key", "threshold", "trustees",
    "commitments", "candidates", "form", "limit", "reasons", "allowed",
}  # fmt: skip


def check_manifest(m: Any) -> Poll:
    here: tuple[Place, ...] = (("manifest", ""),)
    if not isinstance(m, dict) or m.get("format") != "daihoi-poll/1" or m.get("group") != "ed25519":
        raise Failure("manifest_format", here)

    def shape(ok: bool, name: str) -> None:
        if not ok:
            raise Failure("manifest_shape", (*here, ("field", name)))

    shape(set(m) == MANIFEST_KEYS, "keys")
    for name in ("poll", "congress", "election"):
        shape(isinstance(m[name], str), name)
    shape(is_int(m["round"]), "round")
    trustees, k = m["trustees"], m["threshold"]
    shape(is_list(trustees) and len(trustees) >= 1, "trustees")
    n = len(trustees)
    shape(is_int(k) and 1 <= k <= n, "threshold")
    for i, t in enumerate(trustees, start=1):
        shape(has_keys(t, {"index", "name", "verification_key"}) and is_int(t["index"]), "trustees")
        shape(t["index"] == i, "trustees")
        shape(isinstance(t["name"], str), "trustees")
    commitments = m["commitments"]
    shape(is_list(commitments, n) and all(is_list(row, k) for row in commitments), "commitments")
    candidates = m["candidates"]
    shape(is_list(candidates) and len(candidates) >= 1, "candidates")
    for p, c in enumerate(candidates, start=1):
        shape(has_keys(c, {"position", "name"}) and is_int(c["position"]), "candidates")
        shape(c["position"] == p and isinstance(c["name"], str), "candidates")
    form, limit, reasons = m["form"], m["limit"], m["reasons"]
    shape(form in FORMS, "form")
    shape(is_int(limit) and limit >= 1, "limit")
    shape(is_list(reasons) and all(isinstance(r, str) for r in reasons), "reasons")
    shape(len(set(reasons)) == len(reasons) and set(reasons) <= set(REASONS_OF_FORM[form]), "reasons")
    shape(is_list(m["allowed"]) and all(is_int(a) for a in m["allowed"]), "allowed")

    h = point(m["public_key"], (*here, ("field", "public_key")))
    keys = {t["index"]: point(t["verification_key"], (*here, ("trustee", t["index"]))) for t in trustees}
    rows = [
        [point(c, (*here, ("commitment", (j, l_)))) for l_, c in enumerate(row)]
        for j, row in enumerate(commitments, start=1)
    ]
    if group.total([row[0] for row in rows]) != h:
        raise Failure("public_key", here)
    # X_i = Σ_j Σ_l i^l·C_{j,l} = Σ_l i^l·(Σ_j C_{j,l}): sum the dealers' commitments first (d is l).
    column_sums = [group.total([row[li] for row in rows]) for li in range(k)]
    for i, x_i in keys.items():
        if group.total([mul(pow(i, li, L), s) for li, s in enumerate(column_sums)]) != x_i:
            raise Failure("verification_key", (*here, ("trustee", i)))
    names = [c["name"] for c in candidates]
    if m["allowed"] != allowed_values(form, limit, len(names), reasons):
        raise Failure("allowed", here)
    return Poll(
        ctx=hashlib.sha256(canonical_json(m)).hexdigest(),
        h=h,
        threshold=k,
        keys=keys,
        names=names,
        reasons=list(reasons),
        form=form,
        allowed=list(m["allowed"]),
        weights=weights(len(names), reasons),
    )


# --- 2. and 3. ballots ------------------------------------------------------------------------------


@dataclass
class Parsed:
    """A ballot whose shape, points and scalars passed: its ciphertexts (names, then flags) and proofs."""

    ciphertexts: list[Ciphertext]
    proofs: list[tuple[list[int], list[int]]]
    range_proof: tuple[list[int], list[int]] | None


def _place(poll: Poll, t: int) -> Place:
    """The place of position t (0-based: names, then flags) in a ballot."""
    return ("answer", t + 1) if t < len(poll.names) else ("flag", poll.reasons[t - len(poll.names)])


def parse_ballot(poll: Poll, ballot: Any, where: tuple[Place, ...], shape_code: str) -> Parsed:
    """§6.2 poll, shape, points (and scalars)."""
    if not isinstance(ballot, dict) or ballot.get("poll") != poll.ctx:
        raise Failure("wrong_poll", where)

    def shape(ok: bool, *place: Place) -> None:
        if not ok:
            raise Failure(shape_code, (*where, *place))

    n_values = len(poll.allowed)
    shape(has_keys(ballot, {"poll", "answers", "flags", "range"}))
    shape(is_list(ballot["answers"], len(poll.names)), ("field", "answers"))
    shape(is_list(ballot["flags"], len(poll.reasons)), ("field", "flags"))
    entries = ballot["answers"] + ballot["flags"]
    for t, e in enumerate(entries):
        ok = has_keys(e, {"A", "B", "proof"}) and has_keys(e["proof"], {"c", "v"})
        shape(ok and is_list(e["proof"]["c"], 2) and is_list(e["proof"]["v"], 2), _place(poll, t))
    rng = ballot["range"]
    if poll.form == "no_surplus":
        shape(rng is None, ("range", ""))
    else:
        shape(has_keys(rng, {"c", "v"}), ("range", ""))
        shape(is_list(rng["c"], n_values) and is_list(rng["v"], n_values), ("range", ""))

    ciphertexts, proofs = [], []
    for t, e in enumerate(entries):
        place = (*where, _place(poll, t))
        ciphertexts.append((point(e["A"], (*place, ("field", "A"))), point(e["B"], (*place, ("field", "B")))))
        proofs.append(
            (
                [scalar(c, (*place, ("field", "c"))) for c in e["proof"]["c"]],
                [scalar(v, (*place, ("field", "v"))) for v in e["proof"]["v"]],
            )
        )
    range_proof = None
    if rng is not None:
        place = (*where, ("range", ""))
        range_proof = (
            [scalar(c, (*place, ("field", "c"))) for c in rng["c"]],
            [scalar(v, (*place, ("field", "v"))) for v in rng["v"]],
        )
    return Parsed(ciphertexts, proofs, range_proof)


def combined(poll: Poll, ciphertexts: list[Ciphertext]) -> Ciphertext:
    """§4.3: Σ_p (A_p, B_p) + Σ_r w_r·(A_r, B_r)."""
    n = len(poll.names)
    a_parts = [a for a, _ in ciphertexts[:n]] + [
        mul(w, a) for w, (a, _) in zip(poll.weights, ciphertexts[n:], strict=True)
    ]
    b_parts = [b for _, b in ciphertexts[:n]] + [
        mul(w, b) for w, (_, b) in zip(poll.weights, ciphertexts[n:], strict=True)
    ]
    return group.total(a_parts), group.total(b_parts)


def check_proofs(poll: Poll, parsed: Parsed, where: tuple[Place, ...]) -> None:
    """§6.2 every proof: the 0/1 proof of every ciphertext, then the range proof."""
    for t, ((a, b), (c, v)) in enumerate(zip(parsed.ciphertexts, parsed.proofs, strict=True)):
        kind, value = _place(poll, t)
        label = f"answer:{value}" if kind == "answer" else f"flag:{value}"
        if not disjunctive_ok(poll.ctx, label, poll.h, a, b, [0, 1], c, v):
            raise Failure("answer_proof" if kind == "answer" else "flag_proof", (*where, (kind, value)))
    if parsed.range_proof is not None:
        a, b = combined(poll, parsed.ciphertexts)
        c, v = parsed.range_proof
        if not disjunctive_ok(poll.ctx, "range", poll.h, a, b, poll.allowed, c, v):
            raise Failure("range_proof", (*where, ("range", "")))


@dataclass
class Checked:
    """What a batch of checked ballots gives back: their trackers and A's, and their sum per position."""

    trackers: list[str]
    a_lists: list[list[bytes]]
    sums: list[Ciphertext]


def check_ballot_batch(poll: Poll, ballots: list[Any]) -> Checked | Failure:
    """§6.2 for a batch of ballots: the first failure of the batch, or the batch's figures."""
    sums = [(IDENTITY, IDENTITY)] * poll.positions
    out = Checked([], [], sums)
    try:
        for ballot in ballots:
            trk = tracker(ballot)
            where: tuple[Place, ...] = (("ballot", short(trk)),)
            parsed = parse_ballot(poll, ballot, where, "ballot_shape")
            check_proofs(poll, parsed, where)
            out.trackers.append(trk)
            out.a_lists.append([a for a, _ in parsed.ciphertexts])
            out.sums = [
                (add(sa, a), add(sb, b))
                for (sa, sb), (a, b) in zip(out.sums, parsed.ciphertexts, strict=True)
            ]
    except Failure as failure:
        return failure
    return out


def short(trk: str) -> str:
    """A ballot's name in a message: the first 8 characters of its tracker (they find it on the board)."""
    return trk[:9] + "…"


_POLL: Poll | None = None  # a worker process's copy of the manifest facts


def _init_worker(poll: Poll) -> None:
    global _POLL
    _POLL = poll


def _worker_batch(ballots: list[Any]) -> Checked | Failure:
    assert _POLL is not None
    return check_ballot_batch(_POLL, ballots)


def check_ballots(poll: Poll, ballots: list[Any], workers: int) -> Iterator[Checked]:
    """§6.2 per ballot, in parallel; the batches come back in board order so the first failure is first."""
    size = max(1, min(50, len(ballots) // (4 * max(workers, 1)) or 1))
    jobs = [ballots[s : s + size] for s in range(0, len(ballots), size)]
    if workers <= 1 or len(jobs) <= 1 or len(ballots) < PARALLEL_FROM:
        for job in jobs:
            result = check_ballot_batch(poll, job)
            if isinstance(result, Failure):
                raise result
            yield result
        return
    spawn = multiprocessing.get_context("spawn")  # no fork under a threaded caller (daihoi verify)
    with ProcessPoolExecutor(workers, mp_context=spawn, initializer=_init_worker, initargs=(poll,)) as pool:
        for result in pool.map(_worker_batch, jobs):
            if isinstance(result, Failure):
                pool.shutdown(wait=False, cancel_futures=True)  # the rest of the board need not be checked
                raise result
            yield result


# --- the whole board --------------------------------------------------------------------------------


@dataclass
class Report:
    """A board that passed every check: the figures to print."""

    poll: Poll
    manifest: dict[str, Any]
    result: dict[str, Any] | None  # None: the poll is still open (the ballots so far were checked)
    n_ballots: int
    n_audited: int
    shares_from: list[int]


def verify_board(board: Any, workers: int | None = None) -> Report:
    workers = workers or os.cpu_count() or 1
    keys = {"format", "manifest", "ballots", "audited", "tally", "shares", "result"}
    if not has_keys(board, keys) or board["format"] != "daihoi-board/1":
        raise Failure("board_format")
    if not (is_list(board["ballots"]) and is_list(board["audited"]) and is_list(board["shares"])):
        raise Failure("board_format")

    # 1. The manifest.
    poll = check_manifest(board["manifest"])

    # 2. Every ballot, then what only the whole board shows.
    ballots = board["ballots"]
    trackers: list[str] = []
    a_lists: list[list[bytes]] = []
    sums = [(IDENTITY, IDENTITY)] * poll.positions
    for batch in check_ballots(poll, ballots, workers):
        trackers += batch.trackers
        a_lists += batch.a_lists
        sums = [(add(sa, a), add(sb, b)) for (sa, sb), (a, b) in zip(sums, batch.sums, strict=True)]
    seen_trackers: set[str] = set()
    for trk in trackers:
        if trk in seen_trackers:
            raise Failure("duplicate_tracker", (("ballot", short(trk)),))
        seen_trackers.add(trk)
    first_with: dict[bytes, str] = {}
    for trk, a_list in zip(trackers, a_lists, strict=True):
        for t, a in enumerate(a_list):
            if a in first_with:
                where = (("ballot", short(trk)), _place(poll, t))
                raise Failure("duplicate_ciphertext", where, other=short(first_with[a]))
            first_with[a] = trk
    if trackers != sorted(trackers):
        raise Failure("ballot_order")

    # 3. Every audited ballot.
    for number, entry in enumerate(board["audited"], start=1):
        check_audited(poll, entry, number, first_with)

    # An open poll's board has no tally, shares or result yet (§5): checks 1-3 only.
    if board["result"] is None and board["tally"] == [] and board["shares"] == []:
        return Report(poll, board["manifest"], None, len(ballots), len(board["audited"]), [])

    # 4. The tally is the sum of the ballots.
    tally = board["tally"]
    if not is_list(tally, poll.positions) or not all(has_keys(e, {"A", "B"}) for e in tally):
        raise Failure("tally_shape")
    for t, ((a, b), entry) in enumerate(zip(sums, tally, strict=True)):
        if entry["A"] != a.hex() or entry["B"] != b.hex():
            raise Failure("tally_mismatch", (_place(poll, t),))

    # 5. The decryption shares.
    shares = check_shares(poll, board["shares"], sums, len(ballots))

    # 6. The result.
    result = check_result(poll, board["result"], sums, shares, len(ballots))
    return Report(poll, board["manifest"], result, len(ballots), len(board["audited"]), sorted(shares))


def check_audited(poll: Poll, entry: Any, number: int, cast: dict[bytes, str]) -> None:
    """§6.3: the ciphertexts are the revealed (m, r), the values form an allowed ballot, the proofs hold."""
    if not has_keys(entry, {"ballot", "reveal"}):
        raise Failure("audited_shape", (("audited", f"#{number}"),))
    where: tuple[Place, ...] = (("audited", short(tracker(entry["ballot"]))),)
    parsed = parse_ballot(poll, entry["ballot"], where, "audited_shape")
    reveal = entry["reveal"]
    pairs_ok = has_keys(reveal, {"answers", "flags"}) and is_list(reveal["answers"], len(poll.names))
    if not (pairs_ok and is_list(reveal["flags"], len(poll.reasons))):
        raise Failure("audited_shape", (*where, ("field", "reveal")))
    values = []
    for t, ((a, b), pair) in enumerate(
        zip(parsed.ciphertexts, reveal["answers"] + reveal["flags"], strict=True)
    ):
        place = (*where, _place(poll, t))
        if not (is_list(pair, 2) and is_int(pair[0]) and pair[0] >= 0):
            raise Failure("audited_shape", (*place, ("field", "reveal")))
        m, r = pair[0], scalar(pair[1], (*place, ("field", "r")))
        if base_mul(r) != a or add(mul(r, poll.h), base_mul(m)) != b:
            raise Failure("reveal_mismatch", place)
        values.append(m)
    n = len(poll.names)
    total = sum(values[:n]) + sum(w * m for w, m in zip(poll.weights, values[n:], strict=True))
    if any(m not in (0, 1) for m in values) or (poll.form != "no_surplus" and total not in poll.allowed):
        raise Failure("reveal_not_allowed", where)
    check_proofs(poll, parsed, where)
    for t, (a, _) in enumerate(parsed.ciphertexts):
        if a in cast:  # a challenged ballot is never cast (§4.4)
            raise Failure("audited_cast", (*where, _place(poll, t)), other=short(cast[a]))


def check_shares(
    poll: Poll, shares: list[Any], tally: list[Ciphertext], n_ballots: int
) -> dict[int, list[bytes]]:
    """§6.5: each share's trustee is in the manifest and appears once, each proof holds, at least k."""
    out: dict[int, list[bytes]] = {}
    for number, share in enumerate(shares, start=1):
        if not has_keys(share, {"trustee", "D", "proofs"}) or not is_int(share["trustee"]):
            raise Failure("share_shape", (("share", number),))
        i = share["trustee"]
        where: tuple[Place, ...] = (("trustee", i),)
        if i not in poll.keys:
            raise Failure("share_unknown_trustee", where)
        if i in out:
            raise Failure("share_duplicate_trustee", where)
        proofs = share["proofs"]
        if not (is_list(share["D"], poll.positions) and is_list(proofs, poll.positions)):
            raise Failure("share_shape", where)
        if not all(has_keys(p, {"c", "z"}) for p in proofs):
            raise Failure("share_shape", where)
        ds = []
        for t, (d_hex, proof, (a, _)) in enumerate(zip(share["D"], proofs, tally, strict=True)):
            place = (*where, _place(poll, t))
            d = point(d_hex, (*place, ("field", "D")))
            c = scalar(proof["c"], (*place, ("field", "c")))
            z = scalar(proof["z"], (*place, ("field", "z")))
            if not decryption_ok(poll.ctx, i, poll.keys[i], a, d, c, z):
                raise Failure("share_proof", place)
            ds.append(d)
        out[i] = ds
    if n_ballots and len(out) < poll.threshold:
        raise Failure("not_enough_shares", have=len(out), need=poll.threshold)
    return out


def lagrange(i: int, q: list[int]) -> int:
    """λ_i = Π_{j∈Q, j≠i} j / (j - i) mod L."""
    value = 1
    for j in q:
        if j != i:
            value = value * j * pow(j - i, -1, L) % L
    return value


def check_result(
    poll: Poll, result: Any, tally: list[Ciphertext], shares: dict[int, list[bytes]], n_ballots: int
) -> dict[str, Any]:
    """§6.6: every figure m_t satisfies m_t·G = B_t - Σ λ_i·D_{i,t}, and valid = N - Σ invalid."""
    ok = has_keys(result, {"ballots", "votes", "invalid", "valid", "trustees"})
    ok = ok and is_list(result["votes"], len(poll.names)) and all(is_int(v) for v in result["votes"])
    ok = ok and has_keys(result["invalid"], set(poll.reasons))
    ok = ok and all(is_int(v) for v in result["invalid"].values()) and is_int(result["valid"])
    ok = ok and is_int(result["ballots"]) and is_list(result["trustees"])
    if not ok:
        raise Failure("result_shape")
    q = result["trustees"]
    if n_ballots:
        if not (all(is_int(i) and i in shares for i in q) and len(set(q)) == len(q) >= poll.threshold):
            raise Failure("result_trustees")
    elif q:
        raise Failure("result_trustees")
    if result["ballots"] != n_ballots:
        raise Failure("result_ballots", figure=result["ballots"], count=n_ballots)
    figures = result["votes"] + [result["invalid"][r] for r in poll.reasons]
    lambdas = {i: lagrange(i, q) for i in q}
    for t, ((_, b), m) in enumerate(zip(tally, figures, strict=True)):
        place = _place(poll, t)
        code = "result_votes" if place[0] == "answer" else "result_invalid"
        place = place if place[0] == "answer" else ("reason", place[1])
        if not 0 <= m <= n_ballots:
            raise Failure(code, (place,), figure=m)
        if n_ballots:
            decrypted = sub(b, group.total([mul(lambdas[i], shares[i][t]) for i in q]))
            if decrypted != base_mul(m):
                raise Failure(code, (place,), figure=m)
    if result["valid"] != n_ballots - sum(result["invalid"].values()):
        raise Failure("result_valid", figure=result["valid"])
    return dict(result)
