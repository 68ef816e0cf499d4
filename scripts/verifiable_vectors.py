"""Test vectors of the verifiable ballot (docs/verifiable-voting.md), for the three implementations.

    PYTHONPATH=src .venv/bin/python scripts/verifiable_vectors.py

writes tests/core/verifiable/vectors.json.

Everything is drawn from `deterministic_rng(seed)`: 64 bytes per scalar, SHA-256(seed || counter as
8 bytes big-endian) blocks concatenated. Draw order (so another implementation fed the same bytes
reproduces the same output): a ciphertext draws r; a disjunctive proof then draws w, then c_j and v_j
for every j != q in order; a ballot does answers, then flags, then the range proof; a pok draws t; a
decryption proof draws w; comm_key draws e then the pok's t; deal draws a_0..a_{k-1}, then rho per
trustee in order, then the pok's t. Secrets are in the file: NEVER reuse anything from it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from daihoi.core.verifiable import (
    board,
    build_manifest,
    ceremony_context,
    check_deal,
    choice_from_content,
    combine,
    comm_key,
    confirm,
    context,
    deal,
    decryption_share,
    encrypt_ballot,
    key_file,
    load_key_file,
    public_key,
    receive,
    reveal,
    tally,
    tracker,
    verification_key,
    verify_ballot,
)
from daihoi.core.verifiable.group import (
    IDENTITY,
    L,
    add,
    base_mul,
    deterministic_rng,
    point_hex,
    scalar_hex,
)
from daihoi.core.verifiable.hashing import Item, Num, Pt, Sc, Text, hash_to_scalar

OUT = Path(__file__).resolve().parent.parent / "tests" / "core" / "verifiable" / "vectors.json"
CEREMONY = "6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"
POLL = "1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d"
ORDER_8 = "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"


def _wrap(kind: str, value: Any) -> Item:
    if kind == "text":
        return Text(value)
    if kind == "int":
        return Num(value)
    if kind == "point":
        return Pt(bytes.fromhex(value))
    return Sc(int.from_bytes(bytes.fromhex(value), "little"))


def _hash_vectors() -> list[dict[str, Any]]:
    p = base_mul(7)
    cases: list[tuple[str, list[tuple[str, Any]]]] = [
        ("disj", [("text", "ctx"), ("text", "answer:1"), ("point", point_hex(p)), ("int", 0), ("int", 1)]),
        ("pok-comm", [("text", "ceremony:" + CEREMONY), ("int", 3), ("point", point_hex(p))]),
        ("share", [("text", "Đại hội"), ("scalar", scalar_hex(L - 1)), ("int", 1234567)]),
    ]
    out = []
    for tag, items in cases:
        wrapped = [_wrap(kind, v) for kind, v in items]
        out.append(
            {
                "tag": tag,
                "items": [list(i) for i in items],
                "scalar": scalar_hex(hash_to_scalar(tag, *wrapped)),
            }
        )
    return out


def _ceremony(n: int, k: int) -> tuple[dict[str, Any], dict[int, list[bytes]], dict[int, int]]:
    rng = deterministic_rng("vectors/ceremony")
    ctx = ceremony_context(CEREMONY)
    comm = {i: comm_key(ctx, i, rng) for i in range(1, n + 1)}
    keys = {i: bytes.fromhex(m["E"]) for i, (_e, m) in comm.items()}
    dealt = {j: deal(ctx, j, k, keys, rng) for j in range(1, n + 1)}
    deals = {j: m for j, (_a, m) in dealt.items()}
    commitments = {j: check_deal(ctx, j, k, n, m) for j, m in deals.items()}
    shares, confirms = {}, []
    for i in range(1, n + 1):
        x, complaints = receive(ctx, i, comm[i][0], deals)
        assert not complaints
        shares[i] = x
        confirms.append({"index": i, "share": scalar_hex(x), "message": confirm(ctx, i, x, rng)})
    h = public_key(commitments)
    transcript = {
        "uuid": CEREMONY,
        "context": ctx,
        "trustees": n,
        "threshold": k,
        "comm_keys": [{"index": i, "secret": scalar_hex(e), "message": m} for i, (e, m) in comm.items()],
        "deals": [
            {"dealer": j, "coefficients": [scalar_hex(a) for a in coefs], "message": m}
            for j, (coefs, m) in dealt.items()
        ],
        "confirms": confirms,
        "public_key": point_hex(h),
        "verification_keys": {str(i): point_hex(verification_key(commitments, i)) for i in range(1, n + 1)},
        "key_files": [
            key_file(
                ceremony=CEREMONY,
                congress="Đại hội Đảng bộ xã Tân Phú",
                index=i,
                threshold=k,
                trustees=n,
                public_key=h,
                verification_key=verification_key(commitments, i),
                share=shares[i],
            )
            for i in range(1, n + 1)
        ],
    }
    return transcript, commitments, shares


NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]
POLLS = [
    # (name, form, names, limit, reasons, contents)
    ("surplus", "surplus", 5, 2, ["too_many", "all_struck"], ["1,3,4", "", "1,2,3,4,5", "2,3,5", "4"]),
    ("no_surplus", "no_surplus", 3, 3, [], ["120", "111", "000"]),
    ("single", "single", 1, 1, ["single_both_or_neither"], ["1", "2", "0"]),
]


def build() -> dict[str, Any]:
    transcript, commitments, _shares = _ceremony(5, 3)
    h = bytes.fromhex(transcript["public_key"])
    polls = []
    for name, form, n_names, limit, reasons, contents in POLLS:
        rng = deterministic_rng(f"vectors/{name}")
        manifest = build_manifest(
            poll_uuid=POLL,
            congress="Đại hội Đảng bộ xã Tân Phú",
            election=f"Bầu Ban Chấp hành ({name})",
            round=1,
            public_key=h,
            threshold=3,
            trustees=[(i, f"Uỷ viên {i}", verification_key(commitments, i)) for i in range(1, 6)],
            commitments=[commitments[j] for j in range(1, 6)],
            candidates=NAMES[:n_names],
            form=form,
            limit=limit,
            reasons=reasons,
        )
        ballots, parsed = [], []
        for content in contents:
            choice = choice_from_content(manifest, content)
            ballot, secrets = encrypt_ballot(manifest, choice, rng)
            parsed.append(verify_ballot(manifest, ballot))
            ballots.append(
                {
                    "content": content,
                    "choice": {"xs": choice.xs, "flags": choice.flags},
                    "ballot": ballot,
                    "reveal": reveal(secrets),
                    "tracker": tracker(ballot),
                }
            )
        t = tally(manifest, parsed)
        key_shares = {i: load_key_file(transcript["key_files"][i - 1], manifest) for i in (1, 3, 4)}
        dshares = [decryption_share(manifest, t, key_shares[i], rng) for i in (1, 3, 4)]
        result = combine(manifest, t, dshares, len(parsed))
        # The board: ballot 0 was challenged (audited, never cast); the others were cast.
        cast = parsed[1:]
        board_tally = tally(manifest, cast)
        board_shares = [decryption_share(manifest, board_tally, key_shares[i], rng) for i in (1, 3, 4)]
        board_result = combine(manifest, board_tally, board_shares, len(cast))
        audited = [{"ballot": ballots[0]["ballot"], "reveal": ballots[0]["reveal"]}]
        polls.append(
            {
                "name": name,
                "manifest": manifest,
                "context": context(manifest),
                "ballots": ballots,
                "tally_all": [{"A": point_hex(a), "B": point_hex(b)} for a, b in t],
                "shares_all": dshares,
                "result_all": result.to_dict(),
                "board": board(
                    manifest,
                    [b["ballot"] for b in ballots[1:]],
                    audited,
                    board_tally,
                    board_shares,
                    board_result,
                ),
            }
        )
    return {
        "format": "daihoi-verifiable-vectors/1",
        "notes": (__doc__ or "").strip(),
        "group": {
            "L": str(L),
            "G": point_hex(base_mul(1)),
            "identity": point_hex(IDENTITY),
            "multiples": [
                {"scalar": scalar_hex(s), "point": point_hex(base_mul(s))} for s in (1, 2, 3, 255, L - 1)
            ],
        },
        "hash_to_scalar": _hash_vectors(),
        "rng": {"seed": "test", "draws64": [deterministic_rng("test")(64).hex() for _ in range(1)]},
        "invalid_points": {
            "identity": point_hex(IDENTITY),
            "order_8": ORDER_8,
            "non_canonical_y_equals_p": "ed" + "ff" * 30 + "7f",
            "mixed_order": point_hex(add(base_mul(12345), bytes.fromhex(ORDER_8))),
            "upper_case": point_hex(base_mul(5)).upper(),
        },
        "invalid_scalars": {"L": L.to_bytes(32, "little").hex(), "all_ff": "ff" * 32},
        "ceremony": transcript,
        "polls": polls,
    }


def main() -> int:
    OUT.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
