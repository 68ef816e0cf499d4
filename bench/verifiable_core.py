"""Benchmark of the verifiable ballot's server side (docs/benchmarks.md, "Verifiable voting").

    PYTHONPATH=src .venv/bin/python bench/verifiable_core.py              # 2,000 ballots
    PYTHONPATH=src .venv/bin/python bench/verifiable_core.py --ballots 200

A list of 30 names for 8 places (surplus, all-struck rule: 30 answers, 2 flags, a range proof over 10
values). Prints the per-ballot encryption time (Python, one process), the verification of every ballot on
1 process and with verify_many(workers=2), the tally, and a 3-of-5 decryption (3 shares + combine).
Targets: verify 2,000 ballots under 30 s on 2 cores; tally + decryption under 10 s.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from daihoi.core.verifiable import (
    build_manifest,
    ceremony_context,
    check_deal,
    choice_from_content,
    combine,
    comm_key,
    deal,
    decryption_share,
    encrypt_ballot,
    key_file,
    load_key_file,
    public_key,
    receive,
    tally,
    verification_key,
    verify_ballot,
    verify_many,
)
from daihoi.core.verifiable.group import base_mul

NAMES, PLACES, N_TRUSTEES, THRESHOLD = 30, 8, 5, 3


def ceremony() -> tuple[dict[int, list[bytes]], dict[int, int]]:
    ctx = ceremony_context("bench")
    comm = {i: comm_key(ctx, i) for i in range(1, N_TRUSTEES + 1)}
    keys = {i: base_mul(e) for i, (e, _m) in comm.items()}
    deals = {j: deal(ctx, j, THRESHOLD, keys)[1] for j in keys}
    commitments = {j: check_deal(ctx, j, THRESHOLD, N_TRUSTEES, m) for j, m in deals.items()}
    shares = {i: receive(ctx, i, comm[i][0], deals)[0] for i in keys}
    return commitments, shares


def make_manifest(commitments: dict[int, list[bytes]]) -> dict[str, Any]:
    return build_manifest(
        poll_uuid="bench", congress="Đại hội", election="Bầu Ban Chấp hành", round=1,
        public_key=public_key(commitments), threshold=THRESHOLD,
        trustees=[(i, f"Uỷ viên {i}", verification_key(commitments, i)) for i in commitments],
        commitments=[commitments[j] for j in sorted(commitments)],
        candidates=[f"Người Thứ {p:02d}" for p in range(1, NAMES + 1)],
        form="surplus", limit=PLACES, reasons=["too_many", "all_struck"],
    )  # fmt: skip


def contents(n: int) -> list[str]:
    """Mostly valid ballots (22 to 30 struck), some too many kept, a few all struck."""
    rnd = random.Random(2025)
    out = []
    for _ in range(n):
        struck = rnd.choice([22] * 8 + [23, 25, 29, 30, 15])
        out.append(",".join(str(p) for p in sorted(rnd.sample(range(1, NAMES + 1), struck))))
    return out


def _encrypt(args: tuple[dict[str, Any], list[str]]) -> list[dict[str, Any]]:
    manifest, texts = args
    return [encrypt_ballot(manifest, choice_from_content(manifest, t))[0] for t in texts]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=2000)
    n = parser.parse_args().ballots
    commitments, shares = ceremony()
    manifest = make_manifest(commitments)
    texts = contents(n)

    start = time.perf_counter()
    sample = _encrypt((manifest, texts[:20]))
    encrypt_ms = (time.perf_counter() - start) / 20 * 1000
    print(f"encrypt: {encrypt_ms:.1f} ms per ballot (Python, one process)")
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=context) as pool:
        parts = pool.map(_encrypt, [(manifest, texts[i : i + 100]) for i in range(20, n, 100)])
        ballots = sample + [b for part in parts for b in part]

    start, cpu = time.perf_counter(), time.process_time()
    parsed = [verify_ballot(manifest, b) for b in ballots]
    single, cpu = time.perf_counter() - start, time.process_time() - cpu
    # CPU time too: on a shared machine the wall clock also measures the neighbours.
    per, per_cpu = single / n * 1000, cpu / n * 1000
    print(f"verify, 1 process: {per:.1f} ms per ballot ({per_cpu:.1f} ms CPU), {single:.1f} s for {n}")
    start = time.perf_counter()
    results = verify_many(manifest, ballots, workers=2)
    double = time.perf_counter() - start
    assert all(not isinstance(r, Exception) for r in results)
    print(f"verify_many(workers=2): {double:.1f} s for {n} (target 30 s for 2,000)")

    start = time.perf_counter()
    totals = tally(manifest, parsed)
    tally_s = time.perf_counter() - start
    print(f"tally: {tally_s:.2f} s")
    start = time.perf_counter()
    files = {
        i: key_file(ceremony="bench", congress="Đại hội", index=i, threshold=THRESHOLD, trustees=N_TRUSTEES,
                    public_key=public_key(commitments), verification_key=verification_key(commitments, i),
                    share=shares[i])
        for i in (1, 2, 4)
    }  # fmt: skip
    key_shares = {i: load_key_file(data, manifest) for i, data in files.items()}
    dshares = [decryption_share(manifest, totals, key_shares[i]) for i in (1, 2, 4)]
    share_s = time.perf_counter() - start
    start = time.perf_counter()
    result = combine(manifest, totals, dshares, n)
    combine_s = time.perf_counter() - start
    print(f"3 decryption shares: {share_s:.2f} s; combine (verifies them): {combine_s:.2f} s")
    print(f"tally + decryption: {tally_s + share_s + combine_s:.2f} s (target 10 s)")
    print(f"result: valid {result.valid}, invalid {result.invalid}, votes {result.votes[:5]}...")


if __name__ == "__main__":
    main()
